"""Articles: clean text and metadata from a raw document (pure functions).

``build_article(RawDocument) -> Article`` is the one entry point. It reads
the body (HTML through :mod:`.html`, text as is), runs the layout pass of
:mod:`.layout` (page header, title, byline, clutter, credits, bio), marks
embedded social posts (:mod:`.social`), identifies the language
(:mod:`.language`) and settles each metadata field from the most direct
evidence available, recording which evidence that was.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlparse

from ..errors import SourceError
from ..model import Article, Flag, RawDocument
from .bylines import parse_byline
from .dates import date_from_url, parse_date
from .html import HtmlPage, extract_html
from .language import detect_language
from .layout import Layout, parse_layout
from .social import find_embedded_posts

__all__ = ["build_article", "content_hash"]

#: Fewer words than this is not an article (a teaser, an error page, a cookie wall).
MIN_WORDS = 5


def content_hash(text: str) -> str:
    """Hash of the normalised text: the same article stored twice is found by it."""
    norm = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def build_article(doc: RawDocument) -> Article:
    """Build a clean :class:`Article` from one raw document.

    Raises :class:`SourceError` when no article text is left (empty file,
    page without a body, only clutter).
    """
    meta = doc.meta or {}
    page = extract_html(doc.content, doc.url) if doc.kind == "html" else None
    body = page.text if page is not None else doc.content
    title_hint = meta.get("title") or (page.title if page else None)
    layout = parse_layout(body, title_hint=title_hint)
    text = layout.text
    if not text.strip():
        raise SourceError(doc.source, "no article text" + (" found in the page" if page else ""))
    if len(text.split()) < MIN_WORDS:
        raise SourceError(doc.source, f"too short to be an article ({len(text.split())} words)")
    h = content_hash(text)
    article = Article(id=h[:12], source=doc.source, text=text, url=doc.url, content_hash=h,
                      word_count=len(text.split()), kind=doc.kind)
    evidence: dict[str, Any] = {}
    _metadata(article, meta, layout, page, evidence)
    article.language, article.language_score = detect_language(text)
    article.boilerplate_removed = [r["line"] for r in layout.removed]
    if layout.removed:
        evidence["boilerplate"] = layout.removed
    if meta.get("encoding"):
        evidence["encoding"] = meta["encoding"]
    article.embedded = find_embedded_posts(text)
    for post in article.embedded:
        article.flags.append(Flag("embedded-social-post", evidence={
            **post, "text": text[post["start"]:post["end"]]}))
    if article.page_date and not article.published:
        article.flags.append(Flag("page-date-only", evidence={
            "page_date": article.page_date, "shown": evidence.get("page_date"),
            "why": "the only date known is the day the page was shown or captured, "
                   "which is not when the article was published"}))
    article.provenance = evidence
    return article


def _metadata(a: Article, meta: dict[str, Any], layout: Layout, page: HtmlPage | None,
              evidence: dict[str, Any]) -> None:
    """Settle each field from the most direct evidence, and say which it was."""
    a.title = meta.get("title") or (page.title if page else None) or layout.title
    if a.title:
        evidence["title"] = "container metadata" if meta.get("title") else \
            "HTML metadata" if page and page.title else layout.evidence.get("title")
    a.canonical_url = page.canonical_url if page else None
    a.site_name = page.site_name if page else None
    for day, why in ((layout.page_date, layout.evidence.get("page_date")),
                     (page.page_date if page else None, "date shown in the page header or footer"),
                     (parse_date(meta.get("capture_date")), "WARC capture date")):
        if day:
            a.page_date = day
            evidence["page_date"] = why
            break
    _published(a, meta, layout, page, evidence)
    _authors(a, meta, layout, page, evidence)
    a.credits = list(layout.credits)
    if layout.evidence.get("credits"):
        evidence["credits"] = layout.evidence["credits"]
    _outlet(a, meta, layout, evidence)


def _published(a: Article, meta: dict[str, Any], layout: Layout, page: HtmlPage | None,
               evidence: dict[str, Any]) -> None:
    candidates = [
        (parse_date(meta.get("published")), meta.get("published_from", "json"), meta.get("published")),
        (layout.published if layout.published_from == "header" else None, "header",
         layout.evidence.get("published")),
        (page.published if page else None, page.published_from if page else "none", "HTML markup"),
        (date_from_url(a.url), "url", a.url),
        (layout.published if layout.published_from == "text" else None, "text",
         layout.evidence.get("published")),
    ]
    for day, source, ev in candidates:
        if day:
            a.published, a.published_from = day, source
            evidence["published"] = {"from": source, "evidence": ev}
            return


def _authors(a: Article, meta: dict[str, Any], layout: Layout, page: HtmlPage | None,
             evidence: dict[str, Any]) -> None:
    given = meta.get("authors") or []
    names: list[str] = []
    for g in given:  # a JSON "byline" may be one string naming several people
        parsed = parse_byline(g if g.lower().startswith("by ") else f"By {g}")
        names.extend(parsed[0] if parsed else [g])
    for source, found, ev in (
        ("container metadata", names, given),
        (layout.authors_from or "text", layout.authors, layout.evidence.get("authors")),
        ("HTML metadata", page.authors if page else [], page.authors if page else None),
    ):
        if found:
            a.authors = list(dict.fromkeys(found))
            evidence["authors"] = {"from": source, "evidence": ev}
            return


def _outlet(a: Article, meta: dict[str, Any], layout: Layout, evidence: dict[str, Any]) -> None:
    host = urlparse(a.canonical_url or a.url or "").hostname
    for source, value, ev in (
        ("container metadata", meta.get("outlet"), meta.get("outlet")),
        (layout.outlet_from, layout.outlet, layout.evidence.get("outlet")),
        ("site name", a.site_name, a.site_name),
        ("url host", _host_name(host), host),
    ):
        if value:
            a.outlet = value
            evidence["outlet"] = {"from": source, "evidence": ev}
            return


def _host_name(host: str | None) -> str | None:
    if not host:
        return None
    return re.sub(r"^(www\d?|m|amp|edition|mobile)\.", "", host.lower())
