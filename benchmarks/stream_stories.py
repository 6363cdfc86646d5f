#!/usr/bin/env python3
"""Stories on a real mixed stream: ECB+ BCubed against gold events, and stories that join unrelated pages.

usage: benchmarks/stream_stories.py --data DIR --export EXPORT.json --gold GOLD.json
                                    [--labels benchmarks/labels/stream_stories.jsonl]

DIR is the stream folder made by ``../shared/tools/make_dev_corpus.py`` (its files'
names are how articles are matched), EXPORT.json is ``storytrace export --format json``
of a store that analysed DIR, GOLD.json the stream's ``.gold.json`` (``ecb_event``:
file name -> ECB+ event). Articles are mapped to file names by their ``source``.

Reported (JSON on the last line):

- ``ecb``: BCubed P/R/F1, pairwise F1, ARI and cluster counts of the stream's ECB+
  articles against their gold events (other articles' stories are ignored, so an
  ECB+ article put with a web page counts as a split, not as a join).
- ``pages``: every story holding two or more ``page-*.html`` files, judged with the
  hand labels (one line per page: its event and its topics, see
  ``labels/stream_stories.md``): ``same_event`` when all its pages report one event,
  ``related`` when every pair of them shares a topic (same subject, another
  occasion), ``unrelated`` when some pair shares neither; ``unlabelled`` when a page
  has no label.
  ``bcubed_events``: BCubed of every labelled page's story against its event label
  (recall shows the same-event pages left apart).
- ``cross_collection``: stories that join articles of different collections (ECB+,
  PolNeAR, web pages, PAN13, the seeds): those were written years apart about
  different events, so any such story is a wrong join.
- ``polnear``: stories holding several PolNeAR articles (all undated in the stream)
  and the spread of the publication days written in their file names: the chains
  an undated article can make show up as stories spanning weeks.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storytrace.stories.metrics import cluster_scores  # noqa: E402

DEFAULT_LABELS = ROOT / "benchmarks" / "labels" / "stream_stories.jsonl"
_POLNEAR_DAY = re.compile(r"^polnear-[^_]+_(\d{4}-\d{2}-\d{2})_")


def collection(name: str) -> str:
    """The corpus a stream file came from, read from its name."""
    for prefix in ("ecb-", "polnear-", "page-", "pan-"):
        if name.startswith(prefix):
            return prefix[:-1]
    return "seed"


def story_members(export: dict[str, Any]) -> dict[str, list[str]]:
    """story id -> the file names of its articles (placement order)."""
    name_of = {a["id"]: Path(str(a.get("source") or "")).name for a in export.get("articles", [])}
    return {s["id"]: [name_of.get(aid, aid) for aid in s["article_ids"]] for s in export.get("stories", [])}


def ecb_scores(members: dict[str, list[str]], gold: dict[str, str]) -> dict[str, Any]:
    g, p = [], []
    for sid, names in members.items():
        for n in names:
            if n in gold:
                g.append(gold[n])
                p.append(sid)
    return {"articles": len(g), **cluster_scores(g, p)}


def judge_pages(pages: list[str], labels: dict[str, dict[str, Any]]) -> str:
    """same_event / related / unrelated / unlabelled for the pages of one story."""
    if any(p not in labels for p in pages):
        return "unlabelled"
    if len({labels[p]["event"] for p in pages}) == 1:
        return "same_event"
    for a, b in itertools.combinations(pages, 2):
        la, lb = labels[a], labels[b]
        if la["event"] != lb["event"] and not set(la["topics"]) & set(lb["topics"]):
            return "unrelated"
    return "related"


def page_report(members: dict[str, list[str]], labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    stories = []
    for sid, names in members.items():
        pages = [n for n in names if n.startswith("page-")]
        if len(pages) >= 2:
            stories.append({"id": sid, "pages": [p[:13] for p in pages], "verdict": judge_pages(pages, labels)})
    verdicts = Counter(s["verdict"] for s in stories)
    g, p = [], []  # every labelled page against its event: how many same-event pages are apart too
    for sid, names in members.items():
        for n in names:
            if n in labels:
                g.append(labels[n]["event"])
                p.append(sid)
    scores = cluster_scores(g, p) if g else {}
    return {"multi_page_stories": len(stories),
            "bcubed_events": {k: scores[k] for k in ("bcubed_p", "bcubed_r", "bcubed_f1")} if scores else None,
            **{v: verdicts.get(v, 0) for v in ("same_event", "related", "unrelated", "unlabelled")},
            "stories": sorted(stories, key=lambda s: s["id"])}


def polnear_report(members: dict[str, list[str]]) -> dict[str, Any]:
    spans = []
    for names in members.values():
        days = [date.fromisoformat(m.group(1)) for n in names if (m := _POLNEAR_DAY.match(n))]
        if len(days) >= 2:
            spans.append((len(days), (max(days) - min(days)).days))
    return {"stories_with_several": len(spans),
            "articles_in_them": sum(n for n, _ in spans),
            "largest": max((n for n, _ in spans), default=0),
            "spanning_over_7_days": sum(1 for _, d in spans if d > 7),
            "max_span_days": max((d for _, d in spans), default=0)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the stream folder")
    ap.add_argument("--export", type=Path, required=True, help="storytrace export --format json of it")
    ap.add_argument("--gold", type=Path, required=True, help="the stream's .gold.json")
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    args = ap.parse_args(argv)
    export = json.loads(args.export.read_text(encoding="utf-8"))
    gold = json.loads(args.gold.read_text(encoding="utf-8"))["ecb_event"]
    labels = {}
    for line in args.labels.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels[row["file"]] = row
    on_disk = {p.name for p in args.data.iterdir() if p.name.startswith("page-")}
    members = story_members(export)
    cross: defaultdict[str, int] = defaultdict(int)
    for names in members.values():
        kinds = {collection(n) for n in names}
        if len(kinds) > 1:
            cross["+".join(sorted(kinds))] += 1
    pages = page_report(members, labels)
    result = {
        "stories": len(members),
        "ecb": ecb_scores(members, gold),
        "pages": pages,
        "pages_labelled": len(labels), "pages_in_data_without_label": len(on_disk - set(labels)),
        "cross_collection": {"stories": sum(cross.values()), **dict(sorted(cross.items()))},
        "polnear": polnear_report(members),
    }
    for s in pages["stories"]:
        print(f"{s['id']}\t{s['verdict']}\t{' '.join(s['pages'])}", file=sys.stderr)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
