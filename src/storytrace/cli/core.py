"""Core commands: add, analyze, export, report, search, runs, articles."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import api
from ..export import FORMATS, write_export
from ..sources import SourceOptions
from .app import (
    DbOption,
    JsonOption,
    Table,
    app,
    console,
    err_console,
    fail,
    handle_errors,
    print_json,
)

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from ..ingest import IngestResult

SourcesArg = Annotated[
    list[str],
    typer.Argument(help="Files, folders (recursive), http(s) URLs of pages or feeds, or - for stdin."),
]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Skip sources larger than this.")]
Timeout = Annotated[float, typer.Option("--timeout", help="Seconds to wait for a URL.")]
NoFetch = Annotated[bool, typer.Option("--no-fetch", help="Never touch the network; URLs come only from the store's page cache.")]


def _progress(json_out: bool) -> Progress:
    from rich.progress import (  # here: `storytrace --help` must not pay for it
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err_console.get(), transient=True,
        disable=json_out or not err_console.is_terminal,
    )


def _ingest_reporter(progress: Progress, json_out: bool) -> Callable[[str, str, str], None]:
    task = progress.add_task("reading", total=None)

    def on_item(source: str, status: str, detail: str) -> None:
        progress.advance(task)
        if status == "failed" and not json_out:
            progress.console.print(f"failed: {source}: {detail}", markup=False, soft_wrap=True)

    return on_item


def _analysis_reporter(progress: Progress) -> Callable[[str, int, int], None]:
    tasks: dict[str, TaskID] = {}

    def on_progress(name: str, done: int, total: int) -> None:
        if name not in tasks:
            tasks[name] = progress.add_task(name, total=total)
        progress.update(tasks[name], completed=done, total=total)

    return on_progress


def _summary(res: IngestResult) -> str:
    return (f"read {res.read}, added {len(res.added)}, skipped {len(res.skipped)} as duplicates, "
            f"failed {len(res.failed)}")


@app.command()
def add(
    sources: SourcesArg,
    db: DbOption = api.DEFAULT_DB,
    max_bytes: MaxBytes = SourceOptions.max_bytes,
    timeout: Timeout = SourceOptions.timeout,
    no_fetch: NoFetch = False,
    json_out: JsonOption = False,
) -> None:
    """Add articles to the store (idempotent: what is already stored is skipped)."""
    opts = SourceOptions(max_bytes=max_bytes, timeout=timeout, fetch=not no_fetch)
    with handle_errors(), _progress(json_out) as progress:
        res = api.add(sources, db, options=opts, stdin=sys.stdin, argv=sys.argv[1:],
                      on_item=_ingest_reporter(progress, json_out))
    if json_out:
        print_json(res.as_dict())
    else:
        console.print(_summary(res), markup=False)
    raise typer.Exit(0 if res.ok else 1)


@app.command()
def analyze(
    sources: SourcesArg,
    db: DbOption = api.DEFAULT_DB,
    report: Annotated[str, typer.Option("--report", help="Where to write the HTML briefing.")] = api.DEFAULT_REPORT,
    max_bytes: MaxBytes = SourceOptions.max_bytes,
    timeout: Timeout = SourceOptions.timeout,
    no_fetch: NoFetch = False,
    engine: Annotated[str, typer.Option(
        "--engine", help="embedded (this process, incremental) or spark (PySpark; a new store).")] = "embedded",
    master: Annotated[str | None, typer.Option(
        "--master", help="Spark master URL (spark engine; default local[*], or spark-submit's).")] = None,
    out: Annotated[str | None, typer.Option(
        "--out", help="Spark engine: also write Parquet (export and store tables) to this path or URI.")] = None,
    partitions: Annotated[int | None, typer.Option(
        "--partitions", help="Spark engine: partitions for the joins (default: Spark's parallelism).")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", help="Processes that parse articles ahead of the analyses "
        "(default $STORYTRACE_WORKERS, else 1; the store keeps one writer).")] = None,
    json_out: JsonOption = False,
) -> None:
    """Add SOURCES, run every analysis, and write the briefing."""
    from ..engines import ENGINES

    if engine not in ENGINES:
        fail(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}", 2)
    opts = SourceOptions(max_bytes=max_bytes, timeout=timeout, fetch=not no_fetch)
    res: Any
    with handle_errors(), _progress(json_out) as progress:
        if engine == "spark":
            from ..engines import spark

            res = spark.run(sources, db, out=out, master=master, report=report, options=opts,
                            argv=sys.argv[1:], partitions=partitions,
                            on_item=_ingest_reporter(progress, json_out),
                            progress=_analysis_reporter(progress))
        else:
            if out or master or partitions:
                fail("--master, --out and --partitions go with --engine spark", 2)
            res = api.analyze(sources, db, report=report, options=opts, stdin=sys.stdin,
                              argv=sys.argv[1:], on_item=_ingest_reporter(progress, json_out),
                              progress=_analysis_reporter(progress), workers=workers)
    errors = [{"analysis": a, "article_id": i, "reason": r} for a, i, r in res.context.errors]
    if json_out:
        extra: dict[str, Any] = {"engine": engine}
        if engine == "spark":
            extra.update(out=res.out, timings=res.timings, counts=res.counts)
        else:
            extra["timings"] = {k: round(v, 3) for k, v in res.context.timings.items()}
        print_json({**res.ingest.as_dict(), "analysis_errors": errors,
                    "report": str(res.report) if res.report else None,
                    "found": getattr(res, "found", None), **extra})
    else:
        for e in errors:
            err_console.print(f"analysis {e['analysis']} failed on {e['article_id']}: {e['reason']}",
                              markup=False)
        console.print(_summary(res.ingest), markup=False)
        for line in _found_lines(getattr(res, "found", None)):
            console.print(line, markup=False)
        if res.report:
            console.print(f"briefing written to {res.report}", markup=False)
    raise typer.Exit(0 if res.ok else 1)


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _found_lines(found: dict[str, Any] | None) -> list[str]:
    """A few lines of what the store now holds, so a user sees findings, not only counts read."""
    if not found:
        return []
    g = found.get
    lines = [f"the store holds {_n(g('articles', 0), 'article')}: "
             f"{_n(g('stories', 0), 'story', 'stories')} in "
             f"{_n(g('storylines', 0), 'storyline')}"]
    lines.append(f"reuse: {_n(g('reuse', 0), 'link')} between articles, "
                 f"{_n(g('uncredited', 0), 'copy', 'copies')} not credited")
    lines.append(f"quotations: {g('quotes', 0)}, {_n(g('altered_quotes', 0), 'altered copy', 'altered copies')}; "
                 f"figures: {g('figures', 0)}, {_n(g('conflicts', 0), 'conflict')}")
    flags = g("flags") or []
    if flags:
        lines.append("flags: " + ", ".join(f"{k} {c}" for k, c in flags))
    return lines


@app.command()
def load(
    folder: Annotated[str, typer.Argument(help="The --out folder of an `analyze --engine spark` run.")],
    db: DbOption = api.DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Load a Spark run's Parquet output into a new store (to browse, report, or grow it)."""
    from ..engines.load import load_parquet

    with handle_errors(), api.open_store(db) as store:
        counts = load_parquet(folder, store)
    if json_out:
        print_json({"db": db, "tables": counts})
    else:
        console.print(f"loaded {counts.get('articles', 0)} articles and {len(counts)} tables into {db}",
                      markup=False)


