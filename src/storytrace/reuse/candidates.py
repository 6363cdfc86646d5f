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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .text import words

__all__ = ["LSHIndex", "MinHasher", "anchors", "lsh_params", "shingle_hashes", "windows"]

_MASK32 = np.uint64(0xFFFFFFFF)
_P = np.uint64(0x100000001B3)  # FNV prime: mixes token hashes into a shingle hash
_token_cache: dict[str, int] = {}


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

    def signatures(self, docs: Sequence[np.ndarray], chunk: int = 32768) -> np.ndarray:
        """Signatures of many shingle sets at once: one matrix product-like pass per chunk.

        Shingles of consecutive documents are concatenated and hashed together;
        ``np.minimum.reduceat`` then takes each document's minimum per hash
        function, so the cost is numpy's, not Python's, whatever the number of documents.
        """
        out = np.full((len(docs), self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint64)
        i = 0
        with np.errstate(over="ignore"):
            while i < len(docs):
                j, size = i, 0
                while j < len(docs) and (size == 0 or size + len(docs[j]) <= chunk):
                    size += len(docs[j])
                    j += 1
                group = [d for d in docs[i:j]]
                lens = np.array([len(d) for d in group])
                nonempty = lens > 0
                if nonempty.any():
                    flat = np.concatenate([d for d in group if len(d)])
                    v = (flat[:, None] * self.a[None, :] + self.b[None, :]) >> np.uint64(32)
                    starts = np.concatenate(([0], np.cumsum(lens[nonempty])[:-1]))
                    out[i:j][nonempty] = np.minimum.reduceat(v, starts, axis=0)
                i = j
        return out.astype(np.uint32)


def windows(tokens: Sequence[str], size: int = 50, stride: int = 25) -> list[Sequence[str]]:
    """Overlapping word windows: a copied paragraph is a near-duplicate of a window,
    even when it is a small part of a long article."""
    if len(tokens) <= size:
        return [tokens]
    return [tokens[i:i + size] for i in range(0, len(tokens) - size + stride, stride)]


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
    """Banded LSH over MinHash signatures, in memory (the analysis persists the band keys)."""

    bands: int
    rows: int
    buckets: list[dict[bytes, list[str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.buckets = [defaultdict(list) for _ in range(self.bands)]

    def keys(self, sig: np.ndarray) -> list[bytes]:
        r = self.rows
        return [sig[i * r : (i + 1) * r].tobytes() for i in range(self.bands)]

    def insert(self, key: str, sig: np.ndarray) -> None:
        for band, k in zip(self.buckets, self.keys(sig), strict=True):
            band[k].append(key)

    def query(self, sig: np.ndarray) -> set[str]:
        out: set[str] = set()
        for band, k in zip(self.buckets, self.keys(sig), strict=True):
            out.update(band.get(k, ()))
        return out


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
