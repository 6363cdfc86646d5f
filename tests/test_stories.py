"""Stories: time mentions, features, online clustering (with and without a store), export, CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storytrace.model import Article
from storytrace.pipeline import Context
from storytrace.stories import (
    ClusterSettings,
    MemoryIndex,
    StoriesAnalysis,
    StoryClusterer,
    extract_features,
)
from storytrace.stories.dates import event_weekday, find_time_mentions
from storytrace.stories.metrics import bcubed, cluster_scores, pairwise
from storytrace.stories.storylines import StoryNode, build_storylines

# Two quakes of the same kind (the ECB+ trap) and two reports of each, written for these tests.
QUAKE_A1 = ("A magnitude 6.1 earthquake struck the Indonesian province of Aceh on Tuesday, killing at "
            "least 12 people and destroying hundreds of homes in Bener Meriah, officials said. "
            "Rescuers in Aceh searched collapsed buildings in Bener Meriah through the night.")
QUAKE_A2 = ("Rescue teams in Bener Meriah dug through rubble after Tuesday's 6.1 magnitude quake in Aceh. "
            "Indonesia's disaster agency said 12 people died and hundreds of houses were damaged "
            "in the Aceh highlands.")
QUAKE_B1 = ("A strong earthquake of magnitude 7.4 hit the Mexican state of Guerrero on Friday, shaking "
            "buildings in Acapulco and Mexico City. Officials in Guerrero reported damaged homes "
            "but no deaths. The quake was centred near Acapulco.")
QUAKE_B2 = ("Residents of Acapulco ran into the streets when the 7.4 magnitude quake struck Guerrero on "
            "Friday. Mexico's civil protection agency said homes were damaged in Guerrero and "
            "Acapulco, with no deaths reported.")


def art(text: str, ident: str, published: str | None = None, title: str | None = None) -> Article:
    return Article(id=ident, source=f"{ident}.txt", text=text, published=published, title=title)


# -- time ---------------------------------------------------------------------------
def test_weekdays_resolve_against_the_published_date_only() -> None:
    text = "Russia expelled the diplomat on Thursday. He spoke to Mr Biden yesterday."
    dated = find_time_mentions(text, "2022-02-18")
    assert dated.days["2022-02-17"] == 2  # Thursday before a Friday, and yesterday
    assert dated.event_day == "2022-02-17"
    undated = find_time_mentions(text, None)
    assert undated.event_day is None and not undated.days  # nothing invented
    assert event_weekday(undated) == "thursday"


def test_outright_dates_and_years_are_found() -> None:
    m = find_time_mentions("Lindsay Lohan checks into Betty Ford Center\nMay 03, 2013\nShe was there "
                           "from September 2010 to January 2011.")
    assert m.days["2013-05-03"] == 1
    assert {"2010-09", "2011-01"} <= set(m.months)
    assert {"2013", "2010", "2011"} <= set(m.years)
    assert m.event_day is None  # an outright date is a feature, not the anchored event day


# -- features -----------------------------------------------------------------------
def test_features_are_a_pure_function_with_entities_and_time() -> None:
    a = art(QUAKE_A1, "a1", published="2024-03-07")
    f1, f2 = extract_features(a), extract_features(a)
    assert f1.vector == f2.vector
    assert any(k.startswith("e:") and "aceh" in k for k in f1.vector)
    assert "d:2024-03-05" in f1.vector  # "on Tuesday" before Thursday 7 March
    assert f1.event_day == "2024-03-05" and f1.weekday == "tuesday"


def test_title_counts_more_than_body() -> None:
    body = art(QUAKE_B1, "b1")
    titled = art(QUAKE_B1, "b1", title="Volcano erupts")
    assert "volcano" not in extract_features(body).vector
    assert extract_features(titled).vector["volcano"] > 1.0


# -- clustering core without a store ------------------------------------------------------
def _stream(texts: list[tuple[str, str]], settings: ClusterSettings | None = None) -> tuple[StoryClusterer, list]:
    c = StoryClusterer(MemoryIndex(), settings)
    return c, [c.add(extract_features(art(t, i))) for i, t in texts]


def test_same_kind_different_event_is_kept_apart() -> None:
    c, out = _stream([("a1", QUAKE_A1), ("b1", QUAKE_B1), ("a2", QUAKE_A2), ("b2", QUAKE_B2)])
    story = {a.article_id: a.story_id for a in out}
    assert story["a1"] == story["a2"] != story["b1"] == story["b2"]
    joined = {a.article_id: a for a in out}["a2"]
    assert not joined.new_story and joined.score >= c.settings.threshold
    shared = {x["feature"] for x in joined.shared}
    assert shared & {"aceh", "bener meriah", "6.1"}  # the evidence names the event, not just "quake"


def test_ids_are_stable_and_growth_never_renames() -> None:
    texts = [("a1", QUAKE_A1), ("b1", QUAKE_B1), ("a2", QUAKE_A2)]
    _, first = _stream(texts)
    _, again = _stream(texts)
    assert [a.story_id for a in first] == [a.story_id for a in again]
    _, grown = _stream([*texts, ("b2", QUAKE_B2)])
    assert [a.story_id for a in grown[:3]] == [a.story_id for a in first]
    assert first[0].story_id == "s-a1"


def test_different_weekdays_discount_a_match() -> None:
    base = ClusterSettings(weekday_penalty=1.0)
    strict = ClusterSettings(weekday_penalty=0.5)
    monday = QUAKE_A2.replace("Tuesday", "Monday")
    c = StoryClusterer(MemoryIndex(), base)
    c.add(extract_features(art(QUAKE_A1, "a1")))
    story = next(iter(c.index.stories.values()))
    f = extract_features(art(monday, "m1"))
    assert StoryClusterer(c.index, strict).score(f, story) == pytest.approx(0.5 * c.score(f, story))


BRIDGE = ("Aceh officials said the Tuesday quake of magnitude 6.1 killed 12 people in Bener Meriah, "
          "where rescuers dug through rubble of damaged houses.")


def _two_quake_a_stories(published: str | None) -> MemoryIndex:
    idx = MemoryIndex()
    strict = StoryClusterer(idx, ClusterSettings(threshold=0.99, content_floor=0.99))  # keeps the two apart
    strict.add(extract_features(art(QUAKE_A1, "a1", published=published)))
    strict.add(extract_features(art(QUAKE_A2, "a2", published=published)))
    assert len(idx.stories) == 2
    return idx


def test_a_bridging_article_merges_two_stories_into_the_older() -> None:
    idx = _two_quake_a_stories("2024-03-06")
    placed = StoryClusterer(idx, ClusterSettings(merge_threshold=0.2)).add(
        extract_features(art(BRIDGE, "a3", published="2024-03-06")))
    assert placed.merged is not None
    assert (placed.merged.kept, placed.merged.absorbed) == ("s-a1", "s-a2")
    assert placed.merged.shared and "matched both stories" in placed.merged.reason
    assert list(idx.stories) == ["s-a1"] and sorted(idx.stories["s-a1"].article_ids) == ["a1", "a2", "a3"]


# Two unrelated reports published the same day, both about "Tuesday" (the trap seen on a real
# stream: same-day pages about different events joined on the day alone). Written for these tests.
AUTO = ("Volkswagen unveiled the ID Space Vizzion, an electric station wagon concept, at the Los Angeles "
        "Auto Show on Tuesday. The carmaker said the wagon would reach showrooms in 2021 with a range of "
        "about 300 miles, and Audi showed its e-tron Sportback coupe on the same stand.")
DEBATE = ("Ten Democratic presidential candidates meet on the debate stage in Atlanta on Tuesday night. "
          "Elizabeth Warren and Pete Buttigieg are expected to face questions about health care, and "
          "Joe Biden will try to hold on to his support among African American voters.")


def test_a_shared_day_never_joins_articles_that_share_no_content() -> None:
    def second(settings: ClusterSettings):
        c = StoryClusterer(MemoryIndex(), settings)
        c.add(extract_features(art(AUTO, "auto", published="2019-11-20")))
        return c.add(extract_features(art(DEBATE, "debate", published="2019-11-20")))

    old = second(ClusterSettings(content_floor=0.0))  # time adding to any score, as before
    assert not old.new_story and old.content < 0.05  # joined by the day alone
    placed = second(ClusterSettings())
    assert placed.new_story and placed.story_id == "s-debate"


def test_time_breaks_ties_only_above_the_content_floor() -> None:
    c = StoryClusterer(MemoryIndex())
    c.add(extract_features(art(QUAKE_A1, "a1", published="2024-03-07")))
    placed = c.add(extract_features(art(QUAKE_A2, "a2", published="2024-03-07")))
    assert not placed.new_story and placed.content >= c.settings.content_floor
    assert placed.time > 0 and placed.score == pytest.approx(placed.content + placed.time, abs=1e-3)
    assert "day" in {x["kind"] for x in placed.shared}  # the day is part of the evidence here


def test_an_undated_article_never_merges_two_stories() -> None:
    idx = _two_quake_a_stories(None)
    placed = StoryClusterer(idx, ClusterSettings(merge_threshold=0.2)).add(extract_features(art(BRIDGE, "a3")))
    assert not placed.new_story and placed.merged is None  # it joins one story, and bridges nothing
    assert len(idx.stories) == 2


def test_an_undated_member_far_from_a_dated_story_is_attached_not_matched() -> None:
    c = StoryClusterer(MemoryIndex())
    c.add(extract_features(art(QUAKE_A1, "a1", published="2024-03-07")))
    before = dict(c.index.stories["s-a1"].centroid)
    far = QUAKE_A2 + " " + QUAKE_B1  # the Aceh quake, and much about another one
    placed = c.add(extract_features(art(far, "u1")))
    assert placed.story_id == "s-a1" and placed.score < c.settings.undated_core and placed.attached
    story = c.index.stories["s-a1"]
    assert story.centroid == before and story.article_ids == ["a1", "u1"]
    # what only the undated member talked about does not pull the other quake in
    other = c.add(extract_features(art(QUAKE_B2, "b2", published="2024-03-07")))
    assert other.new_story


def test_lone_digits_are_not_number_features() -> None:
    f = extract_features(art("The Islanders beat the Penguins 5-4 in overtime; Nelson scored 2 goals "
                             "and 15,000 fans watched.", "h1"))
    numbers = {k for k in f.vector if k.startswith("n:")}
    assert "n:15000" in numbers and not numbers & {"n:5", "n:4", "n:2"}


def test_a_year_is_a_time_feature_not_a_number() -> None:
    f = extract_features(art("The Doobie Brothers will tour in 2020 with 30 shows.", "y1"))
    assert "y:2020" in f.vector and "n:2020" not in f.vector and "n:30" in f.vector


def test_the_store_backend_decides_as_the_memory_backend(store) -> None:
    from storytrace.stories.persist import SqliteIndex

    texts = [("a1", QUAKE_A1), ("b1", QUAKE_B1), ("a2", QUAKE_A2), ("b2", QUAKE_B2)]
    _, in_memory = _stream(texts)
    on_disk = []
    for ident, text in texts:
        feats = extract_features(art(text, ident))
        with store.transaction() as conn:
            on_disk.append(StoryClusterer(SqliteIndex(conn)).add(feats))
    assert [(a.story_id, a.score) for a in on_disk] == [(a.story_id, a.score) for a in in_memory]


def test_postings_stay_capped() -> None:
    idx = MemoryIndex(postings_cap=3)
    for i in range(10):
        idx.add_postings(["quake"], f"s-{i}")
    assert idx.postings("quake") == ["s-9", "s-8", "s-7"]


# -- metrics ----------------------------------------------------------------------------
def test_scores_on_a_known_clustering() -> None:
    gold = ["x", "x", "y", "y"]
    assert bcubed(gold, ["1", "1", "2", "2"]) == (1.0, 1.0, 1.0)
    p, r, f = bcubed(gold, ["1", "1", "1", "1"])
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    assert pairwise(gold, ["1", "1", "1", "1"])[0] == pytest.approx(2 / 6)
    assert cluster_scores(gold, ["1", "1", "2", "2"])["ari"] == 1.0


# -- storylines -------------------------------------------------------------------------
def test_storylines_link_by_entities_within_the_window() -> None:
    ents = {"russia": 3.0, "ukraine": 3.0, "biden": 2.0}
    nodes = [StoryNode("s-b", "2022-02-17", "2022-02-17", ents),
             StoryNode("s-a", "2022-02-13", "2022-02-13", ents),
             StoryNode("s-far", "2023-06-01", "2023-06-01", ents),
             StoryNode("s-other", "2022-02-15", "2022-02-15", {"aceh": 3.0, "indonesia": 2.0})]
    lines = build_storylines(nodes)
    assert len(lines) == 1 and lines[0].story_ids == ["s-a", "s-b"]
    assert lines[0].links[0]["days_apart"] == 4


# -- the analysis over the store ----------------------------------------------------------
def _groups(export: dict) -> set[frozenset[str]]:
    src = {a["id"]: Path(a["source"]).name for a in export["articles"]}
    return {frozenset(src[i] for i in s["article_ids"]) for s in export["stories"]}


def test_seed_stories_match_gold(seeds_export, gold) -> None:
    assert _groups(seeds_export) == {frozenset(g["articles"]) for g in gold["stories"].values()}
    lines = seeds_export["storylines"]
    assert len(lines) == 1
    by_id = {s["id"]: s for s in seeds_export["stories"]}
    src = {a["id"]: Path(a["source"]).name for a in seeds_export["articles"]}
    order = [sorted(src[i] for i in by_id[sid]["article_ids"]) for sid in lines[0]["story_ids"]]
    gold_order = [sorted(gold["stories"][g]["articles"]) for g in gold["storyline"]["stories_in_order"]]
    assert order == gold_order


def test_every_member_carries_its_evidence(seeds_export) -> None:
    for s in seeds_export["stories"]:
        assert s["label"] and s["entities"]
        assert [e["article_id"] for e in s["evidence"]] == s["article_ids"]
        for e in s["evidence"]:
            assert e["founded_story"] or (e["score"] > 0 and e["shared"])
            # content alone reached the bar; time only ranked the stories that passed on content
            assert e["founded_story"] or e["content_score"] >= ClusterSettings().content_floor
    art_story = {a["id"]: a.get("story_id") for a in seeds_export["articles"]}
    assert all(art_story.values())


def test_incremental_update_gives_the_same_stories(store, examples_dir, tmp_path, seeds_export) -> None:
    """Two runs (2 articles, then 3 more) place articles as one run over all five does."""
    from storytrace.ingest import ingest

    files = sorted(examples_dir.glob("*.txt"))
    analysis, ctx = StoriesAnalysis(), Context()
    for n, batch in enumerate((files[:2], files[2:])):
        folder = tmp_path / f"batch{n}"
        folder.mkdir()
        for f in batch:
            shutil.copy(f, folder / f.name)
        ingest(store, [str(folder)])
        pending = store.pending(analysis.name, analysis.version)
        assert len(pending) == len(batch)  # only the new articles are processed
        analysis.update(store, pending, ctx)
        store.mark_done(analysis.name, analysis.version, pending)
    assert not ctx.errors
    export = {"articles": [{"id": a.id, "source": a.source} for a in store.iter_articles()],
              **analysis.export(store)}
    assert _groups(export) == _groups(seeds_export)
    assert {s["id"] for s in export["stories"]} == {s["id"] for s in seeds_export["stories"]}


def test_a_new_version_replaces_the_old_stories(store, examples_dir, seeds_export) -> None:
    """Placed articles are never moved, so a version bump must clear the old stories first."""
    from storytrace.ingest import ingest

    ingest(store, [str(examples_dir)])
    old = StoriesAnalysis()
    old.version = "1"
    old.update(store, store.pending("stories", "1"), Context())
    with store.transaction() as conn:  # a story no current version would make
        conn.execute("UPDATE story_articles SET story_id = 's-stale'")
    new = StoriesAnalysis()
    ctx = Context()
    new.update(store, store.pending(new.name, new.version), ctx)
    assert not ctx.errors
    export = {"articles": [{"id": a.id, "source": a.source} for a in store.iter_articles()],
              **new.export(store)}
    assert _groups(export) == _groups(seeds_export)
    again = store.query("SELECT count(*) FROM story_articles")[0][0]
    new.update(store, [], Context())  # same version: nothing is cleared
    assert store.query("SELECT count(*) FROM story_articles")[0][0] == again == 5
    # the Spark engine places articles without update: place checks the version too
    old.update(store, [], Context())  # another version clears the stories and places every article again
    assert store.query("SELECT value FROM stories_counters WHERE name = 'version'")[0][0] == 1
    first = next(store.iter_articles())
    new.place(store, first, extract_features(first))
    assert store.query("SELECT count(*) FROM story_articles")[0][0] == 1
    version = store.query("SELECT value FROM stories_counters WHERE name = 'version'")[0][0]
    assert str(version) == new.version


def test_cli_stories_json(seeds_export, tmp_path, examples_dir) -> None:
    from typer.testing import CliRunner

    from storytrace import open_store
    from storytrace.cli import app
    from storytrace.ingest import ingest

    db = tmp_path / "cli.db"
    s = open_store(db)
    ingest(s, [str(examples_dir)])
    s.close()
    res = CliRunner().invoke(app, ["stories", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert len(data["stories"]) == 3 and len(data["storylines"]) == 1
    one = CliRunner().invoke(app, ["stories", "--db", str(db), "--story", data["stories"][0]["id"]])
    assert one.exit_code == 0 and "opened the story" in one.output


def test_store_postings_stay_capped(store) -> None:
    from storytrace.stories.persist import SqliteIndex

    with store.transaction() as conn:
        idx = SqliteIndex(conn, postings_cap=3)
        for i in range(10):
            idx.add_postings(["quake", "aceh"], f"s-{i}")
        assert idx.postings("quake") == ["s-9", "s-8", "s-7"]
        assert conn.execute("SELECT count(*) FROM stories_postings").fetchone()[0] == 6


def test_label_is_a_lead_sentence_that_carries_the_story() -> None:
    from storytrace.stories.label import lead_sentences, pick_label

    text = ("-0.1 C\nMinnesota\n\nA magnitude 6.1 earthquake struck Aceh on Tuesday, killing 12 people. "
            "Officials spoke to reporters.\n\nThe weather was mild across the region all week long.")
    leads = lead_sentences(text, 2)
    assert leads == ["A magnitude 6.1 earthquake struck Aceh on Tuesday, killing 12 people.",
                     "The weather was mild across the region all week long."]
    assert pick_label(leads, {"earthquake": 2.0, "aceh": 3.0, "kill": 1.0}) == leads[0]
    assert len(pick_label(["word " * 60], {"word": 1.0})) <= 142


# -- the stream benchmark's judgement --------------------------------------------------------
def test_stream_benchmark_judges_page_stories_by_event_and_topic() -> None:
    from conftest import load_benchmark

    bench = load_benchmark("stream_stories")
    labels = {"page-a.html": {"event": "auto-show", "topics": ["auto-show"]},
              "page-b.html": {"event": "auto-show", "topics": ["auto-show"]},
              "page-c.html": {"event": "wework-layoffs", "topics": ["wework"]},
              "page-d.html": {"event": "wework-inquiry", "topics": ["wework"]},
              "page-e.html": {"event": "debate-preview", "topics": ["primary"]}}
    assert bench.judge_pages(["page-a.html", "page-b.html"], labels) == "same_event"
    assert bench.judge_pages(["page-c.html", "page-d.html"], labels) == "related"
    assert bench.judge_pages(["page-a.html", "page-b.html", "page-e.html"], labels) == "unrelated"
    assert bench.judge_pages(["page-a.html", "page-x.html"], labels) == "unlabelled"
    export = {"articles": [{"id": c, "source": f"/s/page-{c}.html"} for c in "abe"]
              + [{"id": "k", "source": "/s/ecb-1_1ecb.txt"}, {"id": "p", "source": "/s/polnear-x_2016-09-01_a.txt"}],
              "stories": [{"id": "s-1", "article_ids": ["a", "b", "e"]}, {"id": "s-2", "article_ids": ["k", "p"]}]}
    members = bench.story_members(export)
    report = bench.page_report(members, labels)
    assert (report["multi_page_stories"], report["unrelated"]) == (1, 1)
    assert {bench.collection(n) for n in members["s-2"]} == {"ecb", "polnear"}
