"""Bylines, credit lines and author bios: who wrote an article and for which outlet.

Why separate rules for each: a byline names the writers and (after the last
name) the outlet, ``By A, B and C, CNN``; a credit line names contributors,
possibly as an outlet's staff, ``CNN’s A, B and C contributed to this
report``; a bio names the author and the outlet they write for. None of them
is guessed from a bare name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["ORG_WORDS", "Credit", "looks_like_name", "parse_bio", "parse_byline", "parse_credit", "split_names"]

_ORG_WORDS = re.compile(
    r"\b(news|press|times|post|journal|reuters|agency|agence|media|network|daily|herald|tribune|"
    r"guardian|telegraph|bulletin|radio|tv|television|broadcasting|wire|gazette|standard|express|"
    r"mail|chronicle|observer|magazine|review|today|insider|online|report|star|sun|mirror|"
    r"independent|bloomberg|politico|axios|service|newsroom|staff|desk)\b", re.I)
#: Words that make a name a newsroom's (bylines here, credits in reuse/credit.py).
ORG_WORDS = _ORG_WORDS
_NAME_TOKEN = r"[A-Z][\w'’.-]*"
_NAME = re.compile(rf"^{_NAME_TOKEN}(?:\s+(?:(?:de|da|van|von|der|del|la|le|bin|al)\s+)?{_NAME_TOKEN}){{1,3}}$")
_BYLINE = re.compile(r"^\s*by[:\s]\s*(.+?)\s*$", re.I)
_CREDIT = re.compile(
    r"^(?:additional reporting by\s+(?P<by>.+?)|(?P<who>.+?)\s+contributed(?:\s+reporting)?"
    r"(?:\s+to\s+(?:this|the)\s+(?:report|story|article))?(?:\s+from\s+.+?)?)\s*\.?$", re.I)
_POSSESSIVE = re.compile(rf"^(?P<outlet>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}})[’']s\s+(?P<rest>.+)$")
_ROLE = r"(?:journalist|reporter|writer|editor|correspondent|columnist|contributor|producer|author|freelancer)"
_BIO_OUTLET = re.compile(
    rf"\b(?i:{_ROLE})\w*\s+(?:[a-z]+\s+){{0,2}}?(?:for|at|with)\s+(?:the\s+)?"
    rf"(?P<outlet>{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|&|of|and))*)")


def looks_like_name(line: str) -> bool:
    """Two to four capitalised words and nothing else: ``Cedric Blackwater``."""
    s = line.strip()
    return bool(_NAME.match(s)) and not _ORG_WORDS.search(s) and len(s) <= 60


def looks_like_outlet(s: str) -> bool:
    s = s.strip()
    return bool(s) and (s.isupper() or bool(_ORG_WORDS.search(s)) or len(s.split()) == 1
                        or s.lower().startswith("the "))


def split_names(s: str) -> list[str]:
    """``A, B and C`` -> ``[A, B, C]``."""
    parts = re.split(r",\s*|\s+(?:and|&)\s+", s.strip().rstrip("."))
    return [p.strip() for p in parts if p.strip()]


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """``(authors, outlet)`` from ``By A, B and C, OUTLET``; ``None`` if not a byline."""
    m = _BYLINE.match(line)
    if not m or len(line.split()) > 30:
        return None
    body = m.group(1)
    for sep in (" | ", " - ", " — ", " for "):
        if sep in body:
            names, _, outlet = body.partition(sep)
            return split_names(names), outlet.strip().rstrip(".") or None
    chunks = [c.strip() for c in body.split(",") if c.strip()]
    outlet = None
    if len(chunks) > 1:
        last = chunks[-1]
        names_closed = any(re.search(r"\s(and|&)\s", c) for c in chunks[:-1])
        if (names_closed or looks_like_outlet(last)) and not re.search(r"\s(and|&)\s", last):
            outlet = last.rstrip(".")
            chunks = chunks[:-1]
    authors = split_names(", ".join(chunks))
    if not authors or not all(a[:1].isupper() for a in authors):
        return None
    return authors, outlet


@dataclass
class Credit:
    """A parsed credit line: who contributed, and the outlet whose staff they are (if said)."""

    line: str
    names: list[str] = field(default_factory=list)
    outlet: str | None = None


def parse_credit(line: str) -> Credit | None:
    """``CNN’s A and B contributed to this report.`` -> names A, B and outlet CNN."""
    s = line.strip()
    if len(s.split()) > 40:
        return None
    m = _CREDIT.match(s)
    if not m:
        return None
    who = (m.group("by") or m.group("who") or "").strip()
    if not who or not who[:1].isupper():
        return None
    outlet = None
    pm = _POSSESSIVE.match(who)
    if pm:
        outlet, who = pm.group("outlet"), pm.group("rest")
    names = [n for n in split_names(who) if n[:1].isupper()]
    return Credit(line=s, names=names, outlet=outlet) if names else None


def parse_bio(name: str, bio: str) -> str | None:
    """The outlet an author bio says the author writes for (``lead writer for Bulletin News``).

    Returns ``None`` when ``bio`` is not a bio of ``name``: it must start with
    the person's first or last name (or a pronoun) and name a newsroom role.
    """
    first_word = bio.strip().split()[0].rstrip(",") if bio.strip() else ""
    tokens = name.split()
    if first_word not in (tokens[0], tokens[-1], name, "He", "She", "They"):
        return None
    if not re.search(rf"\b{_ROLE}", bio, re.I):
        return None
    for m in _BIO_OUTLET.finditer(bio):
        outlet = m.group("outlet").strip().rstrip(".")
        if outlet:
            return outlet
    return ""
