"""The sentence-vector indexes give the close-sentence counts of comparing each stored article."""

from __future__ import annotations

import numpy as np
import pytest

from storytrace.reuse.vectors import AutoIndex, HnswSentenceIndex, SentenceVectorIndex, open_index

KINDS = [SentenceVectorIndex, HnswSentenceIndex]


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _stored(seed: int = 5, n: int = 7) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    base = _unit(rng.standard_normal((12, 384)))
    stored = {f"a{i}": _unit(base + rng.standard_normal(base.shape) * (0.3 + 0.5 * (i % 3)) / np.sqrt(384)).astype(np.float16)
              for i in range(n)}
    return base, stored


def _want(query: np.ndarray, stored: dict[str, np.ndarray]) -> list[tuple[str, int]]:
    want = []
    for aid, v in stored.items():
        n = int(((query @ v.astype(np.float32).T).max(axis=1) >= 0.75).sum())
        if n:
            want.append((aid, n))
    return want


@pytest.mark.parametrize("kind", KINDS)
def test_close_counts_match_the_article_by_article_test(kind):
    base, stored = _stored()
    index = kind()
    for aid, v in stored.items():
        index.add(aid, v)
    want = _want(base[:8], stored)
    assert want and index.close_counts(base[:8], 0.75) == want


@pytest.mark.parametrize("kind", KINDS)
def test_re_adding_moves_an_article_to_the_end_and_removed_rows_are_ignored(kind):
    rng = np.random.default_rng(6)
    v = _unit(rng.standard_normal((4, 384))).astype(np.float16)
    index = kind()
    for _ in range(600):  # grows past the first allocation, and rebuilds the graph
        index.add("x", v)
    index.add("y", v)
    index.add("x", v)
    got = index.close_counts(v.astype(np.float32), 0.99)
    assert got == [("y", 4), ("x", 4)]
    index.remove("y")
    assert index.close_counts(v.astype(np.float32), 0.99) == [("x", 4)]


def test_auto_index_moves_to_the_graph_with_the_same_counts():
    base, stored = _stored(7, n=12)
    index = AutoIndex(threshold=100)          # 12 sentences per article: the 9th article crosses it
    for aid, v in stored.items():
        index.add(aid, v)
    assert index.approximate and index.ids == list(stored)
    assert index.close_counts(base[:8], 0.75) == _want(base[:8], stored)


def test_the_index_kind_is_checked(tmp_path, monkeypatch):
    from storytrace.store import Store

    monkeypatch.setenv("STORYTRACE_VECTOR_INDEX", "annoy")
    with pytest.raises(ValueError, match="STORYTRACE_VECTOR_INDEX='annoy'"):
        open_index(Store(tmp_path / "s.db"))


def test_the_benchmark_runs_on_a_store(seeds_db, monkeypatch, capsys):
    import json
    import sys

    from conftest import load_benchmark

    mod = load_benchmark("close_sentences")
    monkeypatch.setattr(sys, "argv", ["close_sentences.py", "--db", str(seeds_db), "--queries", "5"])
    mod.main()
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    run = out["runs"][0]
    assert run["articles"] == 5 and run["candidate_recall"] == 1.0 and run["hit_recall"] == 1.0
