"""The figures analysis: figures, series, dates, stale and machine-translation flags, timeline.

Per article (pure, cached in ``figures_articles`` / ``figures_items``): the
parse-based figure extraction, the article's own event date, its time
expressions and its machine-translation check. Across articles (recomputed
on every update from those rows, no parsing): the story each article belongs
to, estimated dates for undated articles, stale flags, series and timeline.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from ..model import Article, Flag
from ..pipeline import Context
from ..store import Migration, Store
from ..stories.storylines import StorylineSettings
from .dates import EventDate, anchor_date, event_date, find_time_expressions, sentence_around
from .estimate import Bound, combine_bounds, relative_structure, series_bounds, storyline_bound
from .extract import Figure, extract_figures
from .mt import MtResult, detect_mt
from .series import build_series
from .stale import check_stale, page_date_from_text
from .timeline import DatedSentence, build_timeline

__all__ = ["ArticleFigures", "FiguresAnalysis"]

NAME = "figures"

MIGRATIONS = [
    Migration(
        "figures-001-tables",
        """
        CREATE TABLE figures_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            event TEXT NOT NULL,
            mt TEXT NOT NULL
        );
        CREATE TABLE figures_items (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX figures_items_article ON figures_items(article_id);
        CREATE TABLE figures_cross (name TEXT PRIMARY KEY, data TEXT NOT NULL);
        """,
    ),
]


@dataclass(slots=True)
class ArticleFigures:
    """What the figures layer keeps of one article before looking across articles."""

    figures: list[Figure]
    event: EventDate
    mt: MtResult


class FiguresAnalysis:
    """Figures, dates, timelines; stale and machine-translated articles."""

    name = NAME
    version = "2"  # 2: labels, scores and model numbers dropped; unattached figures kept apart
    migrations = MIGRATIONS

    # -- per article -----------------------------------------------------------
    def update(self, store: Store, new_ids: Sequence[str], ctx: Context) -> None:
        for done, aid in enumerate(new_ids, 1):
            try:
                found = self.prepare(ctx.article(store, aid))
            except Exception as exc:  # one bad article must not stop the run
                ctx.fail(self.name, aid, f"{type(exc).__name__}: {exc}")
                continue
            self.save(store, aid, found)
            ctx.progress(self.name, done, len(new_ids))
        self.cross(store)

    @staticmethod
    def prepare(article: Article) -> ArticleFigures:
        """One article's figures, own event date and machine-translation check (pure)."""
        from ..nlp import parse

        return ArticleFigures(extract_figures(article, parse(article.text)),
                              event_date(article.text, article.published), detect_mt(article.text))

    @staticmethod
    def save(store: Store, aid: str, found: ArticleFigures) -> None:
        with store.transaction() as conn:
            conn.execute("DELETE FROM figures_items WHERE article_id = ?", (aid,))
            conn.executemany(
                "INSERT OR REPLACE INTO figures_items(id, article_id, start, data) VALUES (?, ?, ?, ?)",
                [(f.id, aid, f.start, json.dumps(asdict(f), ensure_ascii=False)) for f in found.figures])
            conn.execute("INSERT OR REPLACE INTO figures_articles(article_id, event, mt) VALUES (?, ?, ?)",
                         (aid, json.dumps(asdict(found.event)), json.dumps(asdict(found.mt), ensure_ascii=False)))

    # -- across articles ---------------------------------------------------------
    def cross(self, store: Store) -> None:
        """Recompute every cross-article result (dates, flags, series, timeline) from the stored rows."""
        articles = {a.id: a for a in store.iter_articles()}
        rows = {r["article_id"]: r for r in store.query("SELECT * FROM figures_articles")}
        st = _stories(store)
        story_of, storyline_of = st.story_of, st.storyline_of
        own_events = {aid: EventDate(**json.loads(r["event"])) for aid, r in rows.items()}
        members: dict[str, list[str]] = {}
        for aid in articles:
            members.setdefault(story_of.get(aid, "all"), []).append(aid)
        effective: dict[str, dict[str, Any]] = {}
        bounds: dict[str, list[Bound]] = {}
        notes: dict[str, list[str]] = {}
        stale_of: dict[str, dict[str, Any]] = {}
        flags: dict[str, list[Flag]] = {aid: [] for aid in rows}
        for aid, a in articles.items():
            if aid not in rows:
                continue
            own = own_events[aid]
            others = [(d, o) for o in members[story_of.get(aid, "all")]
                      if o != aid and o in own_events and articles[o].published
                      and (d := own_events[o].date) is not None and not own_events[o].estimated]
            common = Counter(d for d, _ in others).most_common(1)[0][0] if others else None
            if a.published:
                effective[aid] = {"date": own.date, "earliest": own.date, "latest": own.date,
                                  "weekday": _weekday_name(own.date) if own.date else None,
                                  "estimated": False, "evidence": own.evidence, "published": a.published}
            else:
                bounds[aid], notes[aid] = self._own_bounds(aid, a, own, common, others, st)
            page_date, page_from = a.page_date, "page_date"
            if not a.published and not page_date:
                page_date, line = page_date_from_text(a.text)
                page_from = f"date bar at the top of the page: {line!r}" if page_date else "none"
            art_date, date_from = (a.published, "published") if a.published else (page_date, "page_date")
            exprs = find_time_expressions(a.text, anchor_date(a.published))
            # Without a stories layer every article is one storyline: the most recent
            # dated account counts, so a corpus spanning years does not flag its old half.
            stale = check_stale(art_date, date_from, exprs, a.text, others)
            if stale.stale:
                stale.evidence["page_date_from"] = page_from
                flags[aid].append(Flag("stale", stale.evidence, float(str(stale.evidence.get("days_after", 0))), NAME))
                if not a.published:
                    stale_of[aid] = stale.evidence
            mt = json.loads(rows[aid]["mt"])
            if mt["flagged"]:
                flags[aid].append(Flag("mt-artefacts", {"kinds": mt["kinds"], "sentences": mt["hits"]},
                                       float(len(mt["hits"])), NAME))
        with store.transaction() as conn:
            for aid, fl in flags.items():
                store.set_flags(NAME, aid, fl, conn=conn)
        # Undated articles: first without the figure series, then with the bounds their figures
        # get from series of dated figures; the series are then rebuilt on the final estimates.
        raw = self._load_figures(store)
        order = {aid: i for i, aid in enumerate(articles)}
        for aid in bounds:
            effective[aid] = self._estimate(articles[aid], own_events[aid], bounds[aid], notes[aid],
                                            stale_of.get(aid))
        undated = set(bounds)
        scope = {aid: story_line for aid, sid in story_of.items() if (story_line := storyline_of.get(sid, sid))}
        # Date bounds from comparable figures look across storylines (an undated article is often
        # not linked to the stories it follows); the exported series and conflicts do not.
        extra = series_bounds(build_series(_dated_figures(raw, effective), order), undated)
        for aid, more in extra.items():
            effective[aid] = self._estimate(articles[aid], own_events[aid], [*bounds[aid], *more],
                                            notes[aid], stale_of.get(aid))
        figures = _dated_figures(raw, effective)
        series = build_series(figures, order, scope, story_of)
        timeline = self._timeline(articles, effective, story_of, storyline_of)
        cross = {
            "effective": effective,
            "figures": [_figure_record(f) for f in figures if f.kind == "quantity"],
            "series": [{"id": s.id, "object": s.object, "place": s.place,
                        "key": {"kind": s.key[0], "owner": s.key[1] or None, "event": s.key[2] or None,
                                "unit": s.key[3] or None},
                        "members": [m.id for m in s.members],
                        "conflicts": s.conflicts, "details": s.details,
                        "claims": [{"figure_id": m.id, "value": m.value, "qualifier": m.qualifier,
                                    "claimant": m.claimant, "as_of": m.as_of, "as_of_earliest": m.as_of_earliest,
                                    "as_of_latest": m.as_of_latest,
                                    "as_of_estimated": m.as_of_estimated, "article_id": m.article_id}
                                   for m in s.members]}
                       for s in series],
            "timeline": [asdict(e) for e in timeline],
            "story_dates": _story_dates(members, effective),
        }
        with store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO figures_cross(name, data) VALUES ('all', ?)",
                         (json.dumps(cross, ensure_ascii=False),))

    @staticmethod
    def _own_bounds(aid: str, a: Article, own: EventDate, common: str | None, others: list[tuple[str, str]],
                    st: _StoriesView) -> tuple[list[Bound], list[str]]:
        """An undated article's bounds from its own text, its story and its storyline (not yet its figures)."""
        out: list[Bound] = []
        notes: list[str] = []
        sid = st.story_of.get(aid)
        if common and sid and _weekday_agrees(own, common):
            day = date.fromisoformat(common)
            out.append(Bound(day, day, "story", f"no published date; the dated articles of the same story "
                             f"({', '.join(o for _, o in others)}) report these events on {common}"))
        elif common and sid:
            notes.append(f"not dated from its story: the story's dated articles report {common}, "
                         f"a {_weekday_name(common)}, but this article's events fall on a {own.weekday}")
        if own.date:
            day = date.fromisoformat(own.date)
            out.append(Bound(day, day, "own-date", "; ".join(own.evidence[:1])))
        if sid and not common:
            line = st.storyline_of.get(sid)
            b = storyline_bound(sid, st.links.get(line or "", []), st.story_days, StorylineSettings().window_days)
            if b is not None:
                out.append(b)
        return out, notes

    @staticmethod
    def _estimate(a: Article, own: EventDate, bounds: list[Bound], notes: list[str],
                  stale: dict[str, Any] | None) -> dict[str, Any]:
        """An undated article's effective event date: always estimated, never its published date."""
        own_ev = [e for e in own.evidence if not (own.date and e.startswith("latest full date"))]
        rel = relative_structure(a.text, own.weekday)
        est = combine_bounds(bounds, own.weekday)
        if stale is not None:  # it reports the events of a known day as current
            day = stale["events_date"]
            return {"date": day, "earliest": day, "latest": day, "weekday": _weekday_name(day), "estimated": True,
                    "stale_events_date": day,
                    "evidence": [f"no published date; reports as current the events of {day} "
                                 f"({stale['events_date_from']})", *own.evidence]}
        return {"date": est.date, "earliest": est.earliest, "latest": est.latest, "weekday": own.weekday,
                "estimated": True, "evidence": [*own_ev, *([rel] if rel else []), *notes, *est.evidence]}

    @staticmethod
    def _load_figures(store: Store) -> list[Figure]:
        """Stored figures, with the quotes layer's speakers."""
        out = []
        quotes = _quote_speakers(store)
        for r in store.query("SELECT data FROM figures_items ORDER BY article_id, start"):
            f = Figure(**json.loads(r["data"]))
            _apply_quote_speakers(f, quotes.get(f.article_id, []))
            out.append(f)
        return out

    def _timeline(self, articles: dict[str, Article], effective: dict[str, dict[str, Any]],
                  story_of: dict[str, str], storyline_of: dict[str, str]) -> list[Any]:
        by_line: dict[str, list[DatedSentence]] = {}
        for aid, a in articles.items():
            eff = effective.get(aid)
            if not eff or not (eff.get("date") or eff.get("latest")):
                continue  # an undated article without even a latest possible day is left out
            estimated = not a.published
            point = a.published or eff.get("stale_events_date") or eff.get("date")
            hi = anchor_date(point or eff["latest"])
            lo = anchor_date(point or eff.get("earliest"))
            line = storyline_of.get(story_of.get(aid, ""), "all")
            lows = {t.start: t.date for t in find_time_expressions(a.text, lo)} if lo else {}
            for t in find_time_expressions(a.text, hi):
                if not t.date or not (t.deictic or t.kind == "absolute"):
                    continue
                sent = sentence_around(a.text, t.start)
                if len(sent) < 40 or sent.startswith(("date ", "—")):
                    continue
                earliest = t.date if point or not t.deictic else lows.get(t.start)
                by_line.setdefault(line, []).append(
                    DatedSentence(aid, t.date, estimated, sent, t.text, t.start, earliest, t.date))
        out = []
        for line, sents in by_line.items():
            out.extend(build_timeline(sents, None if line == "all" else line))
        out.sort(key=lambda e: (e.date, e.storyline_id or ""))
        return out

    # -- export ------------------------------------------------------------------
    def export(self, store: Store) -> dict[str, Any]:
        rows = store.query("SELECT data FROM figures_cross WHERE name = 'all'")
        if not rows:
            return {"figures": [], "figure_series": [], "timeline": [], "story_dates": []}
        cross = json.loads(rows[0]["data"])
        keys = ("date", "earliest", "latest", "weekday", "estimated", "evidence")
        fields = {aid: {"event_date": {k: eff.get(k) for k in keys}} for aid, eff in cross["effective"].items()}
        return {"figures": cross["figures"], "figure_series": cross["series"], "timeline": cross["timeline"],
                "story_dates": cross.get("story_dates", []), "article_fields": fields}


