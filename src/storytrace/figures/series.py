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

Precision first, because a conflict is an accusation: a series of a count with no owner
and no place stays inside one storyline (when the stories layer gives one), and a conflict needs two figures
of the same story, from different claimants, both with their counted thing read
from the syntax of their own sentence, dated to the same day or to overlapping
closed date bounds, whose values disagree beyond their hedges and beyond the
rounding their printed digits allow ("130,000" may stand for 125,000-135,000).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
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


def build_series(figures: Sequence[Figure], article_order: dict[str, int] | None = None,
                 scope: dict[str, str] | None = None, story_of: dict[str, str] | None = None) -> list[FigureSeries]:
    """Group comparable figures (two or more) and order each group by as-of date.

    ``scope`` maps an article to its storyline: figures of different storylines form one series
    only when they name an owner or a place. ``story_of`` maps an article to its story: only figures of one story can conflict.
    Without them every article is one storyline and one story. Unattached figures take no part.
    """
    groups: dict[tuple[str, ...], list[Figure]] = {}
    for f in figures:
        k = _key(f)
        if k is not None and f.kind == "quantity":
            # A count of a named owner or place ("Russian troops") is one series across storylines;
            # an anonymous one ("10 people killed") only within its storyline.
            line = "" if (f.owner or f.place) else (scope or {}).get(f.article_id, "")
            groups.setdefault((*k, line), []).append(f)
    out: list[FigureSeries] = []
    for k, figs in groups.items():
        for place, members in _split_by_place(figs).items():
            if len(members) < 2:
                continue
            members.sort(key=_sort_key)
            label = next((m.object for m in members if m.owner and m.object and m.owner.lower()[:4] in m.object.lower()),
                         members[-1].object or k[0])
            s = FigureSeries((*k[:4], place or "", *k[4:]), label or k[0], place, members)
            _compare(s, story_of or {})
            out.append(s)
    seen: set[tuple[str, ...]] = set()
    for s in out:  # the same two sentences (duplicate articles) are one accusation, said once
        keep = []
        for c in s.conflicts:
            key = tuple(sorted(c["sentences"]))
            if key not in seen:
                seen.add(key)
                keep.append(c)
        s.conflicts = keep
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


def rounding_range(f: Figure) -> tuple[float, float]:
    """``value_range`` widened by the rounding the printed number allows.

    A number printed with trailing zeros is rounded: "130,000" may be anything from 125,000 to
    135,000, "$1.8 million" from 1.75 to 1.85 million, "1,799" only itself (and its hedge); the
    rounding allowance is at most 5% of the value.
    """
    lo, hi = value_range(f)
    m = _PRINTED.search(f.text)
    step = 0.0
    if m:
        raw = re.sub(r"(?<=\d)([.,])\s(?=\d)", r"\1", m.group(0)).replace(",", "")
        whole, _, frac = raw.partition(".")
        printed = float(raw)
        unit_step = 10.0 ** -len(frac) if frac else 10.0 ** (len(whole) - len(whole.rstrip("0")))
        if printed and (frac or whole.rstrip("0")):
            step = min(unit_step * f.value / printed, 0.1 * abs(f.value))  # never more than +-5%
    return lo - step / 2, hi + step / 2


_PRINTED = re.compile(r"\d+(?:[.,]\s?\d+)*")


def _same_time(a: Figure, b: Figure) -> str | None:
    """The day or days both figures hold on: the same as-of day, or overlapping closed bounds.

    Bounds count only when each spans a week at most: two figures known only to fall somewhere
    in the same two months are not "as of the same time".
    """
    if a.as_of and b.as_of:
        return a.as_of if a.as_of == b.as_of else None
    if a.as_of_from == "before" or b.as_of_from == "before":
        return None
    lo1, hi1 = a.as_of_earliest or a.as_of, a.as_of_latest or a.as_of
    lo2, hi2 = b.as_of_earliest or b.as_of, b.as_of_latest or b.as_of
    if not (lo1 and hi1 and lo2 and hi2) or hi1 < lo2 or hi2 < lo1 or _days(lo1, hi1) > 7 or _days(lo2, hi2) > 7:
        return None
    return f"{max(lo1, lo2)}..{min(hi1, hi2)}"


def _days(lo: str, hi: str) -> int:
    return (date.fromisoformat(hi) - date.fromisoformat(lo)).days


def _claimant_key(f: Figure) -> str:
    return " ".join((f.claimant or "").lower().replace("’", "'").split()).removeprefix("the ")


def _compare(s: FigureSeries, story_of: dict[str, str]) -> None:
    ms = s.members
    for i, a in enumerate(ms):
        for b in ms[i + 1 :]:
            if a.article_id == b.article_id:
                continue
            day = _same_time(a, b)
            if day is None:
                continue
            pair = {"figures": [a.id, b.id], "values": [a.text, b.text], "objects": [a.object, b.object],
                    "claimants": [a.claimant, b.claimant], "as_of": day,
                    "sentences": [a.sentence, b.sentence]}
            (lo1, hi1), (lo2, hi2) = rounding_range(a), rounding_range(b)
            if hi1 < lo2 or hi2 < lo1:
                why = _not_a_conflict(a, b, story_of)
                if why is None:
                    s.conflicts.append({**pair, "reason": f"{a.claimant} says '{a.text}' and {b.claimant} says "
                                        f"'{b.text}' ({a.object or ''}) as of {day}: they cannot both hold"})
            elif a.value == b.value and a.value_high == b.value_high \
                    and (a.object or "").lower() != (b.object or "").lower():
                s.details.append({**pair, "reason": "same number, the counted thing worded differently: "
                                  "a difference of detail, not a contradiction"})


def _not_a_conflict(a: Figure, b: Figure, story_of: dict[str, str]) -> str | None:
    """Why two disagreeing figures are not put forward as a conflict (``None``: they are one)."""
    if story_of and (story_of.get(a.article_id) is None or story_of.get(a.article_id) != story_of.get(b.article_id)):
        return "different stories"
    ka, kb = _claimant_key(a), _claimant_key(b)
    if not ka or not kb or ka == kb:
        return "same or unknown claimant"
    if a.evidence.get("object") in _BORROWED or b.evidence.get("object") in _BORROWED:
        return "counted thing not read from the figure's own phrase"
    if a.object_head != b.object_head or _words(a) != _words(b):
        return "different counted things"
    if a.evidence.get("partitive") or b.evidence.get("partitive"):
        return "a part of a group is not the group's size"
    if (a.predicate or b.predicate) and a.predicate != b.predicate:
        return "different events"
    if not a.predicate and (a.verb is None or a.verb != b.verb):
        return "different verbs: may count different things"
    if a.unit in _SHARES and "measures" in (a.evidence.get("object") or "") + (b.evidence.get("object") or ""):
        return "shares of a group answer different questions"
    return None


_SHARES = {"%", "percentage points", "points"}


def _words(f: Figure) -> set[str]:
    """The counted thing's words, without the owner's name ("Russian troops" = "troops" of Russia)."""
    owner = (f.owner or "").lower()
    return {w for w in re.findall(r"[a-z]+", (f.object or "").lower().replace("'s", ""))
            if not (owner and (w.startswith(owner[:4]) or owner.startswith(w[:4])))}


#: How a figure's counted thing was found when it is not read from the figure's own phrase.
_BORROWED = {"sentence", "previous figure", "none", None}
