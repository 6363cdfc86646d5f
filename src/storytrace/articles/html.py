"""HTML pages: trafilatura for the body and metadata, htmldate for the publication date.

Why these settings (measured on the extraction benchmark's development
pages, see docs/ingest.md): ``favor_precision`` drops the link lists and
teasers trafilatura otherwise keeps; comments are never the article; and
the extracted text then goes through the same line-level clutter pass as
plain text (:mod:`.layout`), which removes what survives (share bars, ad
markers, "Related Articles"). htmldate's fast mode reads only markup
(meta tags, JSON-LD, ``<time>``) and the URL, never the free text, so a
page's today's-date bar cannot become a publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from .dates import FULL_DATE, date_from_url, parse_date

__all__ = ["EXTRACT_OPTIONS", "HtmlPage", "extract_html"]

#: The trafilatura options storytrace uses (the benchmark compares them with trafilatura's defaults).
EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "deduplicate": False,
}


@dataclass
class HtmlPage:
    """What a page says about itself, besides its text."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    canonical_url: str | None = None
    published: str | None = None
    published_from: str = "none"
    page_date: str | None = None  # a date shown only in the page's chrome (today's-date bar)
    evidence: dict[str, Any] = field(default_factory=dict)


def extract_html(html: str, url: str | None = None) -> HtmlPage:
    """Body text and metadata of one HTML page (empty text if no article body was found)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        text = _fallback_text(html)
    page = HtmlPage(text=text)
    if doc is None:
        return page
    page.title = _clean(getattr(doc, "title", None))
    page.site_name = _clean(getattr(doc, "sitename", None))
    page.authors = [a.strip() for a in re.split(r";|\s+and\s+", getattr(doc, "author", None) or "")
                    if a.strip()]
    canonical = getattr(doc, "url", None)
    if canonical and urlparse(canonical).scheme in ("http", "https"):
        page.canonical_url = canonical
    page.published, page.published_from, page.page_date = _published(html, url or canonical)
    if page.site_name:
        page.evidence["site_name"] = "HTML metadata (og:site_name / publisher)"
    return page


#: Page furniture that shows *today's* date (date bars, weather, tickers) and must not date the article.
_CHROME_XPATH = (
    "//header|//nav|//footer|//aside|//*[contains(@class, 'weather') or contains(@id, 'weather')"
    " or contains(@class, 'date-bar') or contains(@class, 'datebar') or contains(@class, 'topbar')"
    " or contains(@class, 'top-bar') or contains(@class, 'masthead') or contains(@class, 'ticker')"
    " or contains(@class, 'today') or contains(@id, 'today') or contains(@class, 'current-date')]"
)
_META_DATE = re.compile(
    r"""(?:<meta[^>]+(?:published|pubdate|publish[_-]?date|date\.issued|dc\.date|"""
    r"""sailthru\.date|parsely-pub-date)[^>]*content=["']?|"datePublished"\s*:\s*"|"""
    r"""<time[^>]+datetime=["']?)((?:19|20)\d\d-\d\d-\d\d)""", re.I)


def _published(html: str, url: str | None) -> tuple[str | None, str, str | None]:
    """``(published, published_from, page_date)`` from markup and the URL, never from prose.

    The page's chrome (header, nav, date bar, weather, footer) is cut away
    before htmldate looks, and a date found only there becomes the page date.
    """
    from htmldate import find_date

    tree = _tree(html)
    page_date = None
    if tree is not None:
        for el in tree.xpath(_CHROME_XPATH):
            if page_date is None:
                m = FULL_DATE.search(el.text_content() or "")
                page_date = parse_date(m.group(0)) if m else None
            if el.getparent() is not None:
                el.drop_tree()
    try:
        found = find_date(tree if tree is not None else html, url=url, extensive_search=False,
                          original_date=True)
    except (ValueError, TypeError):
        found = None
    day = parse_date(found)
    if day is None:
        return None, "none", page_date
    in_meta = {m.group(1) for m in _META_DATE.finditer(html)}
    source = "html-meta" if day in in_meta or day != date_from_url(url) else "url"
    return day, source, page_date


def _tree(html: str) -> Any:
    try:
        import lxml.html

        return lxml.html.fromstring(html)
    except Exception:  # lxml's ParserError on empty or broken documents
        return None


def _fallback_text(html: str) -> str:
    """Paragraph text for fragments trafilatura declines (short feed items)."""
    root = _tree(html)
    if root is None:
        return ""
    for bad in root.xpath("//script|//style|//nav|//footer|//header|//aside|//form"):
        bad.drop_tree()
    blocks = [b.text_content().strip() for b in root.xpath("//p|//h2|//h3|//li|//blockquote")]
    blocks = [b for b in blocks if b]
    if not blocks:
        body = root.text_content() if root is not None else ""
        return re.sub(r"[ \t]+", " ", body).strip()
    return "\n\n".join(blocks)


def _clean(s: str | None) -> str | None:
    s = re.sub(r"\s+", " ", s or "").strip()
    return s or None
