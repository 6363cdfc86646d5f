"""The CLI as a newcomer meets it (issue #30): several search words, the reuse rule on an
unrelated pair, runs killed midway, folders with parts that cannot be read.

Stores here are only ingested (no analysis) unless a test needs one, so most run in seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from storytrace.cli import app

runner = CliRunner()

BRIDGE = ("Officials said on Tuesday that the flooded bridge over the river will reopen in May, "
          "after engineers found the piers sound. The mayor called rumours of sabotage a false "
          "flag operation spread to hurt the town's tourism season.\n")
HARVEST = ("Farmers in the northern valleys began the grape harvest three weeks early this year, "
           "after a dry and unusually warm summer. Growers expect a smaller crop of higher "
           "quality, and several cooperatives hired extra pickers from neighbouring villages.\n")


def _store(tmp_path, **texts: str) -> str:
    d = tmp_path / "in"
    d.mkdir()
    for name, text in texts.items():
        (d / f"{name}.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "s.db")
    res = runner.invoke(app, ["add", str(d), "--db", db])
    assert res.exit_code == 0, res.output
    return db


def test_search_takes_several_words_and_shows_them_in_the_snippet(tmp_path):
    db = _store(tmp_path, bridge=BRIDGE, harvest=HARVEST)
    res = runner.invoke(app, ["search", "false", "flag", "--db", db])
    assert res.exit_code == 0, res.output
    flat = " ".join(res.output.split())
    assert "[false] [flag]" in flat  # the matched words, not Rich markup eaten away
    hits = json.loads(runner.invoke(app, ["search", "false", "flag", "--db", db, "--json"]).stdout)
    assert len(hits) == 1 and "[false] [flag] operation" in hits[0]["snippet"]
    assert json.loads(runner.invoke(app, ["search", "false", "harvest", "--db", db,
                                          "--json"]).stdout) == []  # every word must occur


def test_reuse_on_an_unrelated_pair_gives_the_rule_and_its_figures(tmp_path):
    db = _store(tmp_path, bridge=BRIDGE, harvest=HARVEST)
    res = runner.invoke(app, ["reuse", "bridge.txt", "harvest.txt", "--db", db])
    assert res.exit_code == 0, res.output
    flat = " ".join(res.output.split())
    assert "no shared passages" in flat
    assert ("not reuse: no strong passage (at most 0 aligned sentences of own prose, 3 needed; "
            "at most 0 words of own prose copied, 25 needed) and the passages cover 0% / 0% of "
            "the two articles (80% of both makes a whole copy)") in flat
    data = json.loads(runner.invoke(app, ["reuse", "bridge.txt", "harvest.txt", "--db", db,
                                          "--json"]).stdout)
    assert data["passages"] == [] and data["strong"] is False
    assert data["evidence"]["decision"].startswith("not reuse: no strong passage")
    assert data["evidence"]["figures"]["most_seeds"] == 0


_KILLED = """
import os, signal, sys
import storytrace, storytrace.api, storytrace.articles

def die(*a, **k):
    os.kill(os.getpid(), signal.{signal})

target = sys.argv[1]
if target == "ingest":
    storytrace.articles.build_article = die
else:
    storytrace.api.update = die
storytrace.analyze([sys.argv[2]], sys.argv[3], report=None)
"""


def _killed_run(tmp_path, during: str, signal: str = "SIGKILL") -> dict:
    src = tmp_path / "a.txt"
    src.write_text(BRIDGE, encoding="utf-8")
    db = tmp_path / f"{during}-{signal}.db"
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(_KILLED).format(signal=signal),
                           during, str(src), str(db)], capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0, proc.stderr
    runs = json.loads(runner.invoke(app, ["runs", "--db", str(db), "--json"]).stdout)
    assert len(runs) == 1
    return runs[0]


def test_a_run_killed_during_ingest_is_interrupted_not_running_for_ever(tmp_path):
    assert _killed_run(tmp_path, "ingest")["status"] == "interrupted"


@pytest.mark.slow  # two processes that each load the models (30 s on a busy 2-core machine)
def test_a_run_killed_during_the_analyses_is_interrupted_not_ok(tmp_path):
    run = _killed_run(tmp_path, "analysis")
    assert run["status"] == "interrupted" and run["counts"] == {"added": 1}
    assert run["finished_at"] is None
    # Ctrl-C is caught on the way out: the run is closed as interrupted, with its end time.
    run = _killed_run(tmp_path, "analysis", "SIGINT")
    assert run["status"] == "interrupted" and run["finished_at"]
    table = runner.invoke(app, ["runs", "--db", str(tmp_path / "analysis-SIGINT.db")])
    assert "interrupted" in table.output


def test_a_live_run_stays_running(tmp_path):
    from storytrace import open_store

    store = open_store(tmp_path / "s.db")
    try:
        run = store.start_run("add", ["x"])
        assert store.runs()[0]["status"] == "running"  # this process is alive
        store.finish_run(run, "ok")
        assert store.runs()[0]["status"] == "ok"
    finally:
        store.close()


def test_a_folder_with_a_symlink_loop_names_it_and_exits_1(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (d / "sub" / "loop").symlink_to("..")
    db = str(tmp_path / "s.db")
    res = runner.invoke(app, ["add", str(d), "--db", db])
    assert res.exit_code == 1
    flat = " ".join(res.output.split())
    assert f"failed: {d / 'sub' / 'loop'}: symbolic link loop" in flat
    assert "read 2, added 1, skipped 0 as duplicates, failed 1" in flat
    (tmp_path / "self").symlink_to("self")
    res = runner.invoke(app, ["add", str(tmp_path / "self"), "--db", db])
    assert res.exit_code == 1
    assert "symbolic link loop (too many levels of symbolic links)" in " ".join(res.output.split())


def test_the_found_lines_say_what_the_analysis_found():
    from storytrace.cli.core import _found_lines

    lines = _found_lines({"articles": 12, "stories": 3, "storylines": 1, "reuse": 4,
                          "uncredited": 1, "quotes": 30, "altered_quotes": 2, "figures": 9,
                          "conflicts": 1, "flags": [("stale", 2), ("machine_translated", 1)]})
    assert lines == [
        "the store holds 12 articles: 3 stories in 1 storyline",
        "reuse: 4 links between articles, 1 copy not credited",
        "quotations: 30, 2 altered copies; figures: 9, 1 conflict",
        "flags: stale 2, machine_translated 1",
    ]
