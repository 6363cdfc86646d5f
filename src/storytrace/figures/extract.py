"""Numeric claims in one article: value, hedge, what is counted, where, who says so, as of when.

A pure function of an :class:`~storytrace.model.Article` and its spaCy parse,
so it can run per partition. The parse supplies the syntax (what noun a
number counts, which verb of saying governs it); regular expressions supply
exact offsets and values. Dates, times, durations, ages, ordinals and
identifiers ("G7", "COVID-19", "Article 5") are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .dates import EventDate, TimeExpr, anchor_date, event_date, find_time_expressions
from .numbers import NumberExpr, find_numbers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..model import Article

__all__ = ["QUALIFIER_KIND", "Figure", "extract_figures", "owner_of"]

#: Verbs whose subject is the source of a claim in their complement.
CLAIM_VERBS = {
    "say", "tell", "add", "note", "state", "report", "claim", "estimate", "cite", "find", "show",
    "announce", "confirm", "insist", "warn", "believe", "update", "put", "write", "tweet", "count",
    "record", "observe", "indicate", "suggest", "predict", "assess", "reveal", "disclose", "allege",
    "testify", "acknowledge", "argue", "explain", "calculate", "project", "forecast", "publish", "tally", "charge",
}
_PRONOUNS = {"he", "she", "him", "her"}
_QUOTE_RX = re.compile(r"[“\"]([^”\"]{2,}?)[”\"]")
#: Hedges grouped by what they mean for comparing two figures.
QUALIFIER_KIND = {
    "more than": "lower", "over": "lower", "at least": "lower", "just over": "lower",
    "upwards of": "lower", "up to": "upper", "as many as": "upper", "as much as": "upper",
    "fewer than": "upper", "less than": "upper", "under": "upper", "at most": "upper",
    "just under": "upper", "about": "approx", "around": "approx", "approximately": "approx",
    "roughly": "approx", "nearly": "approx", "almost": "approx", "some": "approx",
    "close to": "approx", "an estimated": "approx", "estimated": "approx",
    "between": "range", "from": "range", "another": "exact", "an extra": "exact", "only": "exact",
    "just": "exact",
}
_DEMONYMS = {
    "russian": "Russia", "russians": "Russia", "ukrainian": "Ukraine", "ukrainians": "Ukraine",
    "american": "US", "americans": "US", "u.s.": "US", "us": "US", "united states": "US",
    "america": "US", "british": "UK", "britain": "UK", "u.k.": "UK", "uk": "UK",
    "united kingdom": "UK", "chinese": "China", "french": "France", "german": "Germany",
    "polish": "Poland", "belarusian": "Belarus", "israeli": "Israel", "iranian": "Iran",
    "syrian": "Syria", "iraqi": "Iraq", "afghan": "Afghanistan", "indian": "India",
    "japanese": "Japan", "turkish": "Turkey", "nato": "NATO", "european": "EU",
    "palestinian": "Palestine", "canadian": "Canada", "mexican": "Mexico",
}
_NOT_COUNTED = {"time", "times", "year", "years", "month", "months", "week", "weeks", "day", "days",
                "hour", "hours", "minute", "minutes", "second", "seconds", "percent", "%",
                "age"}
_PLACE_PREPS = {"in", "near", "at", "to", "into", "along", "across", "on", "inside", "around", "from",
                "throughout", "within", "outside"}
_BEFORE_CUES = re.compile(r"\b(up from|down from|compared with|compared to|previously|earlier|formerly|"
                          r"had been|was once|last year|a year ago|from a previous)\b", re.I)


@dataclass(slots=True)
class Figure:
    """One numeric claim with its evidence (the sentence and how each field was found)."""

    article_id: str
    start: int
    end: int
    text: str
    value: float
    value_high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    object: str | None = None
    object_head: str | None = None
    owner: str | None = None
    predicate: str | None = None
    place: str | None = None
    claimant: str | None = None
    claimant_from: str = "none"  # according-to | claim-verb | quote | outlet | none
    as_of: str | None = None
    as_of_earliest: str | None = None
    as_of_latest: str | None = None
    as_of_estimated: bool = False
    as_of_from: str = "none"  # sentence | before | article | estimate | none
    sentence: str = ""
    evidence: dict[str, str] = field(default_factory=dict)
    #: "quantity" (a count or amount of a named thing); else kept for recognition but never
    #: exported or compared: "unattached" (the counted thing is missing or only a unit, "25
    #: points", "60%"), "score" (a game score or record), "label" ("13-inch", "Boeing 787").
    kind: str = "quantity"
    #: The lemma of the verb that governs the counted thing ("destroy" in "four villages had been
    #: destroyed"): two figures with different verbs may count different things.
    verb: str | None = None

    @property
    def id(self) -> str:
        return f"{self.article_id}:{self.start}"


def owner_of(word: str | None) -> str | None:
    """A country or alliance for a demonym or name ("Russian" -> "Russia"), else the word."""
    if not word:
        return None
    w = word.strip().lower().removeprefix("the ")
    return _DEMONYMS.get(w, word.strip().removeprefix("the ").removeprefix("The "))


def _excluded_spans(doc: Doc, times: list[TimeExpr]) -> list[tuple[int, int]]:
    spans = [(t.start, t.end) for t in times]
    spans += [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME", "ORDINAL")]
    return spans


def _is_identifier(text: str, n: NumberExpr) -> bool:
    """Numbers glued to names or codes: "Article 5", "No. 10", "Route 66", phone numbers, 3 p.m."""
    before = text[max(0, n.num_start - 12) : n.num_start]
    after = text[n.end : n.end + 8]
    if re.search(r"\b(article|no\.|number|route|flight|room|chapter|section|page|level|"
                 r"category|phase|class|grade|model|version|season|episode|district)\s+$", before, re.I):
        return True
    # Times and numeric dates, also as tokenised-then-detokenised text prints them ("1: 32 PM", "8 / 2 / 13")
    if re.match(r"\s*(a\.\s?m\.|p\.\s?m\.|am\b|pm\b|:\s?\d|/\s?\d)", after, re.I) \
            or re.search(r"\d\s?[:/]\s?$", before):
        return True
    raw = text[n.num_start : n.end]
    if (re.match(r"\s?[-–.]\s?\d{4}\b", after) and re.fullmatch(r"\d{3}", raw)) or re.search(r"\(\d{3}\)\s?$", before) \
            or (re.search(r"\d{3}\s?[-–.]\s?$", before) and re.fullmatch(r"\d{4}", raw)) or (raw == "911" and n.unit is None):
        return True  # phone numbers "(210) 223-4537", the emergency number
    if re.search(r"(=[\"']?|#|/)$", before) or re.fullmatch(r"\d{9,}", raw):
        return True  # markup attributes, hashtags, ids, phone numbers
    if n.unit is None and re.match(r"\)", after) and re.search(r"(^|[\s(])$", before):
        return True  # list markers "1)"
    if n.unit is None and re.match(r"\.\s", after) and re.search(r"(^|\n)\s*$", before):
        return True  # numbered paragraphs "1. The GOP is fracturing."
    if re.search(r"\btop\s$", before, re.I):
        return True  # a rank ("the top 25"), not a count
    if re.search(r"\b(turns?|turned|turning|aged?)\s$", before, re.I):
        return True  # an age ("will turn 29 in April")
    # A number right after a capitalised name and closing the phrase: "Apollo 13", "Perceptions 301"
    return bool(re.search(r"(?<![.!?]\s)\b[A-Z][a-z]+\s$", before) and re.match(r"\s*([,.”\"’)]|-\d|$)", after)
                and not re.search(r"(January|February|March|April|May|June|July|August|September|October|"
                                  r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s$", before)) \
        or bool(re.match(r"\s*-?\s*(year|month|week|day|hour|minute)s?[\s-]+old\b", after, re.I))


#: A number glued by a hyphen to a word is a label or a measure used as an adjective ("13-inch",
#: "32-bit", "3-pointer", "4-door"), not a count; "a 5,000-strong force" and scales are counts.
_LABEL_AFTER = re.compile(r"(?:\s?-\s?|\s(?=(?:surround|channel|megapixels?|bit|pointers?)\b))"
                          r"(?!(?:strong|point|hundred|thousand|million|billion|trillion|odd)\b)[A-Za-z]|\s?[×x]\s?\d")
#: Words around "N-M" that make it a game score or a win-loss record, not a range.
_SCORE_CUES = re.compile(r"\b(won|win|wins|winning|beat|beats|beating|defeat\w*|victory|victories|loss|losses|"
                         r"lost|lose|record|score\w*|lead|led|leads|trail\w*|tie|tied|draw|drew|edged?|rout\w*|"
                         r"season|game|match|final|half|innings?|set|sets|goals?|shutout|triumph\w*|"
                         r"advantage|margin|against|over)\b", re.I)
_PAIR = re.compile(r"(\d{1,3})\s?[-–]\s?(\d{1,3})(?![\d%]|[.,]\d|\s?(?:percent|per cent|million|billion))")
_MONTHS = (r"(January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")


_RATIO_AFTER = re.compile(r"\s+(?:of|in|out of)\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                          r"twenty|hundred|a hundred)\b(?!\s*(?:percent|%|million|billion))", re.I)
_RATIO_BEFORE = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine)\s+(?:of|in|out of)\s+$", re.I)


def _is_ratio(text: str, n: NumberExpr) -> bool:
    """"nine of 10 limes", "three of four Republicans", "one in five": a proportion, not two counts."""
    return n.unit is None and n.value_high is None and (
        bool(_RATIO_AFTER.match(text, n.end)) or bool(_RATIO_BEFORE.search(text[max(0, n.num_start - 20) : n.num_start])))


def _is_label(text: str, n: NumberExpr) -> bool:
    """Labels and model numbers: "13-inch", "5.1 surround", "32-bit", "3-pointer", "a three-point basket"."""
    return (n.unit is None and bool(_LABEL_AFTER.match(text, n.end))) or bool(_SHOT.match(text, n.num_start))


_SHOT = re.compile(r"\w+\s?-\s?point(?:er)?s?\s+(?:basket|shot|play|line|attempt|range|try|conversion|field goal)", re.I)


def _is_score(text: str, n: NumberExpr) -> bool:
    """Game scores and records: "won 3-1", "a 98-87 win", "a 10-2 record" (either number of the pair)."""
    if n.unit is not None:
        return False
    lo = max(0, n.num_start - 8)
    for m in _PAIR.finditer(text, lo, min(len(text), n.end + 8)):
        if not (m.start() <= n.num_start < m.end()):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        around = text[max(0, m.start() - 40) : m.end() + 30]
        if b < a or _SCORE_CUES.search(around):
            return True
    return False


def _in_name(doc: Doc, num: Token) -> bool:
    """The number is part of a name: "2K Games", "Fortune 500", "American Skin (41 Shots)", "Xbox 360"."""
    return num.ent_type_ in _NAME_ENTS


#: "several hundred", "a few thousand": no number is given.
_VAGUE = re.compile(r"\b(several|a few|few|many|some|hundreds of|thousands of)\s+$", re.I)
_SCALE_WORDS = {"hundred", "thousand", "million", "billion", "dozen"}
_NAME_ENTS = {"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW"}


def _is_attribute(num: Token, n: NumberExpr) -> bool:
    """A number describing one thing, not counting several: "a 5.6 quake", "a 911 dispatcher".

    A count modifies a plural ("three boats"); a bare number on a singular noun is a magnitude,
    a size or a name, except for collective nouns ("10,000 staff") and scales ("2 million").
    """
    if n.unit is not None or n.value_high is not None or n.value == 1 or num.dep_ not in ("nummod", "compound"):
        return False
    head = num.head
    return (head.i > num.i and head.tag_ in ("NN", "NNP") and head.lower_ not in _COLLECTIVE
            and head.lemma_.lower() not in MEASURE_HEADS and not head.like_num)


def _is_model(doc: Doc, num: Token, text: str, n: NumberExpr) -> bool:
    """A name with a number: "Boeing 787", "Windows 7", "iPhone 4" (not "in Iraq 4,000 soldiers")."""
    if n.unit is not None or n.qualifier or n.spelled or "," in n.text or num.i == 0:
        return False
    first = _first_token(doc, num, n)
    prev = doc[first - 1] if first > 0 else None
    if prev is None or not (prev.pos_ == "PROPN" or any(c.isupper() for c in prev.text[1:])):
        return False
    if re.fullmatch(_MONTHS, prev.text) or prev.ent_type_ in ("GPE", "NORP", "LOC", "DATE"):
        return False
    return prev.is_alpha or prev.text.isalnum()


def _first_token(doc: Doc, num: Token, n: NumberExpr) -> int:
    """Index of the first token of the number itself (after the hedge)."""
    span = doc.char_span(n.num_start, n.end, alignment_mode="expand")
    return span.start if span is not None else num.i


#: Where a number without a noun may take the previous figure's object: as a subject ("Another
#: 8,500 are on standby"), or in the same sentence as that figure ("... up from the more than 100,000").
_SAME_SENTENCE_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "conj")


def _prose(sent: Span) -> bool:
    """A sentence with a verb and some words, not a table row or a list of items."""
    words = sum(t.is_alpha for t in sent)
    return words >= 4 and sent.text.count("|") < 2 and any(t.pos_ in ("VERB", "AUX") for t in sent)


def _sentence(doc: Doc, tok: Token, text: str) -> Span:
    """The token's sentence, cut at paragraph breaks (the small parser runs paragraphs together).

    ``text`` is ``doc.text``, passed in: spaCy rebuilds it on every access.
    """
    sent = tok.sent
    lo = text.rfind("\n", sent.start_char, tok.idx)
    hi = text.find("\n", tok.idx, sent.end_char)
    start = lo + 1 if lo >= 0 else sent.start_char
    end = hi if hi >= 0 else sent.end_char
    cut = doc.char_span(start, end, alignment_mode="contract")
    return cut if cut is not None and len(cut) else sent


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _num_token(span: Span) -> Token:
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"]
    return nums[-1] if nums else span.root


_NOT_MODIFIERS = {"many", "more", "much", "estimated", "additional", "extra", "other", "some", "few"}
_CHANGE_NOUNS = {"increase", "rise", "decrease", "drop", "fall", "growth", "reduction", "cut", "surge",
                 "jump", "decline", "addition", "influx", "buildup", "build-up"}


def _noun_phrase(tok: Token, skip: tuple[int, int] = (0, 0)) -> str:
    """The counted noun with its adjectives and compounds ("Russian troops")."""
    mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "poss")
            and not (skip[0] <= c.idx < skip[1]) and not (c.like_num or c.pos_ == "NUM")
            and c.lower_ not in _NOT_MODIFIERS]
    lo, hi = 0, tok.idx
    if skip[1] and skip[1] <= tok.idx:  # "12 Somali and 11 Yemeni pirates": 12 counts Somali pirates
        lo = skip[1]
        between = [t for t in tok.doc[max(0, tok.i - 12) : tok.i] if lo <= t.idx and t.like_num]
        other = between[0] if between else None
        if other is not None and any(t.dep_ == "cc" and lo <= t.idx < other.idx for t in tok.doc[: tok.i]):
            hi = other.idx
    words: list[str] = []
    for m in mods:
        words.extend(t.text for t in m.subtree if t.dep_ not in ("det", "case", "punct")
                     and (not t.like_num or _hyphened(t))
                     and not (t.dep_ == "cc" and hi < tok.idx)
                     and not (skip[0] <= t.idx < skip[1]) and (not lo or lo <= t.idx < hi))
    return " ".join([*words, tok.text]).replace(" 's", "'s")


def _hyphened(t: Token) -> bool:
    """"10 - year" / "10-year": a number that is part of a modifier, kept in the noun phrase."""
    return t.i + 1 < len(t.doc) and t.doc[t.i + 1].text in ("-", "–") and t.i + 2 < len(t.doc) \
        and t.doc[t.i + 2].is_alpha


def _change_of(noun: Token) -> str | None:
    """"an increase of troops" -> "increase": the figure counts a change, not a level."""
    if noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in _CHANGE_NOUNS:
        return noun.head.head.lemma_.lower()
    return None


#: Verbs whose country subject owns the counted things ("Russia has massed 100,000 troops").
_HOLDING_VERBS = {"deploy", "mass", "station", "have", "keep", "field", "amass", "move", "send", "withdraw",
                  "pull", "lose", "hold", "maintain", "gather", "position", "build", "add", "muster", "bring"}


def _owner(noun: Token, verb: Token | None, after: int = 0) -> str | None:
    """The country or alliance whose counted things these are; modifiers before ``after`` belong to
    another number ("12 Somali and 11 Yemeni pirates": the 11 are not Somali)."""
    for c in noun.lefts:
        if c.idx < after:
            continue
        if c.dep_ in ("amod", "compound", "poss") and not c.like_num and not c.text[:1].isdigit() and (c.ent_type_ in ("NORP", "GPE") or c.lower_ in _DEMONYMS):
            return owner_of(c.text)
    if noun.dep_ != "dobj":
        return None  # "Israelis live ..., alongside three million Palestinians": not Israel's
    v, hops = verb, 0
    while v is not None and hops < 3:
        for c in v.children:
            if c.dep_ == "nsubj" and (c.ent_type_ == "GPE" or (c.lower_ in _DEMONYMS and c.tag_ == "NNP")) \
                    and v.lemma_.lower() in _HOLDING_VERBS:
                ent = next((e for e in noun.doc.ents if e.start <= c.i < e.end), None)
                return owner_of(ent.text if ent is not None else c.text)
        if v.dep_ != "xcomp" or v.head is v:
            break
        v, hops = v.head, hops + 1
    return None


def _governing_verb(tok: Token) -> Token | None:
    t = tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        if t.head is t:
            return None
        t = t.head
    return None


#: Nouns that say little without what follows: "two counts of murder", "three cases of plague".
_KINDS_OF = {"count", "charge", "case", "kind", "type", "form", "piece", "round", "bout", "pair", "set", "sort"}
#: Nouns that name a count of people or things when followed by "of N".
_OF_COUNTS = {"population", "crowd", "workforce", "force", "army", "fleet", "membership", "turnout", "toll",
              "audience", "enrollment", "enrolment", "staff", "garrison", "contingent"}


def _counted(num: Token, n: NumberExpr) -> tuple[Token | None, Token | None]:
    """(counted noun, governing verb) for the number token."""
    t = num
    while t.dep_ in ("compound", "quantmod", "nummod", "amod") and (t.head.like_num or t.head.pos_ == "NUM") and t.head is not t:
        t = t.head
    noun = None
    if t.dep_ in ("nummod", "amod", "compound", "npadvmod") and t.head.pos_ in ("NOUN", "PROPN") and t.head.i > t.i:
        noun = t.head
    elif n.unit == "%" or (t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "of"):
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            noun = next((c for c in of.children if c.dep_ == "pobj"), None)
    elif n.unit is None and t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN" \
            and t.head.head.lemma_.lower() in _OF_COUNTS:
        noun = t.head.head  # "a population of about 600,000", "a crowd of 5,000"
    if noun is not None and noun.lower_ in ("m", "bn", "k", "mn", "b", "mm"):
        noun = None  # "£88m": the scale, not a thing
    if noun is not None and noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i \
            and not (noun.i > 0 and noun.doc[noun.i - 1].text in ("-", "–")):  # "a 24-point lead" counts points
        noun = noun.head  # "two plainclothes officers": the officers, not the compound before them
    verb = _governing_verb(noun if noun is not None else t)
    return noun, verb


#: Heads that are units, not things: "25 points", "300 yards", "12 inches", "5 miles". A figure with
#: such a head counts something only with its owner ("Brady threw for 300 yards") or what is
#: measured ("12 inches of snow"); alone it is unattached.
MEASURE_HEADS = {"point", "yard", "inch", "foot", "feet", "mile", "meter", "metre", "kilometer", "kilometre",
                 "km", "acre", "pound", "ton", "tonne", "degree", "percent", "percentage", "gallon", "barrel",
                 "ounce", "kilogram", "kg", "lb", "mph", "cent", "%", "unit", "share", "stroke", "run", "rebound",
                 "assist", "goal", "lap", "carry", "touchdown", "minute", "second", "hour", "day", "week",
                 "month", "year", "time", "tsp", "tbsp", "cup", "oz", "mg", "g", "ml", "gram", "liter", "litre",
                 "magnitude", "worth", "slice", "scoop", "serving", "tablespoon", "teaspoon",
                 "clove", "pinch", "handful", "figure", "amount", "sum", "kph", "win", "loss", "defeat", "draw",
                 "knockout", "save", "victory", "ko", "dollar", "euro", "yuan", "yen", "ruble", "rouble", "rupee", "franc", "calorie", "carat", "megawatt", "watt", "volt", "byte", "gigabyte"}
#: Singular nouns that count people or things all the same ("10,000 staff", "2,000 police").
_COLLECTIVE = {"staff", "police", "personnel", "crew", "cattle", "livestock", "infantry", "military", "clergy",
               "people", "workforce", "head", "strong", "population", "total"}
#: Units that a named subject scores or holds ("Iguodala is averaging 14.9 points").
_TALLIES = {"point", "yard", "goal", "run", "rebound", "assist", "touchdown", "vote", "share", "seat", "lap",
            "stroke", "win", "loss", "defeat", "draw", "knockout", "save", "victory", "ko"}
#: Verbs whose subject is what a percentage or amount measures ("Unemployment rose to 9.5%").
_LEVEL_VERBS = {"rise", "fall", "drop", "climb", "increase", "decrease", "grow", "reach", "total", "stand", "jump",
                "surge", "decline", "slip", "soar", "plunge", "hit", "be", "amount", "top", "exceed", "double",
                "shrink", "gain", "lose", "slide", "tumble", "rebound", "average", "cost", "account", "represent",
                "make", "fell", "rose"}
_PRICE_VERBS = {"cost", "sell", "retail", "price", "start", "go"}
_NAMED = ("PERSON", "ORG", "GPE", "NORP", "PRODUCT", "FAC", "LOC", "WORK_OF_ART", "EVENT")


def _degree(doc: Doc, n: NumberExpr) -> bool:
    """The number grades an adjective ("100% safe", "$50 cheaper") or is a rate ("$4.99/mo")."""
    if re.match(r"\s?/\s?[A-Za-z]", doc.text[n.end : n.end + 4]):
        return True
    span = doc.char_span(n.num_start, n.end, alignment_mode="expand")
    if span is None:
        return False
    if span.end >= len(doc):
        return False
    nxt = doc[span.end]
    after = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
    return nxt.pos_ in ("ADJ", "ADV") and nxt.tag_ in ("JJR", "RBR", "JJ") \
        and (after is None or after.pos_ not in ("NOUN", "PROPN"))


def _measured(noun: Token) -> Token | None:
    """"12 inches of snow" -> snow: the thing a unit measures."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return obj if obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.lemma_.lower() not in MEASURE_HEADS else None


