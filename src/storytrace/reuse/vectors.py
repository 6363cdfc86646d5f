"""The stored articles' sentence vectors in memory, for the close-sentence candidate test.

Two indexes with one interface. :class:`SentenceVectorIndex` is exact: every
stored sentence is compared with the new article's prose sentences in one
matrix product over a contiguous float32 matrix, loaded from the store once per
run and grown in place. Its cost grows with the store (about 0.3 µs per stored
sentence and query batch: 51 ms per article at 10k stored articles on two
slow cores), so a crawl-sized store cannot afford it. :class:`HnswSentenceIndex`
asks a graph index (faiss HNSW, inner product over the normalised vectors) for
each query sentence's nearest stored sentences instead: approximate, and
nearly constant in the store's size. :func:`open_index` chooses by the store's
size or ``$STORYTRACE_VECTOR_INDEX``.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

import numpy as np

from ..store import Store

__all__ = ["HNSW_FROM", "HnswSentenceIndex", "SentenceVectorIndex", "VectorIndex", "open_index"]

#: stored sentences from which ``auto`` picks the approximate index (about 15k articles)
HNSW_FROM = 250_000


class VectorIndex(Protocol):
    """What the close-sentence test needs of an index."""

    @property
    def ids(self) -> list[str]: ...

    def add(self, article_id: str, stored: np.ndarray) -> None: ...

    def remove(self, article_id: str) -> None: ...

    def close_counts(self, query: np.ndarray, cosine: float) -> list[tuple[str, int]]: ...


def open_index(store: Store, kind: str | None = None) -> VectorIndex:
    """The index for ``store``, loaded with its vectors: ``exact``, ``hnsw``, or ``auto``
    (the default; ``$STORYTRACE_VECTOR_INDEX`` sets it), which is exact until it holds
    ``HNSW_FROM`` sentences, where exact is cheap and both engines give the same
    candidates, and moves to the approximate index then, in the middle of a run if need be."""
    kind = (kind or os.environ.get("STORYTRACE_VECTOR_INDEX") or "auto").lower()
    if kind not in ("auto", "exact", "hnsw"):
        raise ValueError(f"STORYTRACE_VECTOR_INDEX={kind!r}: use auto, exact or hnsw")
    index: VectorIndex = (AutoIndex() if kind == "auto" else
                          HnswSentenceIndex() if kind == "hnsw" else SentenceVectorIndex())
    for aid, n, blob in store.query("SELECT article_id, n_sentences, vectors FROM reuse_docs"):
        if n:
            index.add(aid, np.frombuffer(blob, dtype=np.float16).reshape(n, -1))
    return index


class _Rows:
    """Which article owns each indexed row, and the hits grouped by article.

    Articles get slots in the order they are added (re-adding one gives it a new slot
    at the end); a removed article's rows are marked -1 and count as dead until the
    index drops them."""

    def __init__(self) -> None:
        self._owner = np.zeros(1024, np.int64)  # per row: index into self.ids, -1 once removed
        self._dead = 0
        self.ids: list[str] = []
        self._slot: dict[str, int] = {}

    def _claim(self, article_id: str, start: int, end: int) -> None:
        if end > len(self._owner):
            self._owner = np.resize(self._owner, max(end, 2 * len(self._owner)))
        self._slot[article_id] = len(self.ids)
        self.ids.append(article_id)
        self._owner[start:end] = self._slot[article_id]

    def _rows(self) -> int:
        raise NotImplementedError

    def remove(self, article_id: str) -> None:
        slot = self._slot.pop(article_id, None)
        if slot is not None:
            gone = self._owner[: self._rows()] == slot
            self._owner[: self._rows()][gone] = -1
            self._dead += int(gone.sum())

    def _per_article(self, q_rows: np.ndarray, rows: np.ndarray, n_query: int) -> list[tuple[str, int]]:
        """Hits (query row, stored row) as (article, query rows with a hit), in slot order."""
        owners = self._owner[rows]
        keep = owners >= 0  # rows of removed articles
        # one hit per (article, query row), then hits per article; slots grow with each add,
        # so ascending slot order is the order the articles were added
        pairs = np.unique(owners[keep] * n_query + q_rows[keep])
        slots, counts = np.unique(pairs // n_query, return_counts=True)
        return [(self.ids[int(s)], int(c)) for s, c in zip(slots, counts, strict=True)]


class SentenceVectorIndex(_Rows):
    """Rows of stored sentence vectors (as the store gives them back) with their article."""

    def __init__(self, dim: int = 384) -> None:
        super().__init__()
        self.dim = dim
        self._mat = np.zeros((1024, dim), np.float32)
        self._n = 0

    def _rows(self) -> int:
        return self._n

    def add(self, article_id: str, stored: np.ndarray) -> None:
        """Index an article's stored (float16) vectors; re-adding one moves it to the end."""
        self.remove(article_id)
        if self._dead > self._n // 2:
            self._compact()
        if not len(stored):
            return
        need = self._n + len(stored)
        if need > len(self._mat):
            self._mat = np.resize(self._mat, (max(need, 2 * len(self._mat)), self.dim))
        self._claim(article_id, self._n, need)
        self._mat[self._n:need] = stored.astype(np.float32)
        self._n = need

    def live_rows(self) -> int:
        return self._n - self._dead

    def articles(self) -> list[tuple[str, np.ndarray]]:
        """The indexed articles in the order they were added, with their rows."""
        owners = self._owner[: self._n]
        order = np.argsort(owners, kind="stable")
        order = order[owners[order] >= 0]
        slots, starts = np.unique(owners[order], return_index=True)
        bounds = [*starts[1:], len(order)]
        return [(self.ids[int(sl)], self._mat[order[a:b]]) for sl, a, b in zip(slots, starts, bounds, strict=True)]

    def _compact(self) -> None:
        """Drop removed rows (kept until they are half the matrix, so removal stays cheap)."""
        live = self._owner[: self._n] >= 0
        n = int(live.sum())
        self._mat[:n] = self._mat[: self._n][live]
        self._owner[:n] = self._owner[: self._n][live]
        self._n, self._dead = n, 0

    def close_counts(self, query: np.ndarray, cosine: float) -> list[tuple[str, int]]:
        """Per indexed article (in the order they were added): how many query rows have a
        sentence of that article at ``cosine`` or closer. Articles with none are left out.

        One matrix product over the stored rows in place (no copy of the matrix), then only
        the few hits are grouped by article: the cost per call is the product itself."""
        if not self._n or not len(query):
            return []
        sims = np.asarray(query, dtype=np.float32) @ self._mat[: self._n].T  # (query, stored)
        q_rows, cols = np.nonzero(sims >= cosine)
        return self._per_article(q_rows, cols, len(query))


