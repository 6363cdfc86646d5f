"""Stale republication: a page that presents old events as current.

Why: a copied article re-served months later, with only the site's
today's-date bar to date it, misleads a reader into taking old news as new.
The test needs three things, and the flag carries each as evidence:

1. the article's own date: its published date or, failing that, the date its
   page shows (``page_date``, the capture day);
2. the day its events happened, taken from the articles that report the same
   story with dates of their own (or from full dates in its own text);
3. proof that it reports them *as current*: deictic time words ("on
   Thursday", "next week", "yesterday") that only make sense near the events.

An article that looks back ("a year ago", "last year", "in February 2022",
"anniversary") names the old time outright and is not stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..isodates import parse_iso_date
from .dates import TimeExpr

__all__ = ["StaleResult", "check_stale", "page_date_from_text"]

#: Days between an article's date and its events before it counts as stale.
STALE_AFTER_DAYS = 60
_LOOK_BACK = re.compile(r"\b(a year ago|years ago|months ago|last year|anniversary|at the time|"
                        r"looking back|back in (?:19|20)\d\d|in retrospect|one year on|a year on|"
                        r"a year after|since then)\b", re.I)
_DATE_BAR = re.compile(r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
                       r"([A-Z][a-z]+\.?\s+\d{1,2},?\s+(?:19|20)\d\d|\d{1,2}\s+[A-Z][a-z]+\.?\s+(?:19|20)\d\d)\s*$")


@dataclass(slots=True)
class StaleResult:
    stale: bool
    evidence: dict[str, object] = field(default_factory=dict)


def page_date_from_text(text: str, head_lines: int = 6) -> tuple[str | None, str | None]:
    """A today's-date bar at the very top of a page ("Friday, March 31, 2023"), if any.

    Only used when the ingest layer left ``page_date`` empty: a bare weekday
    and full date alone on one of the first lines is the site's clock, not a
    publication date.
    """
    from .dates import find_time_expressions

    for line in text.split("\n")[:head_lines]:
        m = _DATE_BAR.match(line)
        if m:
            exprs = [t for t in find_time_expressions(line, None) if t.date]
            if exprs:
                return exprs[0].date, line.strip()
    return None, None


def check_stale(article_date: str | None, date_from: str, exprs: list[TimeExpr], text: str,
                story_event_dates: list[tuple[str, str]]) -> StaleResult:
    """Is an article dated ``article_date`` reporting events of ``story_event_dates`` as current?

    ``story_event_dates``: (event date, article id) of the *other* dated
    articles in its story. ``exprs`` are the article's own time expressions.
    """
    own = parse_iso_date(article_date)
    if own is None:
        return StaleResult(False)
    deictic = [t.text for t in exprs if t.deictic and t.kind in ("weekday", "relative", "week", "day-of-month")]
    if len(deictic) < 2:
        return StaleResult(False, {"reason": "no events reported as current"})
    look_back = _LOOK_BACK.search(text)
    if look_back:
        return StaleResult(False, {"reason": f"looks back: '{look_back.group(0)}'"})
    # Full dates in its own text whose year is given: the events' own days.
    named = [(t.date, "own text") for t in exprs if t.kind == "absolute" and t.date and re.search(r"\d{4}", t.text)
             and t.date != article_date]
    events = [(d, src) for d, src in [*story_event_dates, *named] if parse_iso_date(d)]
    if not events:
        return StaleResult(False, {"reason": "no dated account of the same events"})
    latest, src = max(events)
    gap = (own - (parse_iso_date(latest) or own)).days
    if gap <= STALE_AFTER_DAYS:
        return StaleResult(False, {"reason": f"{gap} days after its events"})
    # Does it name any year near the events? Then it knows they are past.
    years = {t.earliest[:4] for t in exprs if t.kind in ("year", "month") and t.earliest}
    if latest[:4] in years and not all(t.kind == "year" for t in exprs if t.earliest and t.earliest[:4] == latest[:4]):
        return StaleResult(False, {"reason": f"names {latest[:4]} outright: a look back"})
    return StaleResult(True, {
        "article_date": article_date,
        "date_from": date_from,
        "events_date": latest,
        "events_date_from": src,
        "days_after": gap,
        "reported_as_current": deictic[:6],
        "reason": f"its {'page shows' if date_from == 'page_date' else 'published date is'} {article_date}, "
                  f"{gap} days after the events of {latest} that it reports as current "
                  f"({', '.join(repr(x) for x in deictic[:3])})",
    })