def _subject(verb: Token | None) -> Token | None:
    """The subject of the figure's verb, unless that verb reports a claim (its subject is the claimant)."""
    if verb is None or verb.lemma_.lower() in CLAIM_VERBS:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ == "conj" and verb.head.lemma_.lower() not in CLAIM_VERBS:
        subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)  # "hit ... and scored"
    if subj is None or subj.pos_ == "PRON" or subj.lower_ in ("it", "that", "which", "who", "this") \
            or subj.lemma_.lower() in MEASURE_HEADS or subj.like_num:
        return None
    return subj


def _entity_name(doc: Doc, tok: Token) -> str | None:
    ent = next((e for e in doc.ents if e.start <= tok.i < e.end and e.label_ in _NAMED), None)
    if ent is None or "\n" in ent.text or not any(c.isalpha() for c in ent.text):
        return None
    return ent.text.removeprefix("the ").removeprefix("The ")


def _attach(fig: Figure, doc: Doc, noun: Token | None, verb: Token | None, n: NumberExpr) -> None:
    """Give a unit-only or missing object its real thing, or mark the figure unattached.

    "Brady threw for 300 yards": yards, owner Brady. "Unemployment rose to 9.5%": unemployment.
    "12 inches of snow": snow. "scored 25 points" with no named subject: unattached.
    """
    head = noun.lemma_.lower() if noun is not None else None
    if (noun is None or noun.lower_ in ("mo", "yr") or head in MEASURE_HEADS or noun.lower_ in MEASURE_HEADS) \
            and _degree(doc, n):
        fig.kind = "unattached"  # "100% safe", "$50 cheaper", "$4.99/mo": a degree or a rate
        return
    if noun is not None and head not in MEASURE_HEADS and noun.lower_ not in MEASURE_HEADS:
        return
    if noun is not None and (thing := _measured(noun)) is not None:
        fig.object, fig.object_head = _noun_phrase(thing), thing.lemma_.lower()
        fig.unit = fig.unit or noun.lower_  # "5,000 gallons of water": 5,000, gallons, water
        fig.evidence["object"] = f"what the unit '{noun.text}' measures"
        return
    poss = next((c for c in noun.children if c.dep_ == "poss"), None) if noun is not None else None
    subj = poss if poss is not None and poss.pos_ == "PROPN" else _subject(verb)
    if subj is None:
        fig.kind = "unattached"
        return
    name = _entity_name(doc, subj)
    vlemma = verb.lemma_.lower() if verb is not None else ""
    percent_like = n.unit is not None or head in ("percent", "percentage", "point")
    if noun is None and n.unit not in (None, "%", "points", "percentage points") and vlemma in _PRICE_VERBS:
        priced = name or _noun_phrase(subj)
        fig.object, fig.object_head = f"price of {priced}", "price"
        fig.owner = fig.owner or (owner_of(name) if name else None)
        fig.evidence["object"] = f"what '{verb.text if verb is not None else ''}' it: '{priced}'"
    elif name is not None and noun is not None and head in _TALLIES and verb is not None \
            and (noun.head == verb or (noun.dep_ == "pobj" and noun.head.head == verb)):
        fig.owner = fig.owner or owner_of(name)
        fig.object = f"{name}'s {noun.text}"
        fig.evidence["object"] = f"'{noun.text}' of the subject '{name}'"
    elif name is None and subj.pos_ == "NOUN" and percent_like and vlemma in _LEVEL_VERBS:
        fig.object, fig.object_head = _noun_phrase(subj), subj.lemma_.lower()
        fig.owner = fig.owner or _owner(subj, verb)
        fig.evidence["object"] = f"the subject of '{verb.text if verb is not None else ''}'"
    else:
        fig.kind = "unattached"


