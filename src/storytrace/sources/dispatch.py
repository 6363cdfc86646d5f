"""Route one blob of bytes to the reader for its kind (text, HTML, JSON, feed, WARC).

Files, URLs and stdin all end here, so each kind is read the same way
whatever it came from, and every refusal (empty, oversized, binary,
mis-encoded) is worded once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import Failure, RawDocument
from . import jsonsrc
from .decode import DecodeError, decode_bytes, sniff_kind
from .options import SourceOptions

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["KINDS", "documents_from_bytes", "oversized"]

#: Kinds a caller may name; ``auto`` sniffs the content.
KINDS = ("text", "html", "json", "jsonl", "feed", "warc", "auto")


def oversized(size: int, options: SourceOptions) -> str:
    return f"larger than the size limit ({size:,} > {options.max_bytes:,} bytes; see --max-bytes)"


def documents_from_bytes(
    source: str,
    data: bytes,
    *,
    kind: str = "auto",
    url: str | None = None,
    declared_charset: str | None = None,
    meta: dict[str, Any] | None = None,
    options: SourceOptions,
    store: Store | None = None,
) -> Iterator[RawDocument | Failure]:
    """Yield the documents in ``data`` (or one :class:`Failure` saying why there are none)."""
    if len(data) > options.max_bytes:
        yield Failure(source, oversized(len(data), options))
        return
    if not data.strip():
        yield Failure(source, "empty (no content)")
        return
    if kind == "warc":
        from . import warc  # warcio (and fsspec) load only when a WARC is read

        yield from warc.records(source, data, options=options)
        return
    try:
        text, encoding = decode_bytes(data, declared=declared_charset)
    except DecodeError as exc:
        yield Failure(source, str(exc))
        return
    if not text.strip():
        yield Failure(source, "empty (no content)")
        return
    if kind == "auto":
        kind = sniff_kind(text)
    meta = {**(meta or {}), "encoding": encoding}
    if kind in ("json", "jsonl"):
        yield from jsonsrc.records(source, text, lines=True if kind == "jsonl" else None, url=url, meta=meta)
    elif kind == "feed":
        from . import feeds  # feedparser loads only when a feed is read

        yield from feeds.entries(source, text, options=options, store=store)
    elif kind == "xml":
        yield Failure(source, "XML that is neither an RSS/Atom feed nor an HTML page")
    else:
        yield RawDocument(source=source, kind="html" if kind == "html" else "text",
                          content=text, url=url, meta=meta)
