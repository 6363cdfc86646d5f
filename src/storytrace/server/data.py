"""The web app's read side: a read-only SQLite connection per request, paginated SQL.

Article lists and search run as paginated SQL over the ``articles`` table and
its FTS5 index. The analysis sections (stories, reuse, quotes, figures) are
read through each analysis's own ``export`` once per store state and cached
with a fingerprint of the store, so a request never rebuilds the whole export.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analyses import registered
from ..errors import StoreError
from ..export import article_record
from ..report.briefing import Briefing, as_list
from ..store import Store
from ..store.db import _fts_query

__all__ = ["HIT_END", "HIT_START", "ArticleFilter", "Page", "Reader", "Snapshot", "hits"]

log = logging.getLogger("storytrace.server")

#: Marks around search hits in snippets (control characters never occur in article text).
HIT_START, HIT_END = "\x02", "\x03"

META_COLUMNS = ("id", "source", "url", "title", "outlet", "site_name", "published",
                "published_from", "page_date", "language", "word_count")


@dataclass
class ArticleFilter:
    """What the article list can be narrowed by (all optional, combined with AND)."""

    q: str | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    story: str | None = None
    flag: str | None = None

    def params(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "page": self.page,
                "per_page": self.per_page, "pages": self.pages}


@dataclass
class Snapshot:
    """The analysis sections and article metadata for one state of the store."""

    fingerprint: tuple[Any, ...]
    sections: dict[str, Any]
    article_fields: dict[str, dict[str, Any]]
    briefing: Briefing
    overview: dict[str, Any] = field(default_factory=dict)


class Reader:
    """Read access to one store for many concurrent requests."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = str(db_path)
        if not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such store")
        self._snap: Snapshot | None = None
        self._lock = threading.Lock()

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A fresh read-only connection (SQLite readers never block each other in WAL mode)."""
        s = Store(self.path, readonly=True)
        try:
            yield s
        finally:
            s.close()

    # -- the cached analysis state ------------------------------------------------
    def snapshot(self, store: Store) -> Snapshot:
        fp = _fingerprint(store)
        snap = self._snap
        if snap is not None and snap.fingerprint == fp:
            return snap
        with self._lock:
            if self._snap is not None and self._snap.fingerprint == fp:
                return self._snap
            self._snap = _build_snapshot(store, fp)
            return self._snap

    def story(self, story_id: str) -> tuple[Briefing, dict[str, Any] | None]:
        """The current briefing and one story of it (``None`` when there is no such story)."""
        with self.store() as s:
            b = self.snapshot(s).briefing
        return b, b.story_by_id.get(story_id)

    # -- articles -----------------------------------------------------------------
    def article(self, store: Store, article_id: str) -> dict[str, Any] | None:
        a = store.get_article(article_id)
        if a is None:
            return None
        rec = article_record(a)
        rec.update(self.snapshot(store).article_fields.get(article_id, {}))
        return rec

    def articles(self, store: Store, f: ArticleFilter, page: int, per_page: int) -> Page:
        """One page of articles matching ``f``, newest first (best match first when searching)."""
        joins, where, params = "", [], []
        snippet, order = "NULL", "coalesce(a.published, '') DESC, a.seq DESC"
        if f.q:
            fts = _fts_query(f.q)
            if not fts:
                return Page([], 0, page, per_page)
            joins = " JOIN articles_fts ON articles_fts.rowid = a.seq"
            where.append("articles_fts MATCH ?")
            params.append(fts)
            snippet = f"snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', ' … ', 14)"
            order = "bm25(articles_fts), a.seq"
        if f.outlet:
            where.append("a.outlet = ?")
            params.append(f.outlet)
        if f.date_from:
            where.append("substr(a.published, 1, 10) >= ?")
            params.append(f.date_from)
        if f.date_to:
            where.append("substr(a.published, 1, 10) <= ?")
            params.append(f.date_to)
        if f.flag:
            where.append("EXISTS (SELECT 1 FROM flags g WHERE g.article_id = a.id AND g.kind = ?)")
            params.append(f.flag)
        snap = self.snapshot(store)
        if f.story:
            story = snap.briefing.story_by_id.get(f.story)
            ids = [str(i) for i in as_list(story.get("article_ids"))] if story else []
            where.append("a.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(ids))
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        total = store.query(f"SELECT count(*) FROM articles a{joins}{cond}", params)[0][0]
        cols = ", ".join(f"a.{c}" for c in META_COLUMNS)
        rows = store.query(
            f"SELECT {cols}, {snippet} AS snippet FROM articles a{joins}{cond}"
            f" ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, per_page, (page - 1) * per_page],
        )
        items = [dict(r) for r in rows]
        kinds = _flag_kinds(store, [i["id"] for i in items])
        for i in items:
            i["flags"] = kinds.get(i["id"], [])
            st = snap.briefing.story_of.get(i["id"])
            i["story_id"] = str(st.get("id")) if st else None
        return Page(items, int(total), page, per_page)

    def full_records(self, store: Store, ids: list[str]) -> list[dict[str, Any]]:
        """Full article records (with text) for a page that shows passages."""
        out = []
        for i in dict.fromkeys(ids):
            rec = self.article(store, i)
            if rec is not None:
                out.append(rec)
        return out


def hits(snippet: str | None) -> list[tuple[bool, str]]:
    """A snippet as ``[(is_hit, text)]`` so a view can mark the hits without trusting markup."""
    out: list[tuple[bool, str]] = []
    for i, part in enumerate((snippet or "").split(HIT_START)):
        hit, _, rest = part.partition(HIT_END) if i else ("", "", part)
        if hit:
            out.append((True, hit))
        if rest:
            out.append((False, rest))
    return out


def _fingerprint(store: Store) -> tuple[Any, ...]:
    row = store.query(
        "SELECT (SELECT count(*) FROM articles), (SELECT max(seq) FROM articles),"
        " (SELECT count(*) FROM analysis_state), (SELECT max(done_at) FROM analysis_state),"
        " (SELECT count(*) FROM flags), (SELECT max(rowid) FROM flags)"
    )[0]
    return tuple(row)


def _flag_kinds(store: Store, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if not ids:
        return out
    rows = store.query(
        "SELECT article_id, kind FROM flags WHERE article_id IN (SELECT value FROM json_each(?))"
        " ORDER BY rowid", (json.dumps(ids),))
    for r in rows:
        out.setdefault(r[0], []).append(r[1])
    return out


def _build_snapshot(store: Store, fp: tuple[Any, ...]) -> Snapshot:
    sections: dict[str, Any] = {}
    fields: dict[str, dict[str, Any]] = {}
    for analysis in registered():
        try:
            out = dict(analysis.export(store))
        except Exception:  # one broken layer must not take the app down
            log.exception("analysis %s could not export; its sections are left out", analysis.name)
            continue
        for aid, extra in (out.pop("article_fields", None) or {}).items():
            fields.setdefault(aid, {}).update(extra)
        sections.update(out)
    cols = ", ".join(META_COLUMNS)
    metas = [dict(r) for r in store.query(
        f"SELECT {cols}, substr(text, 1, 200) AS lede FROM articles ORDER BY seq")]
    kinds = {r[0]: r[1] for r in store.query(
        "SELECT article_id, json_group_array(kind) FROM flags GROUP BY article_id")}
    for m in metas:
        m["flags"] = [{"kind": k} for k in json.loads(kinds.get(m["id"], "[]"))]
        m.update(fields.get(m["id"], {}))
    b = Briefing({**sections, "articles": metas})
    return Snapshot(fp, sections, fields, b, b.overview())