def _fallback_noun(sent: Span, num: Token) -> Token | None:
    """For "how many Russian forces ... to more than 130,000": the noun asked about earlier in the sentence."""
    cands = [t for t in sent if t.i < num.i and t.pos_ == "NOUN" and t.tag_ == "NNS"
             and t.lower_ not in _NOT_COUNTED and not any(c.like_num for c in t.children)
             and t.lemma_.lower() not in MEASURE_HEADS
             and not (t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in CLAIM_VERBS)
             and not (t.dep_ == "pobj" and t.head.lower_ in _PLACE_PREPS)]
    many = [t for t in cands if any(c.lower_ == "many" for c in t.children)]
    # Only "how many <noun> ... to 130,000": any other earlier plural is too often something else
    # ("Fresh and ocean waters ... with a population of about 600,000").
    if many:
        return many[-1]
    changes = [t for t in cands if _change_of(t)]  # "an increase of troops ... up to 7,000"
    return changes[-1] if changes else None


def _predicate(noun: Token | None, verb: Token | None) -> str | None:
    """What happened to the counted things (killed, injured, ...), for casualty-like figures."""
    cands = [c.lemma_.lower() for c in noun.children if c.dep_ in ("acl", "relcl", "amod")] if noun is not None else []
    if verb is not None:
        cands.append(verb.lemma_.lower())
    classes = {"kill": "killed", "die": "killed", "dead": "killed", "murder": "killed",
               "wound": "injured", "injure": "injured", "hurt": "injured", "injured": "injured",
               "wounded": "injured", "arrest": "arrested", "detain": "arrested",
               "displace": "displaced", "evacuate": "displaced", "flee": "displaced",
               "destroy": "destroyed", "flatten": "destroyed", "raze": "destroyed", "level": "destroyed",
               "damage": "damaged", "hit": "damaged"}
    for c in cands:
        if c in classes:
            return classes[c]
    return None


