#!/usr/bin/env python3
"""Quotes on a real mixed stream, scored against hand labels (precision of what a reader sees).

The labels (``benchmarks/labels/stream_quotes.jsonl``, how they were judged in
``benchmarks/labels/quotes-labels.md``) hold article ids, file names, character
offsets and verdicts, never text. Two kinds:

* ``member``: one quotation of a quote group, at ``quoted`` offsets. ``truth`` is what
  the instance is against the utterance its group prints: ``same`` (the words as said,
  whole or cut: ``verbatim``, ``variant`` or ``truncated`` are right), ``altered`` (words
  inside the quotation marks changed), ``version`` (one of two wordings of the utterance
  that outlets print, with nothing in the texts to tell which is faithful: ``altered`` and
  the statuses of ``same`` are all right), ``misattributed`` (the words given to someone
  who did not say them), ``other`` (another utterance: it belongs in no such group) or
  ``not_quote`` (not someone's words at all).
* ``quote``: one attribution with quoted words, at ``start``/``end``. ``is_quote``: an
  attributed utterance with its quoted words (content right); ``speaker``: offsets of a
  mention of who said it in the same article, or ``null`` when the article names no one;
  ``speaker_exact``: the article names the speaker only so, and no fuller name is right.

An export is matched to the labels by article id and overlapping offsets. A labelled
member no longer in a group counts as right for ``other`` and ``not_quote`` and is
reported as ``left_out`` otherwise; a labelled quote no longer extracted likewise
(``dropped``). Statuses or quotes the labels do not cover are counted as ``unlabelled``:
label them before reading a precision off a new export.

usage: stream_quotes.py --data DIR --export EXPORT.json [--labels FILE]
Prints details, then one JSON object on the last line.
``--sample MEMBERS QUOTES [--seed 27]`` prints the items to judge instead (label stubs with
the text around them, which stays out of the repository).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "labels" / "stream_quotes.jsonl"
#: the statuses a member with each truth may rightly get
RIGHT = {"same": {"verbatim", "variant", "truncated"}, "altered": {"altered"},
         "version": {"verbatim", "variant", "truncated", "altered"},
         "misattributed": {"misattributed"}, "other": set(), "not_quote": set()}
_TITLES = {"mr", "mrs", "ms", "dr", "president", "sen", "senator", "gov", "governor", "rep", "the", "prime",
           "minister", "secretary", "general", "chief", "executive", "ceo", "of", "vice"}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _name_words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower().replace("’", "'")) if w not in _TITLES and len(w) > 1}


def speaker_right(label: dict[str, Any], q: dict[str, Any], text: str) -> bool:
    """The export's speaker is the labelled one: its words overlap the labelled mention
    (its surname, say), or its offsets do; no speaker where the article names no one."""
    gold = label.get("speaker")
    name = q.get("speaker") if q.get("speaker_kind") != "pronoun" else None
    if gold is None:
        return not name
    if not name:
        return False
    s, e = gold
    if q.get("speaker_start") is not None and _overlap((s, e), (q["speaker_start"], q["speaker_end"])) \
            and q.get("speaker_kind") != "pronoun":
        return True
    if label.get("speaker_exact"):
        # the article gives only these words (a transcript's surname label): a fuller name
        # brought in from another article is a guess, and here a wrong one
        return _name_words(name) <= _name_words(text[s:e])
    return bool(_name_words(text[s:e]) & _name_words(name))


def score(labels: list[dict[str, Any]], export: dict[str, Any], data: Path | None) -> dict[str, Any]:
    arts = {a["id"]: a for a in export.get("articles", [])}
    by_article: dict[str, list[dict[str, Any]]] = {}
    for q in export.get("quotes", []):
        by_article.setdefault(q["article_id"], []).append(q)
    member_of: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for g in export.get("quote_groups", []):
        for m in g["members"]:
            member_of[m["quote_id"]] = (g, m)
    if data is not None:
        missing = sorted({lab["file"] for lab in labels if not (data / lab["file"]).exists()})
        if missing:
            print(f"warning: {len(missing)} labelled files not under {data}: {missing[:3]}", file=sys.stderr)

    def find(lab: dict[str, Any], key: str) -> dict[str, Any] | None:
        best, best_ov = None, 0
        for q in by_article.get(lab["article_id"], []):
            if not q["quoted"]:
                continue  # the labels judge quotations (quoted words), as they were drawn
            spans = [tuple(x) for x in q["quoted"]] if key == "quoted" else [(q["start"], q["end"])]
            want = [tuple(x) for x in lab[key]] if key == "quoted" else [(lab["start"], lab["end"])]
            ov = sum(_overlap(a, b) for a in spans for b in want)
            if key == "quoted" and ov and q["id"] in member_of:
                ov += 1_000_000  # a member label means the quotation its group holds
            if ov > best_ov:
                best, best_ov = q, ov
        return best

    members = {"n": 0, "right": 0, "left_out": 0}
    per_status: dict[str, dict[str, int]] = {}
    quotes = {"n": 0, "content_right": 0, "speaker_n": 0, "speaker_right": 0, "dropped": 0, "dropped_right": 0}
    wrong: list[str] = []
    labelled_members: set[str] = set()
    for lab in labels:
        if lab["article_id"] not in arts:
            continue
        if lab["kind"] == "member":
            q = find(lab, "quoted")
            gm = member_of.get(q["id"]) if q else None
            if q is not None:
                labelled_members.add(q["id"])
            if gm is None:
                if lab["truth"] in ("other", "not_quote"):
                    members["n"] += 1
                    members["right"] += 1
                else:
                    members["left_out"] += 1
                continue
            status = gm[1]["status"]
            ok = status in RIGHT[lab["truth"]]
            members["n"] += 1
            members["right"] += ok
            st = per_status.setdefault(status, {"n": 0, "right": 0})
            st["n"] += 1
            st["right"] += ok
            if not ok:
                wrong.append(f"member {lab['file']} {lab['quoted']}: {status}, truth {lab['truth']}")
        elif lab["kind"] == "quote":
            q = find(lab, "span")
            if q is None:
                quotes["dropped"] += 1
                quotes["dropped_right"] += not lab["is_quote"]
                continue
            quotes["n"] += 1
            quotes["content_right"] += bool(lab["is_quote"])
            if not lab["is_quote"]:
                wrong.append(f"quote {lab['file']} {lab['start']}-{lab['end']}: not a quotation")
                continue
            quotes["speaker_n"] += 1
            ok = speaker_right(lab, q, arts[lab["article_id"]]["text"])
            quotes["speaker_right"] += ok
            if not ok:
                wrong.append(f"quote {lab['file']} {lab['start']}-{lab['end']}: speaker {q.get('speaker')!r}")
    unlabelled: dict[str, int] = {}
    for g in export.get("quote_groups", []):
        for m in g["members"]:
            if m["status"] in ("altered", "misattributed") and m["quote_id"] not in labelled_members:
                unlabelled[m["status"]] = unlabelled.get(m["status"], 0) + 1
    for line in wrong:
        print(line)

    def share(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    return {
        "members": {**members, "status_right": share(members["right"], members["n"])},
        "statuses": {k: {**v, "right_share": share(v["right"], v["n"])} for k, v in sorted(per_status.items())},
        "altered_right": share(per_status.get("altered", {}).get("right", 0), per_status.get("altered", {}).get("n", 0)),
        "misattributed_right": share(per_status.get("misattributed", {}).get("right", 0),
                                     per_status.get("misattributed", {}).get("n", 0)),
        "unlabelled_flags": unlabelled,
        "quotes": {**quotes, "content_right_share": share(quotes["content_right"], quotes["n"]),
                   "speaker_right_share": share(quotes["speaker_right"], quotes["speaker_n"])},
        "export": {"quotes": len(export.get("quotes", [])), "groups": len(export.get("quote_groups", [])),
                   "altered": sum(m["status"] == "altered" for g in export.get("quote_groups", []) for m in g["members"]),
                   "misattributed": sum(m["status"] == "misattributed"
                                        for g in export.get("quote_groups", []) for m in g["members"])},
    }


def sample(export: dict[str, Any], n_members: int, n_quotes: int, seed: int) -> list[dict[str, Any]]:
    """The items to judge (fixed seed): every altered or misattributed member, then other
    members at random up to ``n_members``, and ``n_quotes`` random quotes with quoted words.
    Each comes as a label stub (no verdict yet) with the text around it for the judge."""
    import random

    rng = random.Random(seed)
    arts = {a["id"]: a for a in export["articles"]}
    quotes = {q["id"]: q for q in export["quotes"]}
    flagged: list[tuple[dict[str, Any], dict[str, Any]]] = []
    rest: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for g in export["quote_groups"]:
        for m in g["members"]:
            (flagged if m["status"] in ("altered", "misattributed") else rest).append((g, m))
    rest.sort(key=lambda gm: gm[1]["quote_id"])
    picked = flagged + rng.sample(rest, max(0, min(len(rest), n_members - len(flagged))))
    out: list[dict[str, Any]] = []
    for g, m in picked:
        q = quotes[m["quote_id"]]
        a = arts[q["article_id"]]
        out.append({"kind": "member", "file": Path(str(a.get("source") or "")).name, "article_id": a["id"],
                    "quoted": q["quoted"], "status": m["status"], "truth": None,
                    "_group": g["id"], "_canonical": g["canonical_text"], "_wording": m["wording"],
                    "_diff": m["diff"]["text"], "_speakers": [(x["speaker"], x.get("speaker_via")) for x in g["members"]],
                    "_context": a["text"][max(0, q["start"] - 300):q["end"] + 200]})
    direct = sorted((q for q in export["quotes"] if q["quoted"]), key=lambda q: q["id"])
    for q in rng.sample(direct, min(n_quotes, len(direct))):
        a = arts[q["article_id"]]
        out.append({"kind": "quote", "file": Path(str(a.get("source") or "")).name, "article_id": a["id"],
                    "start": q["start"], "end": q["end"], "is_quote": None, "speaker": None,
                    "_text": q["text"], "_speaker": [q["speaker"], q["speaker_via"], q["speaker_mention"],
                                                     q["speaker_start"], q["speaker_end"]],
                    "_context": a["text"][max(0, q["start"] - 500):q["end"] + 250]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="the stream's folder (checks the labelled files)")
    ap.add_argument("--export", type=Path, required=True, help="storytrace export --format json of the stream")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--sample", type=int, nargs=2, metavar=("MEMBERS", "QUOTES"),
                    help="print the items to judge (label stubs with context) instead of scoring")
    ap.add_argument("--seed", type=int, default=27)
    args = ap.parse_args()
    if args.sample:
        export = json.loads(args.export.read_text(encoding="utf-8"))
        for item in sample(export, args.sample[0], args.sample[1], args.seed):
            print(json.dumps(item, ensure_ascii=False))
        return
    labels = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    export = json.loads(args.export.read_text(encoding="utf-8"))
    print(json.dumps(score(labels, export, args.data)))


if __name__ == "__main__":
    main()
