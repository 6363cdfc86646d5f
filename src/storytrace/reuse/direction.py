"""Which of two articles sharing passages is the source, and how sure we are.

Dates first: when both publication dates are known the earlier article is
the source. Otherwise the evidence decides, each piece with its weight:
a credit naming the other outlet, a known publication date against a mere
page date (a capture date long after the events), and one text truncating
the other (copies condense more often than they expand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..isodates import parse_iso_date
from ..model import Article

__all__ = ["AGENCIES", "Direction", "credited_sources", "decide"]

#: Wire services whose copy is routinely republished, with the names they appear under.
AGENCIES: dict[str, tuple[str, ...]] = {
    "The Associated Press": ("associated press", "ap"),
    "Reuters": ("reuters", "thomson reuters"),
    "Agence France-Presse": ("agence france-presse", "agence france presse", "afp"),
    "Bloomberg": ("bloomberg",),
    "dpa": ("dpa", "deutsche presse-agentur"),
    "United Press International": ("united press international", "upi"),
    "PA Media": ("pa media", "press association"),
    "Xinhua": ("xinhua",),
    "TASS": ("tass",),
    "Interfax": ("interfax",),
    "EFE": ("efe",),
    "ANSA": ("ansa",),
    "Kyodo": ("kyodo",),
    "Yonhap": ("yonhap",),
    "CNN Wire": ("cnn wire",),
}
_CREDIT_LINES = re.compile(
    r"(?P<who>[A-Z][\w.&' -]{1,60}?)\s+(?:contributed|also contributed) to (?:this|the) (?:report|story|article)"
    r"|(?i:according to|reported by|via|source:|\(c\)|©)\s+(?:the\s+)?(?P<who2>[A-Z][\w.&' -]{1,40})"
    r"|^\s*\(?(?P<who3>AP|AFP|Reuters|UPI|dpa)\)?\s+[—–-]",
    re.MULTILINE,
)


def _agency(name: str) -> str | None:
    n = name.lower().strip(" .()").removeprefix("the ")
    for canon, aliases in AGENCIES.items():
        if any(n == a or n.startswith(a + " ") or n.endswith(" " + a) for a in aliases):
            return canon
    return None


def credited_sources(article: Article) -> list[str]:
    """Names the article credits: its ``credits`` field plus credit lines in the text."""
    found: list[str] = []
    for c in article.credits:
        found.append(_agency(c) or c.strip())
    for m in _CREDIT_LINES.finditer(article.text):
        who = (m.group("who") or m.group("who2") or m.group("who3") or "").strip()
        canon = _agency(who)
        if canon:
            found.append(canon)
        elif m.group("who"):  # "Jane Doe contributed to this report": a person, keep it
            found.append(who)
    return list(dict.fromkeys(found))


def _names(article: Article) -> set[str]:
    names = {n.lower() for n in (article.outlet, article.site_name) if n}
    if article.url:
        host = re.sub(r"^https?://(www\.)?", "", article.url).split("/")[0]
        names.add(host.split(".")[0].lower())
    return names


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
    credits_b = {c.lower() for c in credited_sources(b)}
    credits_a = {c.lower() for c in credited_sources(a)}
    if _names(a) & credits_b:
        score += 2.0
        ev.append("b credits a's outlet")
    if _names(b) & credits_a:
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
