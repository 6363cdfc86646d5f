"""RSS and Atom feeds: entries with full content are articles; link-only entries are fetched.

Why the word threshold: most feeds carry a teaser (``summary``) and a link;
storing the teaser as the article would make every later analysis wrong.
An entry becomes an article from the feed only when its content holds at
least ``MIN_WORDS`` words; otherwise its link is fetched (when fetching is
on) or reported as not read.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import Failure, RawDocument
from .options import SourceOptions

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["MIN_WORDS", "entries"]

MIN_WORDS = 80
_TAG = re.compile(r"<[^>]+>")


def entries(source: str, text: str, *, options: SourceOptions,
            store: Store | None = None) -> Iterator[RawDocument | Failure]:
    """Yield one document per feed entry (fetching link-only entries if allowed)."""
    import feedparser  # here, not at import: `storytrace --help` must not pay for it

    parsed = feedparser.parse(text)
    items = parsed.get("entries") or []
    if parsed.get("bozo") and not items:
        exc = parsed.get("bozo_exception")
        yield Failure(source, f"malformed feed ({str(exc).splitlines()[0][:200] if exc else 'unreadable'})")
        return
    if not items:
        yield Failure(source, "feed has no entries")
        return
    outlet = (parsed.get("feed") or {}).get("title")
    for i, entry in enumerate(items, 1):
        link = entry.get("link")
        src = f"{source}#{link}" if link else f"{source}#{i}"
        meta = _meta(entry, outlet)
        body = _content(entry)
        if body and len(_TAG.sub(" ", body).split()) >= MIN_WORDS:
            yield RawDocument(source=src, kind="html" if "<" in body else "text",
                              content=_wrap(body, meta.get("title")), url=link, meta=meta)
        elif link and (options.fetch or store is not None):
            from .web import fetch_documents

            for doc in fetch_documents(link, options=options, store=store, source=src):
                if isinstance(doc, RawDocument):
                    doc.meta = {**meta, **doc.meta}
                yield doc
        elif link:
            yield Failure(src, "feed entry has only a link and fetching is off")
        else:
            yield Failure(src, "feed entry has neither content nor a link")


def _content(entry: Any) -> str:
    parts = entry.get("content") or []
    best = max((p.get("value", "") for p in parts), key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _wrap(body: str, title: str | None) -> str:
    """Give entry HTML a document shell so the HTML extractor sees a title and a body."""
    if "<" not in body:
        return body
    head = f"<title>{title}</title>" if title else ""
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def _meta(entry: Any, outlet: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if entry.get("title"):
        meta["title"] = entry["title"]
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp:
        meta["published"] = time.strftime("%Y-%m-%d", stamp)
        meta["published_from"] = "feed"
    names = [a.get("name") for a in entry.get("authors") or [] if a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"]]
    if names:
        meta["authors"] = names
    if outlet:
        meta["outlet"] = outlet
    return meta