def _resolve_pronoun(doc: Doc, tok: Token) -> str:
    persons = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= tok.i]
    return persons[-1].text if persons else tok.text


def _phrase_source(doc: Doc, head: Token) -> str:
    """The best name inside a subject phrase: a person, then an organisation, else the phrase."""
    if head.lower_ in _PRONOUNS:
        return _resolve_pronoun(doc, head)
    idx = {t.i for t in head.subtree}
    for label in ("PERSON", "ORG"):
        ents = [e for e in doc.ents if e.label_ == label and e.start in idx]
        if ents:
            e = ents[0]
            if (label == "ORG" and e.start > 0 and doc[e.start - 1].dep_ == "poss") or \
                    (e.start >= 2 and doc[e.start - 1].tag_ == "POS"):
                s = doc[e.start - 2].i if e.start >= 2 and doc[e.start - 1].tag_ == "POS" else e.start
                return doc[s : e.end].text
            return e.text
    clauses = {d.i for c in head.children if c.dep_ not in ("det", "amod", "compound", "poss", "nmod", "prep", "pobj")
               for d in c.subtree}
    clauses |= {d.i for c in head.lefts if c.dep_ == "prep" for d in c.subtree}  # "Twelve hours into the ..."
    toks = [t for t in head.subtree if t.dep_ != "punct" and t.i not in clauses and t.i <= head.i + 4]
    return doc[toks[0].i : toks[-1].i + 1].text if toks else head.text


