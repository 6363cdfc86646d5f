"""Per storyline: dated events with the articles that report them, in order.

An event is a sentence that a resolved time expression dates ("On Sunday, the
State Department reduced the staff ..."). Sentences from different articles
on the same day that share most of their words are one event reported by
several articles. Dates guessed for undated articles stay marked estimated;
where only an interval is known, the entry is placed at its latest possible
day and carries ``earliest``/``latest``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["DatedSentence", "TimelineEvent", "build_timeline"]

_WORD = re.compile(r"[a-z][a-z']+")
_STOP = {"the", "and", "for", "that", "with", "was", "were", "has", "have", "had", "said", "are", "but",
         "its", "his", "her", "their", "from", "this", "they", "will", "would", "been", "which", "who",
         "not", "also", "after", "on", "of", "to", "in", "a", "an", "is", "it", "at", "as", "by"}


@dataclass(slots=True)
class DatedSentence:
    """One article's sentence and the day a time expression in it resolves to."""

    article_id: str
    date: str
    estimated: bool
    sentence: str
    expression: str
    position: int  # offset in the article: earlier sentences lead
    earliest: str | None = None  # an undated article's interval: the earliest possible day (None: open)
    latest: str | None = None  # ... and the latest; ``date`` is then the latest too


@dataclass(slots=True)
class TimelineEvent:
    date: str
    estimated: bool
    event: str
    article_ids: list[str]
    storyline_id: str | None = None
    evidence: list[dict[str, str]] = field(default_factory=list)
    earliest: str | None = None  # equal to ``date`` for a known or estimated day; for an interval
    latest: str | None = None  # entry ``date`` = ``latest``, and ``earliest`` is earlier or None (open)


def _words(s: str) -> set[str]:
    return {w for w in _WORD.findall(s.lower()) if w not in _STOP}


def _similar(a: str, b: str, threshold: float = 0.35) -> bool:
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= threshold


def build_timeline(sentences: Iterable[DatedSentence], storyline_id: str | None = None,
                   per_article_day: int = 2) -> list[TimelineEvent]:
    """Events of one storyline in date order; at most ``per_article_day`` per article and day."""
    kept: dict[tuple[str, str], int] = {}
    events: list[TimelineEvent] = []
    for s in sorted(sentences, key=lambda x: (x.date, x.position)):
        if kept.get((s.article_id, s.date), 0) >= per_article_day:
            continue
        lo, hi = (s.earliest, s.latest or s.date) if s.latest else (s.date, s.date)
        # An interval entry only merges with an entry of the very same interval: a known day is not
        # claimed for an article whose day is not known.
        same = next((e for e in events if e.date == s.date and (e.earliest, e.latest) == (lo, hi)
                     and _similar(e.event, s.sentence)), None)
        ev = {"article_id": s.article_id, "expression": s.expression, "sentence": s.sentence}
        if same is not None:
            if s.article_id not in same.article_ids:
                same.article_ids.append(s.article_id)
                same.evidence.append(ev)
            same.estimated = same.estimated and s.estimated
            continue
        kept[(s.article_id, s.date)] = kept.get((s.article_id, s.date), 0) + 1
        events.append(TimelineEvent(s.date, s.estimated, s.sentence, [s.article_id], storyline_id, [ev], lo, hi))
    events.sort(key=lambda e: e.date)
    return events
