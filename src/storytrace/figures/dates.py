"""Time expressions resolved against an article's date, and each article's event date.

Why: news dates its events relative to publication ("on Monday", "yesterday",
"next week"), so a figure or event only gets a calendar date once those words
are resolved against the day the article was written. Nothing is invented: an
expression that cannot be resolved keeps ``date=None``, and a date guessed for
an undated article is always marked ``estimated`` with its evidence; it is
never written back as the published date.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..isodates import parse_iso_date

__all__ = [
    "EventDate",
    "TimeExpr",
    "anchor_date",
    "event_date",
    "find_time_expressions",
]

_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Ordered: the first pattern that claims a stretch of text wins it.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("absolute", re.compile(rf"\b(?:{_WD},?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?", re.I)),
    ("absolute", re.compile(rf"\b(?:{_WD},?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s+{_YEAR}\b)?", re.I)),
    ("absolute", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b")),
    ("month", re.compile(rf"\b(?:in\s+|last\s+|this\s+|next\s+)?{_MONTH}(?:\s+{_YEAR})?\b", re.I)),
    ("relative", re.compile(r"\b(?P<rel>yesterday|today|tonight|tomorrow|last night|this morning|this afternoon"
                            r"|this evening|earlier today)\b", re.I)),
    ("week", re.compile(r"\b(?P<wk>(?:earlier\s+|later\s+)?(?:last|this|next|previous|past|coming)\s+week(?:end)?)\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                       r"(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("weekday", re.compile(rf"\b(?P<pre>(?:last|next|this|on|by|until|since|from|early|late)\s+)?{_WD}\b"
                           r"(?P<part>\s+(?:morning|afternoon|evening|night))?", re.I)),
    ("day-of-month", re.compile(r"\bthe\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:century|anniversary|time|of\s+\w+\s+\d))", re.I)),
    ("year", re.compile(rf"(?<![\d.,$£€])\b(?:in|since|from|by|until|of|during|before|after)\s+{_YEAR}\b(?![\d%])", re.I)),
]
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_REL_DAYS = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "this morning": 0,
             "this afternoon": 0, "this evening": 0, "earlier today": 0, "tomorrow": 1}
#: Words before a weekday that point forward in time ("will meet on Friday").
_FUTURE_CUES = re.compile(r"\b(will|'ll|shall|is set to|are set to|plans? to|planned|intends?|intended|"
                          r"scheduled|slated|expected to|going to|next|upcoming|due to|would|might|ahead of|in advance of|"
                          r"before)\b", re.I)


@dataclass(slots=True)
class TimeExpr:
    """One time expression in a text: where it is, what kind, and the day(s) it means.

    ``date`` is the resolved day (ISO) or ``None``; ``earliest``/``latest``
    bound it when it names a stretch ("last week", "in March 2022").
    ``deictic`` expressions ("on Thursday", "yesterday", "next week") only make
    sense near the day of writing: they mark events reported as current.
    """

    start: int
    end: int
    text: str
    kind: str
    date: str | None = None
    earliest: str | None = None
    latest: str | None = None
    deictic: bool = False


@dataclass(slots=True)
class EventDate:
    """The day an article's events happen, how it was found, and whether it is a guess."""

    date: str | None
    estimated: bool
    evidence: list[str] = field(default_factory=list)
    weekday: str | None = None


def anchor_date(published: str | None) -> date | None:
    """The day relative expressions are counted from: the published date only.

    A page date (the day a page was captured) is not an anchor: relative words
    in a republished article refer to the original day, not the capture day.
    """
    return parse_iso_date(published)


def _month_num(name: str) -> int:
    n = name.lower().rstrip(".")
    for i, full in enumerate(_MONTH_NAMES):
        if full.startswith(n[:3]):
            return i + 1
    raise ValueError(name)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _future(text: str, start: int) -> bool:
    """Does the clause before ``start`` point forward in time?"""
    clause_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), start - 120)
    return bool(_FUTURE_CUES.search(text[clause_start + 1 : start]))


