"""The story index in the store's SQLite file, so online clustering survives across runs.

Why a second backend rather than loading everything: an update must not read
the whole state. Each call here touches only the rows one article needs (the
document frequencies of its features, the newest postings of its query
features, the centroids of its candidate stories), through primary-key and
index lookups, so an article costs the same in a large store as in a small one.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable

from ..store import Migration
from .index import StoryState

__all__ = ["MIGRATIONS", "SqliteIndex"]

MIGRATIONS = [
    Migration(
        "stories-001-index",
        """
        CREATE TABLE stories_df (feature TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE stories_postings (
            feature TEXT NOT NULL, story_id TEXT NOT NULL, seq INTEGER NOT NULL,
            PRIMARY KEY (feature, story_id)
        ) WITHOUT ROWID;
        CREATE INDEX stories_postings_recent ON stories_postings(feature, seq DESC);
        CREATE TABLE stories_state (
            story_id TEXT PRIMARY KEY, opened INTEGER NOT NULL, seq INTEGER NOT NULL,
            centroid TEXT NOT NULL, size INTEGER NOT NULL, start TEXT, end TEXT,
            weekdays TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE stories_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, seq INTEGER NOT NULL,
            new_story INTEGER NOT NULL, score REAL NOT NULL, evidence TEXT NOT NULL,
            runner_up TEXT, day_gap INTEGER, info TEXT NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);
        CREATE UNIQUE INDEX story_articles_seq ON story_articles(seq);
        CREATE TABLE story_merges (
            id INTEGER PRIMARY KEY AUTOINCREMENT, kept TEXT NOT NULL, absorbed TEXT NOT NULL,
            score REAL NOT NULL, shared TEXT NOT NULL, reason TEXT NOT NULL, at_article TEXT NOT NULL
        );
        """,
    ),
]


class SqliteIndex:
    """:class:`~storytrace.stories.index.IndexBackend` over the store's connection.

    Use inside one transaction; writes go straight to the tables.
    """

    def __init__(self, conn: sqlite3.Connection, postings_cap: int = 64) -> None:
        self.conn = conn
        self.postings_cap = postings_cap

    def _counter(self, name: str) -> int:
        row = self.conn.execute("SELECT value FROM stories_counters WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else 0

    def _bump(self, name: str) -> int:
        self.conn.execute(
            "INSERT INTO stories_counters(name, value) VALUES (?, 1)"
            " ON CONFLICT(name) DO UPDATE SET value = value + 1", (name,))
        return self._counter(name)

    def doc_count(self) -> int:
        return self._counter("docs")

    def df(self, features: Iterable[str]) -> dict[str, int]:
        feats = list(features)
        out = dict.fromkeys(feats, 0)
        for i in range(0, len(feats), 500):
            chunk = feats[i:i + 500]
            q = f"SELECT feature, df FROM stories_df WHERE feature IN ({','.join('?' * len(chunk))})"
            out.update({r[0]: int(r[1]) for r in self.conn.execute(q, chunk)})
        return out

    def add_document(self, features: Iterable[str]) -> None:
        self._bump("docs")
        self.conn.executemany(
            "INSERT INTO stories_df(feature, df) VALUES (?, 1)"
            " ON CONFLICT(feature) DO UPDATE SET df = df + 1", [(f,) for f in features])

    def postings(self, feature: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT story_id FROM stories_postings WHERE feature = ? ORDER BY seq DESC LIMIT ?",
            (feature, self.postings_cap))
        return [r[0] for r in rows]

    def add_postings(self, features: Iterable[str], story_id: str) -> None:
        feats = list(features)
        seq = self._bump("postings")
        self.conn.executemany(
            "INSERT INTO stories_postings(feature, story_id, seq) VALUES (?, ?, ?)"
            " ON CONFLICT(feature, story_id) DO UPDATE SET seq = excluded.seq",
            [(f, story_id, seq) for f in feats])
        # Keep each posting list at its cap, as the in-memory index does: the
        # table then grows with the vocabulary, not with the number of articles.
        self.conn.executemany(
            "DELETE FROM stories_postings WHERE feature = ? AND seq <= ("
            " SELECT seq FROM stories_postings WHERE feature = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)",
            [(f, f, self.postings_cap) for f in feats])

    def remove_story_postings(self, story_id: str, features: Iterable[str]) -> None:
        self.conn.execute("DELETE FROM stories_postings WHERE story_id = ?", (story_id,))

    def get_story(self, story_id: str) -> StoryState | None:
        row = self.conn.execute(
            "SELECT story_id, opened, seq, centroid, size, start, end, weekdays FROM stories_state"
            " WHERE story_id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        return StoryState(id=row[0], opened=row[1], seq=row[2], centroid=json.loads(row[3]),
                          size=row[4], start=row[5], end=row[6], weekdays=Counter(json.loads(row[7])))

    def put_story(self, story: StoryState) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO stories_state(story_id, opened, seq, centroid, size, start, end,"
            " weekdays) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (story.id, story.opened, story.seq, json.dumps(story.centroid), story.size,
             story.start, story.end, json.dumps(dict(story.weekdays))))

    def delete_story(self, story_id: str) -> None:
        self.conn.execute("DELETE FROM stories_state WHERE story_id = ?", (story_id,))

    def next_seq(self) -> int:
        return self._bump("seq")
