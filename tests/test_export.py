"""Exports: one schema, three formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from storytrace import add, export_data
from storytrace.export import write_export


@pytest.fixture
def small_store(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Separatist official Rodion Miroshnik said rebel forces returned fire.\n\n"
        "Ukraine disputed the claim, saying that separatists had shelled its forces.\n",
        encoding="utf-8")
    (folder / "b.txt").write_text(
        "Britain is sending hundreds of soldiers to Poland, offering more warships and planes.\n",
        encoding="utf-8")
    add([str(folder)], store)
    return store


def test_json_export_has_schema_and_articles(small_store):
    data = export_data(small_store)
    assert data["schema_version"]
    assert len(data["articles"]) == 2
    first = data["articles"][0]
    for key in ("id", "source", "url", "title", "outlet", "authors", "credits", "published",
                "published_from", "language", "text", "boilerplate_removed", "flags"):
        assert key in first
    assert "Miroshnik" in first["text"]
    json.loads(write_export(data, "json", None))


def test_jsonl_export_is_one_record_per_line(small_store):
    text = write_export(export_data(small_store), "jsonl", None)
    lines = [json.loads(x) for x in text.splitlines()]
    assert lines[0]["type"] == "schema"
    assert [x["type"] for x in lines[1:3]] == ["articles", "articles"]


def test_csv_export_to_stdout_and_folder(small_store, tmp_path):
    data = export_data(small_store)
    rows = list(csv.DictReader(io.StringIO(write_export(data, "csv", None))))
    assert len(rows) == 2 and json.loads(rows[0]["authors"]) == []
    out = tmp_path / "csv/"
    write_export(data, "csv", str(out) + "/")
    assert (out / "articles.csv").exists()


def test_unknown_format_is_refused(small_store):
    with pytest.raises(ValueError, match="unknown format"):
        write_export(export_data(small_store), "xml", None)
