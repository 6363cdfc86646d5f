"""Articles: clean text and metadata from a raw document (pure functions)."""

from __future__ import annotations

import hashlib
import re

from ..errors import SourceError
from ..model import Article, RawDocument

__all__ = ["build_article", "content_hash"]


def content_hash(text: str) -> str:
    """Hash of the normalised text: the same article stored twice is found by it."""
    norm = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def build_article(doc: RawDocument) -> Article:
    """Build a clean :class:`Article` from one raw document."""
    text = doc.content.strip()
    if not text:
        raise SourceError(doc.source, "no article text")
    h = content_hash(text)
    return Article(id=h[:12], source=doc.source, text=text, url=doc.url, content_hash=h,
                   word_count=len(text.split()), kind=doc.kind)
