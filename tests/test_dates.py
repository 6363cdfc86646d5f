"""Relative time expressions resolved against the published date; event dates; estimates."""

from __future__ import annotations

from datetime import date

import pytest

from storytrace.figures.dates import event_date, find_time_expressions, sentence_around

THU = date(2022, 2, 17)  # a Thursday


def _resolved(text: str, anchor: date | None = THU) -> dict[str, str | None]:
    return {t.text: t.date for t in find_time_expressions(text, anchor)}


@pytest.mark.parametrize(
    ("text", "expr", "day"),
    [
        ("Officials met yesterday in Brussels.", "yesterday", "2022-02-16"),
        ("The minister said on Monday that talks failed.", "on Monday", "2022-02-14"),
        ("Biden told reporters Thursday that he was worried.", "Thursday", "2022-02-17"),
        ("Leaders will meet on Friday in Munich.", "on Friday", "2022-02-18"),
        ("The summit starts next Tuesday.", "next Tuesday", "2022-02-22"),
        ("An attack was feared starting on the 16th of this month.", "the 16th", "2022-02-16"),
        ("The proposals were sent three weeks ago.", "three weeks ago", "2022-01-27"),
        ("It was signed on February 10, 2022, in Geneva.", "February 10, 2022", "2022-02-10"),
        ("It was signed on 10 February in Geneva.", "10 February", "2022-02-10"),
        ("Talks began on Dec. 30 and stalled.", "Dec. 30", "2021-12-30"),
    ],
)
def test_resolves_against_published(text: str, expr: str, day: str) -> None:
    assert _resolved(text)[expr] == day


def test_weeks_are_ranges() -> None:
    t = next(x for x in find_time_expressions("Blinken will meet Lavrov next week.", THU) if x.kind == "week")
    assert (t.earliest, t.latest, t.date) == ("2022-02-21", "2022-02-27", None)
    t = next(x for x in find_time_expressions("Biden said last week that he would act.", THU) if x.kind == "week")
    assert (t.earliest, t.latest) == ("2022-02-07", "2022-02-13")


def test_nothing_invented_without_a_published_date() -> None:
    exprs = find_time_expressions("Kirby said on Monday that troops were on alert. Yesterday it rained.", None)
    assert [t.date for t in exprs] == [None, None]
    assert all(t.deictic for t in exprs)


def test_may_and_march_are_not_months_by_default() -> None:
    assert all(t.kind != "month" for t in find_time_expressions("Russia may march on Kyiv.", THU))


def test_event_date_of_a_dated_article_follows_its_relative_days() -> None:
    text = "Zelensky spoke to Biden by phone yesterday. The US yesterday reaffirmed its pledge."
    ev = event_date(text, "2022-02-14")
    assert ev.date == "2022-02-13" and not ev.estimated
    assert "yesterday" in ev.evidence[0]


def test_undated_article_gets_an_estimate_marked_estimated() -> None:
    ev = event_date("On Monday, officials said the embassy, reopened on 3 March 2021, would close.", None)
    assert ev.estimated and ev.date == "2021-03-03" and ev.weekday == "monday"
    ev = event_date("Kirby said on Monday that no decision had been made. On Monday evening, Biden spoke.", None)
    assert ev.estimated and ev.date is None and "monday" in ev.evidence[0]


def test_sentence_around_keeps_abbreviations_inside() -> None:
    text = "Russia expelled a diplomat. Officials at the U.S. Embassy in Moscow said on Thursday it was unprovoked. Next."
    assert sentence_around(text, text.index("Thursday")) == (
        "Officials at the U.S. Embassy in Moscow said on Thursday it was unprovoked.")


def test_seed_event_dates_match_gold(seeds_by_name, gold) -> None:
    for name, g in gold["articles"].items():
        ev = seeds_by_name[name].get("event_date") or {}
        if g.get("published"):
            assert ev.get("date") == g["events_date"], name
            assert not ev.get("estimated")
        else:
            assert ev.get("estimated") is True, name
            assert seeds_by_name[name]["published"] is None  # an estimate is never stored as published


def test_seed_story_dates(seeds_export, seeds_by_name, gold) -> None:
    by_article = {aid: s for s in seeds_export["story_dates"] for aid in s["article_ids"]}
    for name, g in gold["articles"].items():
        s = by_article[seeds_by_name[name]["id"]]
        if g.get("published"):  # a story with a dated article gets that article's events day, not estimated
            assert s["date"] == g["events_date"] and not s["estimated"], name
