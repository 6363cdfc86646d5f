"""Date strings from headers, metadata and page furniture, normalised to ISO ``YYYY-MM-DD``.

Why strict: a published date is evidence. A string that is not clearly a
calendar date (``"Thursday"``, ``"2 hours ago"``) gives ``None``, never a guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

__all__ = ["FULL_DATE", "URL_DATE", "date_from_url", "parse_date"]

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
#: A whole calendar date as sites print it: ``Friday, March 31, 2023``, ``31 March 2023``.
FULL_DATE = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})", re.I)
#: ``/2022/02/17/`` or ``/2022-02-17`` in a URL path.
URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|_|\.|$)")
_ISO = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")


def parse_date(value: object) -> str | None:
    """ISO date for an ISO, RFC 2822 or written-out date; ``None`` if it is not one."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 10**8:
        return datetime.fromtimestamp(value / 1000 if value > 10**11 else value).strftime("%Y-%m-%d")
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    m = _ISO.match(s)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    try:
        return parsedate_to_datetime(s).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    m2 = FULL_DATE.search(s)
    if m2:
        return _written(m2.group(0))
    return None


def _written(s: str) -> str | None:
    words = re.findall(r"[a-z]+|\d+", s.lower())
    month = next((i + 1 for w in words for i, name in enumerate(_MONTHS)
                  if len(w) >= 3 and name.startswith(w) and not w.endswith("day")), None)
    nums = [int(w) for w in words if w.isdigit()]
    year = next((n for n in nums if n > 1000), None)
    day = next((n for n in nums if n <= 31), None)
    if month is None or year is None or day is None:
        return None
    return _valid(year, month, day)


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def date_from_url(url: str | None) -> str | None:
    """The date in a URL path such as ``/2022/02/17/``; news CMSs put the publication day there."""
    if not url:
        return None
    m = URL_DATE.search(url)
    return _valid(int(m[1]), int(m[2]), int(m[3])) if m else None
