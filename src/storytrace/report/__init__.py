"""The self-contained HTML briefing: one offline file an editor can open anywhere.

``render_report(export_dict)`` is the entry point (``storytrace report`` and
the last step of ``storytrace analyze`` call it). The views are Jinja2
templates shared with the web app (:mod:`storytrace.server`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .briefing import Briefing
from .render import Links, anchor, render

__all__ = ["LIMITS", "Briefing", "Limits", "render_report"]


@dataclass(frozen=True)
class Limits:
    """How much the briefing shows before it folds, caps and names ``storytrace serve`` for the rest.

    Chosen so that a briefing of 1,000 articles stays under 4 MB and opens in
    well under 2 s (benchmarks/report.py); each cap is said on the page with a
    count of what it left out.
    """

    findings: int = 20  # items per kind of finding
    stories: int = 20  # stories drawn with their provenance graph
    story_rows: int = 2000  # further stories, listed (each a link target)
    timeline_rows: int = 30  # storylines in the timeline chart
    events: int = 100  # rows of the timeline of events
    article_rows: int = 2000  # rows of the article table
    full_views: int = 40  # articles given in full (text, highlights, passages)
    quote_groups: int = 40
    single_quotes: int = 200
    series: int = 25


LIMITS = Limits()
_ARTICLE_LINK = re.compile(r'href="#(a-[A-Za-z0-9_-]+)"')


def render_report(data: dict[str, Any], limits: Limits = LIMITS) -> str:
    """Render the export as one offline HTML page (every article-derived string escaped).

    Every article linked from the page has a view in it, and a story is linked
    only where the page draws or lists it. Beyond
    ``limits.article_rows`` articles, only those are given one (the page is
    rendered once without views to find them), so the briefing stops growing
    with articles nobody can reach from it.
    """
    b = Briefing(data)
    b.listed_stories = {str(s.get("id")) for s in b.ranked_stories()[:limits.stories + limits.story_rows]}
    links = Links(server=False)
    linked: set[str] | None = None
    if len(b.articles) > limits.article_rows:
        first = render("report.html.j2", b, links, csp_meta=True, limits=limits, linked=set())
        ids = {anchor("a", a["id"]): a["id"] for a in b.articles}
        linked = {ids[m] for m in _ARTICLE_LINK.findall(first) if m in ids}
    return render("report.html.j2", b, links, csp_meta=True, limits=limits, linked=linked)
