"""Estimated event dates for undated articles, from evidence across articles.

Why: an article that prints no date still says *something* about when: the
weekday its events fall on ("on Monday", "On Sunday" the day before), the
story it belongs to (other articles report the same events on a known day),
the storyline it is linked into (stories are only linked within a window of
days), and its figures (in a count that grows over time, "more than 127,000"
comes before a "130,000" reported on 13 Feb). Each piece of evidence is a
*bound*: an earliest and/or latest possible day. Bounds are intersected,
strongest first (a bound that contradicts stronger ones is dropped and said
so), then narrowed to the article's weekday. The result is a single day only
when the evidence leaves one; otherwise an interval. It is always an
estimate, and its evidence is kept in words; nothing here is a published date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from ..isodates import parse_iso_date
from .dates import find_time_expressions
from .series import FigureSeries

__all__ = ["Bound", "DateEstimate", "combine_bounds", "relative_structure", "series_bounds",
           "storyline_bound"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: How much a kind of evidence is trusted when bounds contradict each other (higher wins).
STRENGTH = {"story": 4, "own-date": 3, "series": 2, "storyline": 1}


@dataclass(slots=True)
class Bound:
    """The earliest and/or latest day an article's events can fall on, and why."""

    earliest: date | None
    latest: date | None
    kind: str  # story | own-date | series | storyline
    evidence: str

    @property
    def strength(self) -> int:
        return STRENGTH.get(self.kind, 0)


@dataclass(slots=True)
class DateEstimate:
    """An estimated event date: one day (``date``) or an interval (``earliest``..``latest``, either open)."""

    date: str | None
    earliest: str | None
    latest: str | None
    weekday: str | None
    evidence: list[str] = field(default_factory=list)

    @property
    def bounded(self) -> bool:
        return bool(self.date or self.earliest or self.latest)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _on_or_after(d: date, weekday: int) -> date:
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def _on_or_before(d: date, weekday: int) -> date:
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def _span(lo: date | None, hi: date | None) -> str:
    if lo and hi:
        return f"between {lo} and {hi}" if lo != hi else f"on {lo}"
    if hi:
        return f"on or before {hi}"
    if lo:
        return f"on or after {lo}"
    return "at an unknown time"


