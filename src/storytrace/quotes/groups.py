"""Quote groups: one utterance as several outlets printed it.

How it decides, step by step:

* **Candidates** come from an index of word trigrams of the quoted words
  (never a scan of every stored quote).
* **Link** two quotations when their quoted words align: runs of at least
  three shared words, covering 40% of the shorter one for the same speaker
  (or when one speaker is unknown), 70% of it in one stretch and six words
  when the speakers differ (the case a misattribution looks like), and when
  both articles name their speaker, half of the longer one or twelve words
  too (a slogan echoed inside a longer quotation is another utterance). The
  shared words must also
  hold at least three content words, or two that are nearly all the content
  of the shorter one: "is going to be", "one of the most" or "of the United
  States" are how people talk, not what one of them said, and linking on
  them chained a 10k-article store into one group of 1,666 quotations. A
  quotation made only of function words ("to be or not to be") links when it
  matches the other one nearly whole and has no content word of its own. A
  name in title case (a programme, a book) is not compared. Each piece of a quotation
  split by its attribution is compared on its own, so a long quotation still
  finds the one sentence another outlet kept.
* **Best-attested wording**: the piece most instances agree with word for
  word (up to contractions, spelling, an editor's gloss); ties go to a full
  quotation over a fragment, one given to the group's speaker, an intact one
  over one with a repaired quotation mark, the earliest published, then the
  longest.
* **Status** of each instance against that wording: ``verbatim`` (as
  printed), ``variant`` (only punctuation, case, contractions, spelling,
  a gloss or an optional "that" differ), ``truncated`` (a stretch of it),
  ``altered`` (words inside the quotation marks changed), ``misattributed``
  (the same words given to another named speaker).
* **Speaker**: a vote in which a name in the text counts more than a pronoun
  the article left to be resolved; an instance whose speaker the others
  contradict gets a ``speaker_correction`` that shows both, unless it holds
  a quotation of its own (its speaker quotes the words).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from .aliases import unaccented
from .wording import align, changes, diff, loose_words, raw_equal, squashed

__all__ = ["GroupMember", "QuoteGroup", "QuoteItem", "build_groups", "link_score", "shingles"]

SAME_SPEAKER_COVER = 0.4
OTHER_SPEAKER_COVER = 0.7
MIN_MATCHED = 4
MIN_MATCHED_OTHER = 6
MIN_RUN = 3
MIN_CONTENT = 2
#: articles that must name a group's speaker beside the words before another article's
#: own named speaker is called a misattribution
MIN_ATTESTING = 2
#: a component larger than this is cut into stars (a quotation and the ones linked to it)
#: before grouping, so the cost stays linear in its links
MAX_COMPONENT = 200
#: instances asked which piece of a split quotation they print
MAX_SUPPORT = 40
#: shared words that make one quotation nearly all of the other (or of its content words)
WHOLE_COVER = 0.75
#: two speakers the articles name: the shared words must be this much of the longer
#: quotation too, or a sentence's worth (``ECHO_WORDS``); a phrase inside someone else's
#: longer quotation is an echo ("make America great again"), not the same utterance
ECHO_COVER = 0.5
ECHO_WORDS = 12
#: words of speech that carry no claim of their own, beyond spaCy's stop words
_SPOKEN = frozenset({"going", "gonna", "think", "thought", "lot", "know", "want", "thing", "things",
                     "like", "got", "get", "let", "okay", "yes", "oh", "well", "right", "really",
                     "just", "need", "look", "way", "sure", "little", "kind", "sort"})
FUNCTION_WORDS = frozenset(STOP_WORDS) | _SPOKEN


def _content(ws: Sequence[str]) -> int:
    return sum(1 for w in ws if w not in FUNCTION_WORDS)


@dataclass(slots=True)
class QuoteItem:
    """What grouping needs of one stored quotation."""

    id: str
    article_id: str
    pieces: list[str]                 # the quoted words, piece by piece
    speaker: str | None = None        # store-wide canonical speaker
    speaker_kind: str = "none"        # person | org | role | pronoun | none
    speaker_via: str = "none"         # mention | title | epithet | pronoun | continuation | context | none
    kind: str = "direct"              # direct | partial
    repaired: bool = False
    published: str | None = None
    nested: bool = False              # holds a quotation of someone else's words

    @property
    def text(self) -> str:
        return " ".join(self.pieces)


@dataclass(slots=True)
class GroupMember:
    quote_id: str
    status: str
    wording: str                      # the piece compared with the canonical wording
    diff: dict[str, Any]
    score: float                      # share of the canonical wording found in this instance
    speaker: str | None
    speaker_correction: dict[str, Any] | None = None
    speaker_via: str = "none"         # how the article gives its speaker (see ``QuoteItem``)


@dataclass(slots=True)
class QuoteGroup:
    id: str
    speaker: str | None
    canonical_text: str
    canonical_quote_id: str
    members: list[GroupMember] = field(default_factory=list)
    speaker_votes: dict[str, float] = field(default_factory=dict)


def shingles(text: str, n: int = 3) -> set[str]:
    """Word trigrams of the quoted words: the keys of the candidate index.

    Trigrams of function words only ("is going to") are left out when the
    quotation has others: they are in every other quotation, so they would
    fill the candidate list with quotes that cannot link and make the index
    lookups slow. A quotation of function words only keeps them all.
    """
    ws = loose_words(text)
    grams = [ws[i : i + n] for i in range(len(ws) - n + 1)]
    content = [g for g in grams if any(w not in FUNCTION_WORDS for w in g)]
    return {" ".join(g) for g in (content or grams)}


def same_speaker(a: str | None, b: str | None) -> bool:
    """Same canonical speaker, or one of them unknown (a pronoun left unresolved); accents
    and case aside (Felipe Calderón, Felipe Calderon)."""
    if not a or not b:
        return True
    a_, b_ = unaccented(a.lower()), unaccented(b.lower())
    if a_ == b_ or a_.split()[-1] == b_.split()[-1]:
        return True
    # one letter typed wrong in the surname of the same first name (Wetzler / Welzler)
    wa, wb = a_.split(), b_.split()
    return (len(wa) > 1 and len(wb) > 1 and wa[0] == wb[0] and len(wa[-1]) >= 5
            and SequenceMatcher(None, wa[-1], wb[-1]).ratio() >= 0.8)


def _named(q: QuoteItem) -> bool:
    """The article itself names the speaker (not a pronoun, a title or the context)."""
    return q.speaker_via == "mention" and q.speaker_kind in ("person", "org")


def _units(q: QuoteItem) -> list[str]:
    """The pieces compared, and the whole when there are several; a name in title case
    ("The Late Show With Stephen Colbert", "Crippled America: How to Make America Great
    Again") is a programme or a book that two articles mention, not words someone said."""
    units = [p for p in q.pieces if p.strip() and not _title_case(p)]
    if len(units) > 1:
        units.append(" ".join(units))
    return units


#: Words a title leaves in lower case.
_MINOR = frozenset(["a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "with", "at", "by",
                    "from", "as", "vs", "vs."])


#: the longest title compared as a name ("Outstanding Individual Performance in a Variety or
#: Music Program", an award category two articles print)
TITLE_WORDS = 12


def _title_case(piece: str) -> bool:
    """Two to ``TITLE_WORDS`` words, each but the minor ones capitalised, not all in capitals
    (shouting is speech): how a programme's or a book's name is printed."""
    ws = [w.strip("\"“”‘’'«»,.:;!?()") for w in piece.split()]
    ws = [w for w in ws if any(c.isalpha() for c in w)]
    big = [w for w in ws if w.lower() not in _MINOR]
    return (2 <= len(ws) <= TITLE_WORDS and bool(big) and all(w[0].isupper() for w in big)
            and not all(w.isupper() for w in big))


#: A quotation mark that opens inside a quotation: the speaker quotes someone else.
_NESTED = re.compile(r"(?<=\S)\s*[“„«]|(?<=\s)[‘\"']\w")


def _quotes_another(q: QuoteItem) -> bool:
    """The instance holds a quotation of its own ("Donald Trump's absurd claim that
    “has to do with Israel …”"): its speaker quotes the words, and its article is
    neither wrong about them nor misattributing them."""
    return q.nested or any(_NESTED.search(p.strip(" \"“”‘’'«»")) for p in q.pieces)


def link_score(a: QuoteItem, b: QuoteItem) -> dict[str, Any] | None:
    """Evidence that ``a`` and ``b`` print the same utterance, or None.

    Returns the best aligned pair of pieces with the shared words, the
    coverage of the shorter one and of its content words.
    """
    same = same_speaker(_known(a), _known(b))
    both_named = _named(a) and _named(b)
    best: dict[str, Any] | None = None
    for ua in _units(a):
        wa = loose_words(ua)
        for ub in _units(b):
            wb = loose_words(ub)
            if not wa or not wb:
                continue
            matched, longest, blocks = align(wa, wb)
            if longest < MIN_RUN:
                continue
            cover = matched / min(len(wa), len(wb))
            shared_words = [w for i, _, n in blocks for w in wa[i : i + n]]
            content = _content(shared_words)
            content_cover = content / max(1, min(_content(wa), _content(wb)))
            longer = matched / max(len(wa), len(wb))
            # nearly all of the other, with no content word of its own ("To be, or not to
            # be"); not a template that changes the words that matter ("I'm a big fan of
            # Paul" / "… of Elizabeth Warren", "got to be able to win" / "… to adapt")
            short, at = (wa, 0) if len(wa) <= len(wb) else (wb, 1)
            seen = {k for blk in blocks for k in range(blk[at], blk[at] + blk[2])}
            whole = longer >= WHOLE_COVER and not _content([w for k, w in enumerate(short) if k not in seen])
            # given to another speaker, the words must be one stretch of the other: a
            # copied quotation, not common words here and there ("a lot of people …
            # Bernie Sanders")
            ok = (matched >= (MIN_MATCHED if same else MIN_MATCHED_OTHER)
                  and (cover >= SAME_SPEAKER_COVER if same else longest / min(len(wa), len(wb)) >= OTHER_SPEAKER_COVER)
                  and (content > MIN_CONTENT
                       or (content == MIN_CONTENT and content_cover >= WHOLE_COVER) or whole)
                  and (same or not both_named or longer >= ECHO_COVER or matched >= ECHO_WORDS))
            if ok and (best is None or cover > best["cover"]):
                shared = [" ".join(wa[i : i + n]) for i, _, n in blocks]
                best = {"cover": round(cover, 3), "content_cover": round(content_cover, 3),
                        "matched": matched, "a": ua, "b": ub, "shared": shared}
    return best


def _known(q: QuoteItem) -> str | None:
    return q.speaker if q.speaker_kind != "pronoun" or q.speaker_via == "pronoun" else None


def _components(ids: Iterable[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    comp: dict[str, list[str]] = defaultdict(list)
    for i in parent:
        comp[find(i)].append(i)
    return [sorted(v) for v in comp.values()]


def _best_piece(q: QuoteItem, others: Sequence[QuoteItem]) -> str:
    """The piece of ``q`` that the other instances share most words with.

    Only the first ``MAX_SUPPORT`` other instances are asked: a slogan quoted
    by thousands of articles must not cost a comparison per pair.
    """
    pieces = [p for p in q.pieces if p.strip()] or [q.text]
    if len(pieces) == 1:
        return pieces[0]
    voters = [o for o in others if o.id != q.id][:MAX_SUPPORT]

    def support(p: str) -> int:
        wp = loose_words(p)
        return sum(align(wp, loose_words(o.text))[0] for o in voters)
    return max(pieces, key=lambda p: (support(p), len(p)))


def _status(canon: str, piece: str) -> tuple[str, float]:
    """Status of one instance's wording against the canonical wording, and coverage.

    Words that differ only in spacing, typography, compounding or number format
    ("2.6million", "HP ’ s", "datacenter") are the same words (``wording.changes``)."""
    wc, wi = loose_words(canon), loose_words(piece)
    matched, _, _ = align(wc, wi)
    cover = matched / max(1, len(wc))
    if raw_equal(canon, piece):
        return "verbatim", 1.0
    if _ELLIPSIS.search(piece) and _within(_segments(piece), squashed(wc)):
        # words left out where the instance says so ("We will … defend"): a cut, not a change
        return "truncated", round(len(squashed(wi)) / max(1, len(squashed(wc))), 3)
    ops = changes(wc, wi)
    if not ops:
        return "variant", 1.0
    inner = [op for op in ops if not _at_edge(op, len(wc), len(wi))]
    if not inner and all(op[0] == "delete" for op in ops):
        # an unchanged stretch of the canonical wording
        return "truncated", round(len(squashed(wi)) / max(1, len(squashed(wc))), 3)
    if not inner and all(op[0] == "insert" for op in ops):
        # the instance quotes more than the canonical sentence, which it holds unchanged
        return "verbatim" if canon.strip(" .,") in piece else "variant", 1.0
    return "altered", round(cover, 3)


#: An ellipsis: the writer left words of the quotation out.
_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.|\[\.\.\.\]")


def _segments(piece: str) -> list[str]:
    """The squashed words of each stretch of ``piece`` between ellipses."""
    return [w for w in (squashed(loose_words(part)) for part in _ELLIPSIS.split(piece)) if w]


def _within(segments: Sequence[str], big: str) -> bool:
    """Every segment is a stretch of ``big``, in order."""
    at = 0
    for seg in segments:
        k = big.find(seg, at)
        if k < 0:
            return False
        at = k + len(seg)
    return bool(segments)


def _at_edge(op: tuple[str, int, int, int, int], nc: int, ni: int) -> bool:
    """A change at the start or the end of both wordings: words cut off or quoted beyond."""
    _, i1, i2, j1, j2 = op
    return (i1 == 0 and j1 == 0) or (i2 == nc and j2 == ni)


#: How the article gave a speaker that was resolved from something other than a name.
_RESOLVED_FROM = {"pronoun": "leaves the speaker as a pronoun", "title": "gives the speaker only a title",
                  "epithet": "gives the speaker only a description"}
_WEIGHT = {"mention": 1.0, "continuation": 0.8, "title": 0.7, "pronoun": 0.5, "epithet": 0.5, "context": 0.3,
           "none": 0.0}
_KIND_WEIGHT = {"person": 1.0, "org": 0.6, "role": 0.5, "pronoun": 0.0, "none": 0.0}


def _speaker_vote(items: Sequence[QuoteItem]) -> dict[str, float]:
    votes: dict[str, float] = {}
    for q in items:
        if q.speaker and q.speaker_kind != "pronoun":
            votes[q.speaker] = votes.get(q.speaker, 0.0) + _WEIGHT.get(q.speaker_via, 0.5) * _KIND_WEIGHT.get(q.speaker_kind, 0.5)
    return votes


def _group(items: list[QuoteItem]) -> QuoteGroup:
    pieces = {q.id: _best_piece(q, items) for q in items}
    loose_of = {q.id: loose_words(pieces[q.id]) for q in items}

    votes = _speaker_vote(items)
    speaker = max(votes, key=lambda s: (votes[s], s)) if votes else None

    squash_of = {q.id: squashed(loose_of[q.id]) for q in items}
    agreeing = Counter(squash_of.values())
    segments = {q.id: _segments(pieces[q.id]) for q in items}
    # the wordings each instance attests: its own, and every fuller one it is a stretch of,
    # or its stretches between ellipses are (a copy cut short attests the original it was
    # cut from, not the other way round)
    attested = Counter({squash_of[q.id]: sum(1 for o in items if _within(segments[o.id], squash_of[q.id]))
                        for q in items})

    def rank(q: QuoteItem) -> tuple[Any, ...]:
        w = squash_of[q.id]
        return (-attested[w], -agreeing[w], q.kind != "direct", q.speaker != speaker, q.repaired,
                q.published or "9999", -len(loose_of[q.id]), q.id)

    canon_q = min(items, key=rank)
    canon = pieces[canon_q.id]
    speaker = speaker or canon_q.speaker
    # each instance is judged by its piece closest to the canonical wording, not by the
    # piece most others share: "I meant exactly that. He's the founder of ISIS," not the
    # "most valuable player" sentences that follow it in the same quotation
    wc = loose_words(canon)
    for q in items:
        if q.id != canon_q.id and len(q.pieces) > 1:
            pieces[q.id] = max((p for p in q.pieces if p.strip()),
                               key=lambda p: align(wc, loose_words(p))[0], default=pieces[q.id])
    # the articles that name the group's speaker themselves, beside the quotation
    attesting = sorted({o.article_id for o in items if _named(o) and same_speaker(o.speaker, speaker)}) if speaker else []
    members: list[GroupMember] = []
    for q in items:
        status, score = _status(canon, pieces[q.id])
        correction = None
        if speaker and q.speaker != speaker and not same_speaker(q.speaker, speaker) and not _quotes_another(q):
            explicit = q.speaker_via == "mention" and q.speaker_kind == "person"
            # the article's own name against the others' needs the others to be clear: at
            # least two articles name the group's speaker, more than name this one's, so
            # copies of one weakly attributed rewrite never outvote the one right copy
            mine = {o.article_id for o in items if _named(o) and same_speaker(o.speaker, q.speaker)}
            clear = len(attesting) >= MIN_ATTESTING and len(attesting) > len(mine)
            if explicit and not clear:
                members.append(GroupMember(q.id, status, pieces[q.id], diff(canon, pieces[q.id]), score,
                                           q.speaker, None, q.speaker_via))
                continue
            if explicit:
                status = "misattributed"
            others = sum(1 for o in items if o.speaker == speaker)
            correction = {
                "from": q.speaker, "to": speaker,
                "reason": (f"the article names {q.speaker}" if explicit else
                           f"the article {_RESOLVED_FROM[q.speaker_via]}, resolved to {q.speaker}"
                           if q.speaker_via in _RESOLVED_FROM else "the article does not name the speaker")
                + f"; {others} other instance(s) give the words to {speaker}",
                "named_by": attesting,
            }
        elif speaker and not q.speaker:
            correction = {"from": None, "to": speaker,
                          "reason": "the article does not name the speaker; the other instances do"}
        members.append(GroupMember(q.id, status, pieces[q.id], diff(canon, pieces[q.id]), score,
                                   q.speaker, correction, q.speaker_via))
    return QuoteGroup(f"qg-{canon_q.id}", speaker, canon, canon_q.id, members,
                      {k: round(v, 2) for k, v in votes.items()})


def _stars(comp: Sequence[str], links: Sequence[tuple[str, str]], limit: int) -> list[list[str]]:
    """Cut a component into stars: the best-linked quotation and its neighbours, repeatedly.

    Every member of a star links directly to its centre, so a group made from
    it never rests on a chain. Stars larger than ``limit`` keep the centre's
    ``limit - 1`` neighbours in id order; the rest go into later stars.
    """
    inside = set(comp)
    nbrs: dict[str, set[str]] = {i: set() for i in comp}
    for a, b in links:
        if a in inside and b in inside:
            nbrs[a].add(b)
            nbrs[b].add(a)
    left = set(comp)
    out: list[list[str]] = []
    while left:
        centre = min(left, key=lambda i: (-len(nbrs[i] & left), i))
        star = [centre, *sorted(nbrs[centre] & left)[: limit - 1]]
        out.append(sorted(star))
        left.difference_update(star)
    return out


#: A word printed with a capital inside a sentence: part of a name.
_NAME_WORD = re.compile(r"(?<![.!?:\"“‘'(]\s)(?<!^)(?<=\s)[A-Z][\w'’-]*")
#: what an altered copy shares with the canonical wording, when the speakers are not known
#: to be one: content words outside names, and a share of the shorter wording
ALTERED_CONTENT = 3
ALTERED_CONTENT_SAME = 2
ALTERED_COVER = 0.5


def _one_utterance(canon: QuoteItem, canon_text: str, q: QuoteItem, wording: str) -> bool:
    """Whether a wording that differs from the canonical one is still the same utterance.

    Two people's words that share a name and a turn of phrase ("the heart of the
    Endangered Species Act", "was a very caring person") are two utterances, not one
    altered: with different or unknown speakers, the shared words must hold at least
    three content words outside names and half of the shorter wording; with the same
    known speaker, two content words outside names."""
    wa, wb = loose_words(canon_text), loose_words(wording)
    matched, _, blocks = align(wa, wb)
    names = {w.lower().strip("'’") for w in _NAME_WORD.findall(canon_text) + _NAME_WORD.findall(wording)}
    shared = [w for i, _, n in blocks for w in wa[i : i + n]]
    content = sum(1 for w in shared if w not in FUNCTION_WORDS and w not in names)
    if _known(q) and _known(canon) and same_speaker(_known(q), _known(canon)):
        # one speaker says a law's name in many remarks ("the absolute heart of the
        # Endangered Species Act"): the shared words need some of their own
        return content >= ALTERED_CONTENT_SAME
    return content >= ALTERED_CONTENT and matched >= ALTERED_COVER * min(len(wa), len(wb))


def build_groups(items: Sequence[QuoteItem], links: Iterable[tuple[str, str]]) -> list[QuoteGroup]:
    """Groups of quotations printed by at least two articles, from pairwise links.

    A member whose wording does not itself match the best-attested wording of
    its component (it was only linked through a third quotation, or through
    another piece of a long quotation) is split off and grouped again, so
    chains never pull unrelated words into one group.
    Components larger than ``MAX_COMPONENT`` are first cut into stars.
    """
    by_id = {q.id: q for q in items}
    links = [(a, b) for a, b in links if a in by_id and b in by_id]
    links_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, b in links:
        links_of[a].append((a, b))

    def inner(ids: Iterable[str]) -> list[tuple[str, str]]:
        """The links between members of ``ids`` (each once: listed under its first end)."""
        inside = set(ids)
        return [(a, b) for i in inside for a, b in links_of[i] if b in inside]

    out: list[QuoteGroup] = []
    pending: list[list[str]] = []
    for comp in _components(by_id, links):
        pending.extend(_stars(comp, inner(comp), MAX_COMPONENT) if len(comp) > MAX_COMPONENT else [comp])
    while pending:
        comp = pending.pop()
        if len({by_id[i].article_id for i in comp}) < 2:
            continue
        g = _group([by_id[i] for i in comp])
        canon = by_id[g.canonical_quote_id]
        # a member stays when the wording it is judged by links to the canonical wording
        # itself: linking through another piece of a long quotation ("the most valuable
        # player" beside "he's the founder of ISIS") would make it "altered"
        wording = replace(canon, pieces=[g.canonical_text])
        keep = [m.quote_id for m in g.members
                if m.quote_id == canon.id or (
                    link_score(replace(by_id[m.quote_id], pieces=[m.wording]), wording) is not None
                    and (m.status != "altered" or _one_utterance(canon, g.canonical_text, by_id[m.quote_id], m.wording)))]
        if len(keep) < len(comp):
            rest = set(comp) - set(keep)
            pending.append(keep)
            pending.extend(_components(sorted(rest), inner(rest)))
            continue
        out.append(g)
    out.sort(key=lambda g: g.id)
    return out
