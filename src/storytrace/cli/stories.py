"""``storytrace stories``: the stories in the store, their storylines, and why each article belongs."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import api
from ..errors import StorytraceError
from .app import DbOption, JsonOption, Table, app, console, handle_errors, print_json


def _stories(db: str) -> dict[str, Any]:
    """Bring the stories layer up to date (only new articles are placed) and export it."""
    from ..pipeline import Context
    from ..stories import StoriesAnalysis

    store = api.open_store(db)
    try:
        analysis = StoriesAnalysis()
        pending = store.pending(analysis.name, analysis.version)
        if pending:
            analysis.update(store, pending, Context())
            store.mark_done(analysis.name, analysis.version, pending)
        data = analysis.export(store)
        titles = {a.id: a.title or a.source for a in store.iter_articles()}
    finally:
        store.close()
    data.pop("article_fields", None)
    data["_titles"] = titles
    return data


@app.command()
def stories(
    db: DbOption = api.DEFAULT_DB,
    story: Annotated[str | None, typer.Option("--story", help="Show one story (id or id prefix) with the evidence for each article.")] = None,
    json_out: JsonOption = False,
) -> None:
    """List stories (one real-world event each) and storylines, in date order."""
    with handle_errors():
        data = _stories(db)
        titles = data.pop("_titles")
        if story is not None:
            found = [s for s in data["stories"] if s["id"].startswith(story)]
            if len(found) != 1:
                raise StorytraceError(f"{story!r} names {len(found) or 'no'} stories")
            data = found[0]
    if json_out:
        print_json(data)
        return
    if story is not None:
        _print_story(data, titles)
        return
    table = Table("story", "dates", "articles", "label", "key entities")
    for s in data["stories"]:
        dates = f"{s['start'] or '?'} – {s['end'] or '?'}" if s["start"] != s["end"] else s["start"]
        table.add_row(s["id"], dates or "undated", str(s["size"]), s["label"],
                      ", ".join(e["name"] for e in s["entities"][:5]))
    console.print(table)
    for line in data["storylines"]:
        console.print(f"storyline {line['id']} ({line['label']}): " + " → ".join(line["story_ids"]),
                      markup=False)


def _print_story(s: dict[str, Any], titles: dict[str, str]) -> None:
    console.print(f"{s['id']}: {s['label']}", markup=False)
    console.print(f"dates {s['start'] or '?'} – {s['end'] or '?'}; outlets: {', '.join(s['outlets']) or '—'}",
                  markup=False)
    table = Table("article", "score", "why it belongs", "event day")
    for e in s["evidence"]:
        why = "opened the story" if e["founded_story"] else ", ".join(
            f"{x['feature']} ({x['kind']})" for x in e["shared"][:6])
        table.add_row(f"{e['article_id']} {titles.get(e['article_id'], '')[:40]}",
                      f"{e['score']:.2f}", why, e["event_day"] or "—")
    console.print(table)
    for m in s["merges"]:
        console.print(f"merged {m['absorbed']} into {m['kept']}: {m['reason']}", markup=False)
