"""From aligned passages to provenance: is it reuse, of what kind, credited, how original.

The rules, in plain words:

- A pair of articles is reuse when they share at least one *strong* passage:
  three or more aligned sentences in a row-ish (a rewritten stretch of
  prose), or a verbatim or lightly edited passage of 25 words or more of the
  articles' own prose. Independent reports of the same event share single
  facts and quotations, not runs of prose.
- Or when the aligned passages cover nearly all of both articles (a whole
  article copied, quotations and all): an article that is mostly quotations,
  reprinted entire, has too little prose of its own for the first rule, yet
  no independent report repeats another one from end to end.
- And, either way, when the passages share the writer's own wording, not only
  the event's facts: a verbatim or edited stretch of own prose, a run holding
  8 ordinary words shared in order, or three separate runs (:mod:`.wording`; names,
  numbers, function words and quotations do not make a run), or three aligned
  sentence pairs keeping half their ordinary vocabulary. Independent
  reports of one event align sentence by sentence on its names, places and
  numbers; they do not share the prose around them. Translations are exempt.
- The pair's kind is the kind covering most of the copy's aligned text.
- Reuse is credited when the copy prints a credit (:mod:`.credit`: datelines,
  "according to", "reported", "via", "contributed", "told", agency bylines)
  naming the source's outlet, or the agency both build on; the sentence that
  credits is the evidence. When the copy credits someone but the source's
  outlet is unknown, no ``uncredited-reuse`` flag is raised.
- When the source itself credits a wire agency, the two articles most likely
  both rewrote that agency's story: a common unseen source, named.
- An article's original share is the part of its text not aligned with any
  of its sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Flag
from .align import Passage, Seed
from .boilerplate import Boilerplate, covered_share
from .credit import agencies_in, credit_mentions, identity, is_newsroom, names_match
from .direction import Direction, decide
from .text import Sentence, prose, sentences
from .wording import kept_vocabulary, shared_wording

__all__ = ["Link", "article_fields", "credit_decision", "decide_reuse", "explain_decision", "graphs", "is_reuse", "make_link",
           "uncredited_flags", "without_boilerplate"]

STRONG_SEEDS = 3
STRONG_WORDS = 25
WHOLE_COPY = 0.8  # share of both articles' text that aligned passages cover in a whole copy
#: Shared own wording a link needs besides (see :mod:`.wording`): one run holding this many
#: ordinary words shared in order (more than the charges, titles and set phrases one event's
#: reports all print, "leaving the scene of an accident resulting in death" holds 5) ...
WORDING_RUN = 8
#: ... or this many separate runs (a reworded copy keeps short runs all through) ...
WORDING_RUNS = 3
#: ... or this many aligned sentence pairs that keep half their ordinary vocabulary
#: (:func:`.wording.kept_vocabulary`: random edits and translation chains break runs).
VOCABULARY_SENTENCES = 3
_KIND_ORDER = ("verbatim", "edited", "translated", "paraphrase")


def _own_prose_words(p: Passage, a_text: str, b_text: str) -> int:
    """Words of the articles' own prose (quotations left out) in a verbatim or edited passage."""
    if p.kind not in ("verbatim", "edited"):
        return 0
    return min(len(prose(a_text[p.a_start:p.a_end]).split()),
               len(prose(b_text[p.b_start:p.b_end]).split()))


