"""The stored articles' sentence vectors in memory, for the close-sentence candidate test.

The test itself is exact (every stored sentence is compared with the new
article's prose sentences), so its cost grows with the store; this index makes
it one matrix product over a contiguous float32 matrix, loaded from the store
once per run and grown in place, instead of reading and decoding every stored
article's vectors from SQLite for every new article.
"""

from __future__ import annotations

import numpy as np

from ..store import Store

__all__ = ["SentenceVectorIndex"]


class SentenceVectorIndex:
    """Rows of stored sentence vectors (as the store gives them back) with their article."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self._mat = np.zeros((1024, dim), np.float32)
        self._owner = np.zeros(1024, np.int64)  # index into self.ids, -1 once removed
        self._n = 0
        self._dead = 0  # rows of removed articles not yet compacted away
        self.ids: list[str] = []
        self._slot: dict[str, int] = {}

    @classmethod
    def from_store(cls, store: Store) -> SentenceVectorIndex:
        index = cls()
        for aid, n, blob in store.query("SELECT article_id, n_sentences, vectors FROM reuse_docs"):
            if n:
                index.add(aid, np.frombuffer(blob, dtype=np.float16).reshape(n, -1))
        return index

    def add(self, article_id: str, stored: np.ndarray) -> None:
        """Index an article's stored (float16) vectors; re-adding one moves it to the end."""
        self.remove(article_id)
        if self._dead > self._n // 2:
            self._compact()
        if not len(stored):
            return
        need = self._n + len(stored)
        if need > len(self._mat):
            cap = max(need, 2 * len(self._mat))
            self._mat = np.resize(self._mat, (cap, self.dim))
            self._owner = np.resize(self._owner, cap)
        self._slot[article_id] = len(self.ids)
        self.ids.append(article_id)
        self._mat[self._n:need] = stored.astype(np.float32)
        self._owner[self._n:need] = self._slot[article_id]
        self._n = need

    def remove(self, article_id: str) -> None:
        slot = self._slot.pop(article_id, None)
        if slot is not None:
            gone = self._owner[: self._n] == slot
            self._owner[: self._n][gone] = -1
            self._dead += int(gone.sum())

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
        owners = self._owner[cols]
        keep = owners >= 0  # rows of removed articles
        # one hit per (article, query row), then hits per article; slots grow with each add,
        # so ascending slot order is the order the articles were added
        pairs = np.unique(owners[keep] * len(query) + q_rows[keep])
        slots, counts = np.unique(pairs // len(query), return_counts=True)
        return [(self.ids[int(s)], int(c)) for s, c in zip(slots, counts, strict=True)]
