"""Shared wording: what two aligned passages share beyond what their event forces.

Two independent reports of one event share its names, places, numbers and
dates, and quote the same people; their sentences align on those alone.
A copy, even a reworded one, keeps some of its source's own wording: runs of
ordinary words in the same order ("noticed smoke coming from the roof").
So the evidence that a link is reuse is counted on the passages' own prose
(quotations blanked) as runs of words shared in order, where a run counts
only with enough ordinary words in it: a run made of names, numbers and
function words ("the Waitrose store in Wellington on Sunday") is the event's,
not the writer's. A copy reworded by random edits or a translation chain loses
most runs but keeps the source's ordinary vocabulary sentence by sentence
(:func:`kept_vocabulary`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .text import STOP, prose, stem

__all__ = ["Wording", "kept_vocabulary", "shared_wording"]

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
#: Function words: a run of them carries no one's wording.
_FUNCTION = STOP | {"mr", "mrs", "ms", "dr"}
#: A run of shared words in order counts with this many ordinary words in it (not names,
#: numbers or function words) ...
RUN_WORDS = 2
#: ... and at least this many words in all.
RUN_MIN = 4


@dataclass(frozen=True)
class Wording:
    """Runs of words two passages share in order, counted on their own prose."""

    shared_words: int  # words in counting runs (the shorter side's share is ``share``)
    longest_run: int  # ordinary words in the richest counting run (names, numbers and
    # function words in it do not count: "court reporter Julie Ann Brandau" is 2)
    runs: int  # counting runs
    share: float  # shared_words / words of the shorter side's own prose
    examples: tuple[str, ...]  # the longest runs, as printed in the copy (at most 3)

    def to_dict(self) -> dict[str, object]:
        return {"shared_words": self.shared_words, "longest_run": self.longest_run, "runs": self.runs,
                "share": round(self.share, 3), "examples": list(self.examples)}


def _tokens(text: str, start: int, end: int) -> list[tuple[str, bool, int, int]]:
    """(lower-cased word, ordinary?, start, end) for the words of ``text[start:end]``'s own prose."""
    blanked = prose(text[start:end])
    out = []
    for m in _TOKEN.finditer(blanked):
        w = m.group()
        low = w.lower().replace("’", "'")
        ordinary = w[0].islower() and not any(c.isdigit() for c in w) and low not in _FUNCTION
        out.append((low, ordinary, start + m.start(), start + m.end()))
    return out


def shared_wording(a_text: str, b_text: str, spans: Sequence[tuple[int, int, int, int]]) -> Wording:
    """Runs of own-prose words shared by each aligned passage pair (``a_start, a_end,
    b_start, b_end``), added up over the pairs.

    A run is a stretch of the copy covered by word ``RUN_MIN``-grams that also occur
    in the source passage, wherever they stand there (a copy may move a sentence);
    it counts with ``RUN_WORDS`` ordinary words in it."""
    total = runs = longest = prose_words = 0
    found: list[tuple[int, str]] = []
    for a0, a1, b0, b1 in spans:
        ta, tb = _tokens(a_text, a0, a1), _tokens(b_text, b0, b1)
        prose_words += min(len(ta), len(tb))
        grams = {tuple(t[0] for t in ta[i:i + RUN_MIN]) for i in range(len(ta) - RUN_MIN + 1)}
        covered = [False] * len(tb)
        for i in range(len(tb) - RUN_MIN + 1):
            if tuple(t[0] for t in tb[i:i + RUN_MIN]) in grams:
                covered[i:i + RUN_MIN] = [True] * RUN_MIN
        i = 0
        while i < len(tb):
            if not covered[i]:
                i += 1
                continue
            j = i
            while j < len(tb) and covered[j]:
                j += 1
            run = tb[i:j]
            ordinary = sum(t[1] for t in run)
            if ordinary >= RUN_WORDS:
                total += len(run)
                runs += 1
                longest = max(longest, ordinary)
                found.append((len(run), b_text[run[0][2]:run[-1][3]]))
            i = j
    found.sort(key=lambda x: -x[0])
    return Wording(total, longest, runs, total / max(1, prose_words), tuple(t for _, t in found[:3]))


#: A sentence pair keeps its source's vocabulary when the two share this Dice of their
#: ordinary words (stemmed; names, numbers, function words and quotations left out) ...
VOCABULARY_DICE = 0.5
#: ... each side having at least this many ordinary words (shorter ones say too little).
VOCABULARY_MIN = 3


def kept_vocabulary(a_text: str, b_text: str, a_spans: Sequence[tuple[int, int]],
                    b_spans: Sequence[tuple[int, int]], pairs: Sequence[tuple[int, int]]) -> int:
    """How many aligned sentence pairs (indexes into the two span lists) share at least
    ``VOCABULARY_DICE`` of their ordinary words.

    A reworded copy (words shuffled, replaced, passed through a translation and back)
    loses the source's runs of words but keeps most of its ordinary vocabulary sentence
    by sentence; two reports of one event share its names and numbers, and few of the
    ordinary words around them."""
    def vocab(text: str, span: tuple[int, int]) -> set[str]:
        return {stem(t[0]) for t in _tokens(text, span[0], span[1]) if t[1]}

    n = 0
    for i, j in set(pairs):
        if not (0 <= i < len(a_spans) and 0 <= j < len(b_spans)):
            continue
        va, vb = vocab(a_text, a_spans[i]), vocab(b_text, b_spans[j])
        if min(len(va), len(vb)) < VOCABULARY_MIN:
            continue
        if 2 * len(va & vb) / (len(va) + len(vb)) >= VOCABULARY_DICE:
            n += 1
    return n
