"""Stale republication and machine-translation flags, with their evidence."""

from __future__ import annotations

import json

from conftest import shared_path
from storytrace.figures.dates import find_time_expressions
from storytrace.figures.mt import detect_mt
from storytrace.figures.stale import check_stale, page_date_from_text

CURRENT = ("President Biden warned on Thursday that troops were massing. Blinken will meet Lavrov next week. "
           "On Friday morning shelling was expected.")


def _stale(text: str, own: str, events: list[tuple[str, str]], published: str | None = None):
    return check_stale(own, "page_date", find_time_expressions(text, None), text, events)


def test_old_events_reported_as_current_are_stale() -> None:
    r = _stale(CURRENT, "2023-03-31", [("2022-02-17", "a1")])
    assert r.stale
    assert r.evidence["days_after"] == 407 and r.evidence["events_date"] == "2022-02-17"
    assert "on Thursday" in r.evidence["reported_as_current"]


def test_fresh_article_is_not_stale() -> None:
    assert not _stale(CURRENT, "2022-02-18", [("2022-02-17", "a1")]).stale


def test_look_back_is_not_stale() -> None:
    text = "A year ago on Thursday, Biden warned that troops were massing. On Friday shelling began."
    r = _stale(text, "2023-02-17", [("2022-02-17", "a1")])
    assert not r.stale and "looks back" in r.evidence["reason"]
    text = "In February 2022, on a Thursday, Biden warned. On Friday shelling began."
    assert not _stale(text, "2023-02-17", [("2022-02-17", "a1")]).stale


def test_no_dated_account_no_flag() -> None:
    assert not _stale(CURRENT, "2023-03-31", []).stale


def test_page_date_bar_is_found_only_at_the_top() -> None:
    assert page_date_from_text("-0.1 C\nMinnesota\nFriday, March 31, 2023\n\nTitle\n")[0] == "2023-03-31"
    assert page_date_from_text("Title\n" + "x\n" * 10 + "Friday, March 31, 2023\n")[0] is None


def test_mt_artefacts_found_on_invented_examples() -> None:
    text = ("The minister held 45 minutes phone call with his counterpart on Tuesday, the ministry said Tuesday. Foreign.\n"
            "The talks followed a meeting with the country's trade minister. affairs Wang Yi and others in Beijing.\n"
            "But KULEBA said the visit by Kuleba's deputy was delayed over tensions with the Russia and its allies.\n")
    r = detect_mt(text)
    assert r.flagged
    assert set(r.kinds) >= {"stray-capital", "lowercase-start", "caps-name", "article-before-name", "number-unit-noun"}
    assert all(h["sentence"] for h in r.hits)


def test_mt_ignores_human_quirks() -> None:
    text = ("Sen. John Smith of Fla. said the vote was close. Period. The U.S. Army said 90 - day stays were "
            "common , officials noted . NATO allies met in the Netherlands. Why? Nobody knows.\n")
    assert not detect_mt(text).flagged


def test_seed_flags_match_gold(seeds_by_name, gold) -> None:
    for name, g in gold["articles"].items():
        kinds = {f["kind"] for f in seeds_by_name[name]["flags"]}
        assert ("stale" in kinds) == bool(g.get("stale_republication")), name
        assert ("mt-artefacts" in kinds) == bool(g.get("machine_translation_artifacts")), name
    stale = next(f for f in seeds_by_name["004_7c7ef417ac8399c4.txt"]["flags"] if f["kind"] == "stale")
    assert stale["evidence"]["article_date"] == "2023-03-31" and stale["evidence"]["events_date"] == "2022-02-17"
    mt = next(f for f in seeds_by_name["002_6ba53437e2d0a6f5.txt"]["flags"] if f["kind"] == "mt-artefacts")
    shown = " ".join(h["sentence"] for h in mt["evidence"]["sentences"])
    found = [p for p in gold["articles"]["002_6ba53437e2d0a6f5.txt"]["machine_translation_artifacts"]
             if p.replace("’", "'") in shown.replace("’", "'")]
    assert len(found) >= 3


def test_mt_false_flag_rate_on_human_news() -> None:
    """Any flag on ECB+ dev articles is false: keep the rate under 2%."""
    path = shared_path("data", "ecbplus", "dev.jsonl")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    flagged = sum(detect_mt(t).flagged for t in texts)
    assert flagged / len(texts) < 0.02
