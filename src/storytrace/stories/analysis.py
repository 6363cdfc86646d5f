"""The ``stories`` analysis: online story clustering over the store, and its export.

``update`` runs each new article through the same :class:`StoryClusterer`
the benchmark uses, over :class:`SqliteIndex` (one transaction per article,
so an interrupted run resumes cleanly). ``export`` gives ``stories`` and
``storylines`` with the evidence for every decision.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from ..model import Article
from ..pipeline import Context
from ..store import Store
from .cluster import ClusterSettings, StoryClusterer
from .features import PREFIX_ENTITY, ArticleFeatures, extract_features, feature_kind
from .label import lead_sentences, pick_label
from .persist import MIGRATIONS, SqliteIndex
from .storylines import StoryNode, build_storylines

__all__ = ["StoriesAnalysis"]

_KEY_ENTITIES = 10


class StoriesAnalysis:
    """Stories (one real-world event each) and storylines (stories linked over time)."""

    name = "stories"
    #: Bumping it re-places every article from scratch (``update`` clears the old
    #: stories first: an article once placed is otherwise never moved).
    #: 2: time counts only above a content floor; undated articles never bridge.
    #: 3: years are time features only (no longer numbers too).
    version = "3"
    migrations = MIGRATIONS

    def __init__(self, settings: ClusterSettings | None = None) -> None:
        self.settings = settings or ClusterSettings()

    # -- update -------------------------------------------------------------
    def update(self, store: Store, new_ids: Sequence[str], ctx: Context) -> None:
        with store.transaction() as conn:
            reset = self._reset_if_stale(conn)
        if reset:  # every stored article is placed anew, in added order
            new_ids = store.article_ids()
        total = len(new_ids)
        for done, aid in enumerate(new_ids, 1):
            try:
                article = ctx.article(store, aid)
                feats = extract_features(article)
            except Exception as exc:  # one bad article must not stop the run
                ctx.fail(self.name, aid, f"features: {type(exc).__name__}: {exc}")
                continue
            self.place(store, article, feats)
            ctx.progress(self.name, done, total)

    def _reset_if_stale(self, conn: sqlite3.Connection) -> bool:
        """Clear stories made by another version of this analysis; True when it did.

        Why: a placed article is never moved (``place`` skips it), so after a version
        bump the old stories must go before the articles are placed again.
        """
        row = conn.execute("SELECT value FROM stories_counters WHERE name = 'version'").fetchone()
        if row is not None and str(row[0]) == self.version:
            return False
        placed = conn.execute("SELECT count(*) FROM story_articles").fetchone()[0]
        if placed:  # made by another version (or before the version was kept)
            for table in ("stories_df", "stories_postings", "stories_state", "stories_counters",
                          "story_articles", "story_merges"):
                conn.execute(f"DELETE FROM {table}")  # fixed table names
        conn.execute("INSERT OR REPLACE INTO stories_counters(name, value) VALUES ('version', ?)",
                     (int(self.version),))
        return bool(placed)

    def place(self, store: Store, article: Article, feats: ArticleFeatures) -> None:
        """Put one article into a story (its features made by ``extract_features``), in one transaction."""
        aid = article.id
        with store.transaction() as conn:
            self._reset_if_stale(conn)  # the Spark engine places articles without ``update``
            if conn.execute("SELECT 1 FROM story_articles WHERE article_id = ?", (aid,)).fetchone():
                return  # already placed (a rerun after an interruption)
            clusterer = StoryClusterer(SqliteIndex(conn), self.settings)
            a = clusterer.add(feats)
            info = {"event_day": feats.event_day, "published": feats.published,
                    "title": feats.title, "outlet": feats.outlet,
                    "entities": {k: list(v) for k, v in feats.entities.items()},
                    "lead": lead_sentences(article.text, 2),
                    "content_score": a.content, "time_score": a.time, "attached": a.attached}
            seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM story_articles").fetchone()[0]
            conn.execute(
                "INSERT INTO story_articles(article_id, story_id, seq, new_story, score, evidence,"
                " runner_up, day_gap, info) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (aid, a.story_id, seq, int(a.new_story), a.score, json.dumps(a.shared),
                 json.dumps(a.runner_up), a.day_gap, json.dumps(info, ensure_ascii=False)))
            if a.merged is not None:
                m = a.merged
                conn.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?",
                             (m.kept, m.absorbed))
                conn.execute(
                    "INSERT INTO story_merges(kept, absorbed, score, shared, reason, at_article)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (m.kept, m.absorbed, m.score, json.dumps(m.shared), m.reason, m.at_article))

    # -- export -------------------------------------------------------------
    def export(self, store: Store) -> dict[str, Any]:
        rows = store.query("SELECT * FROM story_articles ORDER BY seq")
        states = {r["story_id"]: r for r in store.query("SELECT * FROM stories_state")}
        merges = [dict(r) for r in store.query("SELECT * FROM story_merges ORDER BY id")]
        members: dict[str, list[Any]] = {}
        for r in rows:
            members.setdefault(r["story_id"], []).append(r)
        stories: list[dict[str, Any]] = []
        nodes: list[StoryNode] = []
        names: dict[str, str] = {}
        article_fields: dict[str, dict[str, Any]] = {}
        for sid, arts in members.items():
            story = self._story_record(sid, arts, states.get(sid), merges, names)
            stories.append(story)
            nodes.append(StoryNode(sid, story["start"], story["end"], story.pop("_entity_weights")))
            for r in arts:
                article_fields[r["article_id"]] = {"story_id": sid}
        stories.sort(key=lambda s: (s["start"] is not None, s["start"] or "", s["id"]))  # undated first, as in storylines
        lines = build_storylines(nodes, names=names)
        line_of = {sid: line.id for line in lines for sid in line.story_ids}
        for s in stories:
            s["storyline_id"] = line_of.get(s["id"])
        return {
            "stories": stories,
            "storylines": [{"id": line.id, "label": line.label, "story_ids": line.story_ids,
                            "evidence": line.links} for line in lines],
            "article_fields": article_fields,
        }

    def _story_record(self, sid: str, arts: list[Any], state: Any, merges: list[dict[str, Any]],
                      names: dict[str, str]) -> dict[str, Any]:
        infos = [json.loads(r["info"]) for r in arts]
        centroid: dict[str, float] = json.loads(state["centroid"]) if state else {}
        ent_weights: dict[str, float] = {}
        for f, w in centroid.items():
            if feature_kind(f) == "entity":
                ent_weights[f[len(PREFIX_ENTITY):]] = w
        labels: dict[str, str] = {}
        for info in infos:
            for key, (display, label) in info["entities"].items():
                names.setdefault(key, display)
                labels.setdefault(key, label)
        top = sorted(ent_weights.items(), key=lambda kv: (-kv[1], kv[0]))
        top = [(k, w) for k, w in top if k in labels][:_KEY_ENTITIES]
        word_weights = {f: w for f, w in centroid.items() if feature_kind(f) == "term"}
        word_weights.update({w: v for k, v in ent_weights.items() for w in k.split()})
        candidates = [i["title"] for i in infos if i.get("title")] or [s for i in infos for s in i["lead"]]
        return {
            "id": sid,
            "label": pick_label(candidates, word_weights),
            "article_ids": [r["article_id"] for r in arts],
            "size": len(arts),
            "start": state["start"] if state else None,
            "end": state["end"] if state else None,
            "outlets": sorted({i["outlet"] for i in infos if i.get("outlet")}),
            "entities": [{"name": names.get(k, k), "label": labels[k], "weight": round(w, 3)} for k, w in top],
            "places": [names.get(k, k) for k, _ in top if labels[k] in ("GPE", "LOC", "FAC")],
            "evidence": [
                {"article_id": r["article_id"], "founded_story": bool(r["new_story"]),
                 "score": r["score"], "shared": json.loads(r["evidence"]),
                 "runner_up": json.loads(r["runner_up"]) if r["runner_up"] else None,
                 "content_score": i.get("content_score"), "time_score": i.get("time_score"),
                 "attached": bool(i.get("attached")),
                 "event_day": i.get("event_day"), "days_from_story": r["day_gap"]}
                for r, i in zip(arts, infos, strict=True)
            ],
            "merges": [m for m in merges if m["kept"] == sid],
            "_entity_weights": dict(top),
        }
