"""Finding numeric expressions in text and normalising their values.

Why a module of its own: the same recogniser serves figure extraction and the
benchmark's candidate generation, and it is easy to test on plain strings.
A numeric expression is a number (digits or words, with a scale such as
"million"), optionally money or a percentage, optionally a range, with the
hedge in front of it ("more than", "up to", "an estimated").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["NumberExpr", "find_numbers", "words_to_number"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "dozen": 12}
_SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mm": 1_000_000, "bn": 1_000_000_000,
                 "b": 1_000_000_000, "tn": 1_000_000_000_000}
_WORD = "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion|dozen)"
# "and" continues a number only after a scale word: "a hundred and twenty", not "two and four".
_WORDNUM = (rf"(?:(?:half[\s-](?:a\s+)?(?={_SCALE_WORD}\b)|a\s+(?={_SCALE_WORD}\b))?(?:{_WORD})"
            rf"(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+|[\s-])(?:{_WORD}))*)")
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# Tokenised-then-detokenised text (ECB+) splits numbers at their punctuation: "$1, 799", "0. 71",
# "$27. 5 million". A comma and a space continue a number before exactly three digits (not a list
# "10, 12"); a full stop and a space only after 0, or before a scale or a percent sign, so that a
# sentence ending in a number ("in 2008. 25 people") is not glued to the next one; or between a number
# of one or two digits and one or two digits that end a clause ("said it was 6. 1.").
_SPACED_DIGITS = (r"(?:\d{1,3}(?:,\s?\d{3}(?![\d,]\d))+|\d{1,3}(?:\s000(?!\d))+|\d+)"
                  r"(?:\.\d+|(?<![\d,]\d\d\d)(?<=\b0)\.\s\d+"
                  r"|(?<!\d\d\d\d)\.\s\d+(?=\s*(?:-\s*)?(?:hundred|thousand|million|billion|trillion|bn|mn|%|per\s?cent|percent)\b|%)"
                  r"|(?<![\d,]\d\d\d)(?<![\d,]\d\d\d\d)\.\s\d{1,2}(?=\s?[.,;)](?!\d)))?")
_SCALE = r"(?:\s*(?:-\s*)?(?:hundred|thousand|million|billion|trillion)|(?:bn|mn|tn|mm|k|m|b)(?![a-z]))"
_CURRENCY = r"(?:US\$|USD\s?|\$|£|€|¥)"
_NUM = rf"(?:{_CURRENCY}\s?)?(?:{_SPACED_DIGITS}{_SCALE}?|{_WORDNUM})"
_PERCENT = r"(?:\s?%|\s+per\s?cent\b|\s+percent\b|pc\b|\s*percentage points?\b|-point\b)"
_CURRENCY_WORD = r"(?:\s+(?:dollars|euros|pounds|yuan|rubles|roubles|hryvnias?|yen)\b)"
_QUALIFIER = (r"(?:more than|over|at least|up to|as many as|as much as|about|around|approximately|"
              r"roughly|nearly|almost|some|close to|just over|just under|fewer than|less than|"
              r"under|at most|an estimated|estimated|upwards of|an extra|another|only|just)")
_RANGE_JOIN = r"(?:\s*(?:-|–|—|to)\s*|\s+(?:and|or)\s+)"

_EXPR = re.compile(
    rf"(?<![\w.,/-])(?:(?P<qual>{_QUALIFIER})\s+)?(?:(?P<between>between|from)\s+)?"
    rf"(?P<a>{_NUM})(?P<a_pct>{_PERCENT})?(?P<a_cur>{_CURRENCY_WORD})?"
    rf"(?:(?P<join>{_RANGE_JOIN})(?P<b>{_NUM})(?P<b_pct>{_PERCENT})?(?P<b_cur>{_CURRENCY_WORD})?)?"
    rf"(?![\w]|[.,]\d|-\d|-(?:year|month|week|day|hour|minute|second|time|term|decade)s?\b)",
    re.I,
)


@dataclass(slots=True)
class NumberExpr:
    """A numeric expression: offsets into the text, the normalised value(s), unit and hedge."""

    start: int
    end: int
    text: str
    value: float
    value_high: float | None = None
    unit: str | None = None  # "%", "USD", "GBP", "EUR", ...
    qualifier: str | None = None
    spelled: bool = False
    num_start: int = 0  # where the number itself begins (after the qualifier)


def words_to_number(text: str) -> float | None:
    """``"two hundred and fifty thousand"`` -> 250000; ``None`` if it is not a number."""
    total, current, seen = 0.0, 0.0, False
    half = False
    for w in re.split(r"[\s-]+", text.lower()):
        if w in ("and", "", "a"):
            continue
        if w == "half":
            half = True
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    return (total + current) / (2 if half else 1)


def _value(raw: str) -> tuple[float | None, str | None, bool]:
    """(value, currency, spelled) of one number as matched by ``_NUM``."""
    raw = raw.strip()
    cur = None
    m = re.match(_CURRENCY, raw, re.I)
    if m:
        sym = m.group(0).strip().upper()
        cur = {"$": "USD", "US$": "USD", "USD": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}.get(sym, sym)
        raw = raw[m.end():].lstrip()  # "$ 100 million" (tokenised)
    raw = re.sub(r"(?<=\d)([.,])\s(?=\d)", r"\1", raw)  # "1, 799" -> "1,799"; "0. 71" -> "0.71"
    raw = re.sub(r"(?<=\d)\s(?=000\b)", ",", raw)  # "150 000" -> "150,000"
    dm = re.match(_DIGITS, raw)
    if dm:
        v = float(dm.group(0).replace(",", ""))
        rest = raw[dm.end():].strip().lower().lstrip("-").strip()  # "$2.6 - million"
        if rest:
            v *= _SCALES.get(rest, _SHORT_SCALES.get(rest, 1))
        return v, cur, False
    return words_to_number(raw), cur, True


def _unit(pct: str | None, cur: str | None, word: str | None) -> str | None:
    if pct:
        p = pct.lower()
        return "percentage points" if "percentage" in p else "points" if "point" in p else "%"
    if word:
        w = word.strip().lower().rstrip("s")
        return {"dollar": "USD", "euro": "EUR", "pound": "GBP", "yuan": "CNY", "yen": "JPY",
                "ruble": "RUB", "rouble": "RUB", "hryvnia": "UAH"}.get(w, w)
    return cur


def find_numbers(text: str) -> list[NumberExpr]:
    """Every numeric expression in ``text`` (dates and identifiers are filtered later)."""
    out: list[NumberExpr] = []
    pos = 0
    while True:
        m = _EXPR.search(text, pos)
        if m is None:
            break
        pos = m.end()
        a, cur_a, spelled = _value(m.group("a"))
        if a is None:
            continue
        high = None
        unit = _unit(m.group("a_pct"), cur_a, m.group("a_cur"))
        end = m.end()
        if m.group("b"):
            b, cur_b, _ = _value(m.group("b"))
            join = m.group("join").strip().lower()
            # "between X and Y" / "from X to Y" / "X-Y" / "X to Y" are ranges; a bare "X and Y" is not,
            # nor "July 14 to 46 percent" (a day, then a number).
            after_month = _MONTH_BEFORE.search(text, 0, m.start("a"))
            if b is None or (join == "and" and not m.group("between")) or (b <= a and join != "and") or after_month:
                end = m.end("a_cur") if m.group("a_cur") else m.end("a_pct") if m.group("a_pct") else m.end("a")
                pos = m.start("b")
            else:
                high = b
                unit = unit or _unit(m.group("b_pct"), cur_b, m.group("b_cur"))
                # "5 to 10 million": the scale of the upper bound applies to the lower one
                scale = _SCALE_END.search(m.group("b"))
                if scale and not _SCALE_END.search(m.group("a")) and a < b / 1000:
                    a *= _SCALES.get(scale.group(1).lower(), _SHORT_SCALES.get(scale.group(1).lower(), 1))
        start = m.start("qual") if m.group("qual") else m.start("between") if m.group("between") else m.start("a")
        qual = (m.group("qual") or (m.group("between") if high is not None else None) or None)
        if qual:
            qual = qual.lower()
        if high is None and m.group("between"):
            start = m.start("qual") if m.group("qual") else m.start("a")
        out.append(NumberExpr(start, end, text[start:end], a, high, unit, qual, spelled, m.start("a")))
    return out


_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
_SCALE_END = re.compile(r"(hundred|thousand|million|billion|trillion|bn|mn|tn|k|m|b)$", re.I)