def _resolve(kind: str, m: re.Match[str], text: str, anchor: date | None) -> TimeExpr:
    g = m.groupdict()
    te = TimeExpr(m.start(), m.end(), m.group(0), kind)
    if kind == "absolute":
        month = int(g["mnum"]) if g.get("mnum") else _month_num(g["mon"])
        year = int(g["year"]) if g.get("year") else None
        if year is None and anchor is not None:
            year = anchor.year
            cand = _safe(year, month, int(g["day"]))
            if cand and (cand - anchor).days > 180:  # "December 30" in a January article
                year -= 1
        te.date = _iso(_safe(year, month, int(g["day"]))) if year else None
        te.deictic = not g.get("year") and bool(g.get("wd"))
    elif kind == "month":
        month = _month_num(g["mon"])
        year = int(g["year"]) if g.get("year") else (anchor.year if anchor else None)
        if year is not None:
            first = date(year, month, 1)
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            te.earliest, te.latest = first.isoformat(), (nxt - timedelta(days=1)).isoformat()
    elif kind == "relative":
        te.deictic = True
        if anchor is not None:
            te.date = _iso(anchor + timedelta(days=_REL_DAYS[g["rel"].lower()]))
    elif kind == "week":
        te.deictic = True
        wk = g["wk"].lower()
        if anchor is not None:
            monday = anchor - timedelta(days=anchor.weekday())
            shift = -7 if ("last" in wk or "previous" in wk or "past" in wk) else 7 if ("next" in wk or "coming" in wk) else 0
            if "past" in wk:  # "the past week": the seven days up to now
                te.earliest, te.latest = _iso(anchor - timedelta(days=7)), _iso(anchor)
            else:
                te.earliest = _iso(monday + timedelta(days=shift))
                te.latest = _iso(monday + timedelta(days=shift + 6))
    elif kind == "ago":
        n = _NUMBER_WORDS.get(g["n"].lower()) or int(g["n"]) if not g["n"].isdigit() else int(g["n"])
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[g["unit"].lower()] * n
        te.deictic = g["unit"].lower() in ("day", "week")
        if anchor is not None:
            te.date = _iso(anchor - timedelta(days=days))
    elif kind == "weekday":
        te.deictic = True
        wd = _WEEKDAYS.index(g["wd"].lower())
        pre = (g.get("pre") or "").strip().lower()
        if anchor is not None:
            forward = pre == "next" or (pre != "last" and _future(text, m.start()))
            if forward:
                delta = (wd - anchor.weekday()) % 7 or (7 if pre == "next" else 0)
                te.date = _iso(anchor + timedelta(days=delta))
            else:
                back = (anchor.weekday() - wd) % 7 or (7 if pre == "last" else 0)
                te.date = _iso(anchor - timedelta(days=back))
    elif kind == "day-of-month":
        te.deictic = True
        day = int(g["day"])
        if anchor is not None and 1 <= day <= 31:
            cands = [c for c in (_safe(anchor.year + (anchor.month + k - 1) // 12,
                                       (anchor.month + k - 1) % 12 + 1, day) for k in (-1, 0, 1)) if c]
            if cands:
                te.date = _iso(min(cands, key=lambda c: abs((c - anchor).days)))
    elif kind == "year":
        y = int(g["year"])
        te.earliest, te.latest = f"{y}-01-01", f"{y}-12-31"
    return te


