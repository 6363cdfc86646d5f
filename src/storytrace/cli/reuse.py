"""``storytrace reuse``: aligned passages of two articles side by side, or one article's provenance."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import api
from ..errors import StorytraceError
from ..store import Store
from .app import DbOption, JsonOption, Table, app, console, handle_errors, print_json


def _resolve(store: Store, ref: str) -> str:
    """An article id from an id, an id prefix, or the source it was read from."""
    rows = store.query("SELECT id FROM articles WHERE id LIKE ? OR source = ? OR source LIKE ?",
                       (ref + "%", ref, "%/" + ref))
    ids = sorted({r[0] for r in rows})
    if len(ids) != 1:
        raise StorytraceError(f"{ref!r} names {'no' if not ids else len(ids)} stored articles")
    return ids[0]


def _pair(store: Store, a: str, b: str) -> dict[str, Any]:
    from ..reuse.align import align
    from ..reuse.analysis import ReuseAnalysis
    from ..reuse.provenance import decide_reuse, explain_decision, make_link

    for lk in ReuseAnalysis().links(store):
        if {lk.source_id, lk.copy_id} == {a, b}:
            return {**lk.to_dict(), "reported": True}
    # Not a stored link: align now so the user sees what is (or is not) shared.
    art_a, art_b = store.get_article(a), store.get_article(b)
    assert art_a is not None and art_b is not None
    passages = align(art_a.text, art_b.text)
    decision = decide_reuse(passages, art_a.text, art_b.text)
    if not passages:  # still say which rule decided, with its figures (all zero here)
        return {"source_id": a, "copy_id": b, "passages": [], "reported": False, "strong": False,
                "evidence": {"decision": explain_decision(decision), "figures": decision}}
    return {**make_link(art_a, art_b, passages, decision).to_dict(),
            "reported": False, "strong": decision["reuse"]}


@app.command()
def reuse(
    articles: Annotated[list[str], typer.Argument(help="One article (its sources and copies) or two (side by side): id, id prefix or file name.")],
    db: DbOption = api.DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Show reused passages: two articles side by side, or one article's sources and copies."""
    if len(articles) not in (1, 2):
        raise typer.BadParameter("give one or two articles")
    with handle_errors():
        store = api.open_store(db)
        try:
            ids = [_resolve(store, r) for r in articles]
            texts = {i: store.get_article(i) for i in ids}
            data = _pair(store, ids[0], ids[1]) if len(ids) == 2 else _one(store, ids[0])
        finally:
            store.close()
    if json_out:
        print_json(data)
        return
    if len(ids) == 2:
        _show_pair(data, {i: a.text for i, a in texts.items() if a})
    else:
        _show_one(data)


def _one(store: Store, aid: str) -> dict[str, Any]:
    from ..reuse.analysis import ReuseAnalysis
    from ..reuse.provenance import article_fields

    links = ReuseAnalysis().links(store)
    art = store.get_article(aid)
    assert art is not None
    return {"id": aid, **article_fields(art, links),
            "copies": [{"id": lk.copy_id, "share": lk.share, "kind": lk.kind,
                        "credited": lk.credited} for lk in links if lk.source_id == aid]}


def _show_pair(data: dict[str, Any], texts: dict[str, str]) -> None:
    src, cp = data["source_id"], data["copy_id"]
    if not data.get("passages"):
        console.print(f"{src} and {cp}: no shared passages", markup=False)
        decision = (data.get("evidence") or {}).get("decision")
        if decision:
            console.print(decision, markup=False)
        return
    head = (f"{src} → {cp}: {data.get('kind')} · share {data.get('share')} · direction "
            f"confidence {data.get('direction_confidence')} · "
            f"{'credited' if data.get('credited') else 'not credited'}"
            + (f" · common source: {data['common_source']}" if data.get("common_source") else "")
            + ("" if data.get("reported") else " · (not reported as reuse)"))
    console.print(head, markup=False)
    decision = (data.get("evidence") or {}).get("decision")
    if decision:
        console.print(decision + ("" if data.get("reported") or not data.get("strong") else
                                  "; the store was analysed by an earlier version: run analyze again"),
                      markup=False)
    table = Table("kind", "score", f"source {src}", f"copy {cp}", show_lines=True)
    for p in data["passages"]:
        table.add_row(p["kind"], f"{p['score']:.2f}",
                      texts[src][p["source_start"]:p["source_end"]],
                      texts[cp][p["copy_start"]:p["copy_end"]])
    console.print(table)


def _show_one(data: dict[str, Any]) -> None:
    console.print(f"{data['id']}: original share {data['original_share']:.0%}", markup=False)
    table = Table("relation", "article", "kind", "share", "credited", "common source")
    for s in data["sources"]:
        table.add_row("source", s["id"], s["kind"], f"{s['share']:.0%}",
                      "yes" if s["credited"] else "no", s.get("common_source") or "")
    for c in data["copies"]:
        table.add_row("copy", c["id"], c["kind"], f"{c['share']:.0%}",
                      "yes" if c["credited"] else "no", "")
    console.print(table)
