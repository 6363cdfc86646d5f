"""The in-memory sentence-vector index gives the same close-sentence counts as comparing each stored article."""

from __future__ import annotations

import numpy as np

from storytrace.reuse.vectors import SentenceVectorIndex


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_close_counts_match_the_article_by_article_test():
    rng = np.random.default_rng(5)
    base = _unit(rng.standard_normal((12, 384)))
    stored = {f"a{i}": _unit(base + rng.standard_normal(base.shape) * (0.3 + 0.5 * (i % 3)) / np.sqrt(384)).astype(np.float16)
              for i in range(7)}
    index = SentenceVectorIndex()
    for aid, v in stored.items():
        index.add(aid, v)
    query = base[:8]
    want = []
    for aid, v in stored.items():
        n = int(((query @ v.astype(np.float32).T).max(axis=1) >= 0.75).sum())
        if n:
            want.append((aid, n))
    assert want and index.close_counts(query, 0.75) == want


def test_re_adding_moves_an_article_to_the_end_and_removed_rows_are_ignored():
    rng = np.random.default_rng(6)
    v = _unit(rng.standard_normal((4, 384))).astype(np.float16)
    index = SentenceVectorIndex()
    for _ in range(600):  # grows past the first allocation
        index.add("x", v)
    index.add("y", v)
    index.add("x", v)
    got = index.close_counts(v.astype(np.float32), 0.99)
    assert got == [("y", 4), ("x", 4)]
    index.remove("y")
    assert index.close_counts(v.astype(np.float32), 0.99) == [("x", 4)]
