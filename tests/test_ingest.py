"""Ingest end to end: idempotence, run records, bad input in a batch, and a killed run."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storytrace import add, open_store
from storytrace.cli import app
from storytrace.sources import SourceOptions

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
OFFLINE = SourceOptions(fetch=False)


def test_rerun_on_the_same_folder_adds_nothing_and_says_duplicate_of_what(store, examples_dir):
    first = add([str(examples_dir)], store, options=OFFLINE)
    assert len(first.added) == 5 and first.ok
    again = add([str(examples_dir)], store, options=OFFLINE)
    assert again.added == [] and len(again.skipped) == 5
    items = store.run_items(again.run_id)
    assert {i["status"] for i in items} == {"skipped"}
    assert sorted(i["duplicate_of"] for i in items) == sorted(first.added)
    assert store.count_articles() == 5


def test_same_article_in_another_form_is_a_duplicate(store, examples_dir, tmp_path):
    add([str(examples_dir / "003_0cefb2d2c84d1677.txt")], store, options=OFFLINE)
    copy = tmp_path / "copy.md"  # same text, different file, spacing and case
    copy.write_text((examples_dir / "003_0cefb2d2c84d1677.txt").read_text(encoding="utf-8")
                    .replace("\n\n", "\n\n\n"), encoding="utf-8")
    res = add([str(copy)], store, options=OFFLINE)
    assert res.added == [] and res.skipped[0][0] == str(copy)


def test_every_fixture_kind_in_one_batch(store):
    res = add([str(FIX)], store, options=OFFLINE)
    failed = dict(res.failed)
    assert set(failed) == {
        str(FIX / n) for n in ("binary.txt", "broken.rss", "empty.txt", "malformed.json",
                               "no_article.html", "not_a.warc", "truncated.warc.gz")
    } | {f"{FIX / 'articles.jsonl'}#3", f"{FIX / 'articles.jsonl'}#4",
         f"{FIX / 'feed.rss'}#https://feeds.example.com/2022/02/17/teaser-only"}
    kinds = {a.kind for a in store.iter_articles()}
    assert kinds == {"text", "html", "json"}
    # the batch went on past every failure: html, gz, json, jsonl, feeds, warc, encodings, md
    sources = [r[0] for r in store.query("SELECT source FROM articles")]
    for needle in ("page_000.html", "page_001.html.gz", "article.json", "articles.jsonl#1",
                   "feed.atom#", "crawl.warc.gz#", "cp1252.txt", "notes.md"):
        assert any(needle in s for s in sources) or any(needle in s for s, _ in res.skipped), needle
    items = store.run_items(res.run_id)
    assert sum(i["status"] == "failed" for i in items) == len(res.failed)
    assert all(i["reason"] for i in items if i["status"] == "failed")


def test_cli_prints_one_line_per_failure_and_exits_1(tmp_path, examples_dir):
    batch = tmp_path / "batch"
    shutil.copytree(examples_dir, batch)
    for name in ("binary.txt", "malformed.json", "truncated.warc.gz"):
        shutil.copy(FIX / name, batch / name)
    (batch / "big.txt").write_text("Officials said " * 2500, encoding="utf-8")
    db = str(tmp_path / "s.db")
    res = CliRunner().invoke(app, ["add", str(batch), "--db", db, "--max-bytes", "20000", "--no-fetch"])
    assert res.exit_code == 1
    failed = [ln for ln in res.output.splitlines() if ln.startswith("failed: ")]
    assert len(failed) == 4
    assert f"failed: {batch / 'binary.txt'}: binary file (not text)" in failed
    assert any(ln.startswith(f"failed: {batch / 'big.txt'}: larger than the size limit") for ln in failed)
    assert "read 9, added 5, skipped 0 as duplicates, failed 4" in res.output
    ok = CliRunner().invoke(app, ["add", str(examples_dir), "--db", db, "--json"])
    assert ok.exit_code == 0 and len(json.loads(ok.stdout)["skipped"]) == 5


def _generate(folder: Path, n: int) -> None:
    folder.mkdir()
    places = ["Kharkiv", "Odesa", "Lviv", "Dnipro", "Mariupol", "Kherson", "Sumy", "Poltava"]
    for i in range(n):
        place = places[i % len(places)]
        (folder / f"{i:04d}.txt").write_text(
            f" date 2022-02-{1 + i % 28:02d} By Test Writer {i}, Example Wire\n\n"
            f"Officials in {place} said on Thursday that convoy number {i} had reached the city "
            f"after a journey of {i * 7 % 300} kilometres.\n\n"
            f"Residents described queues of {i * 13 % 900} people at the station, and aid worker "
            f"number {i} said supplies would last {i % 9 + 1} days.\n", encoding="utf-8")


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow  # 300 articles added twice in subprocesses (36 s on a busy 2-core machine)
def test_a_killed_run_leaves_the_store_consistent_and_a_rerun_finishes(tmp_path):
    n = 300
    folder, db = tmp_path / "many", tmp_path / "kill.db"
    _generate(folder, n)
    exe = Path(sys.executable).with_name("storytrace")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from storytrace.cli import main; main()"]
    proc = subprocess.Popen([*cmd, "add", str(folder), "--db", str(db), "--no-fetch"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(db) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    stored = _count(db)
    assert 0 < stored < n, f"the kill should land mid-run ({stored} of {n} stored)"

    store = open_store(db)
    try:
        assert store.query("PRAGMA integrity_check")[0][0] == "ok"
        fts_rows = store.query("SELECT count(*) FROM articles_fts_docsize")[0][0]
        assert fts_rows == store.count_articles() == stored
        store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        killed = store.runs()[0]
        # its process is gone, so it reads interrupted (not running for ever, #30)
        assert killed["status"] == "interrupted" and killed["counts"].get("added") == stored
    finally:
        store.close()

    rerun = subprocess.run([*cmd, "add", str(folder), "--db", str(db), "--no-fetch", "--json"],
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    out = json.loads(rerun.stdout)
    assert len(out["added"]) == n - stored and len(out["skipped"]) == stored
    store = open_store(db)
    try:
        rows = store.query("SELECT source, count(*) FROM articles GROUP BY source")
        assert len(rows) == n and all(r[1] == 1 for r in rows)
        assert store.query("SELECT count(*) FROM articles_fts_docsize")[0][0] == n
    finally:
        store.close()


def test_cli_reads_stdin(tmp_path, examples_dir):
    raw = (examples_dir / "000_231426cb6bed0c97.txt").read_text(encoding="utf-8")
    db = str(tmp_path / "s.db")
    res = CliRunner().invoke(app, ["add", "-", "--db", db, "--json"], input=raw)
    assert res.exit_code == 0, res.output
    (aid,) = json.loads(res.stdout)["added"]
    store = open_store(db)
    try:
        a = store.get_article(aid)
        assert a.source == "-" and a.outlet == "CNN" and a.published == "2022-02-17"
    finally:
        store.close()


def test_provenance_is_stored_and_exported(store, examples_dir):
    from storytrace import export_data

    add([str(examples_dir / "004_7c7ef417ac8399c4.txt")], store, options=OFFLINE)
    (rec,) = export_data(store)["articles"]
    prov = rec["provenance"]
    assert prov["outlet"] == {"from": "author-bio", "evidence": prov["outlet"]["evidence"]}
    assert prov["outlet"]["evidence"].endswith("lead writer for Bulletin News.")
    assert prov["page_date"] == "Friday, March 31, 2023"
    assert {"line": "5,000FansLike", "reason": "social counter"} in prov["boilerplate"]
    assert [f["kind"] for f in rec["flags"]] == ["page-date-only"]
