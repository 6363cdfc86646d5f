"""The JSON API under ``/api``: read-only views of the store, and an opt-in write.

Every route documents its error responses (one shape, :mod:`.errors`), so the
OpenAPI schema at ``/api/openapi.json`` describes everything a client can get.
"""

from __future__ import annotations

import hmac
import threading
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, Field, field_validator

from .. import api as st_api
from ..articles import build_article
from ..articles.dates import parse_date
from ..errors import StorytraceError
from ..model import Failure, RawDocument
from ..report.briefing import as_list
from ..report.text import safe_url
from ..sources import SourceOptions, iter_documents
from .data import ArticleFilter, Reader, hits
from .errors import ERROR_RESPONSES, ApiError, ErrorResponse

__all__ = ["ArticleIn", "Settings", "router"]


class Settings(BaseModel):
    """What the app was started with (kept on ``app.state.settings``)."""

    allow_writes: bool = False
    token: str | None = None
    allow_fetch: bool = False


router = APIRouter(prefix="/api", tags=["api"], responses=ERROR_RESPONSES)

PageQ = Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number")]
PerPageQ = Annotated[int, Query(ge=1, le=200, description="items per page")]
Text = Annotated[str | None, Query(max_length=500)]


class ArticleSummary(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_from: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    word_count: int | None = None
    flags: list[str] = []
    story_id: str | None = None
    snippet: str | None = Field(None, description="search hit in context, matches in [brackets]")


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    total: int
    page: int
    per_page: int
    pages: int


class SectionPage(BaseModel):
    """A page of one export section (docs/schema.md describes the records)."""

    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int
    pages: int


class Count(BaseModel):
    name: str
    count: int


class Overview(BaseModel):
    articles: int
    outlets: list[Count]
    undated: int
    first: str | None
    last: str | None
    flags: list[Count]
    stories: int
    storylines: int
    reuse: int
    uncredited: int
    quotes: int
    altered_quotes: int
    figures: int
    conflicts: int


class ArticleIn(BaseModel):
    """An article to add: its text or HTML (or, only when fetching is enabled, just its URL)."""

    text: str | None = Field(None, max_length=5_000_000)
    html: str | None = Field(None, max_length=5_000_000)
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=500)
    published: str | None = Field(
        None, max_length=64,
        description="publication date: ISO (2022-02-17, 2022-02-17T09:00:00Z), RFC 2822 or written out")
    authors: list[Annotated[str, Field(max_length=500)]] = Field(default_factory=list, max_length=100)
    language: str | None = Field(None, max_length=16)

    @field_validator("published")
    @classmethod
    def _a_date(cls, value: str | None) -> str | None:
        """Refuse what is not a date: stored, it would silently become "undated"."""
        if value is not None and value.strip() and parse_date(value) is None:
            raise ValueError(f"{value[:64]!r} is not a date (send e.g. 2022-02-17 or "
                             "2022-02-17T09:00:00Z)")
        return value


class AddResult(BaseModel):
    status: str = Field(description="added, or skipped as a duplicate")
    id: str
    analyzed: bool = False


def _reader(request: Request) -> Reader:
    reader: Reader = request.app.state.reader
    return reader


def _page(items: list[Any], page: int, per_page: int) -> dict[str, Any]:
    total = len(items)
    chunk = items[(page - 1) * per_page: page * per_page]
    return {"items": chunk, "total": total, "page": page, "per_page": per_page,
            "pages": max(1, -(-total // per_page))}


@router.get("/overview", response_model=Overview, summary="Counts: articles, outlets, dates, flags, findings")
def overview(request: Request) -> dict[str, Any]:
    r = _reader(request)
    with r.store() as s:
        o = r.snapshot(s).overview
    return {**o, "outlets": [{"name": n, "count": c} for n, c in o["outlets"]],
            "flags": [{"name": n, "count": c} for n, c in o["flags"]]}


@router.get("/articles", response_model=ArticlePage, summary="Articles, filtered and paginated")
def list_articles(
    request: Request,
    q: Text = None,
    outlet: Text = None,
    date_from: Annotated[date | None, Query(description="published on or after (YYYY-MM-DD)")] = None,
    date_to: Annotated[date | None, Query(description="published on or before (YYYY-MM-DD)")] = None,
    story: Text = None,
    flag: Text = None,
    page: PageQ = 1,
    per_page: PerPageQ = 25,
) -> dict[str, Any]:
    f = ArticleFilter(q, outlet, date_from.isoformat() if date_from else None,
                      date_to.isoformat() if date_to else None, story, flag)
    return _bracketed(_reader(request), f, page, per_page)


@router.get("/search", response_model=ArticlePage, summary="Full-text search over titles and texts")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)],
           page: PageQ = 1, per_page: PerPageQ = 20) -> dict[str, Any]:
    return _bracketed(_reader(request), ArticleFilter(q=q), page, per_page)


