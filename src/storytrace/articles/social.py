"""Embedded social-media posts: kept in the text, but marked as not the article's own prose.

Why keep them: a post a reporter embeds is part of what the page says (and
a quotation source); why mark them: its words are the poster's, not the
outlet's, so reuse and quote analyses must not credit them to the article.
A post is recognised by its signature line, as embeds render to text:
``... — Name (@handle) February 17, 2022``.
"""

from __future__ import annotations

import re
from typing import Any

from .dates import parse_date

__all__ = ["find_embedded_posts"]

_SIGNATURE = re.compile(
    r"[—–-]{1,2}\s*(?P<name>[^\n()—–]{1,80}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4})",
    re.I)
_INSTAGRAM = re.compile(r"A post shared by (?P<name>[^\n(]{1,80}?)\s*\((?P<handle>@[\w.]{1,30})\)"
                        r"(?:\s+on\s+(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}))?")


def find_embedded_posts(text: str) -> list[dict[str, Any]]:
    """``[{"kind", "start", "end", "author", "handle", "date", "signature"}]`` in ``text``.

    A post spans from the start of its paragraph to the end of its signature.
    """
    out: list[dict[str, Any]] = []
    for pattern, platform in ((_SIGNATURE, "twitter"), (_INSTAGRAM, "instagram")):
        for m in pattern.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            out.append({
                "kind": "social-post",
                "platform": platform,
                "start": start,
                "end": m.end(),
                "author": m.group("name").strip(),
                "handle": m.group("handle"),
                "date": parse_date(m.group("date")) if m.group("date") else None,
                "signature": m.group(0).strip(),
            })
    return sorted(out, key=lambda e: e["start"])
