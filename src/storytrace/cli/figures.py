"""Figures, series and the timeline: ``storytrace figures [--series]``, ``storytrace timeline``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import api
from ..isodates import as_of_label
from .app import DbOption, JsonOption, Table, app, console, handle_errors, print_json


def _sections(db: str) -> dict[str, Any]:
    with handle_errors():
        store = api.open_store(db)
        try:
            return api.export_data(store)
        finally:
            store.close()


def _fmt_value(f: dict[str, Any]) -> str:
    v = f"{f['value']:,.0f}" if float(f["value"]).is_integer() else f"{f['value']:,}"
    if f.get("value_high") is not None:
        v += f"–{f['value_high']:,.0f}"
    return " ".join(x for x in (f.get("qualifier") or "", v, f.get("unit") or "") if x)


@app.command()
def figures(
    db: DbOption = api.DEFAULT_DB,
    series: Annotated[bool, typer.Option("--series", help="Comparable figures across articles, in time order.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Numeric claims: value, hedge, what is counted, where, who says so, as of when."""
    data = _sections(db)
    figs = {f["id"]: f for f in data.get("figures", [])}
    if series:
        rows = data.get("figure_series", [])
        if json_out:
            print_json(rows)
            return
        for s in rows:
            table = Table("as of", "value", "claimant", "article", title=f"{s['object']}"
                          + (f" — {s['place']}" if s.get("place") else ""), title_justify="left")
            for fid in s["members"]:
                f = figs.get(fid, {})
                table.add_row(as_of_label(f), _fmt_value(f), f.get("claimant") or "", f.get("article_id", ""))
            console.print(table)
            for c in s.get("conflicts", []):
                console.print(f"  conflict: {c['reason']}", markup=False)
            for d in s.get("details", []):
                console.print(f"  detail: {' / '.join(str(o) for o in d['objects'])}: {d['reason']}", markup=False)
        return
    if json_out:
        print_json(list(figs.values()))
        return
    table = Table("article", "value", "object", "place", "claimant", "as of")
    for f in figs.values():
        table.add_row(f["article_id"], _fmt_value(f), f.get("object") or "", f.get("place") or "",
                      f.get("claimant") or "", as_of_label(f))
    console.print(table)


def _when(e: dict[str, Any]) -> str:
    """A timeline entry's day, or its interval when only that is known ("≤ 2022-02-07 (est.)")."""
    lo, hi = e.get("earliest"), e.get("latest")
    d = (f"{lo} – {hi}" if lo else f"≤ {hi}") if hi and lo != hi else e["date"]
    return d + (" (est.)" if e.get("estimated") else "")


@app.command()
def timeline(
    db: DbOption = api.DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Dated events per storyline with the articles that report them, in order."""
    rows = _sections(db).get("timeline", [])
    if json_out:
        print_json(rows)
        return
    table = Table("date", "event", "articles", "storyline")
    for e in rows:
        table.add_row(_when(e), e["event"][:110],
                      ", ".join(e["article_ids"]), e.get("storyline_id") or "")
    console.print(table)
