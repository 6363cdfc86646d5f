"""Figure extraction on written text and on the example articles; series and conflicts."""

from __future__ import annotations

import pytest

from storytrace.figures.extract import Figure, extract_figures
from storytrace.figures.numbers import find_numbers, words_to_number
from storytrace.figures.series import build_series
from storytrace.model import Article
from storytrace.nlp import parse


def _figs(text: str, published: str | None = "2022-02-17", outlet: str | None = "Daily Test") -> list[Figure]:
    a = Article(id="t1", source="t", text=text, published=published, outlet=outlet)
    return extract_figures(a, parse(text))


@pytest.mark.parametrize(
    ("text", "value", "high", "unit", "qual"),
    [
        ("more than 127,000 troops", 127000, None, None, "more than"),
        ("up to 7,000.", 7000, None, None, "up to"),
        ("around 60% of forces", 60, None, "%", "around"),
        ("a $1.2 billion deal", 1.2e9, None, "USD", None),
        ("between 5 and 10 million people", 5e6, 1e7, None, "between"),
        ("twenty-five thousand people", 25000, None, None, None),
        ("rose 3.5 percent", 3.5, None, "%", None),
        ("£40m loan", 4e7, None, "GBP", None),
    ],
)
def test_numbers(text: str, value: float, high: float | None, unit: str | None, qual: str | None) -> None:
    n = find_numbers(text)[0]
    assert (n.value, n.value_high, n.unit, n.qualifier) == (value, high, unit, qual)


def test_words_to_number() -> None:
    assert words_to_number("two hundred and fifty thousand") == 250000
    assert words_to_number("banana") is None


def test_extracts_object_owner_place_claimant() -> None:
    text = ("The latest assessment from Ukraine's Defense Ministry found that Russia has deployed "
            "more than 127,000 troops near Ukraine's borders.")
    (f,) = _figs(text)
    assert (f.value, f.qualifier, f.object, f.owner) == (127000, "more than", "troops", "Russia")
    assert "Defense Ministry" in (f.claimant or "") and f.claimant_from == "claim-verb"
    assert f.as_of == "2022-02-17"


def test_dates_ages_and_identifiers_are_not_figures() -> None:
    text = ("On February 17, 2022, at 3 p.m., the 45-year-old minister spoke for 80 minutes about "
            "Article 5 and the G7 since 2014.")
    assert _figs(text) == []


def test_detokenised_times_and_dates_are_not_figures() -> None:
    text = "PUBLISHED: THURSDAY, MAY 2, 2013, 1: 32 PM. Posted 8 / 2 / 13. Police made 86 arrests around 7 p. m. Friday."
    assert [f.value for f in _figs(text)] == [86]


def test_according_to_and_quotes() -> None:
    text = ('"We have seen the opposite," said Defence Secretary Ben Wallace. "We have seen an increase of '
            'troops over the last 48 hours, up to 7,000."\n\nShells wounded two teachers, according to the military command.')
    f1, f2 = _figs(text)
    assert f1.claimant == "Ben Wallace" and f1.claimant_from == "quote" and f1.predicate == "increase"
    assert f2.claimant == "the military command" and f2.predicate == "injured" and f2.value == 2


def test_outlet_is_the_fallback_claimant() -> None:
    (f,) = _figs("An estimated 150,000 Russian troops are stationed near Ukraine's borders.")
    assert (f.claimant, f.claimant_from, f.place, f.owner) == ("Daily Test", "outlet", "Ukraine", "Russia")


def test_previously_cited_figure_is_dated_before() -> None:
    text = ("A US official updated the estimate for how many Russian forces are staged near Ukraine's borders "
            "to more than 130,000, up from the more than 100,000 the US has previously cited publicly.")
    new, old = _figs(text, published="2022-02-13")
    assert new.as_of == "2022-02-13" and new.claimant == "A US official"
    assert old.as_of is None and old.as_of_latest == "2022-02-13" and old.claimant == "the US"
    assert new.object == old.object == "Russian forces"


