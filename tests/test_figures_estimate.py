"""Estimated dates for undated articles: bounds from story, storyline and figure series, narrowed by weekday."""

from __future__ import annotations

from datetime import date

from storytrace import add, export_data, open_store, update
from storytrace.figures.dates import sentence_around
from storytrace.figures.estimate import (
    Bound,
    combine_bounds,
    relative_structure,
    series_bounds,
    storyline_bound,
)
from storytrace.figures.extract import Figure
from storytrace.figures.series import build_series

D = date.fromisoformat


def test_weekday_and_a_bound_within_a_week_give_one_day() -> None:
    est = combine_bounds([Bound(D("2022-01-20"), D("2022-01-26"), "storyline", "within a week")], "monday")
    assert est.date == est.earliest == est.latest == "2022-01-24"
    assert est.evidence[-1].startswith("estimate: 2022-01-24")


def test_a_one_sided_bound_stays_an_interval() -> None:
    est = combine_bounds([Bound(None, D("2022-02-13"), "series", "below a later figure")], "monday")
    assert est.date is None and est.earliest is None and est.latest == "2022-02-07"
    assert "on or before 2022-02-07" in est.evidence[-1] and "no single day" in est.evidence[-1]
    est = combine_bounds([Bound(D("2022-01-03"), D("2022-03-30"), "storyline", "s"),
                          Bound(None, D("2022-02-13"), "series", "f")], "monday")
    assert (est.date, est.earliest, est.latest) == (None, "2022-01-03", "2022-02-07")
    assert "6 possible days" in est.evidence[-1]
    assert not combine_bounds([], "monday").bounded  # a weekday alone dates nothing


def test_a_contradicting_weaker_bound_is_dropped_and_said() -> None:
    est = combine_bounds([Bound(D("2022-02-17"), D("2022-02-17"), "story", "story says 17 Feb"),
                          Bound(None, D("2022-02-13"), "series", "series says before 13 Feb")], None)
    assert est.date == "2022-02-17"
    assert any(e.startswith("ignored, contradicts") and "series says" in e for e in est.evidence)


def test_a_weekday_that_does_not_fit_the_bounds_is_not_used() -> None:
    est = combine_bounds([Bound(D("2022-02-15"), D("2022-02-17"), "storyline", "s")], "monday")
    assert (est.earliest, est.latest, est.date) == ("2022-02-15", "2022-02-17", None)
    assert any("does not fit" in e for e in est.evidence)


def test_relative_structure_names_offsets_from_the_events_weekday() -> None:
    text = "Officials said on Monday that, on Sunday, the embassy closed. Last week, talks failed."
    rel = relative_structure(text, "monday") or ""
    assert "'on Sunday' 1 day before" in rel and "'Last week' the week before" in rel
    assert relative_structure(text, None) is None


def test_storyline_bound_from_directly_linked_dated_stories() -> None:
    links: list[dict[str, object]] = [{"stories": ["s-a", "s-u"]}, {"stories": ["s-b", "s-u"]},
                                      {"stories": ["s-a", "s-b"]}]
    days: dict[str, tuple[str | None, str | None]] = {"s-a": ("2022-02-13", "2022-02-13"),
                                                      "s-b": ("2022-02-17", "2022-02-18"), "s-u": (None, None)}
    b = storyline_bound("s-u", links, days, 45)
    assert b is not None and (b.earliest, b.latest) == (D("2022-01-04"), D("2022-03-30"))
    assert "45 days" in b.evidence and "s-a" in b.evidence
    assert storyline_bound("s-u", [{"stories": ["s-u", "s-c"]}], {"s-c": (None, None)}, 45) is None


def _fig(aid: str, value: float, as_of: str | None, start: int = 0, latest: str | None = None) -> Figure:
    return Figure(aid, start, start + 5, f"more than {value:,.0f}", value, qualifier="more than",
                  object="Russian troops", object_head="troops", owner="Russia", as_of=as_of,
                  as_of_earliest=as_of, as_of_latest=latest or as_of,
                  as_of_from="before" if latest and not as_of else "article" if as_of else "estimate")


