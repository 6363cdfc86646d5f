"""MRPC: the sentence paraphrase decision that alignment uses.

    python benchmarks/mrpc.py [--data ../shared/data/mrpc/train.tsv]

Two protocols on MRPC's training split:

* 10-fold: stratified 10-fold cross-validation (shuffle, ``random_state=0``)
  over all 4,076 pairs of the feature model (logistic regression over
  ``paraphrase.FEATURES``, refitted per fold), of the earlier 12-feature model
  (the first 12 features) and of the MiniLM cosine (threshold fitted per fold).
* held-out: ``paraphrase.mrpc_split`` keeps a stratified 20 % (816 pairs,
  ``random_state=0``) apart; the shipped weights were fitted on the other
  80 % and nothing was tuned on the held-out part. On it are scored the shipped
  decision (``paraphrase.probabilities``), the earlier 12-feature model and the
  MiniLM cosine (both fitted on the 80 %). With ``STORYTRACE_PARAPHRASE_MODEL``
  set to a cross-encoder trained by ``python -m storytrace.reuse.paraphrase
  --cross-encoder`` (on the same 80 %), the cross-encoder alone is scored too
  and the shipped decision becomes the mean of the two.

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

from storytrace.reuse.paraphrase import (  # noqa: E402
    cross_encoder,
    features,
    method,
    mrpc_split,
    pair_cosines,
    probabilities,
    read_mrpc,
    train,
)

DEFAULT = ROOT.parent / "shared" / "data" / "mrpc" / "train.tsv"
GRID = np.linspace(0.3, 0.95, 131)


def _scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    return {"f1": round(2 * p * r / max(1e-9, p + r), 4), "accuracy": round(float((pred == y).mean()), 4),
            "precision": round(p, 4), "recall": round(r, 4)}


def _cosine_threshold(cos: np.ndarray, y: np.ndarray) -> float:
    acc = [((cos >= t).astype(int) == y).mean() for t in GRID]
    return float(GRID[int(np.argmax(acc))])


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
    pred_12 = np.zeros_like(y)
    pred_cos = np.zeros_like(y)
    for tr, te in StratifiedKFold(10, shuffle=True, random_state=0).split(x, y):
        pred_lr[te] = (train(x[tr], y[tr]).predict_proba(x[te]) >= 0.5).astype(int)
        pred_12[te] = (train(x[tr][:, :12], y[tr]).predict_proba(x[te][:, :12]) >= 0.5).astype(int)
        pred_cos[te] = (cos[te] >= _cosine_threshold(cos[tr], y[tr])).astype(int)

    tr, te = mrpc_split(y)
    held_pairs = [pairs[i] for i in te]
    t1 = time.perf_counter()
    p = probabilities(held_pairs, cos[te])
    seconds = time.perf_counter() - t1
    held: dict[str, object] = {
        "pairs": len(te),
        "storytrace": {**_scores(y[te], (p >= 0.5).astype(int)), "method": method(),
                       "pairs_per_second": round(len(te) / seconds, 1)},
    }
    ce = cross_encoder()
    if ce is not None:
        held["cross_encoder"] = {**_scores(y[te], (ce.probabilities(held_pairs) >= 0.5).astype(int)),
                                 "model": ce.name}
    held.update({
        "features_lr_12_earlier": _scores(
            y[te], (train(x[tr][:, :12], y[tr]).predict_proba(x[te][:, :12]) >= 0.5).astype(int)),
        "minilm_cosine": _scores(y[te], (cos[te] >= _cosine_threshold(cos[tr], y[tr])).astype(int)),
        "all_positive": _scores(y[te], np.ones_like(y[te])),
    })
    out = {
        "benchmark": "mrpc-train",
        "data": str(args.data),
        "pairs": len(y),
        "ten_fold": {
            "storytrace": {**_scores(y, pred_lr), "features_seconds": round(elapsed, 1),
                            "pairs_per_second": round(len(y) / elapsed, 1)},
            "features_lr_12_earlier": _scores(y, pred_12),
            "minilm_cosine": _scores(y, pred_cos),
            "all_positive": _scores(y, np.ones_like(y)),
        },
        "held_out": held,
        "protocol": ("held_out: stratified 20 % of MRPC train.tsv (paraphrase.mrpc_split, "
                     "random_state=0), weights fitted on the other 80 %; ten_fold: stratified "
                     "10-fold CV (shuffle, random_state=0) on all of train.tsv"),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
