"""Attributions in one article: direct, partial and indirect quotations with cue and speaker.

A pure function of an article's text and its spaCy parse (:func:`extract_quotes`),
so it runs anywhere the article is. How it decides:

1. Quotation marks are paired paragraph by paragraph (:mod:`.marks`).
2. Cues are found outside quotation marks: verbs of saying (``said``,
   ``told``, ``added`` ...) with a subject, verbs of stance with a subject and
   a complement (``endorsed Y``, ``polls show Y``), ``according to X``, and a
   name followed by a colon before a quotation (``Philip Bump: "…"``).
3. Each quoted span is tied to a cue through the parse (the quote is the
   cue's clausal complement), else to a cue in the same sentence, right after
   it (``"…," he said.``) or right before a colon; a quoted span with no cue
   of its own joins the attributed quotation beside it in the paragraph
   (``"A," he said. "B."`` is one quotation in two pieces).
4. A cue whose complement clause holds more than quoted words gives an
   indirect attribution (``X said that …``); quoted words inside it make it
   ``partial``.
5. A long quotation with no cue continues the attribution before it in its
   paragraph, or, when it opens a paragraph, the last one of the paragraph
   before: one more piece of it when that one has quoted words, else an
   attribution of its own with the same speaker (``speaker_via="continuation"``).
   A quotation nothing claims takes the subject of its sentence as speaker
   (``speaker_via="context"``).
6. The learned attribution model (:mod:`.model`, trained on PolNeAR train) drops
   the rules' unquoted attributions whose cue it rejects, sets the bounds of their
   indirect ones, and adds the attributions whose cue no verb list holds.
7. Speakers are read off the cue's subject and resolved by :mod:`.speakers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .marks import QUOTE_MARKS, QuotedSpan, find_quoted_spans
from .model import AttributionModel, load_model
from .speakers import SpeakerResolver, speaker_mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["CUE_LEMMAS", "Quote", "extract_quotes"]

#: Verbs that introduce speech or a stated position (lemmas).
CUE_LEMMAS = frozenset([
    "say", "tell", "add", "state", "explain", "write", "note", "warn", "claim", "insist",
    "announce", "argue", "ask", "reply", "respond", "acknowledge", "admit", "confirm", "deny",
    "declare", "report", "tweet", "post", "suggest", "comment", "continue", "conclude",
    "recall", "emphasize", "emphasise", "stress", "predict", "urge", "accuse", "allege",
    "assert", "complain", "contend", "maintain", "observe", "remark", "reveal", "testify",
    "caution", "concede", "vow", "promise", "pledge", "reiterate", "estimate", "agree",
    "disagree", "indicate", "signal", "charge", "quip", "joke", "boast", "lament", "mention",
    "propose", "recommend", "counter", "retort", "tout", "describe", "call", "question", "point",
    "talk", "speak", "repeat", "answer", "echo", "assure", "remind", "shout", "yell", "chant",
    "quote", "imply", "plead", "disclose", "articulate", "decry", "hail", "assail",
])

#: Verbs of stance, belief or evaluation: an attribution when they have a subject and
#: a complement (PolNeAR-style: ``X endorsed Y``, ``polls show Y``, ``X wants to Y``).
STANCE_LEMMAS = frozenset([
    "attack", "back", "believe", "blame", "cite", "condemn", "criticise", "criticize",
    "decline", "defend", "demand", "discuss", "dismiss", "endorse", "expect", "express", "fear",
    "feel", "find", "hope", "know", "oppose", "plan", "praise", "prefer", "refer", "refuse",
    "reject", "see", "seek", "show", "slam", "support", "think", "want", "welcome",
    "seem", "appear", "consider", "recognize", "challenge", "denounce", "decide", "embrace", "view",
    "applaud", "mock", "blast", "worry", "remember", "congratulate", "advocate", "rail", "threaten",
    "intend", "portray", "deem", "disavow", "rebuff", "favor", "like", "understand", "compare",
    "highlight", "doubt", "wonder", "vote",
    # spaCy's small English model lemmatises "hoping" / "hoped" as "hop"
    "hop",
])

_WORDS_MIN_UNATTRIBUTED = 6
#: What opens an item of a list ("1.", "b)", a bullet): a quoted item there with no cue is a
#: heading, a title or an instruction, not someone's words
_LIST_ITEM = re.compile(r"\s*(\d{1,2}[.):]|\(?[a-zA-Z][.)]|[•*·▪►‣–-])\s*")
_MIN_CLAUSE_WORDS = 3


@dataclass(slots=True)
class Quote:
    """One attribution: who (speaker), how (cue), what (content).

    ``start``/``end`` cover the content; ``pieces`` are its parts when a
    quotation is split by its attribution; ``quoted`` are the spans inside
    quotation marks (the words a reader can check verbatim). ``kind`` is
    ``direct`` (the content is the quotation), ``partial`` (reported speech
    with quoted words) or ``indirect``.
    """

    start: int
    end: int
    text: str
    kind: str
    pieces: list[tuple[int, int]] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None          # the canonical speaker (name, role or organisation)
    speaker_kind: str = "none"           # person | org | role | pronoun | none
    speaker_mention: str | None = None   # the words in the text that name the speaker
    speaker_role: str | None = None      # title or role printed with a person's name
    speaker_gender: str | None = None    # he | she, when the article says (Mr, Mrs, a pronoun)
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_via: str = "none"            # mention | title | epithet | pronoun | continuation | context | none
    cue_kind: str = "none"               # speech | according | stance | none
    repaired: bool = False

    @property
    def direct(self) -> bool:
        return self.kind != "indirect"

    def quoted_text(self, text: str) -> str:
        """The words inside quotation marks, pieces joined by a space."""
        return " ".join(text[s:e] for s, e in self.quoted)


@dataclass
class _Cue:
    token: Token | None          # the verb, or "according" for "according to"
    start: int
    end: int
    label: str
    subject: Span | None
    sent_start: int
    sent_end: int
    weak: bool = False
    content_span: tuple[int, int] | None = None
    quotes: list[int] = field(default_factory=list)


def _subject(tok: Token, inside: list[int]) -> Token | None:
    """The speaker token of a cue verb.

    Inherited through conj/advcl (``…, adding that``) but never from inside a
    quotation; a relative pronoun is kept (the resolver names the noun it stands
    for); a parse with no subject falls back to a name right before the verb (``…, Jens Stoltenberg, said``).
    """
    start = tok
    far: Token | None = None
    for _ in range(4):
        # a date or time the parse took for the subject ("said Tuesday") is not a speaker; of
        # two subjects (a misparse: "Tuesday at Berea, OH, …, Gov. John Kasich said") the
        # one nearest the verb speaks
        found = [_outside_quote(c, inside) for c in tok.children
                 if c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ not in ("DATE", "TIME")]
        subjects = [c for c in found if c is not None]
        if subjects:
            before = [c for c in subjects if c.i < tok.i]
            subj = _past_dateline(before[-1] if before else subjects[0])
            if "\n" not in start.doc[min(subj.i, start.i) : max(subj.i, start.i)].text:
                return subj
            # a subject in another paragraph (a headline glued to the sentence by the parse)
            # yields to a name right before the verb
            far = subj
            break
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if tok.dep_ in ("conj", "advcl", "xcomp") and inside[tok.head.i] < 0:
            tok = tok.head
            continue
        break
    doc = start.doc
    i = start.i - 1
    while i >= 0 and start.i - i <= 3 and (doc[i].is_punct or doc[i].pos_ == "ADV"):
        i -= 1
    if i >= 0 and doc[i].ent_type_ == "PERSON" and inside[i] < 0:
        return doc[i]
    # ``As we have noted, a 2019 study by X, a think tank, concluded that …``: the parse made
    # the subject the object of the fronted clause; it is the noun phrase ending at the verb
    for c in start.children:
        if c.dep_ == "advcl" and c.i < start.i and far is None:
            obj = next((o for o in c.children if o.dep_ == "dobj" and o.pos_ in ("NOUN", "PROPN")), None)
            if obj is not None and inside[obj.i] < 0 and all(
                    t.is_punct for t in doc[obj.right_edge.i + 1 : start.i]) and obj.right_edge.i < start.i:
                return obj
    # a finite verb right after a noun the parse did not make its subject (``About 4 in 10
    # say``, ``Less than a third agreed``, ``"…," Trump barked``)
    if (i >= 0 and start.tag_ in ("VBD", "VBZ", "VBP") and inside[i] < 0 and i == start.i - 1
            and doc[i].pos_ in ("PROPN", "NOUN", "NUM") and doc[i].dep_ not in ("dobj", "pobj", "attr")
            and doc[i].ent_type_ not in ("DATE", "TIME") and doc[i].sent.start == start.sent.start):
        return doc[i]
    # ``"…," Brent Bozell III, founder of the Media Research Center, tells`` : a name right
    # after the closing mark, then an appositive between commas (the parse hung the name
    # on the quotation's last noun)
    named = _name_after_quote(doc, start, inside)
    if named is not None:
        return named
    # inverted order the parse missed: ``…," added another New Hampshire Republican`` /
    # ``'' said Robert Reich, who …`` (the noun after the verb taken for its object)
    if i >= 0 and (doc[i].text in _CLOSING_MARKS or inside[i] >= 0) and start.lemma_.lower() in CUE_LEMMAS:
        for c in start.rights:
            if c.i > start.i + 6:
                break
            if (((c.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dative", "appos") and c.pos_ in ("PROPN", "NOUN"))
                 or (c.dep_ == "advmod" and c.pos_ == "PROPN"))
                    and c.ent_type_ not in ("DATE", "TIME") and inside[c.i] < 0):
                return c
    return far


def _outside_quote(subj: Token, inside: list[int]) -> Token | None:
    """The subject itself, or, when the parse took a word of the quotation for it, the
    apposition after the closing mark (``"Very good reporter, this guy," Trump, the
    frontrunner, said``: ``reporter`` is the parse's subject, ``Trump`` its apposition)."""
    if inside[subj.i] < 0:
        return subj
    return next((c for c in subj.rights if c.dep_ == "appos" and inside[c.i] < 0), None)


_DASHES = frozenset(["-", "–", "—", "--"])


def _past_dateline(subj: Token) -> Token:
    """The subject after a dateline the parse took for it: ``LONDON (Reuters) - Donald Trump
    said`` hangs ``Trump`` on ``LONDON`` as an apposition; the speaker is the word after the dash."""
    dash = next((c for c in subj.rights if c.dep_ == "punct" and c.text in _DASHES), None)
    left = subj.left_edge.i
    if dash is None or (left > 0 and "\n" not in subj.doc[left - 1].text):
        return subj
    after = [c for c in subj.rights if c.i > dash.i and c.dep_ in ("appos", "conj", "npadvmod", "dep")]
    return after[0] if after else subj


_CLOSING_MARKS = frozenset(['"', "”", "’", "''", "»", ","])


def _name_after_quote(doc: Doc, verb: Token, inside: list[int], reach: int = 16) -> Token | None:
    """The last word of a person's name that opens the stretch between a closing quotation
    mark and ``verb``, when the rest of that stretch is an appositive set off by commas."""
    if verb.lemma_.lower() not in CUE_LEMMAS or verb.i < 3 or doc[verb.i - 1].text != ",":
        return None
    for j in range(verb.i - 2, max(0, verb.i - reach), -1):
        if inside[j] >= 0 or doc[j].is_space or "\n" in doc[j].text:
            return None
        if doc[j].ent_type_ == "PERSON" and doc[j].ent_iob_ == "B" and (
                doc[j - 1].text in ("”", '"', "''") or inside[j - 1] >= 0):
            end = j
            while end + 1 < verb.i and doc[end + 1].ent_iob_ == "I":
                end += 1
            return doc[end] if doc[end + 1].text == "," else None
    return None


def _speaker_span(doc: Doc, subj: Token, verb: Token, text: str | None = None) -> Span | None:
    """The words that name the speaker of ``verb`` whose subject is ``subj``.

    A subject the parse took from the paragraph before (a dateline or
    time stamp: ``12:15 p.m. ¶ President Barack Obama says``) is cut to the words in
    the cue's own paragraph. ``text`` is ``doc.text``, which spaCy rebuilds on every access
    (linear in the document), so callers in a loop pass it in.
    """
    span = speaker_mention(subj)
    para = _paragraph_of(doc.text if text is None else text, verb.idx)
    if para[0] <= span.start_char < para[1]:
        return _apposed_name(_past_abbreviation(_after_dateline(span, para[0])))
    toks = [t for t in subj.subtree if para[0] <= t.idx < verb.idx and not t.is_space]
    while toks and toks[0].is_punct:
        toks.pop(0)
    while toks and toks[-1].is_punct:
        toks.pop()
    return doc[toks[0].i : toks[-1].i + 1] if toks else None


#: Titles abbreviated with a full stop, after which a sentence splitter may cut a name off.
_TITLE_ABBREVIATIONS = frozenset(["sgt", "lt", "capt", "cpt", "col", "gen", "maj", "cpl", "pvt", "det", "insp",
                                  "supt", "const", "cmdr", "adm", "gov", "sen", "rep", "rev", "dr", "prof",
                                  "atty", "dist", "supt", "mr", "mrs", "ms"])


def _apposed_name(span: Span) -> Span:
    """A speaker given as a role with the person's name set off by commas after it (``According
    to his aunt, Jane Starner, “…”``; the parse did not make the name an apposition): the
    role and the name, so the person speaks."""
    doc = span.doc
    i = span.end
    if not len(span) or any(t.ent_type_ == "PERSON" for t in span) or i + 2 >= len(doc) or doc[i].text != ",":
        return span
    j = i + 1
    if doc[j].ent_type_ != "PERSON" or doc[j].ent_iob_ != "B":
        return span
    while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I" and doc[j + 1].ent_type_ == "PERSON":
        j += 1
    after = doc[j + 1].text if j + 1 < len(doc) else "."
    return doc[span.start : j + 1] if after in (",", ".", ":", "“", '"', "”", "—", "–") else span


def _past_abbreviation(span: Span) -> Span:
    """A speaker cut at a title's full stop (``Bloomington Police Sgt. | Marty Earley``: the
    parse ended the sentence there) goes on through the name after it."""
    doc = span.doc
    if not len(span) or span[-1].lower_.rstrip(".") not in _TITLE_ABBREVIATIONS:
        return span
    i = span.end
    if i < len(doc) and doc[i].text == ".":
        i += 1
    end = i
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end += 1
    return doc[span.start : end] if end > i else span


def _after_dateline(span: Span, para_start: int) -> Span:
    """A speaker's words without the dateline that opens its paragraph (``Computerworld -
    Microsoft``, ``LONDON (Reuters) — Apple``): up to six words and a dash set off by
    spaces, before the name."""
    doc = span.doc
    if doc.text[para_start:span.start_char].strip():
        return span
    for t in span[:8]:
        if t.text in _DASHES and t.i > span.start and t.whitespace_ and t.i + 1 < span.end \
                and doc[t.i - 1].whitespace_:
            rest = doc[t.i + 1 : span.end]
            # a second dash closes an apposition ("Jean-Paul Sartre - the writer - said")
            closed = any(w.text in _DASHES for w in doc[t.i + 1 : min(len(doc), span.end + 1)])
            return rest if any(w.is_alpha for w in rest) and not closed else span
    return span


#: Speech verbs whose direct object is the addressee or the medium, never the content.
_OBJECT_NOT_CONTENT = frozenset([
    "say", "tell", "add", "ask", "write", "explain", "state", "note", "reply", "respond",
    "continue", "tweet", "post", "report", "comment",
])


def _complement(tok: Token, lemma: str) -> list[Token]:
    """The tokens of what a cue verb reports: its clause, infinitive, or object with complements."""
    kids = list(tok.children)
    for deps in (("ccomp", "parataxis"), ("xcomp",)):
        c = next((k for k in kids if k.dep_ in deps and k.i > tok.i), None)
        if c is None and deps[0] == "ccomp":
            c = next((k for k in kids if k.dep_ in deps), None)
        if c is not None:
            toks = list(c.subtree)
            # "said X, but that Y": a second "that" clause coordinated with the cue
            for k in kids:
                if k.dep_ == "conj" and k.i > c.i and any(g.dep_ == "mark" and g.lower_ == "that"
                                                          for g in k.children):
                    toks.extend(t for t in tok.doc[c.right_edge.i + 1 : k.right_edge.i + 1])
            return toks
    if tok.dep_ == "parataxis" and lemma in CUE_LEMMAS and tok.head.i < tok.i and not any(
            k.dep_ in ("dobj", "xcomp") for k in kids):
        # "The talks failed, he said.": the clause the cue is appended to is its content
        own = {t.i for t in tok.subtree}
        return [t for t in tok.head.subtree if t.i not in own and t.i < tok.i]
    if lemma in _OBJECT_NOT_CONTENT:
        return []
    obj = next((k for k in kids if k.dep_ == "dobj" and k.i > tok.i), None)
    if obj is None:
        # "calls for X", "referring to X", "spoke about X"
        prep = next((k for k in kids if k.dep_ == "prep" and tok.i < k.i <= tok.i + 3
                     and k.lower_ in ("for", "to", "about", "on", "of", "against")), None)
        pobj = next((k for k in prep.children if k.dep_ == "pobj"), None) if prep is not None else None
        return list(pobj.subtree) if pobj is not None else []
    toks = list(obj.subtree)
    for k in kids:
        if k.i > obj.i and (k.dep_ in ("oprd", "xcomp") or (k.dep_ == "prep" and k.lower_ in ("as", "of", "for"))):
            toks.extend(k.subtree)
    return toks


def _span_chars(tokens: Iterable[Token]) -> tuple[int, int]:
    toks = list(tokens)
    return min(t.idx for t in toks), max(t.idx + len(t) for t in toks)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop white space and dangling commas/dashes at the edges of a content span."""
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-("):
        e -= 1
    return s, e


def _cues(doc: Doc, inside: list[int], spans: list[QuotedSpan]) -> list[_Cue]:
    cues: list[_Cue] = []
    text = doc.text  # rebuilt by spaCy on every access: once, not per cue
    for tok in doc:
        if inside[tok.i] >= 0:
            continue
        sent = tok.sent
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            cues.append(_Cue(tok, tok.idx, to.idx + len(to), "according to", _apposed_name(speaker_mention(pobj)),
                             sent.start_char, sent.end_char))
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or (lemma not in CUE_LEMMAS and lemma not in STANCE_LEMMAS):
            continue
        subj_tok = _subject(tok, inside)
        subj = _speaker_span(doc, subj_tok, tok, text) if subj_tok is not None else None
        if lemma in STANCE_LEMMAS and subj is None:
            continue
        content_toks = _complement(tok, lemma)
        cue = _Cue(tok, tok.idx, tok.idx + len(tok), tok.text, subj, sent.start_char, sent.end_char,
                   weak=lemma not in CUE_LEMMAS)
        if content_toks:
            para = _paragraph_of(text, tok.idx)
            toks = [t for t in content_toks if para[0] <= t.idx < para[1]]
            if not toks:
                cues.append(cue)
                continue
            s, e = _span_chars(toks)
            # widen to the quotation marks of quotes the clause cuts into
            for q in spans:
                if q.outer[0] < e and s < q.outer[1]:  # a clause ending on an opening mark too
                    s, e = min(s, q.outer[0]), max(e, q.outer[1])
            if subj is not None and s < subj.start_char < e:
                # the parse hung the speaker on the quotation (``"…," Brent Bozell III, founder
                # …, tells``): the content ends with the last quotation before the speaker
                ends = [q.outer[1] for q in spans if s < q.outer[1] <= subj.start_char]
                if ends:
                    e = max(ends)
            cue.content_span = (s, e)
        cues.append(cue)
    # Doc.ents rebuilds every entity on each access: once for both kinds of cue without a verb
    names = [e for e in doc.ents if e.label_ in ("PERSON", "ORG")]
    cues.extend(_colon_cues(doc, spans, names))
    cues.extend(_dash_cues(doc, spans, names))
    cues.sort(key=lambda c: c.start)
    return cues


_COLON_BEFORE = re.compile(r":\s*$")


def _proper_run(doc: Doc, end: int) -> Span | None:
    """A capitalised name (at most five words) ending right before ``end``, opening its line."""
    tok = doc.char_span(end - 1, end, alignment_mode="expand")
    if tok is None or not len(tok):  # white space before the colon: no token there
        return None
    i = tok[0].i
    j = i
    while j >= 0 and i - j < 5 and doc[j].is_title and doc[j].is_alpha:
        j -= 1
    if j == i or (j >= 0 and "\n" not in doc[j].text + doc[j].whitespace_ and doc[j].text not in "-—–"):
        return None
    return doc[j + 1 : i + 1]


def _colon_cues(doc: Doc, spans: list[QuotedSpan], names: list[Span]) -> list[_Cue]:
    """``Philip Bump: "…"`` — a name and a colon right before a quotation, no verb.
    ``names``: the document's PERSON and ORG entities."""
    text = doc.text
    out = []
    for q in spans:
        head = text[max(0, q.outer[0] - 120) : q.outer[0]]
        m = _COLON_BEFORE.search(head)
        if not m:
            continue
        colon = q.outer[0] - len(head) + m.start()
        ents = [e for e in names if 0 <= colon - e.end_char <= 1]
        name = ents[-1] if ents else _proper_run(doc, colon)
        if name is None:
            continue
        sent = name.sent
        out.append(_Cue(None, colon, colon + 1, ":", name, sent.start_char, sent.end_char))
    return out


_DASH_AFTER = re.compile(r"[^\S\n]*[―—–-]{1,2}[^\S\n]*(?=\S)")


def _dash_cues(doc: Doc, spans: list[QuotedSpan], names: list[Span]) -> list[_Cue]:
    """``"…" ― Sonya Herridge`` — a quotation signed with a dash and a name on its line
    (readers' comments, pull quotes, embedded posts: ``— Donald J. Trump (@realDonaldTrump)``).
    ``names``: the document's PERSON and ORG entities."""
    text = doc.text
    out = []
    for q in spans:
        m = _DASH_AFTER.match(text, q.outer[1])
        # a signature, not an aside in running prose: the quotation opens its line, and the
        # name (with a handle or a date) ends it
        if not m or text[_paragraph_of(text, q.outer[0])[0] : q.outer[0]].strip(QUOTE_MARKS + " \t\u00a0"):
            continue
        start = m.end()
        # the entity may have swallowed the dash
        ents = [e for e in names if e.start_char <= start < e.end_char]
        if ents:
            words = [t for t in ents[0] if t.idx >= start and not t.is_space]
            name: Span | None = doc[words[0].i : words[-1].i + 1] if words else None
        else:
            toks = doc.char_span(start, start + 1, alignment_mode="expand")
            if toks is None:
                continue
            i = j = toks[0].i
            while j < len(doc) and j - i < 5 and doc[j].is_title and doc[j].is_alpha:
                j += 1
            name = doc[i:j] if j > i else None
        if name is None or "\n" in text[q.outer[1] : name.end_char] or (
                _paragraph_of(text, name.end_char)[1] - name.end_char > 60):
            continue
        sent = name.sent
        dash = text[m.start() : start].strip()
        at = m.start() + text[m.start() : start].index(dash)
        out.append(_Cue(None, at, at + len(dash), dash, name, sent.start_char, sent.end_char))
    return out


def _token_inside(doc: Doc, spans: list[QuotedSpan]) -> list[int]:
    """For each token, the index of the quoted span it lies in, or -1."""
    out = [-1] * len(doc)
    j = 0
    for tok in doc:
        while j < len(spans) and spans[j].end <= tok.idx:
            j += 1
        if j < len(spans) and spans[j].start <= tok.idx < spans[j].end:
            out[tok.i] = j
    return out


def _paragraph_of(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e < 0 else e)


def _parse_link(doc: Doc, q: QuotedSpan, qi: int, inside: list[int],
                cue_by_token: dict[int, int]) -> int | None:
    """The cue whose clause governs the quote in the parse, if any."""
    toks = [t for t in doc.char_span(q.start, q.end, alignment_mode="expand") or []]
    for t in toks:
        h = t.head
        if inside[h.i] == qi and h is not t:
            continue
        for _ in range(3):
            if inside[h.i] < 0 and h.i in cue_by_token:
                return cue_by_token[h.i]
            if h.head is h:
                break
            h = h.head
    return None


def _attach(text: str, doc: Doc, spans: list[QuotedSpan], inside: list[int],
            cues: list[_Cue]) -> list[int | None]:
    """For each quoted span, the index of its cue (or None)."""
    cue_by_token = {c.token.i: k for k, c in enumerate(cues) if c.token is not None}
    owner: list[int | None] = []
    for qi, q in enumerate(spans):
        para = _paragraph_of(text, q.start)
        k = _parse_link(doc, q, qi, inside, cue_by_token)
        if k is not None and not para[0] <= cues[k].start < para[1]:
            k = None
        if k is None:
            # a cue in the same sentence(s) as the quote, nearest first
            near = [(min(abs(c.start - q.end), abs(c.end - q.start)), j) for j, c in enumerate(cues)
                    if c.subject is not None and para[0] <= c.start < para[1]
                    and c.sent_start <= q.end and c.sent_end >= q.start]
            # right after the quote ("…," he said.) or right before it (X said: "…")
            near += [(c.start - q.end, j) for j, c in enumerate(cues)
                     if c.subject is not None and 0 <= c.start - q.end <= 60
                     and para[0] <= c.start < para[1] and not _introduces_next(text, c, spans, qi)
                     and not any(inside[t.i] >= 0 for t in doc.char_span(q.end, c.start,
                                 alignment_mode="expand") or [])]
            near += [(q.start - c.end, j) for j, c in enumerate(cues)
                     if c.subject is not None and 0 <= q.start - c.end <= 40
                     and para[0] <= c.start < para[1] and ":" in text[c.start:q.start]]
            if near:
                k = min(near)[1]
        if k is None and q.outer[0] == para[0]:
            # a paragraph that opens with the quotation, after one ending "X said:"
            prev = text[: para[0]].rstrip()
            if prev.endswith(":"):
                pp = _paragraph_of(text, len(prev) - 1)
                before = [j for j, c in enumerate(cues) if c.subject is not None and pp[0] <= c.start < pp[1]]
                k = before[-1] if before else None
        owner.append(k)
    return owner


def _introduces_next(text: str, c: _Cue, spans: list[QuotedSpan], qi: int) -> bool:
    """``"B." He added, "C."``: a cue followed by a comma or colon and a quotation governs that one."""
    if qi + 1 >= len(spans):
        return False
    gap = text[c.end : spans[qi + 1].outer[0]]
    return len(gap) <= 40 and gap.rstrip().endswith((",", ":")) and c.start > spans[qi].end


def _continuation(text: str, spans: list[QuotedSpan], owner: list[int | None],
                  cues: list[_Cue]) -> None:
    """A sentence-like quoted span with no cue joins the attributed quotation beside it."""
    for qi, q in enumerate(spans):
        if owner[qi] is not None:
            continue
        words = text[q.start:q.end].split()
        if not (words and (words[0][:1].isupper() or len(words) >= 4)):
            continue
        para = _paragraph_of(text, q.start)
        best = None
        for d in (-1, 1, -2, 2):
            j = qi + d
            if 0 <= j < len(spans) and owner[j] is not None and para[0] <= spans[j].start < para[1]:
                best = owner[j]
                break
        owner[qi] = best


def _closed_next_line(text: str, spans: list[QuotedSpan], owner: list[int | None]) -> None:
    """A quotation left open at the end of a paragraph and closed, with no opening mark, at
    the start of the next one, where its cue stands (``"I'm tired of coming to the shop. ¶
    You think it's going to calm down,'' said Anna Pavlidou``: text printed a sentence a
    line) is one quotation: the first part takes the cue of the second."""
    for i in range(len(spans) - 1):
        a, b = spans[i], spans[i + 1]
        if owner[i] is not None or owner[i + 1] is None or a.close_mark is not None or b.open_mark is not None:
            continue
        para = _paragraph_of(text, b.start)
        if para[0] == b.start and not text[a.end:b.start].strip():
            owner[i] = owner[i + 1]


def extract_quotes(text: str, doc: Doc, model: AttributionModel | bool | None = True) -> list[Quote]:
    """Every attribution in ``text`` (with its parse ``doc``), in text order.

    Speakers are resolved to canonical names by a :class:`~.speakers.SpeakerResolver`
    for the article, built here because it needs which tokens lie inside quotation marks.
    ``model`` is the learned attribution model (:mod:`.model`): ``True`` (the
    default) loads the shipped one, ``False`` or ``None`` runs the rules alone.
    """
    spans = [q for q in find_quoted_spans(text) if not _NAMING.search(text, max(0, q.outer[0] - 30), q.outer[0])
             or len(text[q.start:q.end].split()) > 4]
    inside = _token_inside(doc, spans)
    cues = _cues(doc, inside, spans)
    owner = _attach(text, doc, spans, inside, cues)
    _closed_next_line(text, spans, owner)
    _continuation(text, spans, owner, cues)
    for qi, k in enumerate(owner):
        if k is not None:
            cues[k].quotes.append(qi)

    quotes: list[Quote] = []
    used: set[int] = set()
    for c in cues:
        made = _quote_for_cue(text, c, spans, used)
        if made is not None:
            quotes.append(made)
    # long quoted passages with no attribution are still quotations: a paragraph that
    # opens with one continues the quotation of the paragraph before (same speaker)
    for i, q in enumerate(spans):
        if i not in used and owner[i] is None and len(text[q.start:q.end].split()) >= _WORDS_MIN_UNATTRIBUTED \
                and not _LIST_ITEM.fullmatch(text[_paragraph_of(text, q.start)[0]:q.outer[0]]):
            prev = _previous_paragraph_quote(text, quotes, q)
            if prev is None and i > 0 and spans[i - 1].close_mark is None and q.outer[0] == _paragraph_of(text, q.start)[0]:
                # a quotation left open at the end of a paragraph goes on in the next one
                prev = next((x for x in quotes if spans[i - 1].outer in x.pieces), None)
            if prev is not None and prev.quoted:
                # the speaker's quotation goes on: one attribution in several pieces
                _extend(text, prev, q)
                used.add(i)
                continue
            new = Quote(q.outer[0], q.outer[1], text[q.outer[0]:q.outer[1]], "direct",
                        [q.outer], [(q.start, q.end)], repaired=q.repaired)
            if prev is not None:
                new.cue, new.cue_start, new.cue_end = prev.cue, prev.cue_start, prev.cue_end
                new.cue_kind = prev.cue_kind
                new.speaker_mention, new.speaker_start, new.speaker_end = (
                    prev.speaker_mention, prev.speaker_start, prev.speaker_end)
                new.speaker_via = "continuation"
            quotes.append(new)
    quotes = _drop_overlaps(quotes)
    quotes = _split_partial(text, quotes)
    _titles_only(text, quotes)
    quotes = [q for q in quotes if not _is_title(text, q) and not (q.kind == "direct" and not q.quoted)]
    quotes = _with_turns(text, quotes)
    if model is True:
        model = load_model()
    if model:
        quotes = _apply_model(text, doc, inside, spans, quotes, model)
    _titles_only(text, quotes)
    quotes = [q for q in quotes if not _impersonal(doc, q) and not (q.kind == "direct" and not q.quoted)]
    _fronted_parts(text, doc, quotes)
    quotes.sort(key=lambda x: x.start)
    for x in quotes:
        if x.speaker_start is None:
            _context_speaker(doc, inside, x)
    SpeakerResolver(doc, inside).resolve(quotes)
    return quotes


#: Verbs of stance that say how things look, not who holds a view, with "it" as subject.
_IMPERSONAL = frozenset(["seem", "appear", "look", "sound", "expect", "believe", "think", "know",
                         "consider", "feel", "see", "hope", "fear", "understand", "find"])
#: Of those, the ones whose "it" is nobody (``it seems``); ``it expects`` is a company's view.
_RAISING = frozenset(["seem", "appear", "look", "sound"])


def _impersonal(doc: Doc, q: Quote) -> bool:
    """An attribution without quoted words that nobody makes: ``it appeared that …``, ``it
    would seem …``, ``X is expected to …`` / ``is believed to …`` (a passive with no ``by``:
    the one who expects is not said, and the subject is what is expected, not a speaker).
    A bare date or time as the content (``sounded pessimistic on Thursday``) is no content."""
    if q.quoted or q.cue_start is None or q.cue_end is None or q.cue_kind == "according":
        return False
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is not None and all(t.ent_type_ in ("DATE", "TIME") or t.is_punct or t.is_space for t in span):
        return True
    cue = doc.char_span(q.cue_start, q.cue_end, alignment_mode="expand")
    if cue is None or not len(cue):
        return False
    verb = cue.root
    if verb.lemma_.lower() not in _IMPERSONAL:
        return False
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if passive and not any(c.dep_ == "agent" for c in verb.children):
        return True
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    return (verb.lemma_.lower() in _RAISING and subj is not None and subj.lower_ == "it"
            and q.speaker_mention in (None, "it", "It"))


#: A transcript turn: a paragraph that opens (after an optional quotation mark) with a
#: speaker's name in capitals and a colon (``"PENCE: Well, look, …``, ``MR. TRUMP: …``).
_TURN = re.compile(r"^[^\S\n]*([\"“]?)[^\S\n]*((?:[A-Z][A-Z.'’-]*[^\S\n]){0,3}[A-Z][A-Z'’-]+)[^\S\n]*:[^\S\n]+(?=\S)",
                   re.MULTILINE)
#: Capitalised labels of headlines and page furniture, not speakers.
_NOT_SPEAKER_LABELS = frozenset([
    "BYLINE", "EMAIL", "UPDATE", "UPDATED", "WATCH", "LOOK", "BOOM", "BREAKING", "EXCLUSIVE", "VIDEO",
    "PHOTO", "PHOTOS", "READ", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION", "SOURCE", "CREDIT",
    "RELATED", "SEE ALSO", "LISTEN", "WARNING", "ALERT", "FACT CHECK", "DATELINE", "SECTION", "LENGTH",
])


#: The page's sign-off after a transcript (``"Follow Pam Key on Twitter @pamkeyNEN.``).
_FOLLOW = re.compile(r"\s*(Follow|Contact|Email|Reach)\b[^\n]*(Twitter|Facebook|@)")


def _with_turns(text: str, quotes: list[Quote]) -> list[Quote]:
    """Transcript turns as direct quotations of the speaker named before the colon.

    Only in a transcript: two turns at least, none in the headline. The words after
    the label, to the end of the paragraph, are the content; where every paragraph of
    a turn opens with a quotation mark (the convention for a quoted transcript), the
    turn goes on through the next paragraphs that open with one. An attribution the
    other rules made over the same words gives way to the turns.
    """
    first_par = _paragraph_of(text, 0)[1]
    found = [m for m in _TURN.finditer(text)
             if m.start() > first_par and m.group(2) not in _NOT_SPEAKER_LABELS
             and sum(ch.isalpha() for ch in m.group(2)) >= 2]
    if len(found) < 2:
        return quotes
    starts = {_paragraph_of(text, m.start(2))[0] for m in found}
    turns = []
    for m in found:
        label = m.group(2)
        s = m.end()
        e = _paragraph_of(text, s)[1]
        while m.group(1):
            nxt = e
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
            if (nxt >= len(text) or nxt in starts or text[nxt] not in "\"“" or text[nxt + 1 : nxt + 2] == "("
                    or _FOLLOW.match(text, nxt + 1)):
                break
            e = _paragraph_of(text, nxt)[1]
        while e > s and (text[e - 1].isspace() or text[e - 1] in "\"”"):
            e -= 1
        if len(text[s:e].split()) < 2:
            continue
        colon = text.index(":", m.end(2))
        turns.append(Quote(s, e, text[s:e], "direct", [(s, e)], [(s, e)], cue=":", cue_start=colon,
                           cue_end=colon + 1, speaker_mention=label, speaker_start=m.start(2),
                           speaker_end=m.end(2), speaker_via="mention", cue_kind="speech"))
    kept = [q for q in quotes if not any(a < t.end and t.start < b for t in turns for a, b in q.pieces)]
    return [*kept, *turns]


#: Words a title leaves in lower case.
_TITLE_MINOR = frozenset(["a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "with", "at", "by",
                          "from", "it's", "is", "as", "vs", "vs."])


def _is_title(text: str, q: Quote) -> bool:
    """A quotation that is only a title or name in capitals (``told "The Steve Harvey
    Morning Show,"``, ``the "Gang of Eight,"``, ``"Arrogant,"`` as a headline word): the name
    of a programme, a group or a slogan, not someone's words. Sentences (with inner
    punctuation) and words in lower case stay quotations."""
    if q.kind != "direct" or len(q.pieces) != 1 or len(q.quoted) != 1:
        return False
    a, b = q.quoted[0]
    inner = text[a:b].strip(" ,.")
    words = inner.split()
    if not 1 <= len(words) <= 6 or any(ch in inner for ch in ".!?;:"):
        return False
    caps = [w for w in words if w.lower() not in _TITLE_MINOR]
    return bool(caps) and all(w[:1].isupper() for w in caps)


#: Words that name a term rather than quote someone: ``what is called a "node"``, ``could be
#: named "events"``, ``the so-called “medical conscience” rule``.
_NAMING = re.compile(r"(?:so\s?-?\s?called|known as|dubbed|termed|nicknamed|"
                     r"(?:is|are|was|were|be|been|being|'s|’s) (?:called|named))\s*(?:(?:a|an|the)\s+)?$",
                     re.IGNORECASE)


def _titles_only(text: str, quotes: list[Quote]) -> None:
    """Reported words whose quotation marks hold only titles of two words or more (a song
    list: “Listen To The Music,” “Black Water,” …; ``perform “Takin’ It to the Streets.”``)
    quote nobody: a direct one is dropped by the caller's filter, a partial one keeps its
    attribution without quoted words (``indirect``)."""
    for q in quotes:
        if q.quoted and all(_title_words(text[a:b]) for a, b in q.quoted):
            if q.kind == "partial":
                q.kind, q.quoted = "indirect", []
            elif q.kind == "direct" and len(q.quoted) > 1:
                q.quoted = []


def _title_words(inner: str) -> bool:
    """Two to eight words, each but the minor ones capitalised, no sentence inside."""
    inner = inner.strip(" ,.")
    words = [w for w in inner.split() if any(c.isalpha() for c in w)]
    if not 2 <= len(words) <= 8 or any(ch in inner for ch in "!?;:") or ". " in inner:
        return False
    caps = [w for w in words if w.lower().strip("’'") not in _TITLE_MINOR]
    return bool(caps) and all(w[:1].isupper() for w in caps)


def _split_partial(text: str, quotes: list[Quote]) -> list[Quote]:
    """A whole quoted sentence beside reported speech is a quotation of its own.

    ``Clinton called for compensation to be "clawed back" … "If any bank can't be managed
    effectively, it should be broken up."``: the second quotation is a statement of the
    same speaker, not more words of the reported clause; it leaves the partial
    attribution as a direct one with the same cue and speaker. Short quoted words and
    fragments that do not open with a capital stay pieces of the clause.
    """
    out = []
    for q in quotes:
        if q.kind == "direct" or len(q.pieces) < 2:
            out.append(q)
            continue
        alone = [(a, b) for a, b in q.pieces
                 if any(abs(a - (qa - 1)) <= 1 and abs(b - (qb + 1)) <= 1 for qa, qb in q.quoted)
                 and text[a + 1 : a + 2].isupper() and len(text[a:b].split()) >= 4]
        rest = [p for p in q.pieces if p not in alone]
        if not alone or not rest:
            out.append(q)
            continue
        q.pieces = rest
        q.start, q.end = rest[0][0], rest[-1][1]
        q.text = " ".join(text[a:b] for a, b in rest)
        q.quoted = [(a, b) for a, b in q.quoted if any(x <= a and b <= y for x, y in rest)]
        out.append(q)
        for a, b in alone:
            out.append(Quote(a, b, text[a:b], "direct", [(a, b)], [(a + 1, b - 1)], cue=q.cue,
                             cue_start=q.cue_start, cue_end=q.cue_end, speaker_mention=q.speaker_mention,
                             speaker_start=q.speaker_start, speaker_end=q.speaker_end,
                             speaker_via=q.speaker_via, cue_kind=q.cue_kind, repaired=q.repaired))
    return out


def _quote_for_cue(text: str, c: _Cue, spans: list[QuotedSpan], used: set[int]) -> Quote | None:
    """The attribution a cue makes: its quotations, its complement clause, or ``according to``."""
    if c.quotes:
        qs = [spans[i] for i in c.quotes]
        used.update(c.quotes)
        quoted = [(q.start, q.end) for q in qs]
        cs = c.content_span
        if cs is not None:
            # ``X scolded him: "…," she said``: words before a colon that opens the quotation
            # are another attribution's, not this cue's reported clause
            first = min((q for q in qs if cs[0] < q.outer[0] < cs[1]), key=lambda q: q.outer[0], default=None)
            if first is not None and text[cs[0] : first.outer[0]].rstrip().endswith(":") and c.start > first.outer[0]:
                cs = (first.outer[0], cs[1])
        if cs is not None and _reported(text, cs, qs):
            # the quote sits inside the cue's complement clause: reported speech
            s, e = _trim(text, *cs)
            qchars = sum(min(e, b) - max(s, a) for a, b in quoted if b > s and a < e)
            plain = sum(1 for ch in text[s:e] if ch.isalnum())
            kind = "direct" if plain and qchars >= 0.8 * plain else "partial"
            # quoted spans of this cue outside the clause stay pieces of the quotation
            pieces = [(s, e), *(q.outer for q in qs if q.outer[1] <= s or q.outer[0] >= e)]
        else:
            kind = "direct"
            pieces = [q.outer for q in qs]
            clause = _embedding_clause(text, c, qs)
            if clause is not None:
                kind = "partial"
                pieces = [clause, *(q.outer for q in qs if q.outer[1] <= clause[0] or q.outer[0] >= clause[1])]
        return _make(text, c, kind, sorted(pieces), quoted, any(q.repaired for q in qs))
    if c.content_span is not None and c.subject is not None and c.label != "according to":
        s, e = _trim(text, *c.content_span)
        if len(text[s:e].split()) < _MIN_CLAUSE_WORDS and not _is_name(c, s, e):
            return None
        quoted = [(q.start, q.end) for q in spans if s <= q.start and q.end <= e]
        return _make(text, c, "partial" if quoted else "indirect", [(s, e)], quoted, False)
    if c.label == "according to":
        s, e = _according_content(text, c)
        if e - s > 0 and len(text[s:e].split()) >= 3:
            inner = [i for i, q in enumerate(spans) if s <= q.start and q.end <= e]
            used.update(inner)
            quoted = [(spans[i].start, spans[i].end) for i in inner]
            return _make(text, c, "partial" if quoted else "indirect", [(s, e)], quoted, False)
    return None


def _is_name(c: _Cue, s: int, e: int) -> bool:
    """A short content that names someone or something (``backing Hillary Clinton``,
    ``who support Sanders``): what a verb of stance takes a position on."""
    if c.token is None or not c.weak:
        return False
    span = c.token.doc.char_span(s, e, alignment_mode="expand")
    return span is not None and len(span) > 0 and all(t.pos_ == "PROPN" or t.is_punct for t in span)


_STRONG = frozenset(["say", "tell", "add", "according", "write", "explain", "state", "note"])


def _drop_overlaps(quotes: list[Quote]) -> list[Quote]:
    """One attribution per stretch of text: a speech verb beats a weaker cue, then the longer."""
    def rank(q: Quote) -> tuple[int, int, int]:
        lemma = (q.cue or "").split()[0].lower().rstrip("s") if q.cue else ""
        strong = lemma in _STRONG or lemma.startswith(("said", "told", "add", "accord", "wr"))
        return (0 if strong else 1, 0 if q.speaker_start is not None else 1, -(q.end - q.start))

    kept: list[Quote] = []
    for q in sorted(quotes, key=rank):
        size = sum(b - a for a, b in q.pieces) or 1
        clash = False
        for k in kept:
            inter = sum(max(0, min(b, d) - max(a, c)) for a, b in q.pieces for c, d in k.pieces)
            # a clause nested in a longer one is its own attribution (X said Y told Z)
            if inter > 0.5 * size and not (k.cue_start is not None and q.cue_start is not None
                                           and k.start <= q.cue_start < k.end and not q.quoted):
                clash = True
                break
        if not clash:
            kept.append(q)
    return kept


_LEADING_PREP = frozenset(["to", "for", "about", "on", "of", "against", "with"])


def _embedding_clause(text: str, c: _Cue, qs: list[QuotedSpan]) -> tuple[int, int] | None:
    """``criticized the GOP for "turning its back" on …``: quoted words the cue's own
    sentence runs into after words of its own are part of what the cue reports; the
    content is the clause from the cue's first word to the right (a preposition the
    verb takes left out) to the end of the verb's phrase, quoted words included."""
    tok = c.token
    if tok is None or c.label == "according to":
        return None
    first = min(qs, key=lambda q: q.outer[0])
    if first.outer[0] <= c.end or not c.sent_start <= first.outer[0] < c.sent_end:
        return None
    gap = text[c.end:first.outer[0]]
    if ("\n" in gap or not any(ch.isalnum() for ch in gap) or re.search(r"[.!?:]", gap)
            or gap.rstrip().endswith(",")):
        return None
    if c.subject is not None and c.end <= c.subject.start_char < first.outer[0]:
        return None  # "said Trump, …": the words between are the speaker
    doc = tok.doc
    nxt = [t for t in doc[tok.i + 1 : tok.sent.end] if not t.is_space]
    while nxt and (nxt[0].is_punct or nxt[0].dep_ in ("prt", "advmod") or nxt[0].lower_ in _LEADING_PREP):
        nxt.pop(0)
    if not nxt:
        return None
    start = nxt[0].idx
    right = tok.right_edge
    para = _paragraph_of(text, tok.idx)
    end = max(first.outer[1], min(right.idx + len(right), c.sent_end, para[1]))
    if start >= first.outer[0] + 1:
        return None
    end = max(end, first.outer[1])
    s2, e2 = _trim(text, start, end)
    while e2 > s2 and text[e2 - 1] in ".;" and e2 > first.outer[1]:
        e2 -= 1
    return (s2, e2) if e2 > s2 else None


def _reported(text: str, cs: tuple[int, int], qs: list[QuotedSpan]) -> bool:
    """True when the complement clause overlaps the quotes and has words of its own."""
    if not any(q.outer[0] < cs[1] and cs[0] < q.outer[1] for q in qs):
        return False
    own = [ch for i, ch in enumerate(text[cs[0]:cs[1]], cs[0])
           if ch.isalnum() and not any(q.outer[0] <= i < q.outer[1] for q in qs)]
    return bool(own)


def _according_content(text: str, c: _Cue) -> tuple[int, int]:
    """``according to X``: the rest of the sentence is what X says."""
    assert c.subject is not None
    s, e = c.sent_start, c.sent_end
    before = _trim(text, s, c.start)
    after = _trim(text, c.subject.end_char, e)
    if before[1] - before[0] >= after[1] - after[0]:
        s2, e2 = before
    else:
        s2, e2 = after
    while e2 > s2 and text[e2 - 1] in ".!?":
        e2 -= 1
    return _trim(text, s2, e2)


def _previous_paragraph_quote(text: str, quotes: list[Quote], q: QuotedSpan) -> Quote | None:
    """The attribution a quotation with no cue of its own continues, if any.

    The last attribution earlier in the same paragraph (``Sanders said X. "…"``), or, for
    a quotation that opens its paragraph, the last one of the paragraph before.
    """
    para = _paragraph_of(text, q.start)
    same = [x for x in quotes if x.speaker_start is not None and para[0] <= x.start and x.end <= q.start]
    if same:
        return same[-1]
    if q.outer[0] != para[0] or para[0] == 0:
        return None
    prev_end = len(text[: para[0]].rstrip())
    pp = _paragraph_of(text, max(0, prev_end - 1))
    cands = [x for x in quotes if x.speaker_start is not None and any(pp[0] <= a < pp[1] for a, _ in x.pieces)]
    return max(cands, key=lambda x: x.end) if cands else None


def _context_speaker(doc: Doc, inside: list[int], quote: Quote) -> None:
    """A quotation no cue claims: the subject of the main clause it stands in (or of the
    sentence before it in its paragraph) is the likeliest speaker (``speaker_via="context"``)."""
    para = _paragraph_of(doc.text, quote.start)
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return
    sent = span[0].sent
    sents = [sent]
    if sent.start > 0:
        before = doc[sent.start - 1].sent
        if para[0] <= before.start_char:
            sents.append(before)
    for s in sents:
        root = s.root
        if inside[root.i] >= 0:
            continue
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and inside[c.i] < 0), None)
        if subj is None or subj.pos_ not in ("PROPN", "NOUN", "PRON") or subj.lower_ in ("it", "there", "this", "that"):
            continue
        words = _speaker_span(doc, subj, root)
        if words is None:
            continue
        quote.speaker_mention = words.text
        quote.speaker_start, quote.speaker_end = words.start_char, words.end_char
        quote.speaker_via = "context"
        return
    # no subject to go by: a person named in the quotation's sentence, outside quotation marks
    persons = [e for e in sent.ents if e.label_ == "PERSON" and inside[e.start] < 0
               and para[0] <= e.start_char and not quote.start <= e.start_char < quote.end]
    earlier = [e for e in persons if e.end_char <= quote.start]
    person = earlier[-1] if earlier else (persons[0] if persons else None)
    if person is not None:
        quote.speaker_mention = person.text
        quote.speaker_start, quote.speaker_end = person.start_char, person.end_char
        quote.speaker_via = "context"


