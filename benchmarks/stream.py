"""Reuse and credit on a real mixed stream of news, through the product path.

    python benchmarks/stream.py [--data ../shared/data] [--db STORE] [--keep DIR]

Builds the stream with ``../shared/tools/make_dev_corpus.py`` (the five seeds,
ECB+ dev articles, PolNeAR dev political reports, real web pages and PAN13
cases), runs ``storytrace.analyze`` on it as a user would (or reads an
already analysed ``--db``), exports, and scores the reuse links:

- PAN13: document-level precision and recall of links among the ``pan-*`` files
  against the stream's gold source -> copy pairs (any link touching a PAN file
  counts towards precision).
- ECB+: every link between two ECB+ articles is looked up in the hand labels
  ``benchmarks/labels/stream_reuse.jsonl`` (file-name pairs and a verdict, made
  by reading both articles; see ``benchmarks/labels/reuse-labels.md``):
  precision over labelled links, recall over the labelled true pairs, and the
  links nobody has labelled yet (listed, to be judged).
- PolNeAR: links among the political reports, per 100 of them (independent
  reports of the same campaign: the goal is at most 1).
- Credit: ``credited`` and the ``uncredited-reuse`` flag against the hand
  labels that judge them.
- Peer, in the same run: word 5-gram containment between every pair of PAN
  documents at its best threshold (document-level precision and recall).

The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import storytrace  # noqa: E402
from storytrace.reuse.text import words  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data"
LABELS = ROOT / "benchmarks" / "labels" / "stream_reuse.jsonl"


def build_stream(data: Path, out: Path) -> dict[str, Any]:
    tool = data.parent / "tools" / "make_dev_corpus.py"
    subprocess.run([sys.executable, str(tool), str(out)], check=True, capture_output=True)
    return json.loads(Path(str(out).rstrip("/") + ".gold.json").read_text())


def load_labels(path: Path) -> dict[frozenset[str], dict[str, Any]]:
    out: dict[frozenset[str], dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip():
                r = json.loads(line)
                out[frozenset((r["a"], r["b"]))] = r
    return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def score(export: dict[str, Any], gold: dict[str, Any], labels: dict[frozenset[str], dict[str, Any]]
          ) -> dict[str, Any]:
    name = {a["id"]: Path(a["source"]).name for a in export["articles"]}
    links = [(name[r["source_id"]], name[r["copy_id"]], r) for r in export["reuse"]]
    pan_gold = {frozenset((a, b)) for a, b, _ in gold["pan13_pairs"]}
    pan_links = [(a, b) for a, b, _ in links if a.startswith("pan-") or b.startswith("pan-")]
    pan_hit = {frozenset(p) for p in pan_links} & pan_gold
    ecb = [(a, b, r) for a, b, r in links if a.startswith("ecb-") and b.startswith("ecb-")]
    judged = [labels[frozenset((a, b))] for a, b, _ in ecb if frozenset((a, b)) in labels]
    true_pairs = {k for k, v in labels.items() if v.get("reuse") and all(x.startswith("ecb-") for x in k)}
    found_true = {frozenset((a, b)) for a, b, _ in ecb} & true_pairs
    pol = [(a, b) for a, b, _ in links if a.startswith("polnear-") and b.startswith("polnear-")]
    n_pol = sum(1 for n in name.values() if n.startswith("polnear-"))
    credit = [(labels[frozenset((a, b))], r) for a, b, r in links
              if frozenset((a, b)) in labels and "credited" in labels[frozenset((a, b))]]
    flags = {a["id"]: {f["kind"] for f in a.get("flags", [])} for a in export["articles"]}
    flag_judged = [(lab, "uncredited-reuse" in flags[r["copy_id"]]) for lab, r in credit
                   if r["copy_id"] in flags]
    kinds: dict[str, int] = {}
    for a, b, _ in links:
        key = "->".join(sorted({a.split("-")[0].split("_")[0], b.split("-")[0].split("_")[0]}))
        kinds[key] = kinds.get(key, 0) + 1
    return {
        "links": len(links),
        "links_by_files": kinds,
        "pan13": {"links": len(pan_links), "gold_pairs": len(pan_gold), "precision": _ratio(len(
            [p for p in pan_links if frozenset(p) in pan_gold]), len(pan_links)),
                  "recall": _ratio(len(pan_hit), len(pan_gold))},
        "ecb": {"links": len(ecb), "labelled": len(judged),
                "precision": _ratio(sum(bool(j.get("reuse")) for j in judged), len(judged)),
                "recall": _ratio(len(found_true), len(true_pairs)),
                "unlabelled": sorted([a, b] for a, b, _ in ecb if frozenset((a, b)) not in labels)},
        "polnear": {"links": len(pol), "articles": n_pol,
                    "per_100": round(100 * len(pol) / max(1, n_pol), 2)},
        "credited": {"judged": len(credit), "right": _ratio(
            sum(bool(lab["credited"]) == bool(r["credited"]) for lab, r in credit), len(credit)),
                     "printed_credit_found": _ratio(
            sum(bool(r["credited"]) for lab, r in credit if lab["credited"]),
            sum(bool(lab["credited"]) for lab, _ in credit))},
        "uncredited_flag": {"flagged_judged": sum(f for _, f in flag_judged), "right": _ratio(
            sum(1 for lab, f in flag_judged if f and lab.get("reuse") and not lab["credited"]),
            sum(f for _, f in flag_judged))},
    }


def containment_peer(stream: Path, gold: dict[str, Any]) -> dict[str, Any]:
    """Word 5-gram containment between every pair of PAN files, at its best threshold."""
    files = sorted(p for p in stream.glob("pan-*.txt"))
    grams = {}
    for p in files:
        ws = words(p.read_text(errors="replace"))
        grams[p.name] = {tuple(ws[i:i + 5]) for i in range(len(ws) - 4)}
    pan_gold = {frozenset((a, b)) for a, b, _ in gold["pan13_pairs"]}
    scores = []
    for a, b in itertools.combinations(grams, 2):
        ga, gb = grams[a], grams[b]
        c = len(ga & gb) / max(1, min(len(ga), len(gb)))
        scores.append((c, frozenset((a, b)) in pan_gold))
    best: dict[str, Any] = {"f1": -1.0}
    for t in sorted({round(c, 3) for c, _ in scores if c > 0}):
        tp = sum(1 for c, g in scores if c >= t and g)
        fp = sum(1 for c, g in scores if c >= t and not g)
        p, r = tp / max(1, tp + fp), tp / max(1, len(pan_gold))
        f = 2 * p * r / max(1e-9, p + r)
        if f > best["f1"]:
            best = {"threshold": t, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--db", type=Path, help="an already analysed store of the stream (skip the run)")
    ap.add_argument("--stream", type=Path, help="the stream folder (default: built anew)")
    ap.add_argument("--keep", type=Path, help="build the stream and the store here and keep them")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--show", nargs=2, metavar=("A", "B"),
                    help="print two files of the stream in full, to judge a pair by reading")
    args = ap.parse_args()
    if args.show:
        for f in args.show:
            text = ((args.stream or Path(".")) / f).read_text(errors="replace")
            print("=" * 30, f, f"({len(text.split())} words)")
            print(text)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="storytrace-stream-"))
    work.mkdir(parents=True, exist_ok=True)
    stream = args.stream or work / "stream"
    gold_path = Path(str(stream).rstrip("/") + ".gold.json")
    gold = json.loads(gold_path.read_text()) if gold_path.exists() else build_stream(args.data, stream)
    db = args.db or work / "stream.db"
    seconds = None
    if not args.db:
        t0 = time.perf_counter()
        storytrace.analyze([str(stream)], db=str(db), report=str(work / "stream.html"))
        seconds = round(time.perf_counter() - t0, 1)
    export = storytrace.export_data(str(db))
    result = {"storytrace": {**score(export, gold, load_labels(args.labels)), "analyze_seconds": seconds},
              "containment_5gram": containment_peer(stream, gold)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