def _bracketed(r: Reader, f: ArticleFilter, page: int, per_page: int) -> dict[str, Any]:
    """A page of articles, search hits in snippets marked with [brackets] (as ``storytrace search``)."""
    with r.store() as s:
        out = r.articles(s, f, page, per_page).as_dict()
    for item in out["items"]:
        if item.get("snippet"):
            item["snippet"] = "".join(f"[{t}]" if hit else t for hit, t in hits(item["snippet"]))
    return out


@router.get("/articles/{article_id}", response_model=dict[str, Any],
            summary="One article: metadata, text, flags, and its reuse, quotes and figures")
def get_article(request: Request, article_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    r = _reader(request)
    with r.store() as s:
        rec = r.article(s, article_id)
        if rec is None:
            raise ApiError(404, f"no article {article_id!r}")
        b = r.snapshot(s).briefing
        st = b.story_of.get(article_id)
        return {**rec, "story_id": st.get("id") if st else None,
                "reuse": b.reuse_of.get(article_id, []), "quotes": b.quotes_of.get(article_id, []),
                "figures": b.figures_of.get(article_id, [])}


def _section(name: str, summary: str) -> None:
    def handler(request: Request, page: PageQ = 1, per_page: PerPageQ = 50) -> dict[str, Any]:
        r = _reader(request)
        with r.store() as s:
            return _page(as_list(r.snapshot(s).sections.get(name)), page, per_page)

    handler.__name__ = f"list_{name}"
    router.add_api_route(f"/{name.replace('_', '-')}", handler, methods=["GET"],
                         response_model=SectionPage, summary=summary)


_section("stories", "Stories: groups of articles about one event, with evidence")
_section("storylines", "Storylines: stories that follow one another")
_section("reuse", "Reuse pairs: source, copy, kind, share, credit, aligned passages")
_section("quotes", "Quotations with speakers and offsets")
_section("quote_groups", "One quotation across articles, each instance verbatim or altered (with diffs)")
_section("figures", "Figures (numbers) claimed in articles")
_section("figure_series", "The same figure over time, with conflicts")
_section("timeline", "Dated events (estimated dates marked)")


@router.get("/stories/{story_id}", response_model=dict[str, Any], summary="One story with its reuse pairs")
def get_story(request: Request, story_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    b, st = _reader(request).story(story_id)
    if st is None:
        raise ApiError(404, f"no story {story_id!r}")
    return {**st, "reuse": b.story_reuse(st)}


_write_lock = threading.Lock()


@router.post(
    "/articles", response_model=AddResult, status_code=201,
    summary="Add an article (only when the server was started with writes enabled and a token)",
    responses={401: {"model": ErrorResponse, "description": "missing or wrong token"},
               403: {"model": ErrorResponse, "description": "writes (or fetching) are disabled"}},
)
def add_article(
    request: Request,
    body: ArticleIn,
    authorization: Annotated[str | None, Header(max_length=1000)] = None,
    analyze: Annotated[bool, Query(description="run the analyses after adding")] = False,
) -> dict[str, Any]:
    settings: Settings = request.app.state.settings
    if not settings.allow_writes or not settings.token:
        raise ApiError(403, "this server is read-only (start it with writes enabled and a token)",
                       "writes_disabled")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), settings.token.encode()):
        raise ApiError(401, "missing or wrong token (send Authorization: Bearer <token>)")
    doc = _document(body, settings)
    try:
        article = build_article(doc)
    except StorytraceError as exc:
        raise ApiError(422, f"could not build an article: {exc}", "unreadable") from exc
    with _write_lock:
        store = st_api.open_store(_reader(request).path)
        try:
            run = store.start_run("serve", ["POST /api/articles"])
            status, ident = store.add_article(article, run)
            store.finish_run(run, "ok")
            if analyze:
                st_api.update(store)
        finally:
            store.close()
    return {"status": status, "id": ident, "analyzed": analyze}


def _document(body: ArticleIn, settings: Settings) -> RawDocument:
    """The posted fields as a raw document; a bare URL is fetched only when that is enabled."""
    meta = {k: v for k, v in {"title": body.title, "outlet": body.outlet, "published": body.published,
                              "authors": body.authors, "language": body.language}.items() if v}
    url = safe_url(body.url) if body.url else None
    if body.url and url is None:
        raise ApiError(422, "url must be an absolute http(s) URL")
    if body.text or body.html:
        kind, content = ("html", body.html) if body.html else ("text", body.text)
        return RawDocument(source=url or "api", kind=kind, content=content or "", url=url, meta=meta)
    if url is None:
        raise ApiError(422, "send text, html or url")
    if not settings.allow_fetch:
        raise ApiError(403, "this server does not fetch URLs (send the text or HTML instead)",
                       "fetch_disabled")
    for item in iter_documents([url], SourceOptions(fetch=True)):
        if isinstance(item, Failure):
            raise ApiError(422, f"could not read {url}: {item.reason}", "unreadable")
        item.meta.update(meta)
        return item
    raise ApiError(422, f"nothing readable at {url}", "unreadable")
