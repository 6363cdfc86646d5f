"""Text helpers for the views: safe links, highlighted segments, word-level diffs.

Everything here returns plain data (never markup): the templates escape it, so
article-derived text can never become HTML.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import urlsplit

__all__ = ["Mark", "Segment", "safe_url", "segments", "word_diff"]


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL, else ``None`` (then it is shown as text).

    ``javascript:``, ``data:``, relative and protocol-relative URLs never
    become links: a stored URL is article-derived and so untrusted.
    """
    if not isinstance(url, str):
        return None
    u = url.strip()
    if any(c in u for c in "\x00\r\n\t\\ \"'<>`"):
        return None
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return u


@dataclass(frozen=True, slots=True)
class Mark:
    """A labelled stretch of an article's text (a reused passage, a quote, a figure)."""

    start: int
    end: int
    kind: str  # css class: reuse, source, quote, figure
    label: str  # what a hover shows
    target: str | None = None  # an anchor to jump to (another article)


@dataclass(slots=True)
class Segment:
    """A run of text with the marks that cover all of it."""

    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def classes(self) -> str:
        return " ".join(sorted({m.kind for m in self.marks}))

    @property
    def title(self) -> str:
        return "\n".join(dict.fromkeys(m.label for m in self.marks))

    @property
    def target(self) -> str | None:
        return next((m.target for m in self.marks if m.target), None)


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each piece carries the marks over it.

    Marks may overlap (a quote inside a reused passage); offsets outside the
    text are clipped and empty marks dropped, so bad offsets never break a view.
    """
    n = len(text)
    valid = []
    for m in marks:
        s, e = _clip(m.start, n), _clip(m.end, n)
        if e > s:
            valid.append(Mark(s, e, m.kind, m.label, m.target))
    cuts = sorted({0, n, *(m.start for m in valid), *(m.end for m in valid)})
    out: list[Segment] = []
    for s, e in pairwise(cuts):
        covering = [m for m in valid if m.start <= s and m.end >= e]
        if out and not covering and not out[-1].marks:
            out[-1].text += text[s:e]
        else:
            out.append(Segment(text[s:e], covering))
    return out


def _clip(x: object, n: int) -> int:
    try:
        v = int(x)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
    return max(0, min(n, v))


_WORD = re.compile(r"\S+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff of ``new`` against ``old``: ``[(op, words)]``, op in equal/delete/insert.

    Words are compared after folding case, curly quotes and edge punctuation so
    that a changed capital or a closing comma does not hide the real edit.
    """
    a, b = _WORD.findall(old or ""), _WORD.findall(new or "")
    sm = difflib.SequenceMatcher(None, [_fold(w) for w in a], [_fold(w) for w in b], autojunk=False)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or not any(_fold(w) for w in (*a[i1:i2], *b[j1:j2])):
            # only quotation marks or dashes differ (``, '', —): typography, not an edit
            if j2 > j1:
                out.append(("equal", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("insert", " ".join(b[j1:j2])))
    return out


_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _fold(word: str) -> str:
    return word.translate(_FOLD).strip(".,;:!?\"'`()[]-\u2013\u2014").lower()


def changed(diff: Sequence[tuple[str, str]]) -> bool:
    """Whether a diff from :func:`word_diff` has any edit."""
    return any(op != "equal" for op, _ in diff)
