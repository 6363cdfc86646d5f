"""Clough & Stevenson short-answer reuse: classify answers as cut / light / heavy / non.

    python benchmarks/clough.py [--data ../shared/data/clough-stevenson]

Each answer is compared with its Wikipedia source by storytrace's aligner
(default settings); the features are what the alignment reports (share of
the answer aligned, share aligned as verbatim / edited / paraphrase, mean
passage score) plus the whole-text MiniLM cosine. A logistic regression is
scored by stratified 10-fold cross-validation (accuracy, macro F1). The peer
is the classic baseline: word 1- and 3-gram containment with the same
classifier and folds. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storytrace.embeddings import embed  # noqa: E402
from storytrace.reuse.align import align  # noqa: E402
from storytrace.reuse.text import words  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "clough-stevenson"
KINDS = ("verbatim", "edited", "paraphrase")


def _read(p: Path) -> str:
    raw = p.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def containment(src: str, ans: str, n: int) -> float:
    ws, wa = words(src), words(ans)
    gs = {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}
    ga = {tuple(wa[i:i + n]) for i in range(len(wa) - n + 1)}
    return len(ga & gs) / max(1, len(ga))


def storytrace_features(src: str, ans: str, cosine: float) -> list[float]:
    ps = align(src, ans)
    n = max(1, len(ans))
    share = {k: sum(p.b_end - p.b_start for p in ps if p.kind == k) / n for k in KINDS}
    covered = sum(p.b_end - p.b_start for p in ps) / n
    score = float(np.mean([p.score for p in ps])) if ps else 0.0
    return [covered, *share.values(), score, cosine, containment(src, ans, 3)]


def cross_validate(x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    clf = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000))
    pred = cross_val_predict(clf, x, y, cv=StratifiedKFold(10, shuffle=True, random_state=0))
    return {"accuracy": round(float(accuracy_score(y, pred)), 4),
            "macro_f1": round(float(f1_score(y, pred, average="macro")), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    args = ap.parse_args()
    with open(args.data / "file_information.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("Category") in ("cut", "light", "heavy", "non")]
    sources = {t: _read(args.data / f"orig_task{t}.txt") for t in sorted({r["Task"] for r in rows})}
    answers = [_read(args.data / r["File"]) for r in rows]
    y = np.array([r["Category"] for r in rows])
    t0 = time.perf_counter()
    vs = embed(answers)
    vsrc = {t: embed([s])[0] for t, s in sources.items()}
    x = np.array([storytrace_features(sources[r["Task"]], a, float(v @ vsrc[r["Task"]]))
                  for r, a, v in zip(rows, answers, vs, strict=True)])
    elapsed = time.perf_counter() - t0
    base = np.array([[containment(sources[r["Task"]], a, 1), containment(sources[r["Task"]], a, 3)]
                     for r, a in zip(rows, answers, strict=True)])
    out = {
        "benchmark": "clough-stevenson-4-class",
        "data": str(args.data),
        "answers": len(rows),
        "storytrace": {**cross_validate(x, y), "seconds": round(elapsed, 1)},
        "ngram_containment_lr": cross_validate(base, y),
        "majority_class": round(float(max(np.mean(y == c) for c in set(y))), 4),
        "protocol": "stratified 10-fold CV (shuffle, random_state=0), logistic regression",
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
