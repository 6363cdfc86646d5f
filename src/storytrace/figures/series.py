"""Comparable figures across articles, ordered in time, with conflicts and details.

Two figures are comparable when they count the same thing: the same kind of
object (troops, people, ...), of the same owner ("Russian"), with the same
event (killed, injured, an increase) and unit, in a compatible place (one of
them may leave the place unsaid). Members are ordered by the earliest day the
figure can hold, then the latest: a figure known only to be "before 13 Feb"
comes before one dated 24 Jan, an undated one after both of those bounds.

A conflict is two figures for the same thing on the same day, from different
articles, whose ranges (after their hedges: "more than", "up to", "about")
cannot both be true. A different wording of the counted thing with the same
number ("two civilians" / "two teachers") is a difference of detail, recorded
as such and never a conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .extract import QUALIFIER_KIND, Figure

__all__ = ["FigureSeries", "build_series", "object_class", "value_range"]

_CLASSES = {
    "troops": {"troop", "troops", "force", "forces", "soldier", "soldiers", "serviceman", "servicemen",
               "personnel", "service member", "service members", "fighter", "fighters"},
    "people": {"people", "person", "persons", "civilian", "civilians", "resident", "residents",
               "teacher", "teachers", "child", "children", "student", "students", "worker", "workers",
               "victim", "victims", "individual", "individuals", "man", "men", "woman", "women",
               "citizen", "citizens", "adult", "adults", "passenger", "passengers"},
}
_HEAD_CLASS = {w: k for k, ws in _CLASSES.items() for w in ws}


@dataclass(slots=True)
class FigureSeries:
    """Figures for one thing, in time order, with the conflicts and differences of detail found."""

    key: tuple[str, ...]
    object: str
    place: str | None
    members: list[Figure]
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return "fs-" + hashlib.sha256("|".join(self.key).encode()).hexdigest()[:10]


def object_class(f: Figure) -> str | None:
    """The kind of thing counted: a class for common heads, else the head lemma."""
    if not f.object_head:
        return None
    return _HEAD_CLASS.get(f.object_head, f.object_head)


def value_range(f: Figure) -> tuple[float, float]:
    """The values a figure allows, given its hedge ("more than 100" allows 100 and up)."""
    v = f.value
    kind = QUALIFIER_KIND.get(f.qualifier or "", "exact")
    if f.value_high is not None:
        return v, f.value_high
    if kind == "lower":
        return v, float("inf")
    if kind == "upper":
        return 0.0, v
    if kind == "approx":
        return v * 0.85, v * 1.15
    return v * 0.98, v * 1.02


def _sort_key(f: Figure) -> tuple[str, str, str, int]:
    lo = f.as_of_earliest or f.as_of or "0000-00-00"
    hi = f.as_of_latest or f.as_of or "9999-99-99"
    return lo, hi, f.article_id, f.start


def _key(f: Figure) -> tuple[str, ...] | None:
    cls = object_class(f)
    if cls is None or (cls == "people" and not f.predicate):
        return None  # "3 million people" and "14,000 people killed" are not the same count
    return (cls, f.owner or "", f.predicate or "", f.unit or "")


def build_series(figures: Sequence[Figure], article_order: dict[str, int] | None = None) -> list[FigureSeries]:
    """Group comparable figures (two or more) and order each group by as-of date."""
    groups: dict[tuple[str, ...], list[Figure]] = {}
    for f in figures:
        k = _key(f)
        if k is not None:
            groups.setdefault(k, []).append(f)
    out: list[FigureSeries] = []
    for k, figs in groups.items():
        for place, members in _split_by_place(figs).items():
            if len(members) < 2:
                continue
            members.sort(key=_sort_key)
            label = next((m.object for m in members if m.owner and m.object and m.owner.lower()[:4] in m.object.lower()),
                         members[-1].object or k[0])
            s = FigureSeries((*k, place or ""), label or k[0], place, members)
            _compare(s)
            out.append(s)
    out.sort(key=lambda s: (-len(s.members), s.object))
    return out


def _split_by_place(figs: list[Figure]) -> dict[str | None, list[Figure]]:
    """One bucket per named place; figures without a place join the one place if it is unique."""
    places = sorted({f.place for f in figs if f.place})
    buckets: dict[str | None, list[Figure]] = {p: [] for p in places}
    for f in figs:
        if f.place:
            buckets[f.place].append(f)
        elif len(places) == 1:
            buckets[places[0]].append(f)
        else:
            buckets.setdefault(None, []).append(f)
    return buckets


def _compare(s: FigureSeries) -> None:
    ms = s.members
    for i, a in enumerate(ms):
        for b in ms[i + 1 :]:
            if a.article_id == b.article_id or not a.as_of or a.as_of != b.as_of:
                continue
            (lo1, hi1), (lo2, hi2) = value_range(a), value_range(b)
            pair = {"figures": [a.id, b.id], "values": [a.text, b.text], "objects": [a.object, b.object],
                    "claimants": [a.claimant, b.claimant], "as_of": a.as_of}
            if hi1 < lo2 or hi2 < lo1:
                s.conflicts.append({**pair, "reason": f"'{a.text}' and '{b.text}' cannot both hold on {a.as_of}"})
            elif a.value == b.value and a.value_high == b.value_high \
                    and (a.object or "").lower() != (b.object or "").lower():
                s.details.append({**pair, "reason": "same number, the counted thing worded differently: "
                                  "a difference of detail, not a contradiction"})
