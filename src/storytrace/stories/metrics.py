"""Clustering scores against gold groups: BCubed, pairwise F1, adjusted Rand index.

Why here and not only in the benchmark: tests and the benchmark must agree on
exactly how a clustering is scored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

__all__ = ["bcubed", "cluster_scores", "pairwise"]


def _check(gold: Sequence[str], pred: Sequence[str]) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} items, prediction {len(pred)}")


def bcubed(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga & Baldwin 1998), items weighted equally."""
    _check(gold, pred)
    if not gold:
        return 0.0, 0.0, 0.0
    both = Counter(zip(gold, pred, strict=True))
    g, p = Counter(gold), Counter(pred)
    prec = sum(n * n / p[pc] for (_, pc), n in both.items()) / len(gold)
    rec = sum(n * n / g[gc] for (gc, _), n in both.items()) / len(gold)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def _pairs(counts: Counter[tuple[str, str]] | Counter[str]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def pairwise(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over pairs of items put in the same cluster."""
    _check(gold, pred)
    tp = _pairs(Counter(zip(gold, pred, strict=True)))
    pp, gp = _pairs(Counter(pred)), _pairs(Counter(gold))
    prec = tp / pp if pp else 1.0
    rec = tp / gp if gp else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def cluster_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """Every score at once, rounded for reports."""
    from sklearn.metrics import adjusted_rand_score

    bp, br, bf = bcubed(gold, pred)
    _, _, pf = pairwise(gold, pred)
    return {
        "bcubed_p": round(bp, 4), "bcubed_r": round(br, 4), "bcubed_f1": round(bf, 4),
        "pairwise_f1": round(pf, 4), "ari": round(float(adjusted_rand_score(gold, pred)), 4),
        "clusters": len(set(pred)), "gold_clusters": len(set(gold)),
    }
