"""Plain-text article layout: header, byline, page header, title, body, credits, bio, page tail.

Why a layout pass: scraped and exported news text keeps the page around the
article as lines. Reading it top to bottom like an editor would -- the page
header (weather widget, today's-date bar), the title, the byline, the body,
the credit line, the author bio, then comment forms and link lists -- lets
each piece go to its metadata field (or away, as clutter) without ever
touching a sentence of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .bylines import Credit, looks_like_name, parse_bio, parse_byline, parse_credit
from .clutter import clutter_reason, is_prose, is_tail_marker, is_weather
from .dates import FULL_DATE, parse_date

__all__ = ["Layout", "parse_layout"]

_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
_DATELINE = re.compile(rf"^(?:(?:published|posted|updated|last updated|date)\s*(?:on)?:?\s*)?"
                       rf"({FULL_DATE.pattern})(?:\s*(?:at\s*)?\d{{1,2}}[:.]\d\d\s*(?:[ap]\.?m\.?)?"
                       rf"(?:\s*[A-Z]{{2,4}})?)?$", re.I)
_TITLE_END = (".", ",", ";", ":", "!")
#: ``WASHINGTON (AP) —`` / ``Hong Kong (CNN Business)`` opening the first paragraph: the wire or outlet.
_DATELINE_WIRE = re.compile(r"^(?P<place>[A-Z][\w.,'’ -]{1,40}?)\s\((?P<outlet>[A-Z][\w.&’' -]{0,30})\)"
                            r"\s*(?:[—–-]+\s*)?(?=[A-Z“\"])")


@dataclass
class Layout:
    """What the layout pass found; ``evidence`` says where each field came from."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_from: str | None = None  # byline | author-bio
    outlet: str | None = None
    outlet_from: str | None = None
    credits: list[str] = field(default_factory=list)
    published: str | None = None
    published_from: str = "none"
    page_date: str | None = None
    removed: list[dict[str, str]] = field(default_factory=list)  # {"line", "reason"}
    evidence: dict[str, Any] = field(default_factory=dict)


def parse_layout(raw: str, *, title_hint: str | None = None) -> Layout:
    """Split ``raw`` into clean body text and metadata (see :class:`Layout`)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    out = Layout(text="")
    m = _HEADER.match(text)
    if m:
        out.published, out.published_from = m.group(1), "header"
        out.evidence["published"] = m.group(0).strip()
        text = text[m.end():]
    lines = [ln.rstrip() for ln in text.split("\n")]
    drop: dict[int, str] = {}  # line index -> why it is clutter
    keep_out: set[int] = set()  # lines moved to metadata (title, byline, dateline)
    _head(lines, drop, keep_out, out, title_hint)
    for i, ln in enumerate(lines):
        if i not in drop and i not in keep_out:
            reason = clutter_reason(ln)
            if reason:
                drop[i] = reason
    _tail(lines, drop, keep_out)
    _credits(lines, drop, keep_out, out)
    _bio(lines, drop, keep_out, out)
    _wire_dateline(lines, drop, keep_out, out)
    out.removed = [{"line": lines[i].strip(), "reason": r} for i, r in sorted(drop.items())]
    body = [ln for i, ln in enumerate(lines) if i not in drop and i not in keep_out]
    out.text = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()
    return out


def _head(lines: list[str], drop: dict[int, str], keep_out: set[int], out: Layout,
          title_hint: str | None) -> None:
    """The lines before the first prose paragraph: widgets, date bar, title, byline."""
    head = []
    for i, ln in enumerate(lines):
        if is_prose(ln):
            break
        if ln.strip():
            head.append(i)
    chrome = False
    for i in head:
        if is_weather(lines[i]):
            drop[i] = "weather widget"
            chrome = True
            for j in _neighbours(head, i):  # the place name shown beside the temperature
                s = lines[j].strip()
                if j not in drop and _looks_like_place(s):
                    drop[j] = "weather widget"
                    break
    for i in head:
        if i in drop:
            continue
        s = lines[i].strip()
        byline = parse_byline(s) if not out.authors else None
        dm = _DATELINE.match(s)
        if byline:
            keep_out.add(i)
            out.authors, outlet = byline
            out.authors_from = "byline"
            out.evidence["authors"] = s
            if outlet:
                out.outlet, out.outlet_from = outlet, "byline"
                out.evidence["outlet"] = s
        elif dm:
            day = parse_date(dm.group(1))
            if chrome:
                # A site's today's-date bar beside its widgets dates the capture, not the article.
                drop[i] = "page header date"
                out.page_date = out.page_date or day
                out.evidence["page_date"] = s
            elif out.published is not None:
                keep_out.add(i)  # a dateline repeating what the header already says
            else:
                keep_out.add(i)
                out.published, out.published_from = day, "text"
                out.evidence["published"] = s
        elif clutter_reason(s):
            drop[i] = clutter_reason(s) or ""
    _title(lines, head, drop, keep_out, out, title_hint)


def _neighbours(head: list[int], i: int) -> list[int]:
    """The head lines just after and just before line ``i`` (a widget's label sits beside it)."""
    k = head.index(i)
    return [head[j] for j in (k + 1, k - 1) if 0 <= j < len(head)]


def _looks_like_place(s: str) -> bool:
    """``Minnesota``, ``New York``: one to three capitalised words, no digits or punctuation."""
    words = s.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) \
        and not re.search(r"[\d.,!?:;]", s) and not FULL_DATE.search(s)


