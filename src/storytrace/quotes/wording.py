"""Word-level views of a quotation for comparing wordings across outlets.

Two levels of normalisation, because a reader forgives some changes and not
others: ``words`` folds case, curly quotes, contractions (they're = they are)
and spelling variants (toward = towards) and drops an editor's gloss in
brackets; ``loose`` additionally drops an optional complementiser "that".
Two wordings equal under ``loose`` differ only in ways that do not change
what was said (a *variant*); any other difference inside quotation marks
changes the speaker's words.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

__all__ = ["align", "changes", "diff", "loose", "loose_words", "raw_equal", "squashed", "words"]

_GLOSS = re.compile(r"\s*[(\[][^()\[\]]{1,80}[)\]]")
_TOKEN = re.compile(r"[\w][\w'’.,-]*[\w]|[\w]")
_CONTRACTIONS = {
    "n't": ["not"], "'re": ["are"], "'m": ["am"], "'ve": ["have"], "'ll": ["will"], "'d": ["would"],
}
_WHOLE = {"can't": ["can", "not"], "won't": ["will", "not"], "shan't": ["shall", "not"],
          "cannot": ["can", "not"], "it's": ["it", "is"], "that's": ["that", "is"],
          "what's": ["what", "is"], "there's": ["there", "is"], "here's": ["here", "is"],
          "let's": ["let", "us"], "he's": ["he", "is"], "she's": ["she", "is"]}
#: spelling variants a copy editor changes without changing the words
_SPELLING = {"towards": "toward", "afterwards": "afterward", "upwards": "upward",
             "downwards": "downward", "forwards": "forward", "backwards": "backward",
             "amongst": "among", "whilst": "while", "ok": "okay", "percent": "%", "per": "per",
             "kyiv": "kiev", "zelenskyy": "zelensky", "labour": "labor", "defence": "defense"}
_OPTIONAL = {"that"}
#: contractions typed without their apostrophe ("cant", "dont")
_BARE = {"cant": ["can", "not"], "dont": ["do", "not"], "didnt": ["did", "not"], "doesnt": ["does", "not"],
         "isnt": ["is", "not"], "wasnt": ["was", "not"], "arent": ["are", "not"], "werent": ["were", "not"],
         "wouldnt": ["would", "not"], "couldnt": ["could", "not"], "shouldnt": ["should", "not"],
         "hasnt": ["has", "not"], "havent": ["have", "not"], "hadnt": ["had", "not"], "thats": ["that", "is"]}
#: numbers a copy desk writes in words or in figures ("eleventh-hour" / "11th hour")
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_ORDINALS = {w: f"{i}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(i % 10 if i // 10 != 1 else 0, 'th')}"
             for i, w in enumerate(["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                                    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                                    "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                                    "twentieth"], 1)}
#: clock times: "6:00 p.m." is "6 p.m."; "6:41pm" is "18:41"; a time zone after a time goes
_FULL_HOUR = re.compile(r"(\d)\s?:\s?00\b")
_CLOCK = re.compile(r"\b(\d{1,2})(?:\s?:\s?(\d\d))?\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)
_ZONE = re.compile(r"(?<=\d)\s*\b(?:[ECMP][SD]?T|GMT|UTC|BST)\b")


_SPACED_CLITIC = re.compile(r"(\w) ?' ?(s|m|re|ve|ll|d)\b", re.IGNORECASE)
_SPACED_NOT = re.compile(r"(\w) n't\b", re.IGNORECASE)


def _clock(m: re.Match[str]) -> str:
    h = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
    return f"{h}:{m.group(2)}" if m.group(2) else str(h)


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = _ZONE.sub("", _FULL_HOUR.sub(r"\1", _CLOCK.sub(_clock, text)))
    # a contraction or possessive that tokenised text prints apart ("I ' m", "do n't")
    text = _SPACED_CLITIC.sub(r"\1'\2", _SPACED_NOT.sub(r"\1n't", text))
    return _GLOSS.sub("", text)


def _expand(tok: str) -> list[str]:
    tok = tok.lower().strip(".,-'")
    if not tok:
        return []
    if tok in _WHOLE:
        return list(_WHOLE[tok])
    if tok in _BARE:
        return list(_BARE[tok])
    for suf, rep in _CONTRACTIONS.items():
        if tok.endswith(suf) and len(tok) > len(suf):
            return [tok[: -len(suf)], *rep]
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", tok):
        tok = tok.replace(",", "")
    if len(tok) > 5:
        # British spelling: neighbourhood, favour, centre, organise
        tok = re.sub(r"tre$", "ter", re.sub(r"(?<=[bvlmnu])our", "or", tok))
    tok = re.sub(r"ise$", "ize", tok) if len(tok) > 6 else tok
    tok = _NUMBER_WORDS.get(tok) or _ORDINALS.get(tok) or tok
    return [_SPELLING.get(tok, tok)]


def words(text: str) -> list[str]:
    """Normalised words of a quotation (case, quotes, contractions, spelling, glosses folded)."""
    out: list[str] = []
    for m in _TOKEN.finditer(_fold(text)):
        tok = m.group(0)
        # split at inner punctuation that is not part of a number or contraction
        for part in re.split(r"(?<=\D)[.,](?=\D)|(?<=\w)-(?=\w)", tok):
            out.extend(_expand(part))
    return out


def loose(ws: list[str]) -> list[str]:
    """``words`` without optional function words (that)."""
    return [w for w in ws if w not in _OPTIONAL]


def loose_words(text: str) -> list[str]:
    """``loose(words(text))``, each text normalised once: grouping compares every quotation
    with many others, and normalising them again for each pair was most of its time."""
    return list(_loose_words(text))


@lru_cache(maxsize=1 << 16)
def _loose_words(text: str) -> tuple[str, ...]:
    return tuple(loose(words(text)))


def squashed(ws: list[str] | tuple[str, ...]) -> str:
    """Normalised words run together, letters and digits only: "data center" / "datacenter",
    "2.6 million" / "2.6million", "HP ’ s" / "HP's" and "e-mail" / "email" are one form.
    Spacing, typography and compounding are how a page was typeset or converted, not a
    change to what was said."""
    return re.sub(r"[^\w]|_", "", "".join(ws))


def changes(canonical: list[str], instance: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The opcodes (as ``SequenceMatcher.get_opcodes``) that change words between two word
    lists, leaving out those that only space, hyphenate or typeset the same letters
    differently (``squashed`` equal on both sides)."""
    sm = SequenceMatcher(None, canonical, instance, autojunk=False)
    return [op for op in sm.get_opcodes()
            if op[0] != "equal" and squashed(canonical[op[1]:op[2]]) != squashed(instance[op[3]:op[4]])]