def _fig(aid: str, value: float, obj: str, as_of: str | None, qual: str | None = None, **kw) -> Figure:
    kw.setdefault("claimant", f"Source {aid}")
    kw.setdefault("evidence", {"object": "syntax"})
    kw.setdefault("verb", "mass")
    return Figure(aid, 0, 1, f"{value:,.0f}", value, qualifier=qual, object=obj, object_head=obj.split()[-1],
                  as_of=as_of, as_of_earliest=as_of, as_of_latest=as_of, **kw)


def test_series_order_conflicts_and_details() -> None:
    figs = [
        _fig("a", 150000, "Russian troops", "2022-02-17", owner="Russia"),
        _fig("b", 100000, "Russian troops", None, "more than", owner="Russia"),
        _fig("c", 90000, "Russian troops", "2022-02-17", owner="Russia"),
        _fig("d", 2, "civilians", "2022-02-17", predicate="injured"),
        _fig("e", 2, "teachers", "2022-02-17", predicate="injured"),
        _fig("f", 3000000, "people", "2022-02-17"),
    ]
    figs[1].as_of_latest = "2022-02-13"
    series = {s.key[0]: s for s in build_series(figs)}
    troops = series["troops"]
    assert [m.value for m in troops.members] == [100000, 150000, 90000]  # same day: article order
    assert len(troops.conflicts) == 1 and "cannot both hold" in troops.conflicts[0]["reason"]
    people = series["people"]
    assert people.conflicts == [] and len(people.details) == 1
    assert all(m.value != 3000000 for m in people.members)  # a population is not a casualty count


def test_hedged_figures_do_not_conflict() -> None:
    figs = [_fig("a", 130000, "Russian troops", "2022-02-13", "more than", owner="Russia"),
            _fig("b", 150000, "Russian troops", "2022-02-13", "about", owner="Russia")]
    (s,) = build_series(figs)
    assert s.conflicts == []


def test_seed_troop_series_in_time_order(seeds_export, gold) -> None:
    figs = {f["id"]: f for f in seeds_export["figures"]}
    want = [f["value"] for f in gold["figures"]["russian_troops_near_ukraine"]]
    series = [s for s in seeds_export["figure_series"]
              if sum(figs[m]["value"] in want for m in s["members"]) >= 3]
    assert len(series) == 1
    assert [figs[m]["value"] for m in series[0]["members"]] == want
    assert series[0]["conflicts"] == []


def test_seed_other_figures_and_evidence(seeds_export, seeds_by_name, gold) -> None:
    ids = {a["id"]: name for name, a in seeds_by_name.items()}
    got = {(ids[f["article_id"]], f["value"]) for f in seeds_export["figures"]}
    for g in gold["figures"]["other"]:
        assert (g["article"], g["value"]) in got
    for f in seeds_export["figures"]:
        text = seeds_by_name[ids[f["article_id"]]]["text"]
        assert text[f["start"] : f["end"]] == f["text"]
        assert f["evidence"]["sentence"] in text


def test_seed_timeline_is_ordered_with_sources(seeds_export) -> None:
    tl = seeds_export["timeline"]
    assert tl and [e["date"] for e in tl] == sorted(e["date"] for e in tl)
    days = {e["date"] for e in tl}
    assert {"2022-02-13", "2022-02-17"} <= days
    assert all(e["article_ids"] and e["event"] for e in tl)


def test_quotes_layer_speaker_only_where_no_source_was_found() -> None:
    from storytrace.figures.analysis import _apply_quote_speakers

    outlet = _fig("a", 2, "civilians", "2022-02-17", claimant="Daily Test", claimant_from="outlet")
    outlet.start, outlet.end = 50, 53
    _apply_quote_speakers(outlet, [(40, 90, "Ukrainian military command", "a-q1")])
    assert (outlet.claimant, outlet.claimant_from) == ("Ukrainian military command", "quotes-layer")
    ours = _fig("a", 7000, "troops", "2022-02-17", claimant="Ben Wallace", claimant_from="according-to")
    ours.start, ours.end = 50, 55
    _apply_quote_speakers(ours, [(40, 90, "British officials", "a-q2")])
    assert ours.claimant == "Ben Wallace" and "a-q2" in ours.evidence["quote"]
    vague = _fig("a", 14000, "people", None, claimant=None, claimant_from="none")
    vague.start, vague.end = 50, 56
    _apply_quote_speakers(vague, [(40, 90, "scene of warfare", "a-q3")])
    assert vague.claimant is None