def test_series_bounds_an_undated_figure_in_a_growing_count() -> None:
    figs = [_fig("old", 100_000, None, latest="2022-02-13"), _fig("a", 120_000, "2022-01-10"),
            _fig("b", 130_000, "2022-02-13"), _fig("c", 150_000, "2022-02-17"), _fig("u", 127_000, None)]
    bounds = series_bounds(build_series(figs), {"u"})["u"]
    assert {(b.earliest, b.latest) for b in bounds} == {(None, D("2022-02-13")), (D("2022-01-10"), None)}
    assert all("grows over time" in b.evidence and "more than 127,000" in b.evidence for b in bounds)
    # A count that goes up and down bounds nothing.
    figs[3] = _fig("c", 110_000, "2022-02-17")
    assert series_bounds(build_series(figs), {"u"}) == {}


def test_sentence_around_a_sentence_start() -> None:
    text = "Russia moved troops near the border. On Sunday, the embassy cut its staff."
    assert sentence_around(text, text.index("On Sunday")) == "On Sunday, the embassy cut its staff."


# A small storyline: two dated articles and an undated one whose figure sits below a dated one.
A = (" date 2022-02-14 Officials said yesterday that Russia has deployed more than 130,000 troops near Ukraine's "
     "borders, according to a US official. On Sunday, two civilians were wounded in Luhansk, the military said.\n")
B = (" date 2022-02-17 An estimated 150,000 Russian troops are stationed near Ukraine's borders, "
     "Western officials said on Thursday.\n")
C = ("Ukraine's Defense Ministry said on Monday that Russia has deployed more than 127,000 troops near Ukraine's "
     "borders. On Sunday, the State Department reduced the staff of the US embassy in Kyiv, officials said on Monday.\n")


def test_undated_article_in_a_small_storyline_gets_an_interval(tmp_path) -> None:
    for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = open_store(tmp_path / "t.db")
    try:
        add([str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")], store)
        update(store)
        data = export_data(store)
    finally:
        store.close()
    c = next(a for a in data["articles"] if a["source"].endswith("c.txt"))
    ev = c["event_date"]
    assert c["published"] is None and ev["estimated"] is True and ev["weekday"] == "monday"
    # Below the 130,000 of 13 Feb in a growing count, and on a Monday: on or before Monday 7 Feb.
    assert ev["latest"] == "2022-02-07" and ev["date"] is None
    assert any("figure series" in e and "more than 127,000" in e for e in ev["evidence"])
    assert "no single day" in ev["evidence"][-1]
    # In the series it sorts before the 130,000 of 13 Feb.
    troops = next(s for s in data["figure_series"] if s["key"]["kind"] == "troops")
    assert [c["value"] for c in troops["claims"]] == [127000, 130000, 150000]
    # In the timeline: interval entries at the latest possible day, marked estimated, in order.
    mine = [e for e in data["timeline"] if c["id"] in e["article_ids"]]
    assert mine and all(e["estimated"] and e["date"] == e["latest"] <= "2022-02-07" for e in mine)
    assert all(e["earliest"] is None or e["earliest"] < e["latest"] for e in mine)
    sunday = next(e for e in mine if e["event"].startswith("On Sunday, the State Department"))
    assert sunday["latest"] == "2022-02-06"
    days = [e["date"] for e in data["timeline"]]
    assert days == sorted(days)


def test_seed_002_estimate_is_marked_and_explained(seeds_export, seeds_by_name, gold) -> None:
    name = "002_6ba53437e2d0a6f5.txt"
    a = seeds_by_name[name]
    ev = a["event_date"]
    assert a["published"] is None and ev["estimated"] is True  # never stored as published
    assert ev["weekday"] == "monday" and ev["latest"] and ev["latest"] < "2022-02-13"
    assert ev["earliest"] is None or ev["earliest"] <= gold["articles"][name]["events_date"]
    assert ev["latest"] >= gold["articles"][name]["events_date"]  # the interval holds the true day
    said = " ".join(ev["evidence"])
    assert "figure series" in said and "127,000" in said and "storyline" in said
    entries = [e for e in seeds_export["timeline"] if a["id"] in e["article_ids"]]
    assert entries and all(e["estimated"] for e in entries)
    assert any(e["event"].startswith("On Sunday, the State Department reduced the staff") for e in entries)
    # Its 127,000 now sorts between the earlier 100,000 and the 130,000 of 13 Feb by its bounds.
    troops = next(s for s in seeds_export["figure_series"]
                  if {c["value"] for c in s["claims"]} >= {100000, 127000, 130000})
    values = [c["value"] for c in troops["claims"]]
    assert values.index(100000) < values.index(127000) < values.index(130000)
