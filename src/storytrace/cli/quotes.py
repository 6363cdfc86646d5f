"""``storytrace quotes``: who said what, and the same quotation across outlets."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import api
from .app import DbOption, JsonOption, Table, app, console, fail, handle_errors, print_json


def _story_articles(store: Any, story_id: str) -> set[str]:
    """Article ids of one story (id or unique id prefix), from the stories export section."""
    stories = api.export_data(store).get("stories") or []
    hits = [s for s in stories if str(s.get("id")) == story_id] or [
        s for s in stories if str(s.get("id", "")).startswith(story_id)]
    if len(hits) != 1:
        fail(f"no story {story_id!r} in this store" if not hits else
             f"story prefix {story_id!r} is ambiguous: {', '.join(str(s['id']) for s in hits)}")
    return {str(a) for a in hits[0].get("article_ids", hits[0].get("articles", []))}


def _speaker_match(name: str, q: dict[str, Any]) -> bool:
    needle = name.lower()
    return any(needle in (q.get(k) or "").lower() for k in ("speaker", "speaker_mention"))


@app.command()
def quotes(
    db: DbOption = api.DEFAULT_DB,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Only quotes whose speaker contains NAME.")] = None,
    story: Annotated[str | None, typer.Option("--story", help="Only quotes in the articles of story ID (or id prefix).")] = None,
    groups: Annotated[bool, typer.Option("--groups", help="Show quote groups (one quotation across outlets).")] = False,
    indirect: Annotated[bool, typer.Option("--indirect/--direct-only", help="Include reported (indirect) speech.")] = True,
    json_out: JsonOption = False,
) -> None:
    """Quotations with their speakers; --groups shows each quotation across outlets with its status."""
    from ..quotes.analysis import QuotesAnalysis  # loads spaCy: only when the command runs

    with handle_errors():
        store = api.open_store(db)
        try:
            data = QuotesAnalysis().export(store)
            articles = _story_articles(store, story) if story else None
        finally:
            store.close()
    rows = [q for q in data["quotes"]
            if (articles is None or q["article_id"] in articles)
            and (speaker is None or _speaker_match(speaker, q))
            and (indirect or q["direct"])]
    if groups:
        keep = {q["id"] for q in rows}
        gs = [g for g in data["quote_groups"] if any(m["quote_id"] in keep for m in g["members"])]
        if json_out:
            print_json(gs)
            return
        for g in gs:
            table = Table("article", "status", "speaker", "wording / changes", title=(
                f"{g['speaker'] or '?'}: “{g['canonical_text']}”"), title_justify="left")
            for m in g["members"]:
                change = m["wording"] if m["status"] == "verbatim" else m["diff"]["text"]
                who = m["speaker"] or "?"
                if m.get("speaker_correction"):
                    who = f"{m['speaker_correction']['from']} → {m['speaker_correction']['to']}"
                table.add_row(m["article_id"], m["status"], who, change)
            console.print(table)
        return
    if json_out:
        print_json(rows)
        return
    table = Table("article", "kind", "speaker", "cue", "text", "group")
    for q in rows:
        table.add_row(q["article_id"], q["kind"], q["speaker"] or "?", q["cue"] or "",
                      q["text"][:120], q.get("group_id") or "")
    console.print(table)
