#!/usr/bin/env python3
"""Figures and figure conflicts of a real news stream, scored against hand labels (issue #27).

What it measures, on an export (``storytrace export --format json``) of the stream made by
``../shared/tools/make_dev_corpus.py``:

- figures fully right: among the labelled figures of the export, the share whose value, counted
  object and claimant were all judged right;
- conflicts real: among the labelled conflicts of the export, the share judged real;
- conflicts per 100 articles: every conflict of every figure series, per 100 exported articles.

Labels (``benchmarks/labels/stream_figures.jsonl``; how they were made:
``benchmarks/labels/figures-labels.md``) hold file names, character offsets and verdicts only,
no text. A verdict applies to what storytrace said when it was judged: each label keeps a short
hash of the judged (value, object, owner, claimant); a figure now said differently is reported as
``changed`` and not scored. ``--sample N`` writes a worksheet (with the sentences, for reading
beside the article text; keep it out of the repository) of N figures drawn with a fixed seed (the
N lowest hashes of seed, file and offset: a stable draw) and of every conflict up to 50.

Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "labels" / "stream_figures.jsonl"


def judged_hash(f: dict[str, Any]) -> str:
    """A short hash of what storytrace said about a figure (no text is stored with the labels)."""
    said = "|".join(str(f.get(k)) for k in ("value", "object", "owner", "claimant"))
    return hashlib.sha256(said.encode()).hexdigest()[:12]


def _files(export: dict[str, Any]) -> dict[str, str]:
    """article id -> the stream file name it was read from."""
    return {a["id"]: Path(str(a.get("source") or "")).name for a in export.get("articles", [])}


def _conflicts(export: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for s in export.get("figure_series", []) for c in s.get("conflicts", [])]


def _fig_key(fid: str, files: dict[str, str]) -> tuple[str, int]:
    aid, _, start = fid.rpartition(":")
    return files.get(aid, aid), int(start)


def _figure_scores(figs: dict[tuple[str, int], dict[str, Any]], labels: list[dict[str, Any]]) -> dict[str, Any]:
    right = judged = changed = missing = 0
    parts = {"value": 0, "object": 0, "claimant": 0}
    for lab in labels:
        f = figs.get((lab["file"], lab["start"]))
        if f is None:
            missing += 1
            continue
        if judged_hash(f) != lab["judged"]:
            changed += 1
            continue
        judged += 1
        for k in parts:
            parts[k] += bool(lab[f"{k}_ok"])
        right += bool(lab["value_ok"] and lab["object_ok"] and lab["claimant_ok"])
    return {
        "figures_judged": judged,
        "figures_fully_right": round(right / judged, 3) if judged else None,
        "value_right": round(parts["value"] / judged, 3) if judged else None,
        "object_right": round(parts["object"] / judged, 3) if judged else None,
        "claimant_right": round(parts["claimant"] / judged, 3) if judged else None,
        "figure_labels_changed": changed,
        "figure_labels_missing": missing,
    }


def score(export: dict[str, Any], labels: list[dict[str, Any]]) -> dict[str, Any]:
    files = _files(export)
    figs = {(files.get(f["article_id"], f["article_id"]), f["start"]): f for f in export.get("figures", [])}
    figure_labels = [x for x in labels if x["type"] == "figure"]
    samples = sorted({str(x.get("sample")) for x in figure_labels})
    conflicts = _conflicts(export)
    keyed = {tuple(sorted(_fig_key(x, files) for x in c["figures"])): c for c in conflicts}
    real = cjudged = 0
    for lab in (x for x in labels if x["type"] == "conflict"):
        key = tuple(sorted(tuple(p) for p in lab["figures"]))
        if key in keyed:
            cjudged += 1
            real += bool(lab["real"])
    n_articles = len(export.get("articles", []))
    return {
        "benchmark": "stream_figures",
        "articles": n_articles,
        "figures": len(export.get("figures", [])),
        **_figure_scores(figs, figure_labels),
        "samples": {name: _figure_scores(figs, [x for x in figure_labels if str(x.get("sample")) == name])
                    for name in samples},
        "conflicts": len(conflicts),
        "conflicts_per_100_articles": round(100 * len(conflicts) / n_articles, 2) if n_articles else None,
        "conflicts_judged": cjudged,
        "conflicts_real": round(real / cjudged, 3) if cjudged else None,
    }


def worksheet(export: dict[str, Any], n: int, seed: int, data: Path) -> list[dict[str, Any]]:
    """N figures drawn with ``seed`` and every conflict up to 50, with what a judge needs to read."""
    files = _files(export)
    # A stable draw: the N figures whose (seed, file, offset) hash lowest, so a later export of the
    # same stream draws the same figures wherever they are still found.
    def rank(f: dict[str, Any]) -> str:
        return hashlib.sha256(f"{seed}|{files.get(f['article_id'], '')}|{f['start']}".encode()).hexdigest()

    rows: list[dict[str, Any]] = []
    for f in sorted(export.get("figures", []), key=rank)[:n]:
        name = files.get(f["article_id"], "")
        rows.append({"type": "figure", "file": name, "start": f["start"], "end": f["end"], "judged": judged_hash(f),
                     "text": f["text"], "value": f["value"], "unit": f["unit"], "object": f["object"],
                     "owner": f["owner"], "claimant": f["claimant"], "claimant_from": f["claimant_from"],
                     "sentence": f["evidence"].get("sentence"), "exists": (data / name).exists()})
    for c in _conflicts(export)[:50]:
        rows.append({"type": "conflict", "figures": [list(_fig_key(x, files)) for x in c["figures"]],
                     "values": c["values"], "objects": c["objects"], "claimants": c["claimants"],
                     "as_of": c["as_of"], "sentences": c.get("sentences")})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("/tmp/dev/stream"), help="the stream's folder of files")
    ap.add_argument("--export", type=Path, required=True, help="storytrace export --format json of the stream")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--sample", type=int, default=0, help="write a worksheet of N figures + conflicts instead")
    ap.add_argument("--seed", type=int, default=27)
    ap.add_argument("--out", type=Path, default=Path("/tmp/stream_figures_worksheet.jsonl"))
    args = ap.parse_args()
    export = json.loads(args.export.read_text(encoding="utf-8"))
    if args.sample:
        rows = worksheet(export, args.sample, args.seed, args.data)
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(json.dumps({"worksheet": str(args.out), "rows": len(rows)}))
        return
    if not args.data.is_dir():
        raise SystemExit(f"--data {args.data}: not a folder (the stream from make_dev_corpus.py)")
    labels = [json.loads(x) for x in args.labels.read_text(encoding="utf-8").splitlines() if x.strip()]
    result = score(export, labels)
    result["data"] = str(args.data)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
