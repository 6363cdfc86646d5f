"""Schema migrations, registered by name and recorded in the ``_migrations`` table.

The core schema lives here; each analysis (stories, reuse, quotes, figures)
contributes its own migrations through ``Analysis.migrations`` so that a layer
owns its tables. A migration runs once, inside one transaction, in the order
registered; its name is recorded so reopening a store never reapplies it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["CORE_MIGRATIONS", "SCHEMA_VERSION", "Migration"]

#: The export schema version (docs/schema.md). Bump on any change to the export.
SCHEMA_VERSION = "1.0"


@dataclass(frozen=True, slots=True)
class Migration:
    """A named schema step: SQL text, or a function given the connection."""

    name: str
    sql: str | None = None
    fn: Callable[[sqlite3.Connection], None] | None = None

    def apply(self, conn: sqlite3.Connection) -> None:
        if self.sql:
            for statement in _split(self.sql):
                conn.execute(statement)
        if self.fn:
            self.fn(conn)


def _split(sql: str) -> list[str]:
    """Split a script into statements (executescript would commit mid-transaction)."""
    out, buf = [], []
    for line in sql.splitlines():
        buf.append(line)
        joined = "\n".join(buf)
        if joined.strip().endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined.strip())
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        out.append(rest)
    return out


CORE_MIGRATIONS: list[Migration] = [
    Migration(
        "core-001-articles",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            url TEXT,
            canonical_url TEXT,
            title TEXT,
            outlet TEXT,
            site_name TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            credits TEXT NOT NULL DEFAULT '[]',
            published TEXT,
            published_from TEXT NOT NULL DEFAULT 'none',
            page_date TEXT,
            language TEXT,
            language_score REAL,
            text TEXT NOT NULL,
            boilerplate_removed TEXT NOT NULL DEFAULT '[]',
            embedded TEXT NOT NULL DEFAULT '[]',
            word_count INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL UNIQUE,
            added_at TEXT NOT NULL,
            run_id INTEGER
        );
        CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END;
        """,
    ),
    Migration(
        "core-002-flags",
        """
        CREATE TABLE flags (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            score REAL,
            evidence TEXT NOT NULL DEFAULT 'null'
        );
        CREATE INDEX flags_article ON flags(article_id);
        CREATE INDEX flags_kind ON flags(kind);
        """,
    ),
    Migration(
        "core-003-runs",
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            command TEXT NOT NULL,
            argv TEXT NOT NULL DEFAULT '[]',
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running'
        );
        CREATE TABLE run_items (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            source TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('added', 'skipped', 'failed')),
            article_id TEXT,
            duplicate_of TEXT,
            reason TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX run_items_run ON run_items(run_id);
        CREATE INDEX run_items_source ON run_items(source);
        """,
    ),
    Migration(
        "core-004-pages",
        """
        CREATE TABLE pages (
            url TEXT PRIMARY KEY,
            final_url TEXT,
            status INTEGER,
            content_type TEXT,
            fetched_at TEXT NOT NULL,
            body BLOB NOT NULL
        );
        """,
    ),
    Migration(
        "core-005-analysis-state",
        """
        CREATE TABLE analysis_state (
            analysis TEXT NOT NULL,
            article_id TEXT NOT NULL,
            version TEXT NOT NULL,
            done_at TEXT NOT NULL,
            PRIMARY KEY (analysis, article_id)
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        """,
    ),
    Migration(
        "core-006-article-provenance",
        "ALTER TABLE articles ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';",
    ),
    Migration(
        # Which process runs a run, so a run whose process is gone (killed) reads `interrupted`.
        "core-007-run-process",
        """
        ALTER TABLE runs ADD COLUMN pid INTEGER;
        ALTER TABLE runs ADD COLUMN host TEXT;
        """,
    ),
]
