"""Storylines: stories linked by shared participants and places within a time window.

Why: a developing situation (a military build-up, a trial) is reported as a
chain of separate events over weeks. Two stories are linked when their key
entities overlap enough (weighted Jaccard over the entities each story names
most) and their dates are within ``window_days`` (a story without a date can
link by entities alone; its place in time is unknown). Linked stories form one
storyline; its stories are listed by start date, undated ones first, since
their place in the sequence cannot be known from the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

__all__ = ["StoryNode", "Storyline", "StorylineSettings", "build_storylines"]


@dataclass(frozen=True, slots=True)
class StorylineSettings:
    window_days: int = 45
    min_overlap: float = 0.25
    top_entities: int = 12


@dataclass(slots=True)
class StoryNode:
    """What storylines need of a story: id, dates and entity weights (name -> weight)."""

    id: str
    start: str | None
    end: str | None
    entities: dict[str, float]


@dataclass(slots=True)
class Storyline:
    id: str
    label: str
    story_ids: list[str]
    links: list[dict[str, object]] = field(default_factory=list)


def _top(ents: dict[str, float], n: int) -> dict[str, float]:
    return dict(sorted(ents.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def _overlap(a: dict[str, float], b: dict[str, float]) -> tuple[float, list[str]]:
    """Weighted Jaccard of two entity profiles (each normalised to sum 1)."""
    sa, sb = sum(a.values()) or 1.0, sum(b.values()) or 1.0
    keys = a.keys() | b.keys()
    mins = sum(min(a.get(k, 0) / sa, b.get(k, 0) / sb) for k in keys)
    maxs = sum(max(a.get(k, 0) / sa, b.get(k, 0) / sb) for k in keys)
    shared = sorted(a.keys() & b.keys(), key=lambda k: -(a[k] / sa + b[k] / sb))
    return (mins / maxs if maxs else 0.0), shared


def _gap(x: StoryNode, y: StoryNode) -> int | None:
    if not (x.start and y.start):
        return None
    xs, xe = date.fromisoformat(x.start), date.fromisoformat(x.end or x.start)
    ys, ye = date.fromisoformat(y.start), date.fromisoformat(y.end or y.start)
    if xs <= ye and ys <= xe:
        return 0
    return min(abs((xs - ye).days), abs((ys - xe).days))


def build_storylines(stories: Sequence[StoryNode], settings: StorylineSettings | None = None,
                     names: dict[str, str] | None = None) -> list[Storyline]:
    """Group stories into storylines (connected components of the link graph).

    Candidate pairs come from an inverted index over each story's top
    entities, so only stories that share a key participant are compared.
    A storyline of a single story is not reported.
    """
    st = settings or StorylineSettings()
    tops = {s.id: _top(s.entities, st.top_entities) for s in stories}
    by_id = {s.id: s for s in stories}
    postings: dict[str, list[str]] = {}
    for s in stories:
        for e in tops[s.id]:
            postings.setdefault(e, []).append(s.id)
    parent = {s.id: s.id for s in stories}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()
    for s in stories:
        for e in tops[s.id]:
            for other in postings[e]:
                pair = (min(s.id, other), max(s.id, other))
                if other == s.id or pair in seen:
                    continue
                seen.add(pair)
                score, shared = _overlap(tops[pair[0]], tops[pair[1]])
                gap = _gap(by_id[pair[0]], by_id[pair[1]])
                if score < st.min_overlap or (gap is not None and gap > st.window_days):
                    continue
                links.append({"stories": list(pair), "score": round(score, 3),
                              "shared_entities": [(names or {}).get(k, k) for k in shared[:6]],
                              "days_apart": gap})
                parent[find(pair[0])] = find(pair[1])
    groups: dict[str, list[str]] = {}
    for s in stories:
        groups.setdefault(find(s.id), []).append(s.id)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda i: (by_id[i].start is not None, by_id[i].start or "", i))
        mset = set(members)
        total: dict[str, float] = {}
        for i in members:
            for k, v in tops[i].items():
                total[k] = total.get(k, 0.0) + v
        label = " · ".join((names or {}).get(k, k) for k in list(_top(total, 4)))
        out.append(Storyline(id="L-" + min(members)[2:], label=label, story_ids=ordered,
                             links=[lk for lk in links if lk["stories"][0] in mset]))  # type: ignore[index]
    return sorted(out, key=lambda line: line.id)
