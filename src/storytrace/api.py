"""The small public API: open a store, add sources, analyse, export, report.

Plain functions for the common case::

    import storytrace
    result = storytrace.analyze(["examples/ukraine-2022"], db="news.db", report="brief.html")
    data = storytrace.export_data("news.db")
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .analyses import all_migrations, registered
from .export import build_export
from .ingest import IngestResult, ingest
from .pipeline import Context, Progress
from .sources import SourceOptions
from .store import Store

__all__ = [
    "AnalyzeResult",
    "add",
    "analyze",
    "export_data",
    "open_store",
    "update",
    "write_report",
]

DEFAULT_DB = "storytrace.db"
DEFAULT_REPORT = "storytrace-report.html"

StoreLike = Store | str | Path


def open_store(path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> Store:
    """Open (creating and migrating if needed) a store with every analysis's tables."""
    return Store(path, migrations=all_migrations(), readonly=readonly)


def _store(db: StoreLike) -> tuple[Store, bool]:
    if isinstance(db, Store):
        return db, False
    return open_store(db), True


def add(
    sources: Sequence[str],
    db: StoreLike = DEFAULT_DB,
    *,
    options: SourceOptions | None = None,
    stdin: TextIO | None = None,
    argv: Sequence[str] = (),
    on_item: Any = None,
) -> IngestResult:
    """Read ``sources`` into the store; duplicates are skipped, failures recorded."""
    store, owned = _store(db)
    try:
        return ingest(store, sources, options=options, stdin=stdin, argv=argv, on_item=on_item)
    finally:
        if owned:
            store.close()


def update(db: StoreLike = DEFAULT_DB, *, progress: Progress | None = None,
           settings: dict[str, Any] | None = None, workers: int | None = None) -> Context:
    """Bring every analysis up to date with the articles in the store (incremental).

    ``workers`` (default ``$STORYTRACE_WORKERS``, else 1): processes that parse the pending
    articles ahead of the analyses (:func:`storytrace.nlp.parse_ahead`); the analyses and
    the store stay in this process, the one writer."""
    store, owned = _store(db)
    ctx = Context(settings=settings or {})
    if progress is not None:
        ctx.progress = progress
    try:
        n = workers if workers is not None else int(os.environ.get("STORYTRACE_WORKERS", "1") or 1)
        if n > 1:
            t = time.perf_counter()
            pending = dict.fromkeys(i for a in registered() for i in store.pending(a.name, a.version))
            from .nlp import parse_ahead

            parse_ahead([ctx.article(store, i).text for i in pending], workers=n)
            ctx.timings["parse"] = time.perf_counter() - t
        for analysis in registered():
            t = time.perf_counter()
            new_ids = store.pending(analysis.name, analysis.version)
            analysis.update(store, new_ids, ctx)
            store.mark_done(analysis.name, analysis.version, new_ids)
            ctx.timings[analysis.name] = ctx.timings.get(analysis.name, 0.0) + time.perf_counter() - t
        return ctx
    finally:
        if owned:
            store.close()


@dataclass
class AnalyzeResult:
    """What ``analyze`` did: the ingest run, the analyses' context, the briefing written, and
    ``found``, the briefing's first-screen counts (stories, reuse, uncredited copies, altered
    quotes, figure conflicts, flags) when a briefing was written."""

    ingest: IngestResult
    context: Context
    report: Path | None
    found: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.ingest.ok and not self.context.errors


def analyze(
    sources: Sequence[str],
    db: StoreLike = DEFAULT_DB,
    *,
    report: str | Path | None = DEFAULT_REPORT,
    options: SourceOptions | None = None,
    stdin: TextIO | None = None,
    argv: Sequence[str] = (),
    on_item: Any = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> AnalyzeResult:
    """``add``, then run every analysis, then write the briefing (``workers``: see :func:`update`)."""
    store, owned = _store(db)
    try:
        t = time.perf_counter()
        res = ingest(store, sources, options=options, stdin=stdin, command="analyze",
                     argv=argv, on_item=on_item, finish=False)
        took = time.perf_counter() - t
        status = "failed"
        try:
            ctx = update(store, progress=progress, workers=workers)
            ctx.timings = {"ingest": took, **ctx.timings}
            t = time.perf_counter()
            out, found = None, None
            if report:
                data = export_data(store)
                out = _write_html(data, report)
                found = _found(data)
                ctx.timings["report"] = time.perf_counter() - t
            result = AnalyzeResult(res, ctx, out, found)
            status = "ok" if result.ok else "partial"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            # The run closes only now: killed during the analyses it stays `running` with a
            # dead process, which `Store.runs` reads as `interrupted`.
            store.finish_run(res.run_id, status)
        return result
    finally:
        if owned:
            store.close()


def export_data(db: StoreLike = DEFAULT_DB) -> dict[str, Any]:
    """The whole analysis as one dict in the export schema (docs/schema.md)."""
    store, owned = _store(db)
    try:
        return build_export(store, registered())
    finally:
        if owned:
            store.close()


def write_report(db: StoreLike, path: str | Path = DEFAULT_REPORT) -> Path:
    """Write the self-contained HTML briefing and return its path."""
    store, owned = _store(db)
    try:
        data = export_data(store)
    finally:
        if owned:
            store.close()
    return _write_html(data, path)


def _write_html(data: dict[str, Any], path: str | Path) -> Path:
    from .report import render_report

    out = Path(path)
    out.write_text(render_report(data), encoding="utf-8")
    return out


def _found(data: dict[str, Any]) -> dict[str, Any]:
    """The briefing's first-screen counts, from the export the briefing was written from."""
    from .report.briefing import Briefing

    return dict(Briefing(data).overview())