#: Words between a parenthetical cue and its closing comma ("Clinton suggested in a tweet,").
_PAREN_TAIL = re.compile(r"[^,;:.!?\"“”‘’«»\n]{0,40},\s*")
#: A quotation mark: any double one, a single one not inside a word ("That’s" has none).
_QUOTATION = re.compile(r"[\"“”„«»]|(?<!\w)['‘’]|['‘’](?!\w)")


def _fronted_parts(text: str, doc: Doc, quotes: list[Quote]) -> None:
    """Give reported speech the words of its sentence before a cue set off by commas.

    "The goal, he said, is to forge a durable cease-fire", "If she becomes president,
    Clinton suggested in a tweet, women won't be punished": the cue interrupts the
    sentence it reports, so what it reports starts at the sentence, not after the
    cue. PolNeAR's annotators mark it so in 211 of 235 such sentences of train
    articles 0-700. Not when the reported words open with a quotation mark ("Last
    year, Mr. Trump said, “…”": what stands before is when or where it was said), nor
    when the words before hold quotation marks or another attribution's content.
    """
    taken = [(a, b) for q in quotes for a, b in q.pieces]
    for q in quotes:
        if q.cue_start is None or q.cue_end is None or not q.pieces or q.kind == "direct":
            continue
        s0 = q.pieces[0][0]
        lo = q.cue_start if q.speaker_start is None else min(q.cue_start, q.speaker_start)
        hi = q.cue_end if q.speaker_end is None else max(q.cue_end, q.speaker_end)
        if hi > s0 or text[s0] in QUOTE_MARKS or not _PAREN_TAIL.fullmatch(text, hi, s0):
            continue
        comma = lo
        while comma > 0 and text[comma - 1].isspace():
            comma -= 1
        if comma == 0 or text[comma - 1] != ",":
            continue
        comma -= 1
        tok = doc.char_span(comma, comma + 1, alignment_mode="expand")
        if tok is None or len(tok) == 0:
            continue
        start = max(tok[0].sent.start_char, _paragraph_of(text, comma)[0])
        while start < comma and (text[start].isspace() or text[start] in QUOTE_MARKS):
            start += 1
        front = text[start:comma]
        if (not front.strip() or _QUOTATION.search(front)
                or any(a < comma and start < b for a, b in taken)):
            continue
        q.pieces = [(start, comma), *q.pieces]
        q.start = start
        q.text = " ".join(text[a:b] for a, b in q.pieces)
        taken.append((start, comma))


