"""JSON and JSON Lines: one article per object, under whatever common field names it uses.

Why the alias lists: scraped news comes from news-please (``maintext``,
``date_publish``), schema.org (``articleBody``, ``headline``), RSS-to-JSON
tools (``content``, ``link``, ``pubDate``) and home-made exports (``text``,
``body``). Accepting them all means a user never has to rename fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..model import Failure, RawDocument

__all__ = ["FIELDS", "object_document", "records"]

#: Export field -> the JSON keys accepted for it, in order of preference.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "articleBody", "article_body", "maintext", "fulltext",
             "full_text", "article"),
    "html": ("html", "raw_html", "rawHtml", "content_html"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "canonical_url", "source_url", "uri"),
    "published": ("published", "date", "date_publish", "datePublished", "pubDate",
                  "published_at", "publishedAt", "publish_date", "pub_date", "date_published"),
    "outlet": ("outlet", "source", "site_name", "siteName", "publisher", "source_domain",
               "sitename", "domain"),
    "authors": ("authors", "author", "byline", "creator", "by"),
    "language": ("language", "lang", "inLanguage"),
}
_CONTAINERS = ("articles", "items", "data", "results", "documents", "docs", "records", "entries")


def records(source: str, text: str, *, lines: bool | None = None, url: str | None = None,
            meta: dict[str, Any] | None = None) -> Iterator[RawDocument | Failure]:
    """Yield one document per JSON object; a bad line or object is its own failure.

    ``lines=None`` reads one JSON value and falls back to JSON Lines when the
    text is several values one per line.
    """
    if lines is None:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            if _looks_like_lines(text):
                yield from records(source, text, lines=True, url=url, meta=meta)
            else:
                yield Failure(source, f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
            return
        objs = _objects(value)
        if objs is None:
            yield Failure(source, "JSON holds no article objects (expected an object or a list of objects)")
            return
        many = len(objs) > 1 or isinstance(value, list)
        for i, obj in enumerate(objs, 1):
            src = f"{source}#{i}" if many else source
            if not isinstance(obj, dict):  # one stray value in a list is its own failure
                yield Failure(src, f"item {i} is not a JSON object")
                continue
            yield _document(src, obj, meta)
        return
    n = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        n += 1
        src = f"{source}#{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(src, f"malformed JSON on line {lineno} ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield Failure(src, f"line {lineno} is not a JSON object")
            continue
        yield _document(src, obj, meta)
    if n == 0:
        yield Failure(source, "empty (no JSON lines)")


def _looks_like_lines(text: str) -> bool:
    rows = [r for r in text.splitlines() if r.strip()]
    return len(rows) > 1 and all(r.lstrip().startswith("{") for r in rows[:3])


def _objects(value: Any) -> list[Any] | None:
    """The article objects in ``value``: a list holding at least one object (its
    other items are reported one by one), a known container key, or the object itself."""
    if isinstance(value, dict):
        for key in _CONTAINERS:
            inner = value.get(key)
            if isinstance(inner, list) and any(isinstance(x, dict) for x in inner):
                return inner
        return [value]
    if isinstance(value, list) and any(isinstance(x, dict) for x in value):
        return value
    return None


def pick(obj: dict[str, Any], field: str) -> Any:
    """The first non-empty value among the accepted keys for ``field``."""
    for key in FIELDS[field]:
        v = obj.get(key)
        if v not in (None, "", [], {}):
            return v
    return None


def object_document(source: str, obj: dict[str, Any], meta: dict[str, Any] | None = None) -> RawDocument | Failure:
    """One article object (a JSON object, a Parquet row) as a raw document, or why it is none."""
    return _document(source, obj, meta)


def _document(source: str, obj: dict[str, Any], meta: dict[str, Any] | None) -> RawDocument | Failure:
    text, html = pick(obj, "text"), pick(obj, "html")
    out: dict[str, Any] = dict(meta or {})
    for field in ("title", "published", "outlet", "language"):
        v = _scalar(pick(obj, field))
        if v:
            out[field] = v
    if out.get("published"):
        out["published_from"] = "json"
    authors = _authors(pick(obj, "authors"))
    if authors:
        out["authors"] = authors
    link = _scalar(pick(obj, "url"))
    if isinstance(text, str) and text.strip():
        kind = "html" if _is_markup(text) else "json"
        return RawDocument(source=source, kind=kind, content=text, url=link, meta=out)
    if isinstance(html, str) and html.strip():
        return RawDocument(source=source, kind="html", content=html, url=link, meta=out)
    return Failure(source, "JSON object has no article text (looked for: "
                   + ", ".join(FIELDS["text"] + FIELDS["html"]) + ")")


def _scalar(v: Any) -> str | None:
    if isinstance(v, dict):
        v = v.get("name") or v.get("@value") or v.get("value")
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, int | float) and not isinstance(v, bool):
        return str(v)
    return v.strip() if isinstance(v, str) and v.strip() else None


def _authors(v: Any) -> list[str]:
    if v is None:
        return []
    items = v if isinstance(v, list) else [v]
    out = []
    for item in items:
        name = _scalar(item)
        if name and name not in out:
            out.append(name)
    return out


def _is_markup(text: str) -> bool:
    head = text[:3000].lower()
    return sum(head.count(t) for t in ("<p>", "<p ", "<div", "<br", "</p>", "<article")) >= 2
