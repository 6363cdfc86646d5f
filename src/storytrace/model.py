"""The data model: plain dataclasses that flow one way through the pipeline.

sources -> :class:`RawDocument` -> articles -> :class:`Article` -> analyses
(stories, reuse, quotes, figures) -> store -> report, server, exports.

Every record is JSON-serialisable through :func:`to_dict` so the embedded
engine (SQLite) and the Spark engine (Parquet) share one export schema.
Offsets are always character offsets into ``Article.text``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Article",
    "Failure",
    "Flag",
    "RawDocument",
    "Span",
    "to_dict",
]


@dataclass(slots=True)
class Span:
    """A stretch of one article's text: ``Article.text[start:end]``."""

    article_id: str
    start: int
    end: int

    def text(self, article: Article) -> str:
        return article.text[self.start : self.end]


@dataclass(slots=True)
class Flag:
    """Something an analysis noticed about an article, with the evidence for it.

    ``kind`` is a short stable name (``stale``, ``mt-artefacts``,
    ``uncredited-reuse``, ``embedded-social-post`` ...); ``evidence`` is
    free-form but JSON-serialisable (spans, snippets, scores) so that every
    decision can be shown to a reader.
    """

    kind: str
    evidence: Any = None
    score: float | None = None
    source: str = "ingest"


@dataclass(slots=True)
class RawDocument:
    """One document as a source yields it, before any cleaning.

    ``source`` is the path, URL or ``-`` exactly as the user gave it (for a
    document inside a container such as a JSONL file, feed or WARC it is the
    container's source plus ``#N`` or ``#<record url>``). ``meta`` holds
    fields the container already provides (JSON keys, feed entry fields, WARC
    headers): title, url, published, outlet, authors, language.
    """

    source: str
    kind: str  # "text", "html", "json" (pre-extracted fields), ...
    content: str
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Failure:
    """A source that could not be read: one clear reason, the batch goes on."""

    source: str
    reason: str


@dataclass(slots=True)
class Article:
    """A cleaned article with its metadata. Built by :mod:`storytrace.articles`."""

    id: str
    source: str
    text: str
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    outlet: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime; never invented
    published_from: str = "none"  # header | html-meta | json | feed | warc | url | text | none
    page_date: str | None = None  # a date the page shows that dates the capture, not the article
    language: str | None = None
    language_score: float | None = None
    boilerplate_removed: list[str] = field(default_factory=list)
    embedded: list[dict[str, Any]] = field(default_factory=list)  # {"kind", "start", "end", ...}
    flags: list[Flag] = field(default_factory=list)
    word_count: int = 0
    content_hash: str = ""
    kind: str = "text"  # the input kind it came from
    provenance: dict[str, Any] = field(default_factory=dict)  # where each metadata value came from


def to_dict(obj: Any) -> Any:
    """Recursively turn dataclasses into plain dicts (for JSON and SQLite)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj
