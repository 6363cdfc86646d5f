"""Which of two articles sharing passages is the source, and how sure we are.

Dates first: when both publication dates are known the earlier article is
the source. Otherwise the evidence decides, each piece with its weight:
a credit naming the other outlet, a known publication date against a mere
page date (a capture date long after the events), and one text truncating
the other (copies condense more often than they expand).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..isodates import parse_iso_date
from ..model import Article
from .credit import AGENCIES, credit_mentions, identity, names_match

__all__ = ["AGENCIES", "Direction", "credited_sources", "decide"]

def credited_sources(article: Article) -> list[str]:
    """Names the article credits (agencies by their canonical name), in order, once each."""
    return list(dict.fromkeys(c.agency or c.name for c in credit_mentions(article)))


@dataclass
class Direction:
    """``source`` is ``"a"`` or ``"b"``; ``confidence`` in [0.5, 1]; the evidence in words."""

    source: str
    confidence: float
    evidence: list[str] = field(default_factory=list)


def decide(a: Article, b: Article, a_chars: int, b_chars: int) -> Direction:
    """Which of ``a`` and ``b`` is the source; ``*_chars`` are the aligned characters on each side."""
    da, db = parse_iso_date(a.published), parse_iso_date(b.published)
    if da and db and da != db:
        src = "a" if da < db else "b"
        return Direction(src, 0.95, [f"published {a.published} vs {b.published}"])
    score = 0.0  # > 0: a is the source
    ev: list[str] = []
    ida, idb = identity(a), identity(b)
    if ida and any(names_match(c, ida) for c in credit_mentions(b)):
        score += 2.0
        ev.append("b credits a's outlet")
    if idb and any(names_match(c, idb) for c in credit_mentions(a)):
        score -= 2.0
        ev.append("a credits b's outlet")
    if da and not db:
        score += 1.0
        ev.append(f"only a has a publication date ({a.published})")
        pb = parse_iso_date(b.page_date)
        if pb and (pb - da).days > 30:
            score += 0.5
            ev.append(f"b's page is dated {b.page_date}, {(pb - da).days} days later")
    elif db and not da:
        score -= 1.0
        ev.append(f"only b has a publication date ({b.published})")
        pa = parse_iso_date(a.page_date)
        if pa and (pa - db).days > 30:
            score -= 0.5
            ev.append(f"a's page is dated {a.page_date}, {(pa - db).days} days later")
    if a_chars and b_chars and abs(a_chars - b_chars) > 0.15 * max(a_chars, b_chars):
        longer = "a" if a_chars > b_chars else "b"
        score += 0.5 if longer == "a" else -0.5
        ev.append(f"{'b' if longer == 'a' else 'a'} condenses the shared passages")
    if da and db and da == db:
        ev.append("both published the same day")
    if score == 0:
        return Direction("a", 0.5, [*ev, "no evidence of direction: the earlier-stored is shown as source"])
    conf = min(0.9, 0.5 + 0.15 * abs(score))
    return Direction("a" if score > 0 else "b", round(conf, 2), ev)
