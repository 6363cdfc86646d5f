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
- The pair's kind is the kind covering most of the copy's aligned text.
- Reuse is credited when the copy names the source's outlet, or the agency
  both build on.
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
from .align import Passage
from .direction import AGENCIES, Direction, credited_sources, decide
from .text import prose

__all__ = ["Link", "article_fields", "decide_reuse", "explain_decision", "graphs", "is_reuse", "make_link",
           "uncredited_flags"]

STRONG_SEEDS = 3
STRONG_WORDS = 25
WHOLE_COPY = 0.8  # share of both articles' text that aligned passages cover in a whole copy
_KIND_ORDER = ("verbatim", "edited", "translated", "paraphrase")


def _own_prose_words(p: Passage, a_text: str, b_text: str) -> int:
    """Words of the articles' own prose (quotations left out) in a verbatim or edited passage."""
    if p.kind not in ("verbatim", "edited"):
        return 0
    return min(len(prose(a_text[p.a_start:p.a_end]).split()),
               len(prose(b_text[p.b_start:p.b_end]).split()))


def decide_reuse(passages: Sequence[Passage], a_text: str, b_text: str) -> dict[str, Any]:
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
    return {"reuse": rule is not None, "rule": rule, "most_seeds": seeds, "window_seeds": windowed,
            "most_prose_words": prose_words, "cover": [round(a_cov, 3), round(b_cov, 3)]}


def is_reuse(passages: Sequence[Passage], a_text: str, b_text: str) -> bool:
    """True when at least one passage is strong evidence of copying, or the
    passages cover nearly all of both articles (a whole copy)."""
    return bool(decide_reuse(passages, a_text, b_text)["reuse"])


def explain_decision(d: dict[str, Any]) -> str:
    """The reuse decision in words, for a reader."""
    if d["rule"] == "strong passage":
        return (f"reuse: a strong passage ({d['most_seeds']} aligned sentences, "
                f"{d['most_prose_words']} words of own prose)")
    cover = " / ".join(f"{c:.0%}" for c in d["cover"])
    if d["rule"] == "whole copy":
        return f"reuse: a whole copy (the passages cover {cover} of the two articles)"
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
    src_credits = credited_sources(src)
    copy_credits = {c.lower() for c in credited_sources(cp)}
    agencies = [c for c in src_credits if c in AGENCIES]
    common = agencies[0] if agencies and not _credits_outlet(copy_credits, src) else None
    credited = _credits_outlet(copy_credits, src) or (common is not None and common.lower() in copy_credits)
    evidence: dict[str, Any] = {"direction": d.evidence, "source_credits": src_credits,
                "copy_credits": sorted(copy_credits),
                "decision": explain_decision(decision or decide_reuse(passages, a.text, b.text))}
    if common:
        evidence["common_source"] = f"{src.id} credits {common}; both likely rewrite its story"
    return Link(src.id, cp.id, _pair_kind(passages), round(copy_chars / max(1, len(cp.text)), 4),
                d.confidence if not common else round(min(d.confidence, 0.6), 2), credited,
                rows, common, evidence)


def _credits_outlet(credits: set[str], source: Article) -> bool:
    names = {n.lower() for n in (source.outlet, source.site_name) if n}
    return bool(names & credits)


def article_fields(article: Article, links: Sequence[Link]) -> dict[str, Any]:
    """``original_share`` and ``sources`` of one article from the links where it is the copy."""
    mine = [lk for lk in links if lk.copy_id == article.id]
    spans = [(p["copy_start"], p["copy_end"]) for lk in mine for p in lk.passages]
    original = 1.0 - _covered(spans) / max(1, len(article.text))
    return {
        "original_share": round(original, 4),
        "sources": [{"id": lk.source_id, "share": lk.share, "kind": lk.kind,
                     "credited": lk.credited, "common_source": lk.common_source} for lk in mine],
    }


def uncredited_flags(article: Article, links: Sequence[Link]) -> list[Flag]:
    """An ``uncredited-reuse`` flag when the article takes text it does not credit."""
    bad = [lk for lk in links if lk.copy_id == article.id and not lk.credited]
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
