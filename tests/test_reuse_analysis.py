"""The reuse analysis end to end: export fields, flags, incremental updates, direction, credits."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace import add, export_data, update
from storytrace.model import Article
from storytrace.reuse.direction import credited_sources, decide

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ukraine-2022"


def _by_prefix(export: dict) -> dict[str, dict]:
    return {Path(a["source"]).name[:3]: a for a in export["articles"]}


def _pairs(export: dict) -> dict[frozenset, dict]:
    name = {a["id"]: Path(a["source"]).name[:3] for a in export["articles"]}
    return {frozenset((name[r["source_id"]], name[r["copy_id"]])): r for r in export["reuse"]}


def test_agency_rewrite_is_reported_as_paraphrase_with_common_source(seeds_export):
    pairs = _pairs(seeds_export)
    link = pairs[frozenset(("001", "004"))]
    assert link["kind"] == "paraphrase"
    assert link["common_source"] == "The Associated Press"
    assert 0.5 <= link["direction_confidence"] <= 1.0
    assert link["credited"] is False
    assert link["passages"], "evidence: aligned passages"
    for p in link["passages"]:
        assert {"source_start", "source_end", "copy_start", "copy_end", "kind", "score"} <= set(p)
        assert p["source_end"] > p["source_start"] and p["copy_end"] > p["copy_start"]


def test_independent_reports_and_other_stories_are_not_reuse(seeds_export):
    pairs = _pairs(seeds_export)
    for a, b in (("000", "001"), ("000", "002"), ("003", "004")):
        assert frozenset((a, b)) not in pairs


def test_article_fields_and_uncredited_flag(seeds_export):
    arts = _by_prefix(seeds_export)
    copy = next(r for r in seeds_export["reuse"] if r["common_source"])["copy_id"]
    rec = next(a for a in seeds_export["articles"] if a["id"] == copy)
    assert 0.5 < rec["original_share"] < 1.0
    assert rec["sources"] and rec["sources"][0]["common_source"] == "The Associated Press"
    assert "uncredited-reuse" in [f["kind"] for f in rec["flags"]]
    link = next(r for r in seeds_export["reuse"] if r["copy_id"] == copy)
    credit = link["evidence"]["credit"]
    assert credit["status"] == "no credit" and credit["common_source"] == "The Associated Press"
    assert "wording" in link["evidence"]["decision"] or "runs of own wording" in link["evidence"]["decision"]
    assert arts["003"]["original_share"] == 1.0 and arts["003"]["sources"] == []
    assert "uncredited-reuse" not in [f["kind"] for f in arts["003"]["flags"]]


def test_provenance_graph(seeds_export):
    graphs = seeds_export["provenance"]
    assert any(len(g["nodes"]) >= 2 and g["edges"] for g in graphs)
    for g in graphs:
        for e in g["edges"]:
            assert e["source_id"] in g["nodes"] and e["copy_id"] in g["nodes"]


def test_gold_passages_are_covered(seeds_export, gold):
    arts = {Path(a["source"]).name: a for a in seeds_export["articles"]}
    name = {a["id"]: n for n, a in arts.items()}
    for pair in gold["reuse"]["pairs"]:
        link = next(r for r in seeds_export["reuse"]
                    if {name[r["source_id"]], name[r["copy_id"]]} == {pair["a"], pair["b"]})
        src_is_a = name[link["source_id"]] == pair["a"]
        for ap in pair["aligned_passages"]:
            for side, key in (("a", "source" if src_is_a else "copy"), ("b", "copy" if src_is_a else "source")):
                text = arts[pair[side]]["text"]
                spans = [text[p[f"{key}_start"]:p[f"{key}_end"]] for p in link["passages"]]
                first = " ".join(ap[side].split()[:5])
                assert any(first in " ".join(s.split()) for s in spans), ap[side]


def test_incremental_update_compares_new_articles_with_stored_ones(store, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for p in EXAMPLES.glob("00[0-2]_*.txt"):
        (tmp_path / "a" / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    for p in EXAMPLES.glob("00[34]_*.txt"):
        (tmp_path / "b" / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    add([str(tmp_path / "a")], store)
    update(store)
    assert export_data(store)["reuse"] == []
    add([str(tmp_path / "b")], store)
    update(store)
    pairs = _pairs(export_data(store))
    assert frozenset(("001", "004")) in pairs
    assert frozenset(("003", "004")) not in pairs


def _article(aid: str, **kw) -> Article:
    return Article(id=aid, source=aid, text=kw.pop("text", "x"), **kw)


def test_direction_by_dates_then_evidence():
    old = _article("a", published="2022-02-17")
    new = _article("b", published="2022-02-20")
    assert decide(new, old, 100, 100).source == "b"
    d = decide(old, _article("c", page_date="2023-03-31"), 100, 100)
    assert d.source == "a" and 0.5 < d.confidence < 0.95
    assert any("2023-03-31" in e for e in d.evidence)
    assert decide(_article("x"), _article("y"), 100, 100).confidence == 0.5


@pytest.mark.parametrize(("text", "credits", "want"), [
    ("Text.\n\nThe Associated Press contributed to this report.", [], "The Associated Press"),
    ("KYIV (Reuters) - Shells hit.", ["Reuters"], "Reuters"),
    ("According to AFP, shells hit a school.", [], "Agence France-Presse"),
])
def test_credits(text, credits, want):
    assert want in credited_sources(_article("a", text=text, credits=credits))


def test_saving_an_article_again_replaces_its_index_rows_through_an_index(store, tmp_path):
    """Each save first deletes the article's old bands and anchors: by index, not by scanning
    every stored article's rows (that scan made large runs quadratic), and without duplicates."""
    from storytrace.reuse.analysis import ReuseAnalysis

    for p in sorted(EXAMPLES.glob("00[01]_*.txt")):
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    add([str(tmp_path)], store)
    update(store)
    conn = store.conn
    for sql in ("DELETE FROM reuse_anchors WHERE article_id = ?",
                "DELETE FROM reuse_sentences WHERE article_id = ?",
                "DELETE FROM reuse_band_keys WHERE key = ? AND seq = ?"):
        plan = " ".join(str(r[-1]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", (1,) * sql.count("?")))
        assert ("INDEX" in plan or "PRIMARY KEY" in plan) and "SCAN" not in plan, (sql, plan)

    tables = ("reuse_band_keys", "reuse_anchors", "reuse_sentences")
    counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables]
    assert all(counts)
    analysis = ReuseAnalysis()
    aid = store.article_ids()[0]
    article = store.get_article(aid)
    assert article is not None
    analysis.save(store, analysis.prepare(article), [])
    assert [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables] == counts


def test_the_graph_index_finds_the_links_the_exact_one_finds(store, seeds_export, monkeypatch):
    # STORYTRACE_VECTOR_INDEX=hnsw: the approximate close-sentence index (what large stores
    # move to) gives the seeds' real sentence vectors the exact index's close-sentence
    # counts, and the same reuse links
    import numpy as np

    from storytrace.reuse.vectors import HnswSentenceIndex, open_index

    monkeypatch.setenv("STORYTRACE_VECTOR_INDEX", "hnsw")
    add([str(EXAMPLES)], store)
    update(store)
    graph, exact = open_index(store), open_index(store, "exact")
    assert isinstance(graph, HnswSentenceIndex)
    found = 0
    for aid, n, blob in store.query("SELECT article_id, n_sentences, vectors FROM reuse_docs"):
        q = np.frombuffer(blob, dtype=np.float16).reshape(n, -1).astype(np.float32)
        want = [(a, c) for a, c in exact.close_counts(q, 0.75) if a != aid]
        assert [(a, c) for a, c in graph.close_counts(q, 0.75) if a != aid] == want
        found += len(want)
    assert found, "some seed articles share close sentences"
    got = export_data(store)["reuse"]
    key = lambda r: (r["source_id"], r["copy_id"], r["kind"])  # noqa: E731
    assert sorted(map(key, got)) == sorted(map(key, seeds_export["reuse"]))


def test_a_store_aligned_by_an_older_version_is_aligned_again_without_duplicates(seeds_db, seeds_export,
                                                                                 tmp_path):
    """A new reuse version makes every article pending: the next update replaces the old
    links (here emptied, as if an older aligner had found none) with the current ones."""
    import shutil

    from storytrace import open_store
    from storytrace.reuse.analysis import ReuseAnalysis

    db = tmp_path / "old.db"
    shutil.copy(seeds_db, db)
    store = open_store(db)
    try:
        with store.transaction() as conn:
            conn.execute("UPDATE analysis_state SET version = '1' WHERE analysis = 'reuse'")
            conn.execute("DELETE FROM reuse_links")
        assert len(store.pending("reuse", ReuseAnalysis.version)) == 5
        update(store)
        assert store.pending("reuse", ReuseAnalysis.version) == []
        again = export_data(store)["reuse"]
    finally:
        store.close()
    key = [(r["source_id"], r["copy_id"], r["kind"], len(r["passages"])) for r in seeds_export["reuse"]]
    assert sorted((r["source_id"], r["copy_id"], r["kind"], len(r["passages"])) for r in again) == sorted(key)
    assert key, "the seeds hold reuse links"