def decide_reuse(passages: Sequence[Passage], a_text: str, b_text: str,
                 sents: tuple[Sequence[Sentence], Sequence[Sentence]] | None = None) -> dict[str, Any]:
    """Whether the passages make reuse, which rule decided, and the figures each rule looked at.

    A passage is strong with ``STRONG_SEEDS`` aligned sentences or ``STRONG_WORDS`` words of
    own prose copied (verbatim or edited), so the pair's best figures decide the first rule.
    Sentences aligned only through their window (``how="window"``, random edits that cut
    sentences anew) extend a passage but do not count towards a strong one: three
    sentences of one event's reports may share names and places without any copying."""
    seeds = max((sum(s.how != "window" for s in p.seeds) for p in passages), default=0)
    windowed = sum(s.how == "window" for p in passages for s in p.seeds)
    prose_words = max((_own_prose_words(p, a_text, b_text) for p in passages), default=0)
    a_cov = _covered([(p.a_start, p.a_end) for p in passages]) / max(1, len(a_text.strip()))
    b_cov = _covered([(p.b_start, p.b_end) for p in passages]) / max(1, len(b_text.strip()))
    words = min(sum(len(a_text[p.a_start:p.a_end].split()) for p in passages),
                sum(len(b_text[p.b_start:p.b_end].split()) for p in passages))
    rule = None
    if seeds >= STRONG_SEEDS or prose_words >= STRONG_WORDS:
        rule = "strong passage"
    elif passages and min(a_cov, b_cov) >= WHOLE_COPY and words >= STRONG_WORDS:
        rule = "whole copy"
    wording = shared_wording(a_text, b_text, [(p.a_start, p.a_end, p.b_start, p.b_end) for p in passages])
    translated = bool(passages) and all(p.kind == "translated" for p in passages)
    copied = rule == "whole copy" and all(p.kind in ("verbatim", "edited") for p in passages)
    worded = (translated or copied or prose_words >= STRONG_WORDS
              or wording.longest_run >= WORDING_RUN or wording.runs >= WORDING_RUNS)
    vocabulary = 0
    if rule and not worded:
        sa, sb = sents if sents is not None else (sentences(a_text), sentences(b_text))
        vocabulary = kept_vocabulary(a_text, b_text, [(s.start, s.end) for s in sa],
                                     [(s.start, s.end) for s in sb],
                                     [(s.a, s.b) for p in passages for s in p.seeds])
        worded = vocabulary >= VOCABULARY_SENTENCES
    return {"reuse": rule is not None and worded, "rule": rule, "most_seeds": seeds,
            "window_seeds": windowed, "most_prose_words": prose_words,
            "cover": [round(a_cov, 3), round(b_cov, 3)], "wording": wording.to_dict(),
            "vocabulary_sentences": vocabulary, "worded": worded}


def is_reuse(passages: Sequence[Passage], a_text: str, b_text: str) -> bool:
    """True when at least one passage is strong evidence of copying, or the
    passages cover nearly all of both articles (a whole copy)."""
    return bool(decide_reuse(passages, a_text, b_text)["reuse"])


def _wording_words(d: dict[str, Any]) -> str:
    w = d.get("wording") or {}
    if not w:
        return ""
    return (f"{w['runs']} runs of own wording shared ({w['shared_words']} words, the richest "
            f"with {w['longest_run']} ordinary words)")


def explain_decision(d: dict[str, Any]) -> str:
    """The reuse decision in words, for a reader."""
    cover = " / ".join(f"{c:.0%}" for c in d["cover"])
    if d["rule"] and not d.get("worded", True):
        return (f"not reuse: the aligned sentences share the event's facts but not its wording: "
                f"{_wording_words(d)}, {d.get('vocabulary_sentences', 0)} sentence pairs keeping half "
                f"their ordinary words; reuse needs a run of {WORDING_RUN} ordinary words or {WORDING_RUNS} "
                f"runs outside names, numbers and quotations, or {VOCABULARY_SENTENCES} such sentence "
                f"pairs (independent reports of one event share its names, places and quotations, "
                f"not its prose)")
    why = f"; {_wording_words(d)}" if d.get("wording") else ""
    if d.get("vocabulary_sentences"):
        why += f"; {d['vocabulary_sentences']} sentence pairs keep half their ordinary words"
    if d["rule"] == "strong passage":
        return (f"reuse: a strong passage ({d['most_seeds']} aligned sentences, "
                f"{d['most_prose_words']} words of own prose){why}")
    if d["rule"] == "whole copy":
        return f"reuse: a whole copy (the passages cover {cover} of the two articles){why}"
    windowed = d.get("window_seeds", 0)
    aside = (f" (and {windowed} in all passages aligned only through their window of sentences, "
             "which do not count)") if windowed else ""
    return (f"not reuse: no strong passage (at most {d['most_seeds']} aligned sentences of own "
            f"prose{aside}, {STRONG_SEEDS} needed; at most {d['most_prose_words']} words of own prose "
            f"copied, {STRONG_WORDS} needed) and the passages cover {cover} of the two articles "
            f"({WHOLE_COPY:.0%} of both makes a whole copy)")


@dataclass
class Link:
    """One source -> copy relation with its evidence (a row of the export's ``reuse``)."""

    source_id: str
    copy_id: str
    kind: str
    share: float  # share of the copy's text aligned with the source
    direction_confidence: float
    credited: bool
    passages: list[dict[str, Any]]
    common_source: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"source_id": self.source_id, "copy_id": self.copy_id, "kind": self.kind,
                "share": self.share, "direction_confidence": self.direction_confidence,
                "credited": self.credited, "common_source": self.common_source,
                "passages": self.passages, "evidence": self.evidence}