def _is_name(text: str, m: re.Match[str], kind: str) -> bool:
    """Time words inside names: NBC's "Today", ABC's "This Week", "Saturday Night Live", "the 6th Circuit"."""
    word = m.group(0)
    before = text[max(0, m.start() - 2) : m.start()]
    after = text[m.end() : m.end() + 12]
    sentence_start = not before.strip() or (before.strip()[-1:] in ".!?\n\"“'’" and before.strip()[-1:] != ",")
    if kind == "day-of-month":
        return bool(re.match(r"\s+[A-Z]|-", after))
    if kind in ("relative", "week", "weekday") and word[:1].isupper() and before[-1:] in "“\"'‘" \
            and re.match(r"[.,]?[”\"'’]", after):
        return True  # a quoted title: NBC's “Today”
    if re.match(r"s\b", after):
        return True  # "Friday nights", "Sundays": a habit, not a day
    if kind in ("relative", "week") and word[:1].isupper() and not sentence_start:
        return True  # capitalised mid-sentence: a title ("Meet the Press", "Today", "This Week")
    if kind in ("relative", "week") and word.isupper() and len(word) > 3:
        return True  # USA TODAY
    return bool(re.match(r"\w+\s+(?:Night\s+Live|Morning\s+Futures|Night\s+Football)", text[m.start() : m.end() + 20]))


def find_time_expressions(text: str, anchor: date | None) -> list[TimeExpr]:
    """Every time expression in ``text``, resolved against ``anchor`` where one is known."""
    taken: list[tuple[int, int]] = []
    out: list[TimeExpr] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind == "month" and m.group("mon").lower() in ("may", "march") and not m.group("year") \
                    and not re.match(r"(in|last|this|next)\s", m.group(0), re.I):
                continue  # "may" the verb, "march" the noun
            if _is_name(text, m, kind):
                continue
            taken.append((m.start(), m.end()))
            out.append(_resolve(kind, m, text, anchor))
    out.sort(key=lambda t: t.start)
    return out


def event_date(text: str, published: str | None) -> EventDate:
    """The day an article's events happen.

    Dated article: the day its deictic expressions most often resolve to (news
    narrates the latest event relative to publication), else the published
    date. Undated article: an estimate from the latest full date it names,
    marked ``estimated``; if it names none, the weekday it most talks about is
    kept as evidence and the date stays ``None``.
    """
    anchor = anchor_date(published)
    exprs = find_time_expressions(text, anchor)
    if anchor is not None:
        days = Counter(t.date for t in exprs if t.deictic and t.date and t.kind in ("relative", "weekday"))
        if days:
            top = max(days.values())
            best = max(d for d, n in days.items() if n == top)
            said = sorted({t.text for t in exprs if t.date == best and t.deictic})
            ev = [f"{top} expression(s) resolve to {best} against published {anchor}: "
                  + ", ".join(repr(x) for x in said[:4])]
            return EventDate(best, False, ev)
        return EventDate(anchor.isoformat(), False, [f"published {anchor}"])
    full = [t for t in exprs if t.kind == "absolute" and t.date and re.search(r"\d{4}", t.text)]
    wds = Counter(t.text.split()[-1].lower() for t in exprs if t.kind == "weekday")
    weekday = wds.most_common(1)[0][0] if wds else None
    if full:
        latest = max(full, key=lambda t: t.date or "")
        ev = [f"latest full date named: '{latest.text}'"]
        if weekday:
            ev.append(f"most-named weekday: {weekday} ({wds[weekday]}×)")
        return EventDate(latest.date, True, ev, weekday)
    ev = [f"no date printed; most-named weekday: {weekday} ({wds[weekday]}×)"] if weekday else ["no date printed"]
    return EventDate(None, True, ev, weekday)


_SENT_END = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bGen)(?<!\bSen)"
                       r"(?<!\bRep)(?<!\bGov)(?<!\bNo)(?<!\bvs)[.!?][”\"’]?(?=\s+[A-Z“\"‘])|\n")


def sentence_around(text: str, pos: int) -> str:
    """The sentence of ``text`` around offset ``pos`` (by punctuation and line breaks, no parse)."""
    lo = 0
    for m in _SENT_END.finditer(text):  # the whole text: a sentence end's look-ahead may reach past pos
        if m.end() > pos:
            break
        lo = m.end()
    nxt = _SENT_END.search(text, pos)
    hi = nxt.end() if nxt else len(text)
    return text[lo:hi].strip()
