"""Choosing an engine on the command line: clear refusals, no Spark needed to test them."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from storytrace.cli import app

runner = CliRunner()


def test_unknown_engine_is_a_usage_error(tmp_path):
    res = runner.invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "s.db"), "--engine", "dask"])
    assert res.exit_code == 2
    assert "unknown engine 'dask'; use one of embedded, spark" in res.output


def test_spark_options_need_the_spark_engine(tmp_path):
    res = runner.invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "s.db"),
                              "--out", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert "--master, --out and --partitions go with --engine spark" in res.output


def test_missing_spark_extra_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # as if pyspark were not installed
    res = runner.invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "s.db"),
                              "--engine", "spark", "--report", ""])
    assert res.exit_code == 2
    assert "the Spark engine needs the spark extra: pip install 'storytrace[spark]'" in res.output


def test_load_names_the_folder_that_is_not_a_spark_output(tmp_path):
    pytest.importorskip("pyarrow")
    res = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "s.db")])
    assert res.exit_code == 2
    assert f"{tmp_path}: no Spark output here (the 'manifest' folder is missing)" in res.output
