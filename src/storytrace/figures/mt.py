"""Machine-translation artefacts: prose that no human editor would let through.

Why these signals: machine translation of news leaves characteristic damage
that human-written (even hastily written) news rarely shows, and that does
not depend on the topic:

- ``stray-capital``: a one-word "sentence" that is a capitalised word
  ("... the House said Monday. White."): a name split off its phrase.
- ``lowercase-start``: a sentence that starts in lower case after a full stop
  ("... business minister. foreigners Sergei Lavrov"): a phrase cut in two.
- ``caps-name``: a name in capitals mid-sentence that the text elsewhere
  writes normally ("But PSAKI said" beside "Jen Psaki").
- ``article-before-name``: "the" before a country or alliance that never takes
  one ("from the Russia", "of the NATO"): a function-word calque.
- ``number-unit-noun``: a count and its unit used bare as a modifier
  ("lasted 80 minutes video call"): word order carried over.

One artefact can be a typo, so the flag needs several (``min_hits``) of at
least two kinds; the evidence is the sentences that show them.
Tokenised-then-detokenised text (spaces before commas) is *not* a signal:
plenty of human news is stored that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import sentence_around

__all__ = ["MtResult", "detect_mt"]

_NO_ARTICLE = {
    "russia", "ukraine", "china", "germany", "france", "poland", "romania", "britain", "england",
    "italy", "spain", "japan", "india", "iran", "iraq", "syria", "israel", "turkey", "canada",
    "mexico", "brazil", "belarus", "europe", "america", "africa", "asia", "nato", "moscow",
    "washington", "london", "paris", "berlin", "beijing", "kyiv", "kiev", "lithuania", "estonia",
    "latvia", "finland", "sweden", "norway", "hungary", "austria", "australia", "egypt", "opec",
}
_STRAY = re.compile(r"(?<=[a-z0-9]\.) ([A-Z][a-z]{2,})\.(?=\s|$)")
_LOWER_START = re.compile(r"(?<=[a-z]{3}\.) (?!(?:com|org|net|gov|edu|co|uk)\b)([a-z]{3,})\b(?! ?[.,;:)])")
_TITLES = re.compile(r"^(Mr|Mrs|Ms|Dr|St|Gen|Sen|Sens|Rep|Reps|Gov|Lt|Col|Sgt|Jr|Sr|Prof|Rev|Capt|Cmdr|Adm|Maj|Pres)$")
_CAPS = re.compile(r"(?<=[a-z,] )([A-Z]{4,})(?= [a-z])")
_THE_NAME = re.compile(r"\b(?:from|of|to|by|with|against|in|on|for)\s+the\s+([A-Z][A-Za-z]+)\b(?!\s+(?!(?:and|or|but|in|on|to|for|with|over)\b)[A-Za-z])|"
                       r"\b(?:from|of|to|by|with|against|in|on|for)\s+the\s+([A-Z][A-Za-z]+)(?=\s*[.,;:”\"])")
_NUM_UNIT_NOUN = re.compile(r"\b\d+ (?:minutes|hours|days|weeks|kilometres|kilometers|miles) "
                            r"(?!ago|later|earlier|before|after|of|and|or|in|to|from|on|at|for|that|since|long|old)"
                            r"([a-z]+)\b")
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Jr|Sr|No|vs|etc|Inc|Co|Corp|Ltd|U\.S|U\.K|a\.m|p\.m)\.$")
_WEEKDAY_MONTH = re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
                            r"March|April|June|July|August|September|October|November|December|Yes|No|Why|"
                            r"Thanks|Okay|Right|Wow|Exactly|Indeed|Really|Absolutely|Nothing|Never|Sorry|Well)$")


@dataclass(slots=True)
class MtResult:
    """Whether the prose looks machine-translated, with each artefact and its sentence."""

    flagged: bool
    hits: list[dict[str, str]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """Lines that are prose (long, with a full stop): headers, captions and lists are skipped."""
    out, pos = [], 0
    for line in text.split("\n"):
        if len(line) > 80 and re.search(r"[a-z]{3}[.!?]", line):
            out.append((pos, line))
        pos += len(line) + 1
    return out


def detect_mt(text: str, min_hits: int = 3, min_kinds: int = 2) -> MtResult:
    """Find machine-translation artefacts in ``text``; flag when there are enough of them."""
    hits: list[dict[str, str]] = []
    normal_case = {w.lower() for w in re.findall(r"\b[A-Z][a-z]{3,}\b", text)}
    for off, line in _prose_lines(text):
        for m in _STRAY.finditer(line):
            word = m.group(1)
            before = line[: m.start()]
            if _ABBREV.search(before) or _WEEKDAY_MONTH.match(word) or _TITLES.match(word) \
                    or re.search(r"[”\"’']\s*$", before):
                continue
            hits.append({"kind": "stray-capital", "match": f"{before[-25:].strip()} {word}.",
                         "sentence": sentence_around(text, off + m.start())})
        for m in _LOWER_START.finditer(line):
            before = line[: m.start()]
            if _ABBREV.search(before) or re.search(r"\b[a-z]\.[a-z]\.$|\.\.\.$|\b(?:e\.g|i\.e|approx|cf)\.$"
                                                   r"|\b[A-Z][a-z]{1,4}\.$", before):
                continue
            hits.append({"kind": "lowercase-start", "match": f"{before[-25:].strip()} {m.group(1)}",
                         "sentence": sentence_around(text, off + m.start())})
        for m in _CAPS.finditer(line):
            if m.group(1).lower() in normal_case:
                hits.append({"kind": "caps-name", "match": m.group(1), "sentence": sentence_around(text, off + m.start())})
        for m in _THE_NAME.finditer(line):
            name = m.group(1) or m.group(2)
            if name.lower() in _NO_ARTICLE:
                hits.append({"kind": "article-before-name", "match": m.group(0),
                             "sentence": sentence_around(text, off + m.start())})
        for m in _NUM_UNIT_NOUN.finditer(line):
            if m.group(1) in ("video", "phone", "call", "meeting", "conversation", "talk", "talks", "session", "flight",
                              "drive", "walk", "ride", "delay", "break", "speech"):
                hits.append({"kind": "number-unit-noun", "match": m.group(0),
                             "sentence": sentence_around(text, off + m.start())})
    kinds: dict[str, int] = {}
    for h in hits:
        kinds[h["kind"]] = kinds.get(h["kind"], 0) + 1
    return MtResult(len(hits) >= min_hits and len(kinds) >= min_kinds, hits, kinds)
