"""The SQLite store: migrations, idempotent adds, flags, FTS5, bookkeeping."""

from __future__ import annotations

import sqlite3

import pytest

from storytrace import Article, Flag, Store, StoreError
from storytrace.articles import content_hash
from storytrace.store import Migration


def _article(text: str, source: str = "a.txt", url: str | None = None) -> Article:
    h = content_hash(text)
    return Article(id=h[:12], source=source, text=text, url=url, content_hash=h,
                   word_count=len(text.split()), title=text.split(".")[0])


def test_migrations_are_recorded_once(tmp_path):
    path = tmp_path / "s.db"
    extra = [Migration("test-001", "CREATE TABLE t (x INTEGER);")]
    with Store(path, migrations=extra) as s:
        names = {r[0] for r in s.query("SELECT name FROM _migrations")}
        assert {"core-001-articles", "test-001"} <= names
    with Store(path, migrations=extra) as s:  # reopening applies nothing twice
        assert s.migrate(extra) == []
        assert s.query("SELECT count(*) FROM _migrations WHERE name = 'test-001'")[0][0] == 1


def test_add_is_idempotent_by_text_and_url(store):
    run = store.start_run("add")
    a = _article("Russia expelled the deputy chief of mission on Thursday.", url="https://x.test/1")
    assert store.add_article(a, run) == ("added", a.id)
    # same text with other whitespace and case: the same article
    b = _article("russia  expelled the Deputy Chief of Mission on Thursday.", source="b.txt")
    assert store.add_article(b, run) == ("skipped", a.id)
    # other text at the same URL: the same article
    c = _article("A different text entirely.", source="c.txt", url="https://x.test/1")
    assert store.add_article(c, run) == ("skipped", a.id)
    assert store.count_articles() == 1
    items = store.run_items(run)
    assert [(i["status"], i["duplicate_of"]) for i in items] == [
        ("added", None), ("skipped", a.id), ("skipped", a.id)]


def test_article_roundtrip_keeps_metadata(store):
    a = _article("Biden said Thursday that every indication points to an attack.")
    a.authors, a.credits, a.published = ["Jeremy Herb"], ["The Associated Press"], "2022-02-17"
    a.flags = [Flag("embedded-social-post", {"start": 1, "end": 5})]
    store.add_article(a)
    back = store.get_article(a.id)
    assert back is not None
    assert (back.authors, back.credits, back.published) == (a.authors, a.credits, "2022-02-17")
    assert [f.kind for f in back.flags] == ["embedded-social-post"]


def test_full_text_search_survives_fts_syntax(store):
    store.add_article(_article("Stoltenberg said a battle tank on a train proves nothing."))
    store.add_article(_article("Kirby said forty thousand troops are on alert."))
    hits = store.search("battle tank")
    assert len(hits) == 1 and "[tank]" in hits[0]["snippet"]
    assert isinstance(store.search('tank" OR ( NEAR'), list)  # user input is never FTS syntax
    assert store.search("") == []


def test_flags_replace_only_their_own_source(store):
    a = _article("Some article text about shelling in Luhansk.")
    a.flags = [Flag("embedded-social-post")]
    store.add_article(a)
    store.set_flags("figures", a.id, [Flag("stale", {"page_date": "2023-03-31"})])
    store.set_flags("figures", a.id, [Flag("mt-artefacts")])
    kinds = sorted(f.kind for f in store.flags(a.id))
    assert kinds == ["embedded-social-post", "mt-artefacts"]


def test_pending_and_mark_done(store):
    ids = []
    for t in ("First text here.", "Second text here.", "Third text here."):
        a = _article(t)
        store.add_article(a)
        ids.append(a.id)
    assert store.pending("stories", "1") == ids
    store.mark_done("stories", "1", ids[:2])
    assert store.pending("stories", "1") == ids[2:]
    assert store.pending("stories", "2") == ids  # a new version makes everything pending


def test_transaction_rolls_back(store):
    a = _article("Text that will not be stored.")
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')")
        raise RuntimeError("boom")
    assert store.get_meta("k") is None
    assert store.count_articles() == 0 and a.id


def test_not_a_store_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"bad\.db"):
        Store(bad)


def test_readonly_store_refuses_writes(tmp_path):
    path = tmp_path / "ro.db"
    with Store(path) as s:
        s.add_article(_article("Stored before opening read-only."))
    ro = Store(path, readonly=True)
    assert ro.count_articles() == 1
    with pytest.raises(sqlite3.OperationalError):
        ro.conn.execute("DELETE FROM articles")
    ro.close()
