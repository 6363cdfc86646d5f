"""Time expressions in an article's text, resolved against its published date.

Why: two articles about the same kind of event (two earthquakes, two rehab
check-ins) share almost every word; *when* it happened is what tells them
apart. News text dates its events relative to publication ("on Thursday",
"yesterday"), so a weekday becomes a calendar day only when the published
date is known. Nothing is invented: without a published date a weekday stays
a weekday, and an article without any date has no event day.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..isodates import parse_iso_date

__all__ = ["TimeMentions", "event_weekday", "find_time_mentions", "parse_iso_date"]

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november",
         "dec december"]
    )
    for m in names.split()
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MDY = re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*((?:19|20)\d\d)\b)?", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\b(?:\s*,?\s*((?:19|20)\d\d)\b)?", re.I)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH_RE}\s+((?:19|20)\d\d)\b", re.I)
_YEAR = re.compile(r"(?<![\d.,$£€-])\b((?:19|20)\d\d)\b(?![\d%-])")
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_RELATIVE = re.compile(r"\b(yesterday|today|tonight|tomorrow|last night|this morning)\b", re.I)
_RELATIVE_DAYS = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0,
                  "this morning": 0, "tomorrow": 1}


@dataclass(slots=True)
class TimeMentions:
    """What an article says about time.

    ``days``: calendar days (ISO) named outright or resolved from weekdays and
    relative words against the published date, with how often each occurs;
    ``weekdays``: weekday names that could not be resolved (no published date);
    ``years`` and ``months`` (``YYYY-MM``) named in the text;
    ``event_day``: the day the article most talks about, or ``None``.
    """

    days: Counter[str] = field(default_factory=Counter)
    weekdays: Counter[str] = field(default_factory=Counter)
    years: Counter[str] = field(default_factory=Counter)
    months: Counter[str] = field(default_factory=Counter)
    event_day: str | None = None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_time_mentions(text: str, published: str | None = None) -> TimeMentions:
    """Dates, weekdays, relative days and years in ``text``, resolved where possible."""
    pub = parse_iso_date(published)
    out = TimeMentions()
    for m in _YEAR.finditer(text):
        out.years[m.group(1)] += 1
    # A year-less "May 3" takes the published year, else the one year the text names.
    default_year = pub.year if pub else (int(out.years.most_common(1)[0][0]) if len(out.years) == 1 else None)
    full: Counter[str] = Counter()
    for rx, day_first in ((_MDY, False), (_DMY, True)):
        for m in rx.finditer(text):
            mon_s, day_s = (m.group(2), m.group(1)) if day_first else (m.group(1), m.group(2))
            year = int(m.group(3)) if m.group(3) else default_year
            month = _MONTHS.get(mon_s.lower().rstrip(".")[:3]) or _MONTHS.get(mon_s.lower().rstrip("."))
            if year is None or month is None:
                continue
            d = _safe_date(year, month, int(day_s))
            if d is not None:
                full[d.isoformat()] += 1
    for m in _ISO.finditer(text):
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d is not None:
            full[d.isoformat()] += 1
    for m in _MONTH_YEAR.finditer(text):
        month = _MONTHS.get(m.group(1).lower().rstrip(".")[:3])
        if month:
            out.months[f"{m.group(2)}-{month:02d}"] += 1
    out.days.update(full)
    for day in full:
        out.months[day[:7]] += 0  # known, without double counting
    relative: Counter[str] = Counter()
    for m in _WEEKDAY.finditer(text):
        name = m.group(1).lower()
        if pub is None:
            out.weekdays[name] += 1
            continue
        back = (pub.weekday() - _WEEKDAYS.index(name)) % 7
        relative[(pub - timedelta(days=back)).isoformat()] += 1
    for m in _RELATIVE.finditer(text):
        if pub is not None:
            relative[(pub + timedelta(days=_RELATIVE_DAYS[m.group(1).lower()])).isoformat()] += 1
    out.days.update(relative)
    out.event_day = _event_day(relative, full, pub)
    return out


def _event_day(relative: Counter[str], full: Counter[str], pub: date | None) -> str | None:
    """The day most talked about, anchored to publication: news narrates the
    event relative to its own date ("on Thursday", "yesterday"). Outright dates
    in the text are kept as features but do not name the event day: they are as
    often background ("released in September 2010") as the event (measured on ECB+)."""
    if relative:
        top = max(relative.values())
        return max(d for d, n in relative.items() if n == top)
    return pub.isoformat() if pub else None


def event_weekday(mentions: TimeMentions) -> str | None:
    """The weekday of the event day, else the weekday name the text uses most."""
    if mentions.event_day:
        return _WEEKDAYS[date.fromisoformat(mentions.event_day).weekday()]
    if mentions.weekdays:
        top = max(mentions.weekdays.values())
        return min(w for w, n in mentions.weekdays.items() if n == top)
    return None
