"""Credits as real news prints them, and whom they name.

A copy that prints "(AP) —", "according to the New York Post", "Reuters
reported", "first reported by Politico", "via CNN", "The Associated Press
contributed to this report", "told The Guardian" or an agency byline is
telling its reader where the story comes from. An ``uncredited-reuse`` flag
is an accusation, so every credit a copy prints must be found, and each is
kept with the sentence that prints it: that sentence is the evidence.

Whom a credit names is resolved against an article's *identity* (its outlet,
site name, web host, byline outlet, or the agency of its own dateline) and
against the known wire agencies; a name that resolves to neither is kept as
printed (a person who contributed, an outlet not in the stream).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..articles.bylines import ORG_WORDS
from ..model import Article

__all__ = ["AGENCIES", "CreditMention", "agencies_in", "agency", "credit_mentions", "identity", "is_newsroom", "names_match"]

#: Wire services whose copy is routinely republished, with the names they appear under.
AGENCIES: dict[str, tuple[str, ...]] = {
    "The Associated Press": ("associated press", "ap", "the ap"),
    "Reuters": ("reuters", "thomson reuters"),
    "Agence France-Presse": ("agence france-presse", "agence france presse", "afp"),
    "Bloomberg": ("bloomberg", "bloomberg news"),
    "dpa": ("dpa", "deutsche presse-agentur"),
    "United Press International": ("united press international", "upi"),
    "PA Media": ("pa media", "press association"),
    "The Canadian Press": ("canadian press",),
    "Australian Associated Press": ("australian associated press", "aap"),
    "Xinhua": ("xinhua", "xinhua news agency"),
    "TASS": ("tass",),
    "Interfax": ("interfax",),
    "EFE": ("efe",),
    "ANSA": ("ansa",),
    "Kyodo": ("kyodo", "kyodo news"),
    "Yonhap": ("yonhap",),
    "Press Trust of India": ("press trust of india", "pti"),
    "CNN Wire": ("cnn wire",),
}

# A name as printed: capitalised words (and "of", "&", "and" inside), or an all-caps short form.
_CAP = r"[A-Z](?:[\w&-]|\.(?=\w)|['’](?=\w\w))*"
_NAME = rf"(?:the\s+|The\s+)?{_CAP}(?:\s+(?:of\s+|&\s+|and\s+)?{_CAP}){{0,5}}"
_NAMED = rf"(?P<who>{_NAME})"

#: Each credit form, with the name it credits as ``who``. The name must be capitalised:
#: "according to police" or "told reporters" credit no outlet.
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((how, re.compile(p)) for how, p in (
    ("dateline", r"(?m)^[\s\"“]*(?:[A-Z][A-Z.' -]{1,40}(?:,\s*[A-Z][\w. ]{1,30})?\s*)?"
                 r"\((?P<who>[A-Z][\w.&' -]{1,30}?)\)\s*[—–-]"),
    ("according to", rf"\b[Aa]ccording to\s+{_NAMED}"),
    ("reported by", rf"\b(?:[Ff]irst |[Oo]riginally |[Aa]s )?(?:reported|published|broken|obtained) by\s+{_NAMED}"),
    ("reported", rf"{_NAMED}(?:[’']s?)?\s+(?:first\s+|previously\s+|earlier\s+|originally\s+|also\s+)?"
                 rf"(?:reported|reports|has reported|broke the news|was first to report|revealed)\b"),
    ("report by", rf"\b(?:[Aa]|[Tt]he|[Aa]n earlier|[Aa]n exclusive)\s+(?:report|story|article|investigation)\s+"
                  rf"(?:by|from|in)\s+{_NAMED}"),
    ("via", rf"\b(?:[Vv]ia|[Ss]ource:|[Cc]redit:)\s+{_NAMED}"),
    ("contributed", rf"{_NAMED}(?:[’']s?)?(?:\s+[\w.’' -]{{0,60}}?)?\s+(?:also\s+)?contributed"
                    rf"(?:\s+reporting)?\s+to\s+(?:this|the)\s+(?:report|story|article)"),
    ("told", rf"\b(?:told|said to|in an interview with|speaking to|spoke to)\s+{_NAMED}"),
    ("byline", r"(?m)^\s*(?:[Bb]y\s+)?(?:[A-Z][\w.'-]+,?\s+){0,4}?[,|—–-]?\s*"
               r"(?P<who>(?:The\s+)?(?:Associated Press|Reuters|Agence France-Presse|AFP|"
               r"Bloomberg News|United Press International|Canadian Press|Press Association))"
               r"(?:\s+(?:Writer|Staff|Reporter|Correspondent))?\s*$"),
    ("copyright", rf"(?:©|\([Cc]\)|[Cc]opyright)\s*(?:\d{{4}}\s+)?{_NAMED}"),
))

#: A day or month the name pattern ran on into ("told the Daily News Tuesday").
_WHEN = re.compile(r"(?:\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|"
                   r"February|March|April|May|June|July|August|September|October|November|"
                   r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)+$")
_LEAD = re.compile(r"^(?:the|a|an)\s+", re.I)
_TAIL = re.compile(r"(?:[’']s?|\s+(?:first|also|previously|earlier|originally|news|staff|writer|"
                   r"reporter|correspondent|journalist|wire|on|in|that|and))+$", re.I)
_NOT_OUTLETS = frozenset((
    "police", "officials", "authorities", "reporters", "witnesses", "sources", "documents",
    "he", "she", "they", "it", "we", "i", "him", "her", "them", "his", "a", "an", "the",
    "court", "prosecutors", "investigators", "records", "data", "figures", "estimates",
))


@dataclass(frozen=True)
class CreditMention:
    """One credit an article prints: the name as printed, the agency it is (if a wire),
    the form it takes, and the sentence (``start``-``end`` in the text) that prints it."""

    name: str
    agency: str | None
    how: str
    start: int
    end: int
    sentence: str

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "agency": self.agency, "how": self.how, "start": self.start,
                "end": self.end, "sentence": self.sentence}


def _norm(name: str) -> str:
    """A name compared: lower case, no leading article, no possessive, letters and digits only."""
    n = _LEAD.sub("", name.strip(" .,;:()\"“”")).strip()
    n = _TAIL.sub("", n).strip()
    return re.sub(r"[^0-9a-z]+", "", n.lower())


def agency(name: str) -> str | None:
    """The canonical wire agency ``name`` is printed for, or None."""
    n = _LEAD.sub("", name.strip(" .,;:()\"“”").lower()).strip()
    n = _TAIL.sub("", n).strip()
    for canon, aliases in AGENCIES.items():
        if n in aliases or n == canon.lower() or any(
                n.startswith(a + " ") and len(a) > 3 for a in aliases):
            return canon
    return None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around ``start``-``end``: the evidence a reader checks."""
    lo, hi = 0, len(text)
    for sep in ("\n", ". ", "? ", "! "):
        i = text.rfind(sep, 0, start)
        if i != -1:
            lo = max(lo, i + len(sep))
        j = text.find(sep, end)
        if j != -1:
            hi = min(hi, j + len(sep.strip()))
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def credit_mentions(article: Article) -> list[CreditMention]:
    """Every credit ``article`` prints (and those its byline and credit lines gave), in order."""
    text = article.text
    out: list[CreditMention] = []
    seen: set[tuple[str, int]] = set()
    for how, pat in _FORMS:
        for m in pat.finditer(text):
            who = _WHEN.sub("", m.group("who").strip().rstrip(".,;:")).strip()
            canon = agency(who)
            key = _norm(who)
            if not key or key in _NOT_OUTLETS or (how == "told" and canon is None and not is_newsroom(who)):
                continue
            if how in ("reported", "according to", "report by") and canon is None and not is_newsroom(who):
                continue  # "Smith reported the fire": a person, not a newsroom
            s0, s1 = _sentence(text, m.start("who"), m.end("who"))
            if (key, s0) in seen:
                continue
            seen.add((key, s0))
            out.append(CreditMention(who, canon, how, s0, s1, text[s0:s1]))
    for c in article.credits:  # credit lines the layout step took out of the text
        canon = agency(c)
        out.append(CreditMention(c.strip(), canon, "credit line", -1, -1, c.strip()))
    out.sort(key=lambda c: (c.start, c.how))
    return out