def _title(lines: list[str], head: list[int], drop: dict[int, str], keep_out: set[int],
           out: Layout, title_hint: str | None) -> None:
    free = [i for i in head if i not in drop and i not in keep_out]
    if title_hint:
        # The headline repeated as a line near the top (extractors often put it after the lede).
        norm = _fold(title_hint)
        near = [i for i, ln in enumerate(lines) if ln.strip()][:6]
        for i in near:
            if _fold(lines[i]) == norm and i not in drop:
                keep_out.add(i)
                break
        out.title = title_hint.strip()
        return
    for i in free:
        s = re.sub(r"^#{1,6}\s+", "", lines[i].strip())  # a Markdown heading
        least = 1 if s != lines[i].strip() else 3
        if least <= len(s.split()) <= 20 and not s.endswith(_TITLE_END):
            out.title = s
            out.evidence["title"] = "first line above the article body"
            keep_out.add(i)
            return


def _tail(lines: list[str], drop: dict[int, str], keep_out: set[int]) -> None:
    """After a tail marker (``Related Articles``, ``LEAVE A REPLY``) with no prose below it, drop all."""
    for i, ln in enumerate(lines):
        if is_tail_marker(ln) and not any(is_prose(x, 8) for x in lines[i + 1:]):
            for j in range(i, len(lines)):
                if lines[j].strip() and j not in keep_out:
                    drop.setdefault(j, "after the end of the article")
            return


def _bio(lines: list[str], drop: dict[int, str], keep_out: set[int], out: Layout) -> None:
    """An author box at the end: the name (often twice), then a bio naming the outlet."""
    live = [i for i, ln in enumerate(lines) if ln.strip() and i not in drop and i not in keep_out]
    if len(live) < 2:
        return
    last = live[-1]
    names = []
    k = len(live) - 2
    while k >= 0 and looks_like_name(lines[live[k]]):
        names.append(live[k])
        k -= 1
    if not names:
        return
    name = lines[names[0]].strip()
    if any(lines[j].strip() != name for j in names):
        return
    outlet = parse_bio(name, lines[last].strip())
    if outlet is None:
        return
    for j in [*names, last]:
        drop[j] = "author bio"
    if not out.authors:
        out.authors, out.authors_from = [name], "author-bio"
        out.evidence["authors"] = lines[last].strip()
    if outlet and not out.outlet:
        out.outlet, out.outlet_from = outlet, "author-bio"
        out.evidence["outlet"] = lines[last].strip()


def _credits(lines: list[str], drop: dict[int, str], keep_out: set[int], out: Layout) -> None:
    """Credit lines stay in the text (they are printed); their names go to ``credits``."""
    found: list[Credit] = []
    for i, ln in enumerate(lines):
        if i in drop or i in keep_out or not ln.strip():
            continue
        c = parse_credit(ln)
        if c:
            found.append(c)
    for c in found:
        out.credits.extend(n for n in c.names if n not in out.credits)
        if c.outlet and not out.outlet:
            out.outlet, out.outlet_from = c.outlet, "credit"
            out.evidence["outlet"] = c.line
    if found:
        out.evidence["credits"] = [c.line for c in found]


def _wire_dateline(lines: list[str], drop: dict[int, str], keep_out: set[int], out: Layout) -> None:
    """The outlet named in the dateline of the first paragraph, when nothing better names it."""
    first = next((ln for i, ln in enumerate(lines)
                  if ln.strip() and i not in drop and i not in keep_out), "")
    m = _DATELINE_WIRE.match(first.strip())
    if m and not out.outlet:
        out.outlet, out.outlet_from = m.group("outlet").strip(), "dateline"
        out.evidence["outlet"] = m.group(0).strip()


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()
