"""MRPC: the sentence paraphrase decision that alignment uses, 10-fold cross-validated.

    python benchmarks/mrpc.py [--data ../shared/data/mrpc/train.tsv]

storytrace: the logistic regression of ``storytrace.reuse.paraphrase`` over
its twelve features (MiniLM cosine, word overlaps, fuzzy ratios, length,
numbers, names), refitted on each training fold. Peer: the plain MiniLM
cosine with the threshold that maximises accuracy on each training fold.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storytrace.reuse.paraphrase import features, pair_cosines, read_mrpc, train  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "mrpc" / "train.tsv"


def _scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    return {"f1": round(2 * p * r / max(1e-9, p + r), 4), "accuracy": round(float((pred == y).mean()), 4),
            "precision": round(p, 4), "recall": round(r, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    args = ap.parse_args()
    from sklearn.model_selection import StratifiedKFold

    pairs, y = read_mrpc(args.data)
    t0 = time.perf_counter()
    cos = pair_cosines(pairs)
    x = np.array([features(a, b, c) for (a, b), c in zip(pairs, cos, strict=True)])
    elapsed = time.perf_counter() - t0
    pred_lr = np.zeros_like(y)
    pred_cos = np.zeros_like(y)
    grid = np.linspace(0.3, 0.95, 131)
    for tr, te in StratifiedKFold(10, shuffle=True, random_state=0).split(x, y):
        model = train(x[tr], y[tr])
        pred_lr[te] = (model.predict_proba(x[te]) >= 0.5).astype(int)
        acc = [((cos[tr] >= t).astype(int) == y[tr]).mean() for t in grid]
        pred_cos[te] = (cos[te] >= grid[int(np.argmax(acc))]).astype(int)
    out = {
        "benchmark": "mrpc-train-10fold",
        "data": str(args.data),
        "pairs": len(y),
        "storytrace": {**_scores(y, pred_lr), "features_seconds": round(elapsed, 1),
                       "pairs_per_second": round(len(y) / elapsed, 1)},
        "minilm_cosine": _scores(y, pred_cos),
        "all_positive": _scores(y, np.ones_like(y)),
        "protocol": "stratified 10-fold CV (shuffle, random_state=0) on MRPC train.tsv",
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
