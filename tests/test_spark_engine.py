"""The Spark engine gives the embedded engine's answers (Spark local[2], Java 17 needed).

One Spark session serves the module. The comparisons are whole export
sections: articles, reuse links, quotes and quote groups must be equal; stories
are equal too here, because both engines place articles in the same input order.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import EXAMPLES, shared_path

pyspark = pytest.importorskip("pyspark", reason="the spark extra is not installed")

if shutil.which("java") is None:
    if os.environ.get("CI"):  # in CI a missing Java is a failure, not a skip
        pytest.fail("Spark needs Java 17 and .ci/install-system.sh did not install it", pytrace=False)
    pytest.skip("Spark needs Java 17 (.ci/run installs it)", allow_module_level=True)

SAME = ("articles", "reuse", "provenance", "quotes", "quote_groups", "stories", "storylines",
        "figures", "figure_series", "timeline")


@pytest.fixture(scope="module")
def spark():
    from storytrace.engines.spark import session

    s = session("local[2]", partitions=4)
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def _embedded(sources: list[str], db: Path) -> dict:
    from storytrace import analyze, export_data, open_store

    store = open_store(db)
    try:
        analyze(sources, store, report=None)
        return export_data(store)
    finally:
        store.close()


def _spark(spark, sources: list[str], db: Path, out: Path | None = None):
    from storytrace import export_data, open_store
    from storytrace.engines.spark import run

    res = run(sources, db, spark=spark, partitions=4, out=str(out) if out else None)
    store = open_store(db)
    try:
        return res, export_data(store)
    finally:
        store.close()


def test_seeds_same_answers_and_parquet_round_trip(spark, seeds_export, tmp_path):
    res, data = _spark(spark, [str(EXAMPLES)], tmp_path / "spark.db", tmp_path / "out")
    assert res.ok and len(res.ingest.added) == 5
    for section in SAME:
        assert data[section] == seeds_export[section], section
    assert data["reuse"], "the seeds hold reuse"
    assert any(m["status"] == "altered" for g in data["quote_groups"] for m in g["members"])

    # The Parquet export is in the export schema (nested values as JSON text) ...
    import pyarrow.parquet as pq

    manifest = json.loads(pq.read_table(tmp_path / "out" / "manifest").to_pylist()[0]["manifest"])
    reuse = pq.read_table(tmp_path / "out" / "export" / "reuse").to_pylist()
    assert {"source_id", "copy_id", "kind", "share", "direction_confidence", "credited",
            "passages"} <= set(reuse[0])
    assert "passages" in manifest["export"]["reuse"]["json_columns"]
    assert [json.loads(r["passages"]) for r in reuse] == [r["passages"] for r in data["reuse"]]

    # ... and `load` rebuilds a store that exports the same and can be searched.
    from storytrace import export_data, open_store
    from storytrace.engines.load import load_parquet

    store = open_store(tmp_path / "loaded.db")
    try:
        counts = load_parquet(tmp_path / "out", store)
        assert counts["articles"] == 5
        loaded = export_data(store)
        assert store.search("Stoltenberg")
    finally:
        store.close()
    for section in SAME:
        assert loaded[section] == data[section], section


def test_load_refuses_a_store_that_holds_articles(spark, seeds_db, tmp_path):
    from storytrace import open_store
    from storytrace.engines.load import load_parquet
    from storytrace.errors import StorytraceError

    _spark(spark, [str(EXAMPLES / "000_reuters_2022-02-15.txt")], tmp_path / "one.db", tmp_path / "out")
    copy = tmp_path / "full.db"
    shutil.copy(seeds_db, copy)
    store = open_store(copy)
    try:
        with pytest.raises(StorytraceError, match="new store"):
            load_parquet(tmp_path / "out", store)
    finally:
        store.close()


def test_bad_input_and_duplicates_are_recorded_and_the_batch_goes_on(spark, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(EXAMPLES.glob("00[01]*.txt")):
        shutil.copy(f, src / f.name)
    shutil.copy(next(EXAMPLES.glob("000*.txt")), src / "zz_same_text_again.txt")
    (src / "broken.json").write_text('{"title": "no text", ', encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    res, data = _spark(spark, [str(src), "https://example.org/x"], tmp_path / "s.db")
    assert len(res.ingest.added) == 2
    reasons = dict(res.ingest.failed)
    assert set(reasons) == {str(src / "broken.json"), str(src / "empty.txt"), "https://example.org/x"}
    assert "empty" in reasons[str(src / "empty.txt")]
    assert "embedded engine" in reasons["https://example.org/x"]
    assert [s for s, _ in res.ingest.skipped] == [str(src / "zz_same_text_again.txt")]
    emb = _embedded([str(src)], tmp_path / "e.db")
    assert [a["id"] for a in data["articles"]] == [a["id"] for a in emb["articles"]]


def test_spark_refuses_a_store_that_holds_articles(spark, seeds_db, tmp_path):
    from storytrace.engines.spark import run
    from storytrace.errors import StoreError

    copy = tmp_path / "full.db"
    shutil.copy(seeds_db, copy)
    with pytest.raises(StoreError, match="new store"):
        run([str(EXAMPLES)], copy, spark=spark)


def test_block_comparison_is_the_embedded_engines_exact_test():
    """Close-sentence counts from block matrix products equal a direct pair-by-pair count."""
    from types import SimpleNamespace

    from storytrace.engines.spark import _block, _close_pairs
    from storytrace.reuse.analysis import EMBED_COSINE, query_sentences, stored_vectors
    from storytrace.reuse.text import sentences

    rng = np.random.default_rng(3)
    text = " ".join(f"Officials in city number {i} said the talks would resume on Monday." for i in range(6))
    ss = sentences(text)
    base = rng.standard_normal((len(ss), 384)).astype(np.float32)
    rows = []
    for ord_ in range(6):
        v = base + rng.standard_normal(base.shape).astype(np.float32) * (0.3 if ord_ % 2 else 1.5)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        rows.append((ord_, (None, SimpleNamespace(reuse=SimpleNamespace(sentences=ss, vectors=v)))))
    left, right = _block(rows[:3]), _block(rows[3:])
    got = {(a, b): n for a, b, n in [*_close_pairs(((0, left), (1, right))), *_close_pairs(((0, left), (0, left)))]}
    want = {}
    q = query_sentences(ss)
    for a in range(6):
        for b in range(a + 1, 6):
            if (a < 3) != (b < 3) or b < 3:
                va, vb = rows[a][1][1].reuse.vectors, rows[b][1][1].reuse.vectors
                n = int(((vb[q] @ stored_vectors(va).T).max(axis=1) >= EMBED_COSINE).sum())
                if n >= 1:  # every count: candidate_score decides what makes a candidate
                    want[(a, b)] = n
    assert want and got == want


def _planted(text: str, rng: random.Random) -> str:
    """A light rewrite: one sentence in five dropped, a few words swapped for near synonyms."""
    swaps = {"said": "stated", "says": "states", "police": "officers", "told": "informed",
             "after": "following", "before": "prior to", "about": "around", "people": "persons"}
    sents = re.split(r"(?<=[.!?])\s+", text)
    kept = [s for i, s in enumerate(sents) if i % 5 != 3 or len(sents) < 4]
    out = " ".join(kept)
    for a, b in swaps.items():
        if rng.random() < 0.7:
            out = re.sub(rf"\b{a}\b", b, out)
    return out


@pytest.mark.slow
@pytest.mark.shared
def test_a_few_hundred_real_articles_same_answers(spark, tmp_path):
    """180 ECB+ articles and 20 planted rewrites of them: both engines give the same results."""
    path = shared_path("data", "ecbplus", "dev.jsonl")
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(7)
    docs = rng.sample(docs, 180)
    rows = [{"id": d["doc_id"], "title": None, "text": d["text"], "url": d["url"]} for d in docs]
    for i, d in enumerate(rng.sample(docs, 20)):
        rows.append({"id": f"planted-{i}", "text": _planted(d["text"], rng),
                     "url": f"https://copies.example/{i}", "planted_from": d["doc_id"]})
    src = tmp_path / "ecb.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    emb = _embedded([str(src)], tmp_path / "e.db")
    res, data = _spark(spark, [str(src)], tmp_path / "s.db")
    assert res.ok or not res.context.errors
    assert len(data["articles"]) == len(emb["articles"]) >= 195
    for section in ("articles", "reuse", "quotes", "quote_groups"):
        assert data[section] == emb[section], section
    # the planted copies are found (a check on the data, not only on equality)
    by_source = {a["source"]: a["id"] for a in data["articles"]}
    original = {by_source.get(f"{src}#{i + 1}"): r for i, r in enumerate(rows)}
    linked = {frozenset((lk["source_id"], lk["copy_id"])) for lk in data["reuse"]}
    planted = [(aid, r) for aid, r in original.items() if aid and "planted_from" in r]
    ids_by_doc = {r["id"]: aid for aid, r in original.items() if aid}
    found = sum(frozenset((aid, ids_by_doc.get(r["planted_from"]))) in linked for aid, r in planted)
    assert found >= 0.9 * len(planted)


def test_local_workers_run_this_interpreter_without_an_activated_venv(tmp_path):
    """`.venv/bin/storytrace --engine spark` works with a bare PATH: workers must not run `python3`."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from storytrace.engines.spark import session\n"
            "s = session('local[1]')\n"
            "s.sparkContext.setLogLevel('ERROR')\n"
            "print('worker prefix', s.sparkContext.parallelize([0], 1)"
            ".map(lambda _: __import__('sys').prefix).collect()[0] == sys.prefix)\n"
            "s.stop()\n")
    java_dir = os.path.dirname(os.path.realpath(shutil.which("java") or "java"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYSPARK_PYTHON", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([java_dir, "/usr/bin", "/bin"])
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "worker prefix True" in out.stdout
