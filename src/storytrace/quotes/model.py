"""A learned attribution model: which words are a cue, and where the content it reports lies.

Two linear models trained on PolNeAR's train split (:mod:`.train` writes them) and
applied to the spaCy parse, with nothing but dictionary look-ups at run time:

* the **cue model** scores every verb, noun and ``according`` outside quotation
  marks: is it the cue of an attribution (``said``, ``criticism``, ``is expected``,
  ``according to``)? Features: the word, its lemma, part of speech, dependency,
  its children's dependencies, its subject, the verb lists of :mod:`.extract`.
* the **content model** ranks the spans the parse offers as what the cue reports
  (its clausal complement with or without ``that``, its infinitive, its object
  with complements, the object of a preposition, the clause it is appended to,
  the rest of its sentence, quotations beside it …) and keeps the best.

Weights live in ``storytrace/resources/quotes/attribution-model.json.gz``
(feature → weight; trained on PolNeAR train, see docs/quotes.md for the data and
its terms). :func:`load_model` returns ``None`` when the file is absent, and the
rules of :mod:`.extract` then work alone.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "MODEL_PATH",
    "AttributionModel",
    "Candidate",
    "RuleCue",
    "content_candidates",
    "content_features",
    "cue_features",
    "cue_tokens",
    "group_features",
    "load_model",
]

#: What the rules made of a cue: the kind of attribution, and its content's start and end
#: (-1, -1 when the content has several pieces); the cue model takes the kind.
RuleCue = tuple[str, int, int]

MODEL_PATH = Path(__file__).resolve().parent.parent / "resources" / "quotes" / "attribution-model.json.gz"

_CUE_POS = frozenset(["VERB", "AUX", "NOUN", "ADJ"])
_CLAUSE_DEPS = ("ccomp", "xcomp", "parataxis", "dobj", "attr", "oprd", "advcl", "acomp", "acl", "relcl",
                "pcomp", "conj", "dative", "npadvmod")
_LEAD_STRIP = frozenset(["that", "whether", "if", "to", "for", "about", "on", "of", "as", "with", "against",
                         "over", ",", ":", "—", "–", "-"])
_PUNCT_EDGE = " \t\n,;:—–-"
_QUOTE_CHARS = "\"“”«»„"


def _lists() -> tuple[frozenset[str], frozenset[str]]:
    from .extract import CUE_LEMMAS, STANCE_LEMMAS

    return CUE_LEMMAS, STANCE_LEMMAS


def cue_tokens(doc: Doc, inside: list[int]) -> list[Token]:
    """Tokens that may be a cue: verbs, nouns, adjectives and ``according`` outside quotation marks."""
    return [t for t in doc if inside[t.i] < 0 and (t.pos_ in _CUE_POS or t.lower_ == "according")
            and t.is_alpha]


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-7" if n < 8 else "8-15" if n < 16 else "16-31" if n < 32 else "32+"


def cue_features(tok: Token, inside: list[int], rule: str | None = None) -> list[str]:
    """Features of one possible cue token; ``rule`` is the kind of the attribution the rules
    of :mod:`.extract` made with it as cue (``direct``, ``partial``, ``indirect``), if any."""
    cue_l, stance_l = _lists()
    lemma = tok.lemma_.lower()
    f = [f"rule={rule or '-'}", f"rule,p={rule or '-'},{tok.pos_}", f"w={tok.lower_}", f"l={lemma}", f"p={tok.pos_}", f"t={tok.tag_}", f"d={tok.dep_}",
         f"l,d={lemma},{tok.dep_}", f"l,t={lemma},{tok.tag_}", f"hd={tok.head.dep_}",
         f"hl={tok.head.lemma_.lower()}", f"d,hp={tok.dep_},{tok.head.pos_}"]
    if lemma in cue_l:
        f.append("list=cue")
    if lemma in stance_l:
        f.append("list=stance")
    kids = list(tok.children)
    deps = sorted({k.dep_ for k in kids if not k.is_punct})
    for d in deps:
        f.append(f"c={d}")
        f.append(f"l,c={lemma},{d}")
    for k in kids:
        if k.dep_ == "prep":
            f.append(f"prep={k.lower_}")
            f.append(f"l,prep={lemma},{k.lower_}")
        elif k.dep_ in ("nsubj", "nsubjpass"):
            f.append(f"subj_l={k.lemma_.lower()}")
            f.append(f"subj_ent={k.ent_type_ or '-'}")
            f.append(f"subj_pos={k.pos_}")
            f.append(f"l,subj_pos={lemma},{k.pos_}")
        elif k.dep_ == "poss":
            f.append(f"poss={k.ent_type_ or k.pos_}")
        elif k.dep_ == "mark":
            f.append(f"mark={k.lower_}")
        elif k.dep_ == "aux":
            f.append(f"aux={k.lower_}")
    for k in kids:
        if k.dep_ in ("ccomp", "xcomp"):
            m = next((g.lower_ for g in k.children if g.dep_ in ("mark", "aux")), "-")
            f.append(f"comp_mark={k.dep_},{m}")
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    prv = tok.nbor(-1) if tok.i > 0 else None
    if nxt is not None:
        f.append(f"next={nxt.lower_ if nxt.is_punct or nxt.pos_ in ('ADP', 'SCONJ', 'PART') else nxt.pos_}")
        if inside[nxt.i] >= 0 or nxt.text in _QUOTE_CHARS:
            f.append("next_quote")
    if prv is not None:
        f.append(f"prev={prv.lower_ if prv.is_punct or prv.pos_ in ('ADP', 'PART', 'AUX') else prv.pos_}")
        if prv.text in _QUOTE_CHARS or (prv.i > 0 and prv.nbor(-1).text in _QUOTE_CHARS):
            f.append("prev_quote")
    sent = tok.sent
    if any(inside[t.i] >= 0 for t in sent):
        f.append("sent_has_quote")
    f.append(f"path={tok.dep_},{tok.head.dep_},{tok.head.head.dep_}")
    if tok.dep_ == "ROOT":
        f.append(f"root,l={lemma}")
    anc = next((a for a in tok.ancestors if a.lemma_.lower() in cue_l), None)
    if anc is not None:
        f.append("under_cue")
    return f


@dataclass(slots=True)
class Candidate:
    """A span the parse offers as a cue's content (character offsets, trimmed)."""

    start: int
    end: int
    kinds: set[str]
    first: int   # token index of the first token
    last: int    # token index of the last token