def _story_dates(members: dict[str, list[str]], effective: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each story's event date: the day most of its dated articles report; else their estimates, marked so."""
    out = []
    for story, aids in members.items():
        known = Counter(effective[a]["date"] for a in aids
                        if a in effective and effective[a].get("date") and not effective[a].get("estimated"))
        guessed = Counter(effective[a]["date"] for a in aids if a in effective and effective[a].get("date"))
        counts, estimated = (known, False) if known else (guessed, True)
        day = counts.most_common(1)[0][0] if counts else None
        out.append({"story_id": None if story == "all" else story, "date": day, "estimated": estimated,
                    "article_ids": aids,
                    "evidence": [f"{n} of {len(aids)} article(s) report events on {d}"
                                 + (" (estimated)" if estimated else "") for d, n in counts.most_common(3)]})
    return out


def _weekday_name(iso: str) -> str:
    return ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[
        date.fromisoformat(iso).weekday()]


def _weekday_agrees(own: EventDate, candidate: str) -> bool:
    """An undated article may take its story's date only if the weekday it names fits that date."""
    return own.weekday is None or own.weekday == _weekday_name(candidate)


def _figure_record(f: Figure) -> dict[str, Any]:
    return {
        "id": f.id, "article_id": f.article_id, "start": f.start, "end": f.end, "text": f.text,
        "value": f.value, "value_high": f.value_high, "unit": f.unit, "qualifier": f.qualifier,
        "object": f.object, "owner": f.owner, "event": f.predicate, "place": f.place,
        "claimant": f.claimant, "claimant_from": f.claimant_from,
        "as_of": f.as_of, "as_of_earliest": f.as_of_earliest, "as_of_latest": f.as_of_latest,
        "as_of_estimated": f.as_of_estimated, "as_of_from": f.as_of_from,
        "evidence": {"sentence": f.sentence, **f.evidence},
    }


def _layer_export(store: Store, name: str) -> dict[str, Any]:
    """Another registered layer's export sections (empty if it is absent or its tables are not ready)."""
    from ..analyses import registered

    layer = next((a for a in registered() if a.name == name), None)
    if layer is None:
        return {}
    try:
        return layer.export(store)
    except Exception:  # an old store without that layer's tables, or a layer mid-change
        return {}


@dataclass(slots=True)
class _StoriesView:
    """What the figures layer reads of the stories layer's export."""

    story_of: dict[str, str] = field(default_factory=dict)  # article -> story
    storyline_of: dict[str, str] = field(default_factory=dict)  # story -> storyline
    story_days: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # story -> (start, end)
    links: dict[str, list[dict[str, object]]] = field(default_factory=dict)  # storyline -> its links


def _stories(store: Store) -> _StoriesView:
    """Stories, storylines, story dates and storyline links from the stories layer's export, if registered."""
    data = _layer_export(store, "stories")
    view = _StoriesView()
    for s in data.get("stories", []):
        sid = str(s.get("id"))
        view.story_days[sid] = (s.get("start"), s.get("end"))
        for aid in s.get("article_ids", []):
            view.story_of[str(aid)] = sid
    for line in data.get("storylines", []):
        for sid in line.get("story_ids", []):
            view.storyline_of[str(sid)] = str(line.get("id"))
        view.links[str(line.get("id"))] = [lk for lk in line.get("evidence", []) if isinstance(lk, dict)]
    return view


def _dated_figures(raw: list[Figure], effective: dict[str, dict[str, Any]]) -> list[Figure]:
    """Copies of the figures, those of undated articles dated by their article's estimate (marked so).

    A point estimate dates the figure; an interval gives it ``as_of_earliest``/``as_of_latest``
    only, which is what series order by.
    """
    out = []
    for f in raw:
        eff = effective.get(f.article_id, {})
        if eff.get("published") or f.as_of_from not in ("article", "estimate", "before", "sentence") \
                or (f.as_of_from == "sentence" and f.as_of):
            out.append(f)
            continue
        g = replace(f, evidence=dict(f.evidence))
        day = eff.get("stale_events_date") or eff.get("date")
        if f.as_of_from == "before":
            g.as_of_latest = day or eff.get("latest")
        else:
            g.as_of = day
            g.as_of_earliest = day or eff.get("earliest")
            g.as_of_latest = day or eff.get("latest")
            g.as_of_from = "estimate"
        g.as_of_estimated = True
        g.evidence["as_of"] = "; ".join(eff.get("evidence", []))[:600]
        out.append(g)
    return out


def _quote_speakers(store: Store) -> dict[str, list[tuple[int, int, str, str]]]:
    """Per article, (start, end, speaker, quote id) of every direct quotation the quotes layer attributed."""
    out: dict[str, list[tuple[int, int, str, str]]] = {}
    for q in _layer_export(store, "quotes").get("quotes", []):
        if not q.get("speaker") or q.get("direct") is False:
            continue  # reported speech ("GateHouse reportedly laid off 60") is not the speaker's own figure
        for start, end in q.get("quoted") or q.get("pieces") or [[q.get("start"), q.get("end")]]:
            if isinstance(start, int) and isinstance(end, int):
                out.setdefault(str(q["article_id"]), []).append((start, end, str(q["speaker"]), str(q.get("id"))))
    return out


def _apply_quote_speakers(f: Figure, quotes: list[tuple[int, int, str, str]]) -> None:
    """A figure inside an attributed quotation is claimed by its speaker (the quotes layer's canonical name).

    Only where our own rules found no source (the outlet, or nothing): our
    "according to", verb-of-saying and quotation attributions stand, and the
    quote's speaker is kept as evidence beside them. A speaker without any
    capitalised word ("scene of warfare") is not taken as a named source.
    """
    q = next((q for q in quotes if q[0] <= f.start and f.end <= q[1]), None)
    if q is None:
        return
    f.evidence["quote"] = f"{q[3]} (speaker: {q[2]})"
    named = any(w[:1].isupper() for w in q[2].split())
    if f.claimant_from in ("outlet", "none") and named:
        f.claimant, f.claimant_from = q[2], "quotes-layer"
