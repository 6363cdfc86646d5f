"""``storytrace reuse``: one article's provenance, two side by side, JSON and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storytrace import add, update
from storytrace.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ukraine-2022"
runner = CliRunner()


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "s.db")
    d = tmp_path / "in"
    d.mkdir()
    for p in EXAMPLES.glob("00[0134]_*.txt"):
        (d / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    add([str(d)], path)
    update(path)
    return path


def _name(prefix: str) -> str:
    return next(EXAMPLES.glob(f"{prefix}_*.txt")).name


def test_two_articles_side_by_side(db):
    res = runner.invoke(app, ["reuse", _name("001"), _name("004"), "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["reported"] is True and data["kind"] == "paraphrase"
    assert data["passages"]
    table = runner.invoke(app, ["reuse", _name("001"), _name("004"), "--db", db])
    assert "paraphrase" in table.output and "Miroshnik" in table.output
    assert data["evidence"]["decision"].startswith("reuse: a strong passage")


def test_pair_that_is_not_reuse_is_said_so(db):
    res = runner.invoke(app, ["reuse", _name("000"), _name("001"), "--db", db, "--json"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data["reported"] is False and data["strong"] is False
    assert data["evidence"]["decision"].startswith("not reuse: no strong passage")
    table = runner.invoke(app, ["reuse", _name("000"), _name("001"), "--db", db])
    assert "not reuse: no strong passage" in " ".join(table.output.split())


def test_one_article_lists_its_sources(db):
    res = runner.invoke(app, ["reuse", _name("004"), "--db", db, "--json"])
    data = json.loads(res.output)
    assert data["sources"] and data["original_share"] < 1.0
    assert "original share" in runner.invoke(app, ["reuse", _name("004"), "--db", db]).output


def test_unknown_article_is_one_clear_error(db):
    res = runner.invoke(app, ["reuse", "nosuch.txt", "--db", db])
    assert res.exit_code == 2
    assert "names no stored articles" in res.output
