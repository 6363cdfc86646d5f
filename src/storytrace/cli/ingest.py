"""``storytrace inspect SOURCE...``: what ingest would make of a source, and why, without storing it.

Why: before a fact-checker trusts a stored outlet or date, they can see the
evidence for it (the byline, the credit line, the meta tag, the page's
date bar) and every clutter line removed, on the raw file or URL.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from .app import JsonOption, Table, app, console, err_console, print_json


@app.command()
def inspect(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, URLs or - (nothing is stored).")],
    fetch: Annotated[bool, typer.Option("--fetch/--no-fetch", help="Fetch URLs (off: report them).")] = False,
    json_out: JsonOption = False,
) -> None:
    """Show the text, metadata and evidence ingest would store for each article in SOURCES."""
    from ..articles import build_article
    from ..errors import StorytraceError
    from ..model import Failure
    from ..sources import SourceOptions, iter_documents

    out: list[dict[str, Any]] = []
    failed = False
    for item in iter_documents(sources, SourceOptions(fetch=fetch), stdin=sys.stdin):
        if isinstance(item, Failure):
            out.append({"source": item.source, "failed": item.reason})
            failed = True
            continue
        try:
            a = build_article(item)
        except StorytraceError as exc:
            out.append({"source": item.source, "failed": getattr(exc, "reason", str(exc))})
            failed = True
            continue
        out.append({
            "source": a.source, "id": a.id, "kind": a.kind, "title": a.title, "outlet": a.outlet,
            "authors": a.authors, "credits": a.credits, "published": a.published,
            "published_from": a.published_from, "page_date": a.page_date, "language": a.language,
            "word_count": a.word_count, "embedded": a.embedded,
            "boilerplate_removed": a.boilerplate_removed, "evidence": a.provenance,
            "text_start": a.text[:200],
        })
    if json_out:
        print_json(out)
    else:
        for rec in out:
            _show(rec)
    raise typer.Exit(1 if failed else 0)


def _show(rec: dict[str, Any]) -> None:
    if "failed" in rec:
        err_console.print(f"failed: {rec['source']}: {rec['failed']}", markup=False, soft_wrap=True)
        return
    ev = rec["evidence"]
    table = Table("field", "value", "evidence", title=rec["source"], title_justify="left")

    def why(key: str) -> str:
        v = ev.get(key)
        if isinstance(v, dict):
            return f"{v.get('from')}: {v.get('evidence')}"
        return "" if v is None else str(v)

    table.add_row("title", rec["title"] or "—", why("title"))
    table.add_row("outlet", rec["outlet"] or "—", why("outlet"))
    table.add_row("authors", ", ".join(rec["authors"]) or "—", why("authors"))
    table.add_row("credits", ", ".join(rec["credits"]) or "—", why("credits"))
    table.add_row("published", f"{rec['published'] or '—'} ({rec['published_from']})", why("published"))
    table.add_row("page date", rec["page_date"] or "—", why("page_date"))
    table.add_row("language", rec["language"] or "—", "")
    table.add_row("words", str(rec["word_count"]), "")
    for post in rec["embedded"]:
        table.add_row("embedded post", f"{post['author']} ({post['handle']})", f"chars {post['start']}-{post['end']}")
    for line in ev.get("boilerplate", []):
        table.add_row("removed", line["line"][:80], line["reason"])
    console.print(table)
