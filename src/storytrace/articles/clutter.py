"""Web clutter: lines a page shows around an article that are not the article.

Why lines and patterns: scraped text keeps a site's furniture as whole lines
(``5,000FansLike``, ``LEAVE A REPLY``, ``- Advertisement -``). Each pattern
below matches a *whole line* that no news sentence can be, so removing it
can never cut into the article's prose; anything that looks like prose
(long, ending in sentence punctuation) is left alone by :func:`is_prose`.
"""

from __future__ import annotations

import re

__all__ = ["TAIL_MARKERS", "clutter_reason", "is_prose", "is_tail_marker", "is_weather"]

_I = re.I
#: (reason, pattern matching the whole stripped line)
_LINE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("social counter", re.compile(
        r"^\d[\d,.]*\s*[KkMm]?\s*(fans|followers|subscribers|likes?|shares?|views|comments?)"
        r"\s*(like|follow|subscribe|share)?$", _I)),
    ("social buttons", re.compile(
        r"^(share( this( article| story)?)?( on)?( (facebook|twitter|x|linkedin|whatsapp|email|"
        r"pinterest|reddit|telegram))*:?|tweet|pin( it)?|email|print|whatsapp|facebook|twitter|"
        r"linkedin|reddit|telegram|copy link|share via|follow us( on \w+)?:?|stay connected|"
        r"connect with us|like us on facebook|follow us on twitter)$", _I)),
    ("ad marker", re.compile(
        r"^[-–—\s]*(advertisement|advertising|sponsored( content)?|ad|ads|promoted( content)?|"
        r"paid (post|content)|story continues (below|after) (this )?advertisement|"
        r"continue reading (the main story|below))[-–—\s]*$", _I)),
    ("comment form", re.compile(
        r"^(leave a (reply|comment)|post a comment|add a comment|\d+\s+comments?|comments?|"
        r"please enter your (comment|name|email( address)?)( here)?!?|"
        r"you have entered an incorrect email address!?|"
        r"save my name,? email,? and website in this browser for the next time i comment\.?|"
        r"(log|sign) in to (comment|reply)|cancel reply|submit( comment)?|post comment|"
        r"notify me of (follow-up comments|new posts) by email\.?|"
        r"your email address will not be published\.?( required fields are marked \*?)?|"
        r"comment:?|name\*?:?|email\*?:?|website:?)$", _I)),
    ("site navigation", re.compile(
        r"^(related( articles| posts| stories| coverage| content)?|latest( articles| news| posts| stories)?|"
        r"more (stories|articles|news|from \w+( \w+)?)|recommended( for you| stories)?|"
        r"you (may|might) also like|read (more|next|also)|popular( posts| stories)?|"
        r"most (read|popular|viewed|shared)|trending( now| stories)?|top stories|editor'?s picks|"
        r"load more|show more|skip to (main )?content|back to top|home|menu|search|"
        r"subscribe( now| to our newsletter)?|sign up( for our newsletter)?|newsletter|"
        r"all rights reserved\.?|(©|\(c\)|copyright\s*(©|\(c\))?)\s*(19|20)\d\d\b.*|privacy policy|terms of (use|service)|"
        r"cookie (policy|settings)|tags?:.*|filed under:?.*|categories:.*|"
        r"previous (article|post)|next (article|post)|about the author|author)$", _I)),
    ("link teaser", re.compile(
        r"^((see|read|watch|click( here)?( for)?) more|related|also read|read also|don'?t miss|"
        r"must read|recommended|more on this( story)?|in pictures|watch|listen)\s*[:|>]\s*\S.*$"
        r"|^.{3,150}\s\[(video|pics|pictures|photos|insight|reaction|analysis|poll|live|gallery)\]\s*\|?$"
        r"|^don'?t miss:?$", _I)),
    ("timestamp", re.compile(
        r"^(updated|last updated|published|posted)( at| on)?:?\s+[\d:.]+\s*([ap]\.?m\.?)?(\s*[A-Z]{2,4})?$", _I)),
    ("comment form", re.compile(r"^(tell us what you think|have your say|join the (conversation|debate))\W*$", _I)),
    ("shortcode", re.compile(r"^\[/?[a-z_]+(\s[^\]]*)?\].*$")),
    ("link teaser", re.compile(r"^\[[A-Z][^\]]{8,200}\]$")),  # a bracketed headline linking elsewhere
]
_WEATHER = re.compile(r"^[-+]?\d{1,3}(?:[.,]\d)?\s*°?\s*(?:[CF]|°)$|^\d{1,3}\s*°$")
#: A line after which, on a scraped page, the article is over.
TAIL_MARKERS = re.compile(
    r"^(related( articles| posts| stories)?|latest( articles| news| posts)?|leave a (reply|comment)|"
    r"more (stories|articles) ?.*|you (may|might) also like|recommended( for you)?|"
    r"most (read|popular)|trending( now)?|about the author|comments?)$", _I)


def clutter_reason(line: str) -> str | None:
    """Why ``line`` is page furniture, or ``None`` if it may be article text."""
    s = line.strip()
    if not s or len(s) > 160:
        return None
    if _WEATHER.match(s):
        return "weather widget"
    for reason, pattern in _LINE_PATTERNS:
        if pattern.match(s):
            return reason
    return None


def is_weather(line: str) -> bool:
    return bool(_WEATHER.match(line.strip()))


def is_tail_marker(line: str) -> bool:
    return bool(TAIL_MARKERS.match(line.strip()))


def is_prose(line: str, min_words: int = 12) -> bool:
    """A line that reads as article prose: long enough and ending like a sentence."""
    s = line.strip().rstrip("\"'”’)»")
    return len(s.split()) >= min_words and s.endswith((".", "!", "?", ":", ";", "…"))