def _pair_kind(passages: Sequence[Passage]) -> str:
    size: dict[str, int] = {}
    for p in passages:
        size[p.kind] = size.get(p.kind, 0) + (p.b_end - p.b_start)
    return max(size, key=lambda k: (size[k], -_KIND_ORDER.index(k)))


def _covered(spans: Sequence[tuple[int, int]]) -> int:
    total, end = 0, -1
    for s, e in sorted(spans):
        if e > end:
            total += e - max(s, end)
            end = e
    return total


def make_link(a: Article, b: Article, passages: Sequence[Passage],
              decision: dict[str, Any] | None = None) -> Link:
    """The link for two articles already judged reuse (``a`` stored earlier than ``b``);
    ``decision`` is :func:`decide_reuse`'s answer when the caller has it."""
    a_chars = _covered([(p.a_start, p.a_end) for p in passages])
    b_chars = _covered([(p.b_start, p.b_end) for p in passages])
    d: Direction = decide(a, b, a_chars, b_chars)
    src, cp = (a, b) if d.source == "a" else (b, a)
    rows = []
    for p in passages:
        s0, s1, c0, c1 = ((p.a_start, p.a_end, p.b_start, p.b_end) if d.source == "a"
                          else (p.b_start, p.b_end, p.a_start, p.a_end))
        rows.append({"source_start": s0, "source_end": s1, "copy_start": c0, "copy_end": c1,
                     "kind": p.kind, "score": round(p.score, 3),
                     "seeds": [{"source_sentence": s.a if d.source == "a" else s.b,
                                "copy_sentence": s.b if d.source == "a" else s.a,
                                "how": s.how, "score": round(s.score, 3), "shared_words": s.shared}
                               for s in p.seeds]})
    copy_chars = b_chars if d.source == "a" else a_chars
    credit = credit_decision(src, cp)
    common = credit["common_source"]
    evidence: dict[str, Any] = {"direction": d.evidence, "credit": credit,
                "decision": explain_decision(decision or decide_reuse(passages, a.text, b.text))}
    if common:
        evidence["common_source"] = f"{src.id} credits {common}; both likely rewrite its story"
    return Link(src.id, cp.id, _pair_kind(passages), round(copy_chars / max(1, len(cp.text)), 4),
                d.confidence if not common else round(min(d.confidence, 0.6), 2), credit["credited"],
                rows, common, evidence)


def credit_decision(src: Article, cp: Article) -> dict[str, Any]:
    """Whether ``cp`` credits ``src`` (or the wire agency both build on), with the sentence
    that credits as evidence.

    ``status`` says which case holds: ``credits the source`` (a credit names the source's
    outlet, host or dateline agency), ``credits the common agency`` (the source itself
    credits or carries that agency), ``source unknown`` (the copy credits a newsroom or
    an agency for what it prints, and the source's outlet is not known: the copy tells
    its reader where the text comes from, so it counts as credited, and the evidence says
    the source could not be named), or ``no credit`` (the copy prints no credit that could
    be the source's: the one case flagged ``uncredited-reuse``). ``common_source`` is the
    agency the source credits when the copy does not credit the source itself.
    """
    src_id = identity(src)
    src_mentions = credit_mentions(src)
    cp_mentions = credit_mentions(cp)
    src_agencies = list(dict.fromkeys(
        [m.agency for m in src_mentions if m.agency]
        + agencies_in(src_id)))
    by_source = [m for m in cp_mentions if src_id and names_match(m, src_id)]
    by_agency = [m for m in cp_mentions if m.agency and m.agency in src_agencies]
    common = src_agencies[0] if src_agencies and not by_source else None
    if by_source:
        status, found = "credits the source", by_source[0]
    elif by_agency:
        status, found = "credits the common agency", by_agency[0]
        common = found.agency
    elif not src_id and not src_agencies and any(m.agency or is_newsroom(m.name) for m in cp_mentions):
        status = "source unknown"
        found = next(m for m in cp_mentions if m.agency or is_newsroom(m.name))
    else:
        status, found = "no credit", None
    return {"credited": status != "no credit",
            "status": status, "common_source": common,
            "sentence": found.to_dict() if found else None,
            "copy_credits": [m.to_dict() for m in cp_mentions],
            "source_known_as": sorted(src_id)}