def combine_bounds(bounds: Iterable[Bound], weekday: str | None) -> DateEstimate:
    """Intersect ``bounds`` (strongest first), narrow to ``weekday``; a day only if one is left."""
    lo: date | None = None
    hi: date | None = None
    evidence: list[str] = []
    for b in sorted(bounds, key=lambda b: -b.strength):
        nlo = max(d for d in (lo, b.earliest) if d) if (lo or b.earliest) else None
        nhi = min(d for d in (hi, b.latest) if d) if (hi or b.latest) else None
        if nlo and nhi and nlo > nhi:
            evidence.append(f"ignored, contradicts stronger evidence ({_span(lo, hi)}): {b.evidence}")
            continue
        lo, hi = nlo, nhi
        evidence.append(b.evidence)
    wd = WEEKDAYS.index(weekday) if weekday in WEEKDAYS else None
    if wd is not None and (lo or hi):
        slo = _on_or_after(lo, wd) if lo else None
        shi = _on_or_before(hi, wd) if hi else None
        if slo and shi and slo > shi:
            evidence.append(f"the {weekday} its events fall on does not fit {_span(lo, hi)}; weekday not used")
        else:
            if (slo, shi) != (lo, hi):
                evidence.append(f"its events fall on a {weekday}: {_span(slo, shi)}")
            lo, hi = slo, shi
    if lo and hi and lo == hi:
        evidence.append(f"estimate: {lo} (estimated, not a published date)")
        return DateEstimate(lo.isoformat(), _iso(lo), _iso(hi), weekday, evidence)
    if lo or hi:
        n = ((hi - lo).days // (7 if wd is not None else 1) + 1) if lo and hi else None
        what = f"a {weekday}" if wd is not None else "a day"
        evidence.append(f"estimate: {what} {_span(lo, hi)}" + (f" ({n} possible days)" if n else "")
                        + "; no single day can be told (estimated, not a published date)")
    return DateEstimate(None, _iso(lo), _iso(hi), weekday, evidence)


def relative_structure(text: str, weekday: str | None, limit: int = 5) -> str | None:
    """The article's other time words as offsets from its events' weekday ("'On Sunday': 1 day before").

    They are resolved against a stand-in day of that weekday, so only their
    distance from it is used: that is what fixes the events' order.
    """
    if weekday not in WEEKDAYS:
        return None
    anchor = date(2001, 1, 1) + timedelta(days=WEEKDAYS.index(weekday))  # 2001-01-01 was a Monday
    parts: list[str] = []
    seen: set[str] = set()
    for t in find_time_expressions(text, anchor):
        if not t.deictic:
            continue
        if t.date:
            off = (date.fromisoformat(t.date) - anchor).days
            if off == 0:
                continue
            rel = f"{abs(off)} day{'s' if abs(off) != 1 else ''} {'before' if off < 0 else 'after'}"
        elif t.kind == "week" and t.earliest:
            off = (date.fromisoformat(t.earliest) - anchor).days
            rel = ("the seven days before" if "past" in t.text.lower() else "the week before") if off < -6 \
                else "the week after" if off > 0 else "the same week"
        else:
            continue
        key = t.text.lower()
        if key in seen:
            continue
        seen.add(key)
        parts.append(f"'{t.text}' {rel}")
    if not parts:
        return None
    return f"relative to that {weekday}: " + ", ".join(parts[:limit])


def storyline_bound(story_id: str, links: Sequence[dict[str, object]],
                    story_days: dict[str, tuple[str | None, str | None]], window_days: int) -> Bound | None:
    """Bound from the dated stories an undated story is linked to in its storyline.

    Stories are linked into a storyline only when their dates are at most
    ``window_days`` apart; a story without a date was linked by its
    participants alone. Assuming it would still be linked were its date
    known, it lies within ``window_days`` of every dated story it is linked to.
    """
    lo: date | None = None
    hi: date | None = None
    named: list[str] = []
    for link in links:
        pair = link.get("stories")
        if not isinstance(pair, list) or story_id not in pair:
            continue
        other = next((str(s) for s in pair if s != story_id), None)
        start, end = story_days.get(other or "", (None, None))
        s, e = parse_iso_date(start), parse_iso_date(end or start)
        if other is None or s is None or e is None:
            continue
        lo = max(lo, e - timedelta(days=window_days)) if lo else e - timedelta(days=window_days)
        hi = min(hi, s + timedelta(days=window_days)) if hi else s + timedelta(days=window_days)
        named.append(f"{other} ({s}{'' if s == e else f' to {e}'})")
    if not named or lo is None or hi is None or lo > hi:
        return None
    return Bound(lo, hi, "storyline", f"its story is linked in the storyline to dated stories {', '.join(named)}; "
                 f"stories are linked only within {window_days} days of each other, so assumed {_span(lo, hi)}")


def _trend(points: list[tuple[date, float]]) -> int:
    """+1 for a count that only grows over time, -1 for one that only falls, 0 otherwise."""
    pts = sorted(points)
    if len({d for d, _ in pts}) < 2 or pts[0][1] == pts[-1][1]:
        return 0
    if all(a[1] <= b[1] for a, b in pairwise(pts) if a[0] < b[0]):
        return 1
    if all(a[1] >= b[1] for a, b in pairwise(pts) if a[0] < b[0]):
        return -1
    return 0


def series_bounds(series: Sequence[FigureSeries], undated: set[str]) -> dict[str, list[Bound]]:
    """Bounds for undated articles from their figures' place in a series that only grows (or falls).

    In a growing count, a figure below one reported on day D is likely from
    on or before D, and one above a figure reported on day D from on or
    after D. References are figures with a known day (an undated article's
    point estimate included, marked so); a dated "before D" figure counts as
    on or before D. Figures already given a day are not bounded again.
    """
    out: dict[str, list[Bound]] = {}
    for s in series:
        # References: figures with a known day (a point estimate of another undated article counts,
        # and says so); a dated "before D" figure counts as on or before D.
        ref = [m for m in s.members if m.as_of or (m.as_of_latest and m.article_id not in undated)]
        points = [(d, m.value) for m in ref if (d := parse_iso_date(m.as_of))]
        trend = _trend(points)
        if not trend:
            continue
        word = "grows" if trend > 0 else "falls"
        shown = ", ".join(f"{m.text} on {m.as_of}{' (estimated)' if m.as_of_estimated else ''}"
                          for m in sorted(ref, key=lambda m: m.as_of or "") if m.as_of)
        for f in s.members:
            if f.article_id not in undated or f.as_of or f.as_of_from == "before":
                continue
            others = [m for m in ref if m.article_id != f.article_id]
            later = [(d, m) for m in others if (d := parse_iso_date(m.as_of or m.as_of_latest))
                     and (m.value - f.value) * trend > 0]
            earlier = [(d, m) for m in others if (d := parse_iso_date(m.as_of))
                       and (f.value - m.value) * trend > 0]
            if later:
                d, m = min(later, key=lambda x: x[0])
                when = f"reported on {m.as_of}" if m.as_of else f"dated before {d}"
                out.setdefault(f.article_id, []).append(Bound(None, d, "series", (
                    f"figure series '{s.object}' {word} over time ({shown}); this article's '{f.text}' is "
                    f"{'below' if trend > 0 else 'above'} the {m.text} {when} (article {m.article_id}), "
                    f"so likely on or before {d}")))
            if earlier:
                d, m = max(earlier, key=lambda x: x[0])
                out.setdefault(f.article_id, []).append(Bound(d, None, "series", (
                    f"figure series '{s.object}' {word} over time ({shown}); this article's '{f.text}' is "
                    f"{'above' if trend > 0 else 'below'} the {m.text} reported on {m.as_of} "
                    f"(article {m.article_id}), so likely on or after {d}")))
    return out
