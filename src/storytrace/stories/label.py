"""A headline-like label for a story: the member headline or lead sentence that best
covers what the story's articles share.

Why a sentence from the articles rather than generated text: a journalist can
check it against the source, and it never says something no article said.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = ["lead_sentences", "pick_label"]

_SENTENCE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"‘'])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
MAX_LABEL = 140


def lead_sentences(text: str, n: int = 2) -> list[str]:
    """The first ``n`` sentences of the first substantial paragraphs (the lead)."""
    out: list[str] = []
    for para in text.split("\n"):
        para = para.strip()
        if len(para.split()) < 6:  # datelines, bylines, weather widgets
            continue
        for s in _SENTENCE.split(para):
            if len(s.split()) >= 6:
                out.append(s.strip())
            if len(out) >= n:
                return out
    return out


def _shorten(s: str) -> str:
    s = " ".join(s.split())
    if len(s) <= MAX_LABEL:
        return s
    cut = s[:MAX_LABEL].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def pick_label(candidates: Sequence[str], weights: Mapping[str, float]) -> str:
    """The candidate whose words carry most of ``weights`` (lower-cased words or
    lemmas -> weight), per word, favouring headline-length sentences."""
    best, best_score = "", -1.0
    for cand in candidates:
        words = [w.lower().strip("'’") for w in _WORD.findall(cand)]
        if not words:
            continue
        cover = sum(weights.get(w, 0.0) for w in set(words))
        score = cover / (len(words) ** 0.5)
        if score > best_score:
            best, best_score = cand, score
    return _shorten(best)
