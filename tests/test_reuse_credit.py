"""Credits as real news prints them (the forms listed in docs/reuse.md), and whom they name.

The sentences are written for these tests in the forms wire copy and rewrites use."""

from __future__ import annotations

import pytest

from storytrace.model import Article
from storytrace.reuse.credit import credit_mentions, identity
from storytrace.reuse.provenance import Link, credit_decision, uncredited_flags


def _a(text: str, **kw: object) -> Article:
    return Article(id=str(kw.pop("id", "x")), source="s", text=text, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "name", "agency", "how"), [
    ("WASHINGTON (AP) — The Senate voted on Tuesday to pass the bill.", "AP", "The Associated Press", "dateline"),
    ("LONDON, May 3 (Reuters) - Shares fell in early trade.", "Reuters", "Reuters", "dateline"),
    ("(CNN) — The mayor resigned on Monday.", "CNN", None, "dateline"),
    ("The mayor resigned, according to the New York Post.", "the New York Post", None, "according to"),
    ("The Associated Press reports that the mayor resigned.", "The Associated Press", "The Associated Press", "reported"),
    ("The Hill reported Monday that the bill passed.", "The Hill", None, "reported"),
    ("The mayor resigned, as first reported by Politico on Monday.", "Politico", None, "reported by"),
    ("A report by The Times said the deal was off.", "The Times", None, "report by"),
    ("The report, via Bloomberg, said shares fell.", "Bloomberg", "Bloomberg", "via"),
    ("Reuters contributed to this report.", "Reuters", "Reuters", "contributed"),
    ("CNN's Jim Acosta contributed to this report.", "CNN", None, "contributed"),
    ("He told CNN on Sunday that he would not resign.", "CNN", None, "told"),
    ("The owner told the Daily News Tuesday that he would rebuild.", "the Daily News", None, "told"),
    ("“We are leaving,” she told The Guardian.", "The Guardian", None, "told"),
    ("By JOHN SMITH, Associated Press\nThe mayor resigned.", "Associated Press", "The Associated Press", "byline"),
    ("By The Associated Press\nThe mayor resigned.", "The Associated Press", "The Associated Press", "byline"),
    ("Copyright 2016 The Associated Press. All rights reserved.", "The Associated Press", "The Associated Press",
     "copyright"),
])
def test_each_printed_credit_form_is_found_with_its_sentence(text, name, agency, how):
    found = [m for m in credit_mentions(_a(text)) if m.how == how]
    assert found, credit_mentions(_a(text))
    m = found[0]
    assert (m.name, m.agency) == (name, agency)
    assert text[m.start:m.end] == m.sentence and name in m.sentence


@pytest.mark.parametrize("text", [
    "Smith reported the fire to police at 3 a.m.",
    "According to police, the man fled on foot.",
    "He told reporters he would not resign.",
    "The governor told lawmakers the budget was balanced.",
])
def test_people_and_officials_are_not_credits(text):
    assert credit_mentions(_a(text)) == []


def test_identity_comes_from_outlet_host_and_dateline():
    assert {"newyorkpost", "nypost"} <= identity(_a("x", url="https://www.nypost.com/2016/a", outlet="New York Post"))
    assert "associatedpress" in identity(_a("WASHINGTON (AP) — The Senate voted."))
    assert identity(_a("The Senate voted.")) == set()


def test_credit_decision_names_the_source_the_agency_or_says_it_cannot_tell():
    cp = _a("The mayor resigned on Monday, according to the New York Post.")
    known = credit_decision(_a("The mayor resigned.", outlet="New York Post"), cp)
    assert known["credited"] and known["status"] == "credits the source"
    assert "according to the New York Post" in known["sentence"]["sentence"]
    other = credit_decision(_a("The mayor resigned.", outlet="Daily News"), cp)
    assert not other["credited"] and other["status"] == "no credit"
    unknown = credit_decision(_a("The mayor resigned."), cp)
    assert unknown["credited"] and unknown["status"] == "source unknown"
    person = credit_decision(_a("The mayor resigned."),
                             _a("The mayor resigned on Monday.\n\nJane Doe contributed to this report."))
    assert not person["credited"] and person["status"] == "no credit"
    wire = credit_decision(_a("The mayor resigned.\n\nThe Associated Press contributed to this report."),
                           _a("The mayor resigned on Monday, The Associated Press reports."))
    assert wire["credited"] and wire["status"] == "credits the common agency"
    assert wire["common_source"] == "The Associated Press"
    silent = credit_decision(_a("The mayor resigned.\n\nThe Associated Press contributed to this report."),
                             _a("The mayor resigned on Monday."))
    assert not silent["credited"] and silent["common_source"] == "The Associated Press"


def test_no_uncredited_flag_when_the_copy_credits_and_the_source_cannot_be_told():
    def link(status: str) -> Link:
        return Link("s", "c", "edited", 0.5, 0.9, False, [], None, {"credit": {"status": status}})
    art = _a("x", id="c")
    assert uncredited_flags(art, [link("source unknown")]) == []
    assert [f.kind for f in uncredited_flags(art, [link("no credit")])] == ["uncredited-reuse"]