#: Newsroom names an outlet word does not give away (broadcasters, sites, magazines).
_OUTLET_NAMES = re.compile(
    r"\b(bbc|cnn|nbc|abc|cbs|fox|msnbc|npr|pbs|afp|yahoo|buzzfeed|vox|slate|breitbart|hill|"
    r"atlantic|economist|forbes|wired|verge|techcrunch|engadget|cnet|gizmodo)\b", re.I)


def is_newsroom(name: str) -> bool:
    """A name that reads as a newsroom: an outlet word, an all-caps short form (CNN, THR),
    or a web host."""
    n = name.strip()
    n = _LEAD.sub("", n)
    core = re.sub(r"[’']s$", "", n)
    return bool(ORG_WORDS.search(core) or _OUTLET_NAMES.search(core)) or (core.isupper() and 2 <= len(core) <= 6) or bool(
        re.search(r"\.(com|org|net|co\.uk|news)\b", core, re.I))


def identity(article: Article) -> set[str]:
    """The names an article is known by (normalised): outlet, site name, web host, the
    agency of its own dateline or byline. A credit naming one of these credits it."""
    names = {n for n in (article.outlet, article.site_name) if n}
    if article.url:
        host = re.sub(r"^https?://(www\.)?", "", article.url).split("/")[0]
        names.add(host.split(".")[0])
        names.add(host.rsplit(".", 1)[0])
    head = article.text[:400]
    for how, pat in _FORMS:
        if how in ("dateline", "byline"):
            for m in pat.finditer(head):
                names.add(m.group("who"))
    out = {_norm(n) for n in names if n}
    for n in list(out):
        canon = agency(n)
        if canon:
            out |= {_norm(a) for a in (canon, *AGENCIES[canon])}
    return {n for n in out if n}


def agencies_in(names: set[str]) -> list[str]:
    """The wire agencies among ``names`` (normalised, as :func:`identity` gives them)."""
    return [canon for canon in AGENCIES if _norm(canon) in names]


def names_match(mention: CreditMention, names: Iterable[str]) -> bool:
    """Whether a credit names one of ``names`` (normalised, as :func:`identity` gives them)."""
    key = _norm(mention.name)
    cands = {key}
    if mention.agency:
        cands |= {_norm(a) for a in (mention.agency, *AGENCIES[mention.agency])}
    return any(c and c in names for c in cands)