@app.command()
def export(
    db: DbOption = api.DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")] = "json",
    output: Annotated[str | None, typer.Option("--output", "-o", help="File (a folder for CSV: one file per section); stdout if omitted.")] = None,
    section: Annotated[str | None, typer.Option("--section", help="CSV only: which section to write to a single file or stdout.")] = None,
) -> None:
    """Export the whole analysis in the versioned schema (docs/schema.md)."""
    if fmt not in FORMATS:
        err_console.print(f"error: unknown format {fmt!r}; use one of {', '.join(FORMATS)}", markup=False)
        raise typer.Exit(2)
    with handle_errors():
        store = api.open_store(db)
        try:
            data = api.export_data(store)
        finally:
            store.close()
        text = write_export(data, fmt, output, section)
    if text is not None:
        sys.stdout.write(text + "\n")


@app.command()
def report(
    db: DbOption = api.DEFAULT_DB,
    output: Annotated[str, typer.Option("--output", "-o", "--report", help="Where to write the briefing.")] = api.DEFAULT_REPORT,
    json_out: JsonOption = False,
) -> None:
    """Write the self-contained HTML briefing from the store."""
    with handle_errors():
        path = api.write_report(db, output)
    if json_out:
        print_json({"report": str(path)})
    else:
        console.print(f"briefing written to {path}", markup=False)


@app.command()
def search(
    words: Annotated[list[str], typer.Argument(help="Words to find in titles and texts.", metavar="WORDS")],
    db: DbOption = api.DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
    json_out: JsonOption = False,
) -> None:
    """Full-text search over the stored articles (every word must occur)."""
    with handle_errors():
        store = api.open_store(db)
        try:
            hits = store.search(" ".join(words), limit=limit)
        finally:
            store.close()
    if json_out:
        print_json(hits)
        return
    table = Table("id", "title", "outlet", "published", "snippet")
    for h in hits:
        table.add_row(h["id"], h["title"] or "", h["outlet"] or "", h["published"] or "", h["snippet"])
    console.print(table)


@app.command()
def articles(
    db: DbOption = api.DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """List stored articles with their metadata and flags."""
    with handle_errors():
        store = api.open_store(db)
        try:
            rows: list[dict[str, Any]] = [
                {"id": a.id, "source": a.source, "title": a.title, "outlet": a.outlet,
                 "authors": a.authors, "published": a.published, "published_from": a.published_from,
                 "language": a.language, "words": a.word_count, "flags": [f.kind for f in a.flags]}
                for a in store.iter_articles()
            ]
        finally:
            store.close()
    if json_out:
        print_json(rows)
        return
    table = Table("id", "title", "outlet", "published", "lang", "words", "flags")
    for r in rows:
        table.add_row(r["id"], (r["title"] or r["source"])[:60], r["outlet"] or "",
                      f"{r['published'] or '—'} ({r['published_from']})", r["language"] or "",
                      str(r["words"]), ", ".join(r["flags"]))
    console.print(table)


@app.command()
def runs(
    db: DbOption = api.DEFAULT_DB,
    run_id: Annotated[int | None, typer.Option("--run", help="Show what one run did, source by source.")] = None,
    json_out: JsonOption = False,
) -> None:
    """What each run read, added, skipped (as a duplicate of what) and why anything failed."""
    with handle_errors():
        store = api.open_store(db)
        try:
            data = store.run_items(run_id) if run_id is not None else store.runs()
        finally:
            store.close()
    if json_out:
        print_json(data)
        return
    if run_id is not None:
        table = Table("source", "status", "article", "duplicate of", "reason")
        for r in data:
            table.add_row(r["source"], r["status"], r["article_id"] or "", r["duplicate_of"] or "",
                          r["reason"] or "")
    else:
        table = Table("run", "command", "started", "status", "added", "skipped", "failed")
        for r in data:
            c = r["counts"]
            table.add_row(str(r["id"]), r["command"], r["started_at"], r["status"],
                          str(c.get("added", 0)), str(c.get("skipped", 0)), str(c.get("failed", 0)))
    console.print(table)