def raw_equal(a: str, b: str) -> bool:
    """Equal as printed, up to quote style, white space and end punctuation."""
    def f(s: str) -> str:
        s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
        return re.sub(r"\s+", " ", s).strip(" \"'.,;:!?")
    return f(a) == f(b)


def align(a: list[str], b: list[str]) -> tuple[int, int, list[tuple[int, int, int]]]:
    """(matched words, longest run, blocks) of the best alignment of two word lists.

    Runs of a single word do not count unless they join longer runs, so shared
    function words alone never make two quotations look alike.
    """
    sm = SequenceMatcher(None, a, b, autojunk=False)
    blocks = [blk for blk in sm.get_matching_blocks() if blk.size >= 2]
    matched = sum(blk.size for blk in blocks)
    longest = max((blk.size for blk in blocks), default=0)
    return matched, longest, [(blk.a, blk.b, blk.size) for blk in blocks]


def diff(canonical: str, instance: str) -> dict[str, Any]:
    """Word-level diff of ``instance`` against ``canonical``, spacing and typography aside.

    ``ops`` lists every change (``replace``/``delete``/``insert`` with the
    canonical and the instance words); ``text`` renders the instance with
    ``[-removed-]`` and ``{+added+}`` marks for a reader.
    """
    a = _fold(canonical).split()
    b = _fold(instance).split()
    key = lambda w: " ".join(_expand(w)) or w  # noqa: E731
    ka, kb = [key(w) for w in a], [key(w) for w in b]
    sm = SequenceMatcher(None, ka, kb, autojunk=False)
    ops: list[dict[str, str]] = []
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        ca, ib = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "equal" or squashed(ka[i1:i2]) == squashed(kb[j1:j2]):
            # the same letters spaced or typeset otherwise ("2.6million") are no change
            parts.append(ib)
            continue
        ops.append({"op": tag, "canonical": ca, "instance": ib})
        if ca:
            parts.append(f"[-{ca}-]")
        if ib:
            parts.append(f"{{+{ib}+}}")
    return {"ops": ops, "text": " ".join(p for p in parts if p)}
