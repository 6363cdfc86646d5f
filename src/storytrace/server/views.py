"""HTML views of the web app: the briefing's templates, over paginated reads of the store."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..report.briefing import Briefing
from ..report.render import Links, render
from .data import ArticleFilter, Reader, hits
from .errors import ApiError

__all__ = ["error_page", "router"]

router = APIRouter(include_in_schema=False)
LINKS = Links(server=True)
Text = Annotated[str | None, Query(max_length=500)]
PageQ = Annotated[int, Query(ge=1, le=1_000_000)]
IdPath = Annotated[str, PathParam(max_length=200)]


def _reader(request: Request) -> Reader:
    reader: Reader = request.app.state.reader
    return reader


def _html(template: str, b: Briefing, **ctx: Any) -> HTMLResponse:
    return HTMLResponse(render(template, b, LINKS, **ctx))


def error_page(status: int, message: str) -> str:
    return render("error.html.j2", Briefing({}), LINKS, status=status, message=message)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    r = _reader(request)
    with r.store() as s:
        snap = r.snapshot(s)
    return _html("overview.html.j2", snap.briefing, o=snap.overview)


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, q: Text = None, outlet: Text = None, date_from: date | None = None,
             date_to: date | None = None, story: Text = None, flag: Text = None,
             page: PageQ = 1) -> HTMLResponse:
    f = ArticleFilter(q, outlet, date_from.isoformat() if date_from else None,
                      date_to.isoformat() if date_to else None, story, flag)
    r = _reader(request)
    with r.store() as s:
        snap = r.snapshot(s)
        result = r.articles(s, f, page, 25)
    return _html("articles.html.j2", snap.briefing, result=result, f=f, q=q or "", hits=hits,
                 outlets=[n for n, _ in snap.overview["outlets"]],
                 flag_kinds=[k for k, _ in snap.overview["flags"]])


@router.get("/favicon.ico")
def favicon() -> Response:
    """No icon (browsers ask for one; a 404 would be noise in their consoles)."""
    return Response(status_code=204)


@router.get("/search")
def search(q: Text = None) -> RedirectResponse:
    return RedirectResponse(LINKS.articles(q=q), status_code=303)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: IdPath) -> HTMLResponse:
    r = _reader(request)
    with r.store() as s:
        snap = r.snapshot(s)
        rec = r.article(s, article_id)
        if rec is None:
            raise ApiError(404, f"no article {article_id!r}")
        partners = [str(x.get(k)) for x in snap.briefing.reuse_of.get(article_id, [])
                    for k in ("source_id", "copy_id")]
        b = snap.briefing.overlay([rec, *r.full_records(s, [p for p in partners if p != article_id])])
    return _html("article.html.j2", b, a=rec)


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, page: PageQ = 1) -> HTMLResponse:
    r = _reader(request)
    with r.store() as s:
        b = r.snapshot(s).briefing
    per = 20
    return _html("stories.html.j2", b, items=b.stories[(page - 1) * per: page * per], page=page,
                 pages=max(1, -(-len(b.stories) // per)))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: IdPath) -> HTMLResponse:
    b, st = _reader(request).story(story_id)
    if st is None:
        raise ApiError(404, f"no story {story_id!r}")
    return _html("story.html.j2", b, st=st)


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, page: PageQ = 1) -> HTMLResponse:
    r = _reader(request)
    with r.store() as s:
        b = r.snapshot(s).briefing
    per = 20
    view = b.with_sections(quote_groups=b.quote_groups[(page - 1) * per: page * per],
                           single_quotes=page == 1)
    return _html("quotes.html.j2", view, page=page, pages=max(1, -(-len(b.quote_groups) // per)))


@router.get("/figures", response_class=HTMLResponse)
def figures(request: Request, page: PageQ = 1) -> HTMLResponse:
    r = _reader(request)
    with r.store() as s:
        b = r.snapshot(s).briefing
    per = 20
    view = b.with_sections(figure_series=b.figure_series[(page - 1) * per: page * per])
    return _html("figures.html.j2", view, page=page, pages=max(1, -(-len(b.figure_series) // per)))