def _extend(text: str, quote: Quote, q: QuotedSpan) -> None:
    """Add a quoted span to an attribution as one more piece."""
    quote.pieces = sorted([*quote.pieces, q.outer])
    quote.quoted = sorted([*quote.quoted, (q.start, q.end)])
    quote.start, quote.end = quote.pieces[0][0], quote.pieces[-1][1]
    quote.text = " ".join(text[a:b] for a, b in quote.pieces)
    quote.repaired = quote.repaired or q.repaired


def _merge_pieces(text: str, pieces: list[tuple[int, int]], c: _Cue) -> list[tuple[int, int]]:
    """Join pieces that only a few words of the same clause separate (``not to "A" but to "B"``).

    Pieces stay apart when the attribution (cue or speaker) or a sentence end lies between them.
    """
    out = [pieces[0]]
    frame = [(c.start, c.end)]
    if c.subject is not None:
        frame.append((c.subject.start_char, c.subject.end_char))
    for s, e in pieces[1:]:
        ps, pe = out[-1]
        gap = text[pe:s]
        if (len(gap) <= 40 and "\n" not in gap and not re.search(r"[.!?]", gap)
                and not any(pe <= a < s for a, _ in frame)):
            out[-1] = (ps, max(pe, e))
        else:
            out.append((s, e))
    return out


