"""The embedded SQLite store: one file, WAL, migrations, FTS5, incremental.

Every write that belongs together (an article, its flags and the run record
that says it was added) happens in one transaction, so a run killed at any
point leaves the store consistent and a rerun finishes the job without
duplicates.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Article, Flag
from .migrations import CORE_MIGRATIONS, Migration

__all__ = ["Store", "utcnow"]

_ARTICLE_JSON_FIELDS = ("authors", "credits", "boilerplate_removed", "embedded", "provenance")


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _process_gone(pid: int | None, host: str | None, started_at: str) -> bool:
    """Whether the process that opened a run is certainly gone (so the run was interrupted).

    Only this machine's processes can be checked: a run opened elsewhere (a store on a shared
    disk) or by a storytrace that did not record its process stays ``running``. A live pid
    that started after the run did is another process that reuses the number.
    """
    if not pid or host != socket.gethostname() or os.name != "posix":
        return False  # (on Windows, os.kill(pid, 0) would send the process a Ctrl-C)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, owned by another user
        return False
    started = _process_start(pid)
    try:
        run_start = datetime.fromisoformat(started_at).timestamp()
    except ValueError:
        return False
    return started is not None and started > run_start + 2


def _process_start(pid: int) -> float | None:
    """A process's start time (epoch seconds) from /proc on Linux, else ``None``."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        boot = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