class HnswSentenceIndex(_Rows):
    """Approximate close-sentence counts from a faiss HNSW graph over the stored rows.

    Each query sentence collects the stored sentences within ``cosine`` that a
    graph search of breadth ``ef_search`` visits (``k`` > 0: among its ``k``
    nearest instead). A sentence repeated in more stored articles than the
    search visits (boilerplate) is counted for some of them, and the graph
    misses a few true neighbours: on the 10k-article scale store, 98.6 % of the
    exact index's candidate articles in a fifth of the time per article
    (``benchmarks/close_sentences.py``). Removed articles' rows are masked, and
    the graph is rebuilt once they are half of it.
    """

    def __init__(self, dim: int = 384, m: int = 16, ef_construction: int = 40,
                 ef_search: int = 256, k: int = 0) -> None:
        super().__init__()
        self.dim, self.m, self.ef_construction, self.ef_search, self.k = dim, m, ef_construction, ef_search, k
        self._index = self._new()

    def _new(self) -> Any:
        import faiss

        # one thread: each call adds or asks for a handful of sentences, where OpenMP's
        # start-up costs more than it saves (4x slower on two busy cores); parallelism
        # comes from the engine (processes, Spark executors)
        faiss.omp_set_num_threads(1)
        index = faiss.IndexHNSWFlat(self.dim, self.m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = self.ef_construction
        index.hnsw.efSearch = self.ef_search
        return index

    @property
    def _n(self) -> int:
        return int(self._index.ntotal)

    def _rows(self) -> int:
        return self._n

    def add(self, article_id: str, stored: np.ndarray) -> None:
        """Index an article's stored (float16) vectors; re-adding one replaces it."""
        self.remove(article_id)
        if self._dead > self._n // 2:
            self._rebuild()
        if not len(stored):
            return
        n0 = self._n
        self._index.add(np.ascontiguousarray(stored, dtype=np.float32))
        self._claim(article_id, n0, self._n)

    def _rebuild(self) -> None:
        live = np.nonzero(self._owner[: self._n] >= 0)[0]
        rows = self._index.reconstruct_n(0, self._n)[live] if len(live) else np.zeros((0, self.dim), np.float32)
        owners = self._owner[live].copy()
        self._index = self._new()
        if len(rows):
            self._index.add(np.ascontiguousarray(rows, dtype=np.float32))
        self._owner[: len(owners)] = owners
        self._dead = 0

    def close_counts(self, query: np.ndarray, cosine: float) -> list[tuple[str, int]]:
        """As :meth:`SentenceVectorIndex.close_counts`, from each query row's ``k`` nearest rows."""
        if not self._n or not len(query):
            return []
        q = np.ascontiguousarray(query, dtype=np.float32)
        if self.k:
            sims, rows = self._index.search(q, min(self.k, self._n))
            q_rows, hits = np.nonzero((sims >= cosine) & (rows >= 0))
            found = rows[q_rows, hits]
        else:  # every stored row within ``cosine`` that the search visits
            lims, _, found = self._index.range_search(q, float(np.nextafter(cosine, -1)))
            q_rows = np.repeat(np.arange(len(q)), np.diff(lims.astype(np.int64)))
        return self._per_article(q_rows, found, len(q))


class AutoIndex:
    """Exact while small, approximate from ``threshold`` stored sentences on."""

    def __init__(self, threshold: int = HNSW_FROM) -> None:
        self.threshold = threshold
        self._impl: SentenceVectorIndex | HnswSentenceIndex = SentenceVectorIndex()

    @property
    def ids(self) -> list[str]:
        return self._impl.ids

    @property
    def approximate(self) -> bool:
        return isinstance(self._impl, HnswSentenceIndex)

    def add(self, article_id: str, stored: np.ndarray) -> None:
        self._impl.add(article_id, stored)
        exact = self._impl
        if isinstance(exact, SentenceVectorIndex) and exact.live_rows() >= self.threshold:
            graph = HnswSentenceIndex(exact.dim)
            for aid, rows in exact.articles():
                graph.add(aid, rows)
            self._impl = graph

    def remove(self, article_id: str) -> None:
        self._impl.remove(article_id)

    def close_counts(self, query: np.ndarray, cosine: float) -> list[tuple[str, int]]:
        return self._impl.close_counts(query, cosine)