_ADJUNCT_OPENERS = frozenset(["but", "while", "though", "although", "whereas", "and", "yet"])


def _cut_adjuncts(doc: Doc, s: int, e: int, quoted: list[tuple[int, int]]) -> int:
    """The end of a reported clause without what trails it: ``that he has "expanded the
    party," claiming that …`` / ``… but did not suggest …`` / ``… — asserting …``.

    A verb heading an adverbial or coordinated clause that opens after a comma, a dash or
    a conjunction ends the content, unless quoted words follow it or it is a second
    ``that`` clause of the same cue."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return e
    last_quote = max((b for a, b in quoted if s <= a < e), default=s)
    for t in span:
        if (t.dep_ not in ("advcl", "conj") or t.pos_ not in ("VERB", "AUX") or t.head.i < span.start
                or t.head.i >= span.end or t.left_edge.i <= span.start):
            continue
        first = t.left_edge
        if any(k.dep_ == "mark" and k.lower_ == "that" for k in t.children):
            continue
        prev = doc[first.i - 1]
        j = first.i - 1
        while j > span.start and doc[j].text in ("”", "’", '"', "'"):
            j -= 1  # "…,” claiming": the comma sits inside the closing mark
        opener = first.lower_ in _ADJUNCT_OPENERS or prev.lower_ in _ADJUNCT_OPENERS
        if not (opener or doc[j].text in (",", "—", "–", ";", "--") or first.text in ("—", "–", ";")):
            continue
        cut = (prev if prev.lower_ in _ADJUNCT_OPENERS else first).idx
        if cut >= last_quote and cut > s:
            return cut
    return e


_CIRCUMSTANCE = frozenset(["during", "amid", "ahead", "before", "after"])


def _cut_circumstance(doc: Doc, s: int, e: int, quoted: list[tuple[int, int]]) -> int:
    """The end of a partial attribution without the circumstances of the saying that
    follow its last quotation: ``blasted Clinton as a "disgrace" Wednesday on The Laura
    Ingraham Show``, ``… a "crazy system" during a campaign stop``, ``"burning the
    Constitution" - a charge that might have stung``. The parse hangs these on the quoted
    noun, so words decide: a dash, a date or time, or a preposition of occasion."""
    last = max((b for a, b in quoted if s <= a < e), default=None)
    if last is None or last >= e:
        return e
    span = doc.char_span(last, e, alignment_mode="expand")
    words = [t for t in span or [] if t.idx > last and not t.is_space and t.text not in ("”", '"', "’", "'")]
    if not words:
        return e
    first = words[0]
    if first.text in _DASHES or first.ent_type_ in ("DATE", "TIME") or first.lower_ in _CIRCUMSTANCE:
        return first.idx
    return e


def _make(text: str, c: _Cue, kind: str, pieces: list[tuple[int, int]],
          quoted: list[tuple[int, int]], repaired: bool) -> Quote:
    if kind == "partial" and c.token is not None and pieces:
        doc = c.token.doc
        pieces = [(a, _trim(text, a, _cut_adjuncts(doc, a, b, quoted))[1])
                  if not any(a <= qa and qb <= b and (qa, qb) == (a + 1, b - 1) for qa, qb in quoted)
                  else (a, b) for a, b in pieces]
        pieces = [(a, _trim(text, a, _cut_circumstance(doc, a, b, quoted))[1]) for a, b in pieces]
    pieces = _merge_pieces(text, pieces, c)
    start, end = pieces[0][0], pieces[-1][1]
    body = " ".join(text[a:b] for a, b in pieces)
    q = Quote(start, end, body, kind, pieces, sorted(quoted), cue=text[c.start:c.end],
              cue_start=c.start, cue_end=c.end, repaired=repaired,
              cue_kind="according" if c.label == "according to" else "stance" if c.weak else "speech")
    if c.subject is not None:
        q.speaker_mention = c.subject.text
        q.speaker_start, q.speaker_end = c.subject.start_char, c.subject.end_char
        q.speaker_via = "mention"
    return q


#: How the model's attributions join the rules' (see :func:`_apply_model`), as chosen on
#: held-out PolNeAR train articles: ``add`` its own attributions; ``rebound`` replace the
#: bounds of the rules' indirect ones (2: partial ones too); ``drop`` the rules' unquoted
#: attributions whose cue it gives less than this (``drop_speech``: verbs of saying too);
#: ``nested`` let its attributions nest inside another's content.
MODEL_OPTIONS: dict[str, float] = {"add": 1.0, "rebound": 1.0, "drop": 0.5, "nested": 0.0, "drop_speech": 1.0}


def _apply_model(text: str, doc: Doc, inside: list[int], spans: list[QuotedSpan], quotes: list[Quote],
                 model: AttributionModel) -> list[Quote]:
    """Join the learned model's attributions to the rules'.

    The rules keep what they found with quotation marks; the model adds the
    attributions whose cue the rules have no attribution for (cues outside the verb
    lists, nouns such as ``criticism``), and sets the boundaries of the rules'
    indirect attributions where both agree on the cue."""
    by_cue = {q.cue_start: q for q in quotes if q.cue_start is not None}
    add_from = model.cue_threshold
    drop_below = MODEL_OPTIONS["drop"]
    preds = model.predict(doc, inside, [q.outer for q in spans], min(add_from, drop_below or 1.0),
                          rule_cues(quotes))
    out = list(quotes)
    if drop_below > 0:
        probs = {tok.idx: p for tok, p, _ in preds}
        out = [q for q in out if q.quoted or q.cue_start is None or q.cue_kind == "according"
               or (q.cue_kind == "speech" and not MODEL_OPTIONS["drop_speech"])
               or probs.get(q.cue_start, 0.0) >= drop_below]
    for tok, p, cand in preds:
        s, e = cand.start, cand.end
        if e - s < 2 or p < add_from:
            continue
        q = by_cue.get(tok.idx)
        if q is not None:
            if _rebound(q, s, e, spans):
                q.start, q.end, q.pieces = s, e, [(s, e)]
                q.text = text[s:e]
            continue
        if not MODEL_OPTIONS["add"]:
            continue
        size = e - s
        if any(sum(max(0, min(b, e) - max(a, s)) for a, b in x.pieces) > 0.5 * min(size, x.end - x.start)
               and not (MODEL_OPTIONS["nested"] and (x.start <= tok.idx < x.end or s <= (x.cue_start or -1) < e)
                        and (x.start, x.end) != (s, e))
               for x in out):
            continue
        quoted = [(x.start, x.end) for x in spans if s <= x.start and x.end <= e]
        if quoted:
            e = _trim(text, s, _cut_circumstance(doc, s, e, quoted))[1]
        new = Quote(s, e, text[s:e], "partial" if quoted else "indirect", [(s, e)], quoted,
                    cue=tok.text, cue_start=tok.idx, cue_end=tok.idx + len(tok),
                    cue_kind="according" if tok.lower_ == "according" else
                    "speech" if tok.lemma_.lower() in CUE_LEMMAS else "stance")
        words = _model_speaker(doc, tok, inside, text)
        if words is not None and not (s <= words.start_char < e):
            new.speaker_mention = words.text
            new.speaker_start, new.speaker_end = words.start_char, words.end_char
            new.speaker_via = "mention"
        out.append(new)
    return out


def _rebound(q: Quote, s: int, e: int, spans: list[QuotedSpan]) -> bool:
    """Whether the model's content ``s``–``e`` for a cue the rules also used replaces theirs:
    an indirect attribution in one piece, when the new bounds cut no quotation; with
    ``rebound`` ≥ 2 also a partial one (≥ 3: a direct one) whose quoted words it keeps whole."""
    level = MODEL_OPTIONS["rebound"]
    if not level or len(q.pieces) != 1:
        return False
    if q.kind == "indirect" and not q.quoted:
        return not any(a < e and s < b for a, b in (x.outer for x in spans))
    if (q.kind == "partial" and level >= 2) or (q.kind == "direct" and level >= 3):
        return (all(s <= a and b <= e for a, b in q.quoted)
                and not any(a < e and s < b and not (s <= a and b <= e) for a, b in (x.outer for x in spans)))
    return False


def rule_cues(quotes: list[Quote]) -> dict[int, tuple[str, int, int]]:
    """For each cue the rules used (by its start offset): the kind of attribution and its
    content's start and end (-1, -1 when it has several pieces), as :mod:`.model` takes them."""
    return {q.cue_start: (q.kind, *((q.start, q.end) if len(q.pieces) == 1 else (-1, -1)))
            for q in quotes if q.cue_start is not None}


def _model_speaker(doc: Doc, tok: Token, inside: list[int], text: str) -> Span | None:
    """The speaker words of a cue the model found: the verb's subject, the pobj of
    ``according to``, or a noun's possessor (``Trump's criticism``)."""
    if tok.lower_ == "according" and tok.i + 1 < len(doc):
        pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
        return speaker_mention(pobj) if pobj is not None else None
    if tok.pos_ in ("NOUN", "PROPN"):
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is None:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            poss = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        return speaker_mention(poss) if poss is not None else None
    subj = _subject(tok, inside)
    return _speaker_span(doc, subj, tok, text) if subj is not None else None
