"""Shared wording: what two aligned passages share beyond what their event forces.

Two independent reports of one event share its names, places, numbers and
dates, and quote the same people; their sentences align on those alone.
A copy, even a reworded one, keeps some of its source's own wording: runs of
ordinary words in the same order ("noticed smoke coming from the roof").
So the evidence that a link is reuse is counted on the passages' own prose
(quotations blanked) as runs of words shared in order, where a run counts
only with enough ordinary words in it: a run made of names, numbers and
function words ("the Waitrose store in Wellington on Sunday") is the event's,
not the writer's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .text import STOP, prose

__all__ = ["Wording", "shared_wording"]

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
    longest_run: int  # words in the longest counting run
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
            if sum(t[1] for t in run) >= RUN_WORDS:
                total += len(run)
                runs += 1
                longest = max(longest, len(run))
                found.append((len(run), b_text[run[0][2]:run[-1][3]]))
            i = j
    found.sort(key=lambda x: -x[0])
    return Wording(total, longest, runs, total / max(1, prose_words), tuple(t for _, t in found[:3]))