def article_fields(article: Article, links: Sequence[Link],
                   boilerplate: Sequence[Boilerplate] = ()) -> dict[str, Any]:
    """``original_share``, ``sources`` and ``boilerplate`` of one article.

    The original share is the part of the article's own text (boilerplate left
    out) that no link where it is the copy aligns with a source."""
    mine = [lk for lk in links if lk.copy_id == article.id]
    spans = [(p["copy_start"], p["copy_end"]) for lk in mine for p in lk.passages]
    boiler = [(b.start, b.end) for b in boilerplate]
    own = max(1, len(article.text) - _covered(boiler))
    copied = _covered(spans + boiler) - _covered(boiler)
    return {
        "original_share": round(max(0.0, 1.0 - copied / own), 4),
        "sources": [{"id": lk.source_id, "share": lk.share, "kind": lk.kind,
                     "credited": lk.credited, "common_source": lk.common_source} for lk in mine],
        "boilerplate": [b.to_dict() for b in boilerplate],
    }


#: A passage this much covered by boilerplate sentences, on either side, is boilerplate.
BOILERPLATE_SHARE = 0.5


def without_boilerplate(lk: Link, src: Article, cp: Article, src_boiler: Sequence[Boilerplate],
                        cp_boiler: Sequence[Boilerplate]) -> Link | None:
    """``lk`` with its boilerplate passages taken out and the decision taken again: the
    same object when none is boilerplate, None when what is left is not reuse."""
    keep, dropped = [], []
    for p in lk.passages:
        if max(covered_share(p["source_start"], p["source_end"], src_boiler),
               covered_share(p["copy_start"], p["copy_end"], cp_boiler)) >= BOILERPLATE_SHARE:
            dropped.append(p)
        else:
            keep.append(p)
    if not dropped:
        return lk
    passages = [Passage(p["source_start"], p["source_end"], p["copy_start"], p["copy_end"], p["kind"],
                        p["score"], [Seed(s["source_sentence"], s["copy_sentence"], s["score"], s["how"],
                                          s.get("shared_words", 0)) for s in p["seeds"]])
                for p in keep]
    decision = decide_reuse(passages, src.text, cp.text)
    if not decision["reuse"]:
        return None
    evidence = {**lk.evidence, "decision": explain_decision(decision), "boilerplate": [
        {"copy_start": p["copy_start"], "copy_end": p["copy_end"],
         "source_start": p["source_start"], "source_end": p["source_end"]} for p in dropped]}
    share = round(_covered([(p["copy_start"], p["copy_end"]) for p in keep]) / max(1, len(cp.text)), 4)
    return Link(lk.source_id, lk.copy_id, _pair_kind(passages), share, lk.direction_confidence,
                lk.credited, keep, lk.common_source, evidence)


def uncredited_flags(article: Article, links: Sequence[Link]) -> list[Flag]:
    """An ``uncredited-reuse`` flag when the article takes text it does not credit."""
    bad = [lk for lk in links if lk.copy_id == article.id and not lk.credited
           and lk.evidence.get("credit", {}).get("status") != "source unknown"]
    if not bad:
        return []
    return [Flag("uncredited-reuse", score=max(lk.share for lk in bad), evidence=[
        {"source_id": lk.source_id, "kind": lk.kind, "share": lk.share,
         "common_source": lk.common_source,
         "copy_spans": [[p["copy_start"], p["copy_end"]] for p in lk.passages]} for lk in bad])]


def graphs(links: Sequence[Link], story_of: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """One provenance graph per story (or per connected group of linked articles)."""
    story_of = story_of or {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for lk in links:
        key_s = story_of.get(lk.source_id, lk.source_id)
        key_c = story_of.get(lk.copy_id, lk.copy_id)
        parent[find(key_s)] = find(key_c)
    groups: dict[str, list[Link]] = {}
    for lk in links:
        groups.setdefault(find(story_of.get(lk.source_id, lk.source_id)), []).append(lk)
    out = []
    for members in groups.values():
        nodes = sorted({i for lk in members for i in (lk.source_id, lk.copy_id)})
        stories = sorted({story_of[n] for n in nodes if n in story_of})
        out.append({"story_ids": stories, "nodes": nodes, "edges": [
            {"source_id": lk.source_id, "copy_id": lk.copy_id, "kind": lk.kind, "share": lk.share,
             "common_source": lk.common_source} for lk in members]})
    return out