class Store:
    """A storytrace database. ``Store(":memory:")`` gives a fresh one for tests."""

    def __init__(
        self,
        path: str | Path = "storytrace.db",
        *,
        migrations: Sequence[Migration] = (),
        readonly: bool = False,
    ) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"{self.path}: no such store")
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(
                    self.path, isolation_level=None, check_same_thread=False, timeout=30
                )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.migrate([*CORE_MIGRATIONS, *migrations])
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a storytrace store ({exc})") from exc
        self.readonly = readonly

    # -- plumbing -----------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; rolled back on any exception."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def migrate(self, migrations: Iterable[Migration]) -> list[str]:
        """Apply the migrations not yet recorded; return the names applied."""
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self.conn.execute("SELECT name FROM _migrations")}
        applied = []
        for m in migrations:
            if m.name in done:
                continue
            with self.transaction() as conn:
                m.apply(conn)
                conn.execute(
                    "INSERT INTO _migrations(name, applied_at) VALUES (?, ?)", (m.name, utcnow())
                )
            applied.append(m.name)
            done.add(m.name)
        return applied

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    # -- meta ------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0][0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # -- runs ------------------------------------------------------------------
    def start_run(self, command: str, argv: Sequence[str] = ()) -> int:
        """Open a run (status ``running``), recording this process so a killed run can be told."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs(command, argv, started_at, pid, host) VALUES (?, ?, ?, ?, ?)",
                (command, json.dumps(list(argv)), utcnow(), os.getpid(), socket.gethostname()),
            )
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str) -> None:
        """Close a run: ``ok``, ``partial`` (some source failed), ``failed`` or ``interrupted``."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET finished_at = ?, status = ? WHERE id = ?",
                (utcnow(), status, run_id),
            )

    def record(
        self,
        run_id: int,
        source: str,
        status: str,
        *,
        article_id: str | None = None,
        duplicate_of: str | None = None,
        reason: str | None = None,
        conn: sqlite3.Connection | None = None,
    ) -> None:
        """Record what happened to one source in a run."""
        sql = (
            "INSERT INTO run_items(run_id, source, status, article_id, duplicate_of, reason, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        params = (run_id, source, status, article_id, duplicate_of, reason, utcnow())
        if conn is not None:
            conn.execute(sql, params)
        else:
            with self.transaction() as c:
                c.execute(sql, params)

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.query("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        out = []
        for r in rows:
            d = dict(r)
            if d["status"] == "running" and _process_gone(d.get("pid"), d.get("host"), d["started_at"]):
                d["status"] = "interrupted"  # killed (SIGKILL, power cut): it never closed its run
            counts = self.query(
                "SELECT status, count(*) FROM run_items WHERE run_id = ? GROUP BY status", (r["id"],)
            )
            d["counts"] = {c[0]: c[1] for c in counts}
            out.append(d)
        return out

    def run_items(self, run_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.query("SELECT * FROM run_items WHERE run_id = ?", (run_id,))]

    # -- articles --------------------------------------------------------------
    def find_duplicate(self, article: Article) -> str | None:
        """The id of a stored article with the same URL or the same normalised text."""
        rows = self.query(
            "SELECT id FROM articles WHERE content_hash = ? OR (url IS NOT NULL AND url = ?)"
            " OR id = ? LIMIT 1",
            (article.content_hash, article.url, article.id),
        )
        return rows[0][0] if rows else None

    def add_article(self, article: Article, run_id: int | None = None) -> tuple[str, str]:
        """Store ``article`` unless it is already there.

        Returns ``("added", id)`` or ``("skipped", id_of_existing)``; the run
        record is written in the same transaction as the article.
        """
        with self.transaction() as conn:
            dup = self.find_duplicate(article)
            if dup is not None:
                if run_id is not None:
                    self.record(run_id, article.source, "skipped", duplicate_of=dup,
                                reason="duplicate", conn=conn)
                return "skipped", dup
            seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0]
            row = _article_row(article)
            row.update(seq=seq, added_at=utcnow(), run_id=run_id)
            cols = ", ".join(row)
            conn.execute(
                f"INSERT INTO articles({cols}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
            for flag in article.flags:
                _insert_flag(conn, article.id, flag)
            if run_id is not None:
                self.record(run_id, article.source, "added", article_id=article.id, conn=conn)
        return "added", article.id

    def article_ids(self) -> list[str]:
        """All article ids in the order they were added."""
        return [r[0] for r in self.query("SELECT id FROM articles ORDER BY seq")]

    def count_articles(self) -> int:
        return int(self.query("SELECT count(*) FROM articles")[0][0])

    def get_article(self, article_id: str) -> Article | None:
        rows = self.query("SELECT * FROM articles WHERE id = ?", (article_id,))
        if not rows:
            return None
        return self._article(rows[0])

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Articles in the order they were added (or in the order of ``ids``)."""
        if ids is None:
            rows = self.query("SELECT * FROM articles ORDER BY seq")
            for r in rows:
                yield self._article(r)
            return
        for i in ids:
            a = self.get_article(i)
            if a is not None:
                yield a

    def _article(self, row: sqlite3.Row) -> Article:
        d = dict(row)
        for k in _ARTICLE_JSON_FIELDS:
            d[k] = json.loads(d[k] or "[]")
        for k in ("seq", "added_at", "run_id"):
            d.pop(k, None)
        d["flags"] = self.flags(d["id"])
        return Article(**d)

    # -- flags -----------------------------------------------------------------
    def flags(self, article_id: str) -> list[Flag]:
        rows = self.query(
            "SELECT kind, evidence, score, source FROM flags WHERE article_id = ? ORDER BY rowid",
            (article_id,),
        )
        return [Flag(r[0], json.loads(r[1]), r[2], r[3]) for r in rows]

    def set_flags(self, source: str, article_id: str, flags: Iterable[Flag],
                  conn: sqlite3.Connection | None = None) -> None:
        """Replace the flags that ``source`` (an analysis name) set on an article."""
        def write(c: sqlite3.Connection) -> None:
            c.execute("DELETE FROM flags WHERE article_id = ? AND source = ?", (article_id, source))
            for f in flags:
                f.source = source
                _insert_flag(c, article_id, f)
        if conn is not None:
            write(conn)
        else:
            with self.transaction() as c:
                write(c)

    # -- analysis bookkeeping ----------------------------------------------------
    def pending(self, analysis: str, version: str) -> list[str]:
        """Article ids the analysis has not processed at this version, in added order."""
        rows = self.query(
            "SELECT a.id FROM articles a LEFT JOIN analysis_state s"
            " ON s.article_id = a.id AND s.analysis = ? AND s.version = ?"
            " WHERE s.article_id IS NULL ORDER BY a.seq",
            (analysis, version),
        )
        return [r[0] for r in rows]

    def mark_done(self, analysis: str, version: str, ids: Iterable[str],
                  conn: sqlite3.Connection | None = None) -> None:
        now = utcnow()
        params = [(analysis, i, version, now) for i in ids]
        sql = "INSERT OR REPLACE INTO analysis_state(analysis, article_id, version, done_at) VALUES (?, ?, ?, ?)"
        if conn is not None:
            conn.executemany(sql, params)
        else:
            with self.transaction() as c:
                c.executemany(sql, params)

    # -- fetched pages -----------------------------------------------------------
    def get_page(self, url: str) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM pages WHERE url = ?", (url,))
        return dict(rows[0]) if rows else None

    def put_page(self, url: str, body: bytes, *, final_url: str | None, status: int,
                 content_type: str | None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO pages(url, final_url, status, content_type, fetched_at, body)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (url, final_url, status, content_type, utcnow(), body),
            )

    # -- search ------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Full-text search over title and text (FTS5 syntax; plain words work)."""
        fts = _fts_query(query)
        if not fts:
            return []
        rows = self.query(
            "SELECT a.id, a.title, a.outlet, a.published, "
            " snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(articles_fts) AS rank"
            " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (fts, limit, offset),
        )
        return [dict(r) for r in rows]


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _fts_query(query: str) -> str:
    """Quote each word so user input can never be an FTS5 syntax error.

    Control characters (a NUL from ``?q=%00``) end an FTS5 string early ("unterminated
    string"); they are never part of a word, so they become spaces.
    """
    words = [w for w in _CONTROL.sub(" ", query).replace('"', " ").split() if w]
    return " ".join(f'"{w}"' for w in words)


def _insert_flag(conn: sqlite3.Connection, article_id: str, flag: Flag) -> None:
    conn.execute(
        "INSERT INTO flags(article_id, kind, source, score, evidence) VALUES (?, ?, ?, ?, ?)",
        (article_id, flag.kind, flag.source, flag.score, json.dumps(flag.evidence, ensure_ascii=False)),
    )


def _article_row(a: Article) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": a.id, "source": a.source, "kind": a.kind, "url": a.url,
        "canonical_url": a.canonical_url, "title": a.title, "outlet": a.outlet,
        "site_name": a.site_name, "published": a.published, "published_from": a.published_from,
        "page_date": a.page_date, "language": a.language, "language_score": a.language_score,
        "text": a.text, "word_count": a.word_count, "content_hash": a.content_hash,
    }
    for k in _ARTICLE_JSON_FIELDS:
        row[k] = json.dumps(getattr(a, k), ensure_ascii=False)
    return row
