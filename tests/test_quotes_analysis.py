"""The quotes analysis end to end: export schema, seeds, incremental update, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storytrace import add, export_data, update
from storytrace.cli import app

ROOT = Path(__file__).resolve().parent.parent

QUOTE_FIELDS = {"id", "article_id", "start", "end", "text", "direct", "speaker",
                "speaker_start", "speaker_end", "cue"}


def _by_source(export: dict) -> dict[str, str]:
    return {a["id"]: Path(a["source"]).name for a in export["articles"]}


def test_export_has_quotes_with_the_schema_fields(seeds_export: dict) -> None:
    quotes = seeds_export["quotes"]
    assert quotes
    texts = {a["id"]: a["text"] for a in seeds_export["articles"]}
    for q in quotes:
        assert set(q) >= QUOTE_FIELDS
        # offsets point into the article text
        assert texts[q["article_id"]][q["start"]:].startswith(q["text"][:10])
        if q["speaker_start"] is not None:
            assert texts[q["article_id"]][q["speaker_start"]:q["speaker_end"]] == q["speaker_mention"]


def test_seed_groups_statuses_and_correction(seeds_export: dict) -> None:
    names = _by_source(seeds_export)
    quotes = {q["id"]: q for q in seeds_export["quotes"]}
    groups = seeds_export["quote_groups"]
    indication = [g for g in groups if "Every indication" in g["canonical_text"]]
    assert len(indication) == 1
    g = indication[0]
    assert g["speaker"] == "Joe Biden"
    by_article = {names[m["article_id"]][:3]: m for m in g["members"]}
    assert set(by_article) == {"000", "001", "004"}
    assert by_article["004"]["status"] == "altered"
    assert by_article["000"]["status"] in ("verbatim", "variant")
    corr = by_article["001"]["speaker_correction"]
    assert corr["from"] == "Jens Stoltenberg" and corr["to"] == "Joe Biden"
    assert quotes[by_article["001"]["quote_id"]]["speaker_via"] == "pronoun"
    # evidence: every altered member carries a diff against the canonical wording
    for grp in groups:
        for m in grp["members"]:
            if m["status"] == "altered":
                assert m["diff"]["ops"]


def test_altered_quotes_flag_their_articles(seeds_export: dict) -> None:
    names = _by_source(seeds_export)
    flagged = {names[a["id"]][:3] for a in seeds_export["articles"]
               if any(f["kind"] == "altered-quote" for f in a["flags"])}
    assert "004" in flagged


def test_seed_check_quotes_section_passes(seeds_export: dict, gold: dict, tmp_path: Path) -> None:
    from conftest import shared_path

    checker = shared_path("tools", "check_seeds.py")
    out = tmp_path / "export.json"
    out.write_text(json.dumps(seeds_export), encoding="utf-8")
    res = subprocess.run([sys.executable, str(checker), str(out), "quotes"], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout


def _write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


A1 = ("Talks in Geneva ended without agreement on Tuesday.\n\n"
      "“We will not accept any deal that leaves our farmers without protection,” "
      "Trade Minister Ana Costa said after the meeting.\n\n"
      "Delegates are due to meet again next month.")
A2 = ("The Geneva trade talks collapsed on Tuesday, officials said.\n\n"
      "Ms Costa said her government “will never accept a deal that leaves our farmers without "
      "protection”.\n\nNo date has been set for new talks.")


def test_incremental_update_matches_a_new_article_against_stored_quotes(store, tmp_path: Path) -> None:
    add([_write(tmp_path, "a1.txt", A1)], store)
    update(store)
    first = export_data(store)
    assert first["quote_groups"] == []
    assert any(q["speaker"] == "Ana Costa" for q in first["quotes"])
    add([_write(tmp_path, "a2.txt", A2)], store)
    update(store)
    data = export_data(store)
    assert len(data["quote_groups"]) == 1
    g = data["quote_groups"][0]
    assert g["speaker"] == "Ana Costa"
    statuses = sorted(m["status"] for m in g["members"])
    assert statuses == ["altered", "verbatim"]
    links = store.query("SELECT evidence FROM quote_links")
    assert links and "shared" in json.loads(links[0][0])


def test_cli_quotes_speaker_filter_and_groups(store, tmp_path: Path) -> None:
    add([_write(tmp_path, "a1.txt", A1), _write(tmp_path, "a2.txt", A2)], store)
    update(store)
    runner = CliRunner()
    res = runner.invoke(app, ["quotes", "--db", store.path, "--speaker", "costa", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows and all("Costa" in r["speaker"] for r in rows)
    res = runner.invoke(app, ["quotes", "--db", store.path, "--groups", "--json"])
    assert res.exit_code == 0
    assert json.loads(res.output)[0]["speaker"] == "Ana Costa"
    res = runner.invoke(app, ["quotes", "--db", store.path, "--groups"])
    assert res.exit_code == 0 and "altered" in res.output


def test_cli_unknown_story_is_an_error(store) -> None:
    res = CliRunner().invoke(app, ["quotes", "--db", store.path, "--story", "nope"])
    assert res.exit_code != 0


@pytest.mark.parametrize("section", ["quotes", "quote_groups"])
def test_sections_are_lists(seeds_export: dict, section: str) -> None:
    assert isinstance(seeds_export[section], list)


def test_a_store_made_before_the_newer_columns_is_migrated(tmp_path: Path) -> None:
    import sqlite3

    from storytrace import open_store

    db = tmp_path / "old.db"
    s = open_store(db)
    s.close()
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM _migrations WHERE name IN ('quotes-003-cue-kind-role', 'quotes-004-speaker-gender')")
    conn.execute("ALTER TABLE quotes DROP COLUMN cue_kind")
    conn.execute("ALTER TABLE quotes DROP COLUMN speaker_role")
    conn.execute("ALTER TABLE quotes DROP COLUMN speaker_gender")
    conn.commit()
    conn.close()
    s = open_store(db)
    try:
        cols = {r[1] for r in s.query("PRAGMA table_info(quotes)")}
        assert {"cue_kind", "speaker_role", "speaker_gender"} <= cols
    finally:
        s.close()


def test_alias_table_is_read_once_per_run_and_again_after_another_writer(store, tmp_path, monkeypatch):
    """Reading the whole alias table for every article made large runs quadratic; the kept
    copy must still see names another connection stored, and the stored table must match
    one built article after article."""
    import sqlite3

    from storytrace.nlp import parse
    from storytrace.quotes import aliases as aliases_mod
    from storytrace.quotes.analysis import QuotesAnalysis
    from storytrace.quotes.extract import extract_quotes

    examples = Path(__file__).resolve().parent.parent / "examples" / "ukraine-2022"
    for p in sorted(examples.glob("00[0-3]_*.txt")):
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    add([str(tmp_path)], store)
    articles = [store.get_article(aid) for aid in store.article_ids()]
    loads = []
    real_load = aliases_mod.AliasTable.load.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(aliases_mod.AliasTable, "load",
                        classmethod(lambda cls, conn: loads.append(1) or real_load(cls, conn)))
    qa = QuotesAnalysis()
    for a in articles[:3]:
        qa.save(store, a, extract_quotes(a.text, parse(a.text)))
    assert len(loads) == 1

    other = sqlite3.connect(store.path)
    with other:
        other.execute("INSERT INTO quote_aliases(alias, canonical, kind, first_article) "
                      "VALUES ('Mr Testname', 'Ann Testname', 'person', NULL)")
    other.close()
    a = articles[3]
    qa.save(store, a, extract_quotes(a.text, parse(a.text)))
    assert len(loads) == 2
    stored = dict(store.conn.execute("SELECT alias, canonical FROM quote_aliases").fetchall())
    assert stored["Mr Testname"] == "Ann Testname"

    # the same saves, each by a fresh instance (the table read whole every time), store the same table
    from storytrace import open_store

    fresh = open_store(tmp_path / "fresh.db")
    add([str(tmp_path)], fresh)
    with sqlite3.connect(fresh.path) as conn:
        conn.execute("INSERT INTO quote_aliases(alias, canonical, kind, first_article) "
                     "VALUES ('Mr Testname', 'Ann Testname', 'person', NULL)")
    for b in articles:
        QuotesAnalysis().save(fresh, b, extract_quotes(b.text, parse(b.text)))
    want = dict(fresh.conn.execute("SELECT alias, canonical FROM quote_aliases").fetchall())
    fresh.close()
    assert len(stored) > 5 and stored == want


# USA Today letters, 2016-07-27 (PolNeAR train), paragraphs 1, 5 and 7
_MICHELLE = (
    "Michelle Obama made America pay attention.\n\n"
    "Apolitically and in all fairness, Michelle Obama deserves kudos for her sterling speech at the "
    "Democratic National Convention. The first lady spoke from the bottom of her heart by embracing of "
    "core American and humanitarian values most of us espouse so dearly.\n\n"
    "Her most striking appeal was worded beautifully when she said, \"Make no mistake about it, this "
    "November, when we get to the polls, that is what we are deciding. Not Democrat or Republican, not "
    "left or right.\"\n")


def test_a_bare_surname_printed_as_a_man_is_not_another_article_s_woman(store, tmp_path: Path) -> None:
    """Across the store, "Mr. Obama" of one article must not become the only Obama with a
    full name, Michelle Obama of another: the article gives the speaker a gender."""
    from test_quotes_extract import _OBAMAS

    add([_write(tmp_path, "michelle.txt", _MICHELLE), _write(tmp_path, "obamas.txt", _OBAMAS)], store)
    update(store)
    quotes = export_data(store)["quotes"]
    she = next(q for q in quotes if q["text"].startswith("\"Make no mistake"))
    assert (she["speaker"], she["speaker_via"], she["speaker_gender"]) == ("Michelle Obama", "pronoun", "she")
    president = next(q for q in quotes if q["speaker_mention"] == "The president")
    assert (president["speaker"], president["speaker_gender"]) == ("Obama", "he")