#: Clauses that describe a noun: a number inside one is background, not part of a reported claim
#: ("a vigil for Gray, who was shot dead by two officers, witnesses said").
_BACKGROUND = {"relcl", "acl"}
#: How a number's clause hangs off a verb of saying when it is what was said.
_COMPLEMENT = {"ccomp", "parataxis", "xcomp"}
#: Verbs whose object is itself the claimed number ("reported 65 responses", "estimated 150,000").
_COUNTING_VERBS = {"report", "estimate", "count", "record", "cite", "put", "update", "calculate", "project",
                   "forecast", "predict", "confirm", "announce", "tally"}


def _claimant(doc: Doc, sent: Span, num: Token, noun: Token | None, quotes: list[tuple[int, int]],
              text: str) -> tuple[str | None, str]:
    # 1. "according to X"
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            pobj = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _phrase_source(doc, pobj), "according-to"
    # 2. a verb of saying or estimating that governs the number (or a relative clause on it)
    starts = [x for x in (noun, num) if x is not None]
    for s in starts:
        for c in s.children:
            if c.dep_ == "relcl" and c.lemma_.lower() in CLAIM_VERBS:
                subj = next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and (subj.pos_ != "PRON" or subj.lower_ in _PRONOUNS):
                    return _phrase_source(doc, subj), "claim-verb"
    in_quote = next(((a, b) for a, b in quotes if a <= num.idx < b), None)
    if in_quote is None:
        prev, background = starts[0], starts[0].dep_ in _BACKGROUND
        for anc in (starts[0]).ancestors:
            entry, prev = prev.dep_, anc
            if background:
                break  # inside a relative or descriptive clause: the article's background, not the claim
            background = anc.dep_ in _BACKGROUND
            if entry in ("conj", "advcl", "npadvmod"):
                continue  # "Weitz co-wrote X and produced two sequels": the number is not what was said
            if anc.lemma_.lower() in CLAIM_VERBS and anc.pos_ in ("VERB", "AUX", "NOUN") \
                    and (entry in _COMPLEMENT or anc.lemma_.lower() in _COUNTING_VERBS):
                # The passive subject is what is reported ("Houses ... were reported damaged"); the agent
                # ("by the ministry") and the active subject are who reports it.
                subj = next((x for x in anc.children if x.dep_ == "nsubj"), None)
                agent = next((x for x in anc.children if x.dep_ == "agent"), None)
                if subj is None and agent is not None:
                    subj = next((x for x in agent.children if x.dep_ == "pobj"), None)
                if subj is not None and subj.lower_ in ("who", "that", "which") and anc.dep_ == "relcl":
                    return _phrase_source(doc, anc.head), "claim-verb"  # "the MV Gibe, who said ...": the Gibe
                if subj is not None and subj.lower_ not in ("it", "they", "we", "i", "you", "that", "which", "who") \
                        and not any(t.i == num.i for t in subj.subtree):  # "one study in over 40,000 adults"
                    return _phrase_source(doc, subj), "claim-verb"
        # "..., Pickell said": the verb of saying hangs off the sentence's root
        root = sent.root
        said = next((c for c in root.children if c.dep_ in ("parataxis", "ccomp") and c.i != num.i
                     and c.lemma_.lower() in CLAIM_VERBS), None) if root.lemma_.lower() not in CLAIM_VERBS else None
        on_path = not any(t.dep_ in _BACKGROUND for t in [starts[0], *starts[0].ancestors] if t != root)
        subj = next((x for x in said.children if x.dep_ == "nsubj"), None) if said is not None else None
        if subj is not None and on_path and subj.pos_ != "PRON":
            return _phrase_source(doc, subj), "claim-verb"
    # 3. inside a quotation: the speaker named next to it
    if in_quote is not None:
        p_lo = text.rfind("\n", 0, in_quote[0]) + 1
        p_hi = text.find("\n", in_quote[1])
        region = doc.char_span(p_lo, p_hi if p_hi >= 0 else len(text), alignment_mode="contract")
        inside = [(a, b) for a, b in quotes if p_lo <= a < (p_hi if p_hi >= 0 else len(text))]
        best: tuple[int, Token] | None = None
        for t in region or []:
            if t.lemma_.lower() in CLAIM_VERBS and not any(a <= t.idx < b for a, b in inside):
                subj = next((x for x in t.children if x.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and not any(a <= subj.idx < b for a, b in inside):
                    dist = min(abs(t.idx - in_quote[0]), abs(t.idx - in_quote[1]))
                    if best is None or dist < best[0]:
                        best = (dist, subj)
        if best is not None:
            return _phrase_source(doc, best[1]), "quote"
    return None, "none"


def _place(doc: Doc, sent: Span, owner: str | None, claimant: str | None) -> str | None:
    """A named place in a locative phrase of the sentence, not the owner and not the source."""
    for t in sent:
        if (t.dep_ == "pobj" and t.head.lower_ in _PLACE_PREPS and t.pos_ == "PROPN") or (t.dep_ == "poss" and t.head.dep_ == "pobj" and t.head.head.lower_ in _PLACE_PREPS and t.pos_ == "PROPN"):
            cand = t
        else:
            continue
        ent = next((e for e in doc.ents if e.start <= cand.i < e.end), None)
        if ent is not None and ent.label_ not in ("GPE", "LOC", "FAC", "PERSON"):
            continue
        name = ent.text if ent is not None else doc[cand.left_edge.i : cand.i + 1].text
        name = name.removeprefix("the ")
        if owner_of(name) == owner or (claimant and name in claimant):
            continue
        return name
    return None


def extract_figures(article: Article, doc: Doc, event: EventDate | None = None) -> list[Figure]:
    """Every numeric claim in ``article`` (``doc`` is ``nlp.parse(article.text)``)."""
    text = article.text
    anchor = anchor_date(article.published)
    times = find_time_expressions(text, anchor)
    event = event or event_date(text, article.published)
    excluded = _excluded_spans(doc, times)
    quotes = [(m.start(), m.end()) for m in _QUOTE_RX.finditer(text)]
    out: list[Figure] = []
    prev: Figure | None = None
    for n in find_numbers(text):
        if any(n.num_start < e and s < n.end for s, e in excluded):
            continue
        if n.value is None or _is_identifier(text, n):
            continue
        if n.unit is None and n.value_high is None and re.fullmatch(r"(19|20)\d\d", text[n.num_start:n.end]):
            continue  # a bare year
        span = _tokens(doc, n.num_start, n.end)
        if span is None:
            continue
        num = _num_token(span)
        partitive = bool(re.match(r"\s+of\s+(?:the|its|his|her|their|our|these|those)\b", text[n.end : n.end + 12]))
        if n.spelled and num.dep_ not in ("nummod", "compound", "quantmod") and n.unit is None \
                and n.value < 100 and not partitive and not n.qualifier:
            continue  # "the two did not discuss" (but "two of the three contests", "at least four")
        if n.value == 1 and n.value_high is None and n.spelled:
            continue  # the bare numeral "one" is an article, not a count
        if num.i + 1 < len(doc) and doc[num.i + 1].lower_ in _NOT_COUNTED and n.unit is None:
            continue  # durations and the like
        quoted_term = any(a <= n.start and n.end <= b and len(text[a:b].split()) <= 4 for a, b in quotes)
        if _is_ratio(text, n) or (n.text.lower() in _SCALE_WORDS and _VAGUE.search(text[max(0, n.start - 20) : n.start])):
            continue  # "nine of 10 limes", "several hundred": no count is given
        # Kept apart, never claims: scores and records ("won 3-1", "a 10-2 record"), labels and
        # measures used as adjectives ("13-inch", "a 31-page agreement"), names with a number
        # ("Boeing 787", "2K Games") and numbers describing one thing ("a 5.6 quake").
        apart = "score" if _is_score(text, n) else "label" if (
            quoted_term or _is_label(text, n) or _is_model(doc, num, text, n) or _is_attribute(num, n)
            or _in_name(doc, num)) else None  # a quoted term too ("three amigos")
        sent = _sentence(doc, num, text)
        if not _prose(sent):
            apart = apart or "unattached"  # table rows, menus, lists: "| 27 | Bubba Wallace | 487 |"
        noun, verb = _counted(num, n)
        how = "syntax" if noun is not None else "none"
        same_sentence = prev is not None and prev.start >= sent.start_char
        if noun is None and n.unit is None and not same_sentence:
            noun = _fallback_noun(sent, num)
            how = "sentence" if noun is not None else how
        fig = Figure(article.id, n.start, n.end, n.text, n.value, n.value_high, n.unit, n.qualifier,
                     sentence=sent.text.strip())
        change = _change_of(noun) if noun is not None else None
        if noun is not None:
            fig.object = _noun_phrase(noun, skip=(n.start, n.end))
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            kind_of = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if noun.lemma_.lower() in _KINDS_OF and kind_of is not None:  # "three counts of homicide"
                fig.object = f"{fig.object} of {_noun_phrase(kind_of)}"
            fig.object_head = noun.lemma_.lower()
            fig.owner = _owner(noun, verb, n.end if n.end <= noun.idx else 0)
            if change:
                fig.object = f"{change} of {fig.object}"
        elif prev is not None and prev.object and n.unit is None and n.start - prev.end < 400 \
                and "\n\n" not in text[prev.end : n.start] and num.dep_ in (_SAME_SENTENCE_DEPS if same_sentence else ("nsubj", "nsubjpass")):
            fig.object, fig.object_head, fig.owner = prev.object, prev.object_head, prev.owner
            how = "previous figure"
        fig.evidence["object"] = how
        words = (fig.object or "").split()
        if len(words) > 1 and words[0].lower().rstrip("s") in MEASURE_HEADS and fig.unit is None and noun is not None \
                and n.end <= noun.idx:  # "1 cup zucchini noodles": 1 cup of noodles
            fig.unit, fig.object = words[0].lower(), " ".join(words[1:])
        elif how != "previous figure" and not change:
            _attach(fig, doc, noun, verb, n)
        if not fig.object or not any(c.isalpha() for c in fig.object):
            fig.kind = "unattached"  # nothing counted, or a table cell "| 352 |"
        if apart:
            fig.kind = apart
        fig.predicate = change or _predicate(noun, verb)
        fig.verb = verb.lemma_.lower() if verb is not None else None
        if partitive:
            fig.evidence["partitive"] = "a part of a group ('three of those companies'), not its size"
        fig.claimant, fig.claimant_from = _claimant(doc, sent, num, noun, quotes, text)
        if fig.claimant and ("\n" in fig.claimant or not any(c.isalpha() for c in fig.claimant)
                             or fig.claimant.lower() in ("we", "they", "i", "you", "it", "he", "she", "us", "them")):
            fig.claimant, fig.claimant_from = None, "none"  # a heading run into the sentence, not a source
        if fig.claimant is None and article.outlet:
            fig.claimant, fig.claimant_from = article.outlet, "outlet"
        fig.place = _place(doc, sent, fig.owner, fig.claimant)
        _as_of(fig, n, sent, times, event, text)
        out.append(fig)
        if fig.object and fig.kind == "quantity":
            prev = fig
    return out


def _as_of(fig: Figure, n: NumberExpr, sent: Span, times: list[TimeExpr], event: EventDate, text: str) -> None:
    """When the figure holds: a date in its sentence, "before" the article's day, or that day."""
    near = [t for t in times if sent.start_char <= t.start < sent.end_char and t.date]
    window = text[max(sent.start_char, n.start - 40) : n.start]
    after = text[n.end : min(sent.end_char, n.end + 40)]
    if re.match(r"[^,;.]*\b(previously|earlier|formerly)\b", after, re.I):
        window = after
    if _BEFORE_CUES.search(window):
        fig.as_of_latest = event.date
        fig.as_of_estimated = event.estimated
        fig.as_of_from = "before"
        fig.evidence["as_of"] = f"'{_BEFORE_CUES.search(window).group(0)}' next to the figure: before {event.date or 'the article'}"  # type: ignore[union-attr]
        return
    if near:
        t = min(near, key=lambda x: abs(x.start - n.start))
        fig.as_of = fig.as_of_earliest = fig.as_of_latest = t.date
        fig.as_of_from = "sentence"
        fig.evidence["as_of"] = f"'{t.text}' in the sentence"
        return
    fig.as_of = fig.as_of_earliest = fig.as_of_latest = event.date
    fig.as_of_estimated = event.estimated
    fig.as_of_from = "estimate" if event.estimated else "article"
    fig.evidence["as_of"] = "; ".join(event.evidence)
