"""The CLI: thin, exact output lines, exit codes, --json everywhere."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from storytrace.cli import app

runner = CliRunner()

TEXT = ("NATO Secretary General Jens Stoltenberg said allies are concerned that Russia is "
        "attempting to stage a pretext for an armed attack against Ukraine.\n")


def _folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "one.txt").write_text(TEXT, encoding="utf-8")
    (d / "empty.txt").write_text("   \n", encoding="utf-8")
    return d


def test_add_prints_summary_and_fails_on_bad_input(tmp_path):
    db = str(tmp_path / "s.db")
    d = _folder(tmp_path)
    res = runner.invoke(app, ["add", str(d), "--db", db])
    assert res.exit_code == 1  # empty.txt failed
    assert "read 2, added 1, skipped 0 as duplicates, failed 1" in res.output
    assert "empty.txt" in res.output
    again = runner.invoke(app, ["add", str(d / "one.txt"), "--db", db])
    assert again.exit_code == 0
    assert "read 1, added 0, skipped 1 as duplicates, failed 0" in again.output


def test_add_json(tmp_path):
    db = str(tmp_path / "s.db")
    d = _folder(tmp_path)
    res = runner.invoke(app, ["add", str(d / "one.txt"), "--db", db, "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert len(data["added"]) == 1 and data["failed"] == []


def test_runs_and_articles_and_search(tmp_path):
    db = str(tmp_path / "s.db")
    d = _folder(tmp_path)
    runner.invoke(app, ["add", str(d / "one.txt"), "--db", db])
    runs = json.loads(runner.invoke(app, ["runs", "--db", db, "--json"]).stdout)
    assert runs[0]["counts"] == {"added": 1}
    arts = json.loads(runner.invoke(app, ["articles", "--db", db, "--json"]).stdout)
    assert len(arts) == 1
    hits = json.loads(runner.invoke(app, ["search", "pretext", "--db", db, "--json"]).stdout)
    assert hits[0]["id"] == arts[0]["id"]


def test_export_rejects_unknown_format(tmp_path):
    res = runner.invoke(app, ["export", "--db", str(tmp_path / "s.db"), "--format", "xml"])
    assert res.exit_code == 2
    assert "unknown format 'xml'" in res.output


def test_bad_store_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00garbage" * 200)
    res = runner.invoke(app, ["articles", "--db", str(bad)])
    assert res.exit_code == 2
    assert res.output.startswith("error: ") and "bad.db" in res.output


def test_analyze_json_reports_seconds_per_stage(tmp_path):
    d = _folder(tmp_path)
    res = runner.invoke(app, ["analyze", str(d / "one.txt"), "--db", str(tmp_path / "s.db"),
                              "--report", str(tmp_path / "r.html"), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    timings = out["timings"]
    assert {"ingest", "stories", "reuse", "quotes", "figures", "report"} <= set(timings)
    assert all(v >= 0 for v in timings.values())
    assert out["found"]["articles"] == 1 and out["found"]["stories"] == 1
    # Without --json it says what was found, not only what was read.
    again = runner.invoke(app, ["analyze", str(d / "one.txt"), "--db", str(tmp_path / "s.db"),
                                "--report", str(tmp_path / "r.html")])
    assert again.exit_code == 0, again.output
    assert "the store holds 1 article: 1 story in 0 storylines" in again.output
    assert "reuse: 0 links between articles, 0 copies not credited" in again.output
