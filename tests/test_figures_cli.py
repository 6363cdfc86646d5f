"""``storytrace figures [--series]`` and ``storytrace timeline`` on a small store."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from storytrace import add, open_store, update
from storytrace.cli import app

A = (" date 2022-02-14 Officials said yesterday that Russia has deployed more than 130,000 troops "
     "near Ukraine's borders, according to a US official. On Sunday, two civilians were wounded "
     "in Luhansk, the military said.\n")
B = (" date 2022-02-17 An estimated 150,000 Russian troops are stationed near Ukraine's borders, "
     "Western officials said on Thursday.\n")


def test_cli_figures_series_timeline(tmp_path) -> None:
    for name, text in (("a.txt", A), ("b.txt", B)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    store = open_store(db)
    try:  # incremental: one article, then the second; the series appears only with both
        add([str(tmp_path / "a.txt")], store)
        update(store)
        assert json.loads(runner.invoke(app, ["figures", "--series", "--db", db, "--json"]).output) == []
        add([str(tmp_path / "b.txt")], store)
        update(store)
        update(store)  # nothing new: results unchanged, nothing duplicated
    finally:
        store.close()
    res = runner.invoke(app, ["figures", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    figs = json.loads(res.output)
    assert {f["value"] for f in figs} >= {130000, 150000, 2}
    assert len(figs) == len({f["id"] for f in figs})
    res = runner.invoke(app, ["figures", "--series", "--db", db, "--json"])
    series = json.loads(res.output)
    troops = next(s for s in series if s["key"]["kind"] == "troops")
    assert [c["value"] for c in troops["claims"]] == [130000, 150000]
    res = runner.invoke(app, ["timeline", "--db", db, "--json"])
    days = [e["date"] for e in json.loads(res.output)]
    assert days == sorted(days) and "2022-02-13" in days
    res = runner.invoke(app, ["figures", "--series", "--db", db])
    assert res.exit_code == 0 and "130,000" in res.output
