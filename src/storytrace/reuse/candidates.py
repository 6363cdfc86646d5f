"""Candidate article pairs at any scale, before the (costly) alignment.

Three indexes, each catching a kind of reuse the others miss:

- :class:`MinHasher` + :class:`LSHIndex`: near-verbatim copies. MinHash over
  word 5-shingles, computed for all shingles and permutations at once with
  numpy (multiply-shift hashing on 64-bit words) rather than one shingle at a
  time, then banded locality-sensitive hashing.
- :func:`anchors`: rewritten copies keep the rare names, places and numbers;
  articles sharing enough of them (weighted by rarity) are compared.
- sentence embeddings (:mod:`storytrace.embeddings`): reworded and
  translated sentences land close in MiniLM space (see ``analysis.py``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .text import words

__all__ = ["WINDOW", "LSHIndex", "MinHasher", "anchors", "band_keys", "lsh_params", "shingle_hashes"]

_MASK32 = np.uint64(0xFFFFFFFF)
_P = np.uint64(0x100000001B3)  # FNV prime: mixes token hashes into a shingle hash
_token_cache: dict[str, int] = {}
WINDOW = 50  # words per MinHash window (consecutive windows overlap by half)


def _token_hash(w: str) -> int:
    h = _token_cache.get(w)
    if h is None:
        h = zlib.crc32(w.encode("utf-8"))
        if len(_token_cache) < 2_000_000:
            _token_cache[w] = h
    return h


def shingle_hashes(text: str | Sequence[str], k: int = 5) -> np.ndarray:
    """Distinct 64-bit hashes of the word ``k``-shingles of ``text`` (or of a word list)."""
    toks = words(text) if isinstance(text, str) else text
    th = np.fromiter((_token_hash(w) for w in toks), dtype=np.uint64, count=len(toks))
    if len(th) < k:
        return np.unique(th) if len(th) else th
    n = len(th) - k + 1
    sh = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            sh = sh * _P + th[j : j + n]
    return np.unique(sh)


@dataclass
class MinHasher:
    """``num_perm`` multiply-shift hash functions applied to all shingles at once."""

    num_perm: int = 128
    seed: int = 1
    a: np.ndarray = field(init=False, repr=False)
    b: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        self.a = rng.integers(1, 2**63, self.num_perm, dtype=np.uint64) | np.uint64(1)
        self.b = rng.integers(0, 2**63, self.num_perm, dtype=np.uint64)

    def signature(self, hashes: np.ndarray, chunk: int = 4096) -> np.ndarray:
        """The MinHash signature (``num_perm`` uint32) of a set of 64-bit shingle hashes."""
        sig = np.full(self.num_perm, np.iinfo(np.uint32).max, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for i in range(0, len(hashes), chunk):
                h = hashes[i : i + chunk, None]
                v = (h * self.a[None, :] + self.b[None, :]) >> np.uint64(32)
                np.minimum(sig, v.min(axis=0), out=sig)
        return sig.astype(np.uint32)

    def permuted(self, hashes: np.ndarray) -> np.ndarray:
        """Every hash function applied to every shingle: ``(len(hashes), num_perm)`` uint32."""
        with np.errstate(over="ignore"):
            v = (hashes[:, None] * self.a[None, :] + self.b[None, :]) >> np.uint64(32)
        return v.astype(np.uint32)

    def window_signatures(self, tokens: Sequence[str], window: int = WINDOW, k: int = 5) -> np.ndarray:
        """Signatures of a document's overlapping windows, ``(n_windows, num_perm)`` uint32.

        Window ``i`` holds the shingles starting in ``[i*h, i*h + 2h)`` (``h = window // 2``),
        so a copied paragraph is a near-duplicate of some window even inside a long
        article. The document's shingles are hashed once; minima over half-windows
        (``np.minimum.reduceat``) are combined pairwise, so the cost is numpy's.
        """
        toks = list(tokens)
        th = np.fromiter((_token_hash(w) for w in toks), dtype=np.uint64, count=len(toks))
        n = len(th) - k + 1
        if n <= 0:
            return self.permuted(np.unique(th)).min(axis=0, keepdims=True) if len(th) else \
                np.full((1, self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        sh = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(k):
                sh = sh * _P + th[j : j + n]
        h = max(1, window // 2)
        blocks = np.minimum.reduceat(self.permuted(sh), np.arange(0, n, h), axis=0)
        if len(blocks) == 1:
            return blocks
        return np.minimum(blocks[:-1], blocks[1:])


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One signed 64-bit key per (window, band): the band's rows hashed together.

    Keys are integers so the store can index them and numpy can join them;
    the band number is mixed in, so equal keys mean the same band matched.
    """
    x = sigs[:, : bands * rows].astype(np.uint64).reshape(len(sigs), bands, rows)
    key = np.zeros((len(sigs), bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            key = (key ^ x[:, :, r]) * _P
        key ^= np.arange(bands, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
    return key.view(np.int64)


@lru_cache(maxsize=32)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows minimising false positives + false negatives around ``threshold``.

    The same rule datasketch's MinHashLSH uses (equal weights), so the two can
    be compared at equal settings.
    """
    lo = np.linspace(0.0, threshold, 201)
    hi = np.linspace(threshold, 1.0, 201)
    best, best_err = (1, num_perm), float("inf")
    for b in range(1, num_perm + 1):
        r = np.arange(1, num_perm // b + 1)[:, None]
        fp = np.asarray(np.trapezoid(1 - (1 - lo[None, :] ** r) ** b, lo, axis=1))
        fn = np.asarray(np.trapezoid((1 - hi[None, :] ** r) ** b, hi, axis=1))
        i = int(np.argmin(fp + fn))
        if fp[i] + fn[i] < best_err:
            best, best_err = (b, int(r[i, 0])), float(fp[i] + fn[i])
    return best


@dataclass
class LSHIndex:
    """Banded LSH over window signatures, in memory, as sorted arrays (joins, not dict lookups).

    The analysis persists the same :func:`band_keys` in SQLite instead.
    """

    bands: int
    rows: int
    _parts: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    _names: list[str] = field(default_factory=list)
    _sorted: tuple[np.ndarray, np.ndarray] | None = None

    def insert(self, name: str, sigs: np.ndarray) -> None:
        """Index a document's window signatures (one row per window)."""
        keys = np.unique(band_keys(np.atleast_2d(sigs), self.bands, self.rows))
        self._parts.append((keys, np.full(len(keys), len(self._names), dtype=np.int64)))
        self._names.append(name)
        self._sorted = None

    def query(self, sigs: np.ndarray) -> set[str]:
        """Names of indexed documents sharing a band key with any of the windows."""
        if not self._parts:
            return set()
        if self._sorted is None:
            keys = np.concatenate([k for k, _ in self._parts])
            owners = np.concatenate([o for _, o in self._parts])
            order = np.argsort(keys, kind="stable")
            self._sorted = (keys[order], owners[order])
        keys, owners = self._sorted
        q = np.unique(band_keys(np.atleast_2d(sigs), self.bands, self.rows))
        lo = np.searchsorted(keys, q, side="left")
        hi = np.searchsorted(keys, q, side="right")
        hits = [owners[a:b] for a, b in zip(lo[hi > lo], hi[hi > lo], strict=True)]
        if not hits:
            return set()
        return {self._names[i] for i in np.unique(np.concatenate(hits))}


_NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d{2,}\b")
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zA-Z’'-]{2,}(?: [A-Z][a-zA-Z’'-]+)*")


def anchors(text: str) -> set[str]:
    """Names, places and numbers a rewritten copy is likely to keep (lower-cased)."""
    out = {m.group().replace(",", "") for m in _NUMBER.finditer(text)}
    for m in _NAME.finditer(text):
        for part in m.group().split():
            if len(part) > 3:
                out.add(part.lower().rstrip("’'s"))
    return out