def _trim_tokens(doc: Doc, i: int, j: int) -> tuple[int, int]:
    """Token range [i, j) without punctuation and white space at its edges (quotation marks kept)."""
    while i < j and (doc[i].is_space or (doc[i].is_punct and doc[i].text not in _QUOTE_CHARS + "‘'")):
        i += 1
    while j > i and (doc[j - 1].is_space or (doc[j - 1].is_punct and doc[j - 1].text not in _QUOTE_CHARS + "’'")):
        j -= 1
    return i, j


def content_candidates(tok: Token, inside: list[int], quote_spans: list[tuple[int, int]] | None = None,
                       text: str | None = None) -> list[Candidate]:
    """The spans the parse offers as the content of the cue ``tok``."""
    doc = tok.doc
    text = doc.text if text is None else text
    sent = tok.sent
    out: dict[tuple[int, int], Candidate] = {}

    def add(kind: str, i: int, j: int, strip: bool = True) -> None:
        i = max(i, sent.start - 3 if kind.startswith("q") else i)
        i, j = _trim_tokens(doc, i, j)
        if j <= i:
            return
        variants = [(kind, i)]
        if strip:
            k = i
            while k < j - 1 and (doc[k].lower_ in _LEAD_STRIP or doc[k].dep_ in ("mark", "prep", "aux")) and k - i < 2:
                k += 1
                variants.append((kind + "-lead", k))
        ends = [(kind, j)]
        if not kind.startswith("q"):
            # the same span cut before a comma or dash that opens a trailing clause ("…, which …")
            cut = next((m for m in range(i + 2, j - 1) if doc[m].text in (",", "—", "–", "--", "(")
                        and inside[m] < 0), None)
            if cut is not None:
                ends.append((kind + "-cut", cut))
            # … cut before "and"/"but" joining a second verb phrase ("has no plans … and would not …")
            cc = next((m for m in range(i + 2, j - 1) if doc[m].dep_ == "cc" and inside[m] < 0
                       and doc[m].head.pos_ in ("VERB", "AUX") and any(
                           x.dep_ == "conj" and x.pos_ in ("VERB", "AUX") and x.i > m for x in doc[m].head.children)),
                      None)
            if cc is not None and cc != cut:
                ends.append((kind + "-cut", cc))
        for (kd0, a), (kd1, jj) in ((v, en) for v in variants for en in ends):
            kd = kd0 if kd1 == kind else kd0 + "-cut"
            a, b = _trim_tokens(doc, a, jj)
            if b <= a:
                continue
            s, e = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
            while e > s and text[e - 1] in _PUNCT_EDGE:
                e -= 1
            if "\n\n" in text[s:e] and not kind.startswith("q"):
                continue
            key = (s, e)
            if key in out:
                out[key].kinds.add(kd)
            else:
                out[key] = Candidate(s, e, {kd}, a, b - 1)

    own_l, own_r = tok.left_edge.i, tok.right_edge.i + 1
    kids = list(tok.children)
    for k in kids:
        if k.dep_ in _CLAUSE_DEPS and k.i > tok.i:
            add(k.dep_, k.left_edge.i, k.right_edge.i + 1)
            # the child and everything after it in the cue's phrase ("object + complements")
            add(k.dep_ + "+rest", k.left_edge.i, own_r)
        elif k.dep_ in ("ccomp", "parataxis") and k.i < tok.i:
            add(k.dep_ + "-left", k.left_edge.i, k.right_edge.i + 1)
        elif k.dep_ == "prep" and k.i > tok.i:
            pobj = next((g for g in k.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                add("pobj", pobj.left_edge.i, pobj.right_edge.i + 1)
                add("pobj+rest", pobj.left_edge.i, own_r)
            add("prep", k.left_edge.i, k.right_edge.i + 1, strip=False)
    # what a verb the cue governs reports ("seemed to blame X", "was eager to jab X")
    for k in kids:
        if k.dep_ in ("xcomp", "acomp") and k.i > tok.i:
            for g in k.children:
                if g.i > k.i and g.dep_ in ("dobj", "ccomp", "xcomp", "prep"):
                    if g.dep_ == "prep":
                        g = next((x for x in g.children if x.dep_ in ("pobj", "pcomp")), g)
                    add("x-" + g.dep_, g.left_edge.i, g.right_edge.i + 1)
                    add("x-" + g.dep_ + "+rest", g.left_edge.i, k.right_edge.i + 1)
    # the rest of the cue's own phrase after it (nouns: "criticism of X"; verbs: "calls for X")
    if own_r > tok.i + 1:
        add("after", tok.i + 1, own_r)
    # the clause the cue is appended to ("X, he said" / "X, according to Y")
    h = tok.head
    if h is not tok and tok.dep_ in ("parataxis", "advcl", "prep", "conj", "ccomp", "npadvmod", "relcl", "acl"):
        hl, hr = h.left_edge.i, h.right_edge.i + 1
        if own_l > hl:
            add("head-left", hl, own_l)
        if own_r < hr:
            add("head-right", own_r, hr)
        if tok.dep_ in ("relcl", "acl"):
            add("head-np", hl, own_l)
    # the sentence without the cue's phrase
    if own_l > sent.start:
        add("sent-left", sent.start, own_l)
    if own_r < sent.end:
        add("sent-right", own_r, sent.end)
    # after the cue and its subject to the sentence end ("said Trump, X")
    if tok.i + 1 < sent.end:
        add("cue-to-end", tok.i + 1, sent.end)
    # quotations beside the cue
    if quote_spans:
        lo, hi = sent.start_char - 2, sent.end_char + 2
        for qs, qe in quote_spans:
            if qe >= lo and qs <= hi:
                span = doc.char_span(qs, qe, alignment_mode="expand")
                if span is not None and len(span):
                    side = "qbefore" if qe <= tok.idx else "qafter"
                    add(side, span.start, span.end, strip=False)
    return list(out.values())


def content_features(tok: Token, c: Candidate, inside: list[int], text: str) -> list[str]:
    """Features of one candidate content for the cue ``tok``."""
    doc = tok.doc
    lemma = tok.lemma_.lower()
    first, last = doc[c.first], doc[c.last]
    n = c.last - c.first + 1
    side = "before" if c.end <= tok.idx else "after" if c.start >= tok.idx + len(tok) else "around"
    f = [f"side={side}", f"n={_bucket(n)}", f"first={first.lower_ if not first.is_alpha or first.pos_ in ('ADP', 'SCONJ', 'PART', 'DET', 'PRON') else first.pos_}",
         f"first_dep={first.dep_}", f"last_pos={last.pos_}", f"cue_pos={tok.pos_}", f"cue_dep={tok.dep_}",
         f"l,side={lemma},{side}"]
    for k in c.kinds:
        f.append(f"k={k}")
        f.append(f"k,l={k},{lemma}")
        f.append(f"k,p={k},{tok.pos_}")
        f.append(f"k,d={k},{tok.dep_}")
    f.append(f"nk={len(c.kinds)}")
    fw = first.lower_ if first.pos_ in ("ADP", "SCONJ", "PART", "DET", "PRON", "PUNCT") else first.pos_
    f.append(f"l,first={lemma},{fw}")
    f.append(f"p,first={tok.pos_},{fw}")
    f.append(f"first_w={first.lower_}")
    f.append(f"last_w={last.lower_ if not last.is_alpha or last.pos_ in ('ADP', 'PART', 'DET', 'CCONJ') else last.pos_}")
    before = doc[c.first - 1] if c.first > 0 else None
    if before is not None:
        f.append(f"before={before.lower_ if not before.is_alpha or before.pos_ in ('ADP', 'SCONJ', 'PART', 'DET', 'CCONJ') else before.pos_}")
    body = text[c.start:c.end]
    qin = sum(1 for i in range(c.first, c.last + 1) if inside[i] >= 0)
    f.append(f"quoted={'all' if qin >= n - 2 and qin else 'some' if qin else 'none'}")
    if body[:1] in _QUOTE_CHARS + "‘'":
        f.append("opens_quote")
    if body[-1:] in _QUOTE_CHARS + "’'":
        f.append("closes_quote")
    after = text[c.end:c.end + 3]
    f.append(f"after={after.strip()[:1] or 'ws'}")
    sent = tok.sent
    f.append(f"sent_end={'yes' if c.last >= sent.end - 2 else 'no'}")
    f.append(f"sent_start={'yes' if c.first <= sent.start + 1 else 'no'}")
    if c.end > sent.end_char or c.start < sent.start_char:
        f.append("crosses_sent")
    if "\n" in body:
        f.append("crosses_para")
    subj_in = any(k.dep_ in ("nsubj", "nsubjpass") and c.first <= k.i <= c.last for k in tok.children)
    if subj_in:
        f.append("has_cue_subject")
    root = max(range(c.first, c.last + 1), key=lambda i: -len(list(doc[i].ancestors)))
    r = doc[root]
    f.append(f"root_pos={r.pos_}")
    f.append(f"root_rel={'child' if r.head is tok else 'self' if r is tok else 'head' if tok.head is r else 'other'}")
    f.append(f"root_dep={r.dep_}")
    return f


def group_features(tok: Token, cands: list[Candidate], inside: list[int], text: str) -> list[list[str]]:
    """:func:`content_features` of each candidate, plus where it ranks by length among them."""
    lengths = sorted({c.last - c.first for c in cands})
    out = []
    for c in cands:
        f = content_features(tok, c, inside, text)
        r = lengths.index(c.last - c.first)
        rank = "only" if len(lengths) == 1 else "shortest" if r == 0 else "longest" if r == len(lengths) - 1 else "mid"
        f.append(f"rank={rank}")
        for k in c.kinds:
            f.append(f"k,rank={k},{rank}")
        out.append(f)
    return out


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


class AttributionModel:
    """The two linear models and the thresholds they were tuned with."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.cue_w: dict[str, float] = data["cue"]["weights"]
        self.cue_b: float = data["cue"]["bias"]
        self.content_w: dict[str, float] = data["content"]["weights"]
        self.content_b: float = data["content"]["bias"]
        self.cue_threshold: float = data.get("cue_threshold", 0.5)
        self.meta: dict[str, Any] = data.get("meta", {})

    def cue_prob(self, feats: list[str]) -> float:
        w = self.cue_w
        return _sigmoid(self.cue_b + sum(w.get(x, 0.0) for x in feats))

    def content_score(self, feats: list[str]) -> float:
        w = self.content_w
        return self.content_b + sum(w.get(x, 0.0) for x in feats)

    def predict(self, doc: Doc, inside: list[int], quote_spans: list[tuple[int, int]],
                threshold: float | None = None,
                rules: dict[int, RuleCue] | None = None) -> list[tuple[Token, float, Candidate]]:
        """(cue token, cue probability, best content) for each token whose cue probability
        reaches ``threshold``; ``rules`` maps the character offset of each cue the rules used
        to the kind of attribution they made with it."""
        thr = self.cue_threshold if threshold is None else threshold
        rules = rules or {}
        text = doc.text
        out = []
        for tok in cue_tokens(doc, inside):
            rule = rules.get(tok.idx)
            p = self.cue_prob(cue_features(tok, inside, rule[0] if rule else None))
            if p < thr:
                continue
            cands = content_candidates(tok, inside, quote_spans, text)
            if not cands:
                continue
            feats = group_features(tok, cands, inside, text)
            k = max(range(len(cands)), key=lambda i: self.content_score(feats[i]))
            out.append((tok, p, cands[k]))
        return out


@lru_cache(maxsize=2)
def _load(path: str) -> AttributionModel | None:
    p = Path(path)
    if not p.is_file():
        return None
    with gzip.open(p, "rt", encoding="utf-8") as fh:
        return AttributionModel(json.load(fh))


def load_model(path: Path | None = None) -> AttributionModel | None:
    """The shipped model (once per process), or ``None`` when its file is absent."""
    return _load(str(path or MODEL_PATH))
