"""Articles: the seeds' metadata and clutter exactly as the gold says; HTML, JSON, feeds, text forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storytrace.articles import build_article, content_hash
from storytrace.articles.bylines import parse_bio, parse_byline, parse_credit
from storytrace.articles.layout import parse_layout
from storytrace.errors import SourceError
from storytrace.model import RawDocument
from storytrace.sources import SourceOptions, iter_documents

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"


def fold(s: str | None) -> str:
    s = (s or "").replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def article_from(path: Path, **meta):
    (doc,) = list(iter_documents([str(path)], SourceOptions(fetch=False)))
    doc.meta.update(meta)
    return build_article(doc)


@pytest.fixture(scope="module")
def seeds(examples_dir_module):
    return {p.name: article_from(p) for p in sorted(examples_dir_module.glob("*.txt"))}


@pytest.fixture(scope="module")
def examples_dir_module():
    return Path(__file__).resolve().parent.parent / "examples" / "ukraine-2022"


def test_seed_metadata_matches_gold(seeds, gold):
    for name, g in gold["articles"].items():
        a = seeds[name]
        assert a.published == g["published"], name
        if "outlet" in g:
            assert a.outlet == g["outlet"], name
        assert a.authors == g.get("authors", a.authors), name
        for credit in g.get("credits", []):
            assert credit in a.credits, name
        if g.get("title"):
            assert a.title == g["title"]
        if "page_date" in g:
            assert a.page_date == g["page_date"]
        assert a.language == "en"


def test_seed_published_provenance(seeds):
    froms = {name[:3]: a.published_from for name, a in seeds.items()}
    assert froms == {"000": "header", "001": "header", "002": "none", "003": "header", "004": "none"}
    # 004's only date is the page's today's-date bar: kept as page_date, flagged, never published
    flag = next(f for f in seeds["004_7c7ef417ac8399c4.txt"].flags if f.kind == "page-date-only")
    assert flag.evidence["page_date"] == "2023-03-31"


def test_seed_clutter_removed_exactly_and_body_kept(seeds, gold):
    for name, g in gold["articles"].items():
        a = seeds[name]
        lines = {fold(x) for x in a.text.splitlines()}
        for b in g["boilerplate"]:
            assert fold(b) not in lines, (name, b)
        # exactly the gold's clutter lines go (the gold lists a repeated line once)
        assert {fold(x) for x in a.boilerplate_removed} == {fold(x) for x in g["boilerplate"]}, name
        for key in ("first_body_sentence", "last_body_sentence"):
            if g.get(key):
                assert fold(g[key]) in fold(a.text)
    a4 = seeds["004_7c7ef417ac8399c4.txt"]
    assert a4.text.startswith(gold["articles"]["004_7c7ef417ac8399c4.txt"]["first_body_sentence"])
    assert a4.text.endswith(gold["articles"]["004_7c7ef417ac8399c4.txt"]["last_body_sentence"])


def test_no_sentence_of_any_seed_is_lost(seeds, examples_dir_module):
    """Every line of prose in the raw files is still in the article text (only clutter goes)."""
    for name, a in seeds.items():
        raw = (examples_dir_module / name).read_text(encoding="utf-8")
        for line in raw.splitlines():
            line = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", line).strip()
            if len(line.split()) >= 12 and not line.startswith("By ") and \
                    not line.startswith("Cedric is a journalist"):
                assert line in a.text or line == a.title, (name, line[:60])


def test_seed_credits_and_embedded_post(seeds, gold):
    a2 = seeds["002_6ba53437e2d0a6f5.txt"]
    assert a2.credits[:2] == ["Ellie Kaufman", "Michael Conte"] and a2.outlet == "CNN"
    ev = a2.provenance
    assert ev["outlet"]["from"] == "credit" and ev["outlet"]["evidence"].startswith("CNN’s Ellie Kaufman")
    a1 = seeds["001_830e599125b3c77b.txt"]
    (post,) = a1.embedded
    snippet = a1.text[post["start"]:post["end"]]
    start, _, end = gold["articles"]["001_830e599125b3c77b.txt"]["embedded_social_post"].partition(" ... ")
    assert snippet.startswith(start) and snippet.endswith(end)
    assert (post["handle"], post["date"]) == ("@USAmbUN", "2022-02-17")
    assert [f.kind for f in a1.flags].count("embedded-social-post") == 1
    assert "Thomas-Greenfield (@USAmbUN)" in a1.text  # kept in the text, only marked


def test_content_hash_ignores_whitespace_and_case():
    assert content_hash("Russia  expelled\nthe DCM.") == content_hash("russia expelled the dcm.")
    a = build_article(RawDocument("x", "text", "Russia expelled the deputy chief of mission on Thursday."))
    assert a.id == a.content_hash[:12] and a.word_count == 9


def test_cluttered_html_page():
    a = article_from(FIX / "page_000.html")
    assert a.title == "US says Russia is moving towards an imminent invasion"
    assert (a.published, a.published_from) == ("2022-02-17", "html-meta")
    assert a.page_date == "2023-03-31"  # the date bar in the page header
    assert a.site_name == a.outlet == "CNN" and a.authors == ["Jeremy Herb"]
    assert a.canonical_url == "https://edition.example.com/2022/02/17/politics/russia-ukraine/"
    assert a.text.startswith("The United States says evidence at Ukraine’s border")
    assert a.text.endswith("meet with the country’s leaders and US troops.")
    for clutter in ("Advertisement", "FansLike", "LEAVE A REPLY", "Related Articles", "Minnesota",
                    "Privacy Policy", "Please enter", "window.dataLayer", "Markets slip"):
        assert clutter not in a.text, clutter


def test_html_today_date_bar_is_never_the_published_date():
    a = article_from(FIX / "page_001.html.gz")
    assert a.published is None and a.published_from == "none" and a.page_date == "2023-03-31"
    (post,) = a.embedded
    assert a.text[post["start"]:post["end"]].endswith("(@USAmbUN) February 17, 2022")
    assert a.credits == ["The Associated Press"] and a.outlet == "Example Wire"


def test_page_without_article_is_refused():
    (doc,) = list(iter_documents([str(FIX / "no_article.html")], SourceOptions(fetch=False)))
    with pytest.raises(SourceError, match=r"too short to be an article|no article text"):
        build_article(doc)


def test_json_metadata_wins_and_byline_strings_are_split():
    a = article_from(FIX / "article.json")
    assert a.authors == ["Jane Example", "Joe Sample"]
    assert (a.published, a.published_from) == ("2022-02-17", "json")
    assert a.outlet == "news.example.net"  # nothing better than the URL host
    assert a.title == "Russia expels US diplomat"


def test_feed_and_warc_articles():
    (rss,) = [build_article(d) for d in iter_documents([str(FIX / "feed.rss")], SourceOptions(fetch=False))
              if not hasattr(d, "reason")]
    assert (rss.published, rss.published_from, rss.outlet) == ("2022-01-24", "feed", "Example World News")
    assert rss.text.startswith("US Secretary of Defense Lloyd Austin")
    warc = article_from(FIX / "crawl.warc.gz")
    assert (warc.published, warc.published_from) == ("2022-02-14", "html-meta")
    assert warc.outlet == "Example Telegraph" and warc.authors == ["Roland Oliphant"]


def test_language_is_identified():
    fr = build_article(RawDocument("fr.txt", "text",
        "Le ministre des Affaires étrangères a déclaré jeudi que les négociations reprendraient "
        "lundi à Genève, malgré les tensions à la frontière."))
    assert fr.language == "fr" and fr.language_score > 0.9


@pytest.mark.parametrize("text", [
    # mis-decoded Devanagari, as in a PAN13 source document
    "$F2A) [3]\n- ->0$ # 0> M/.A (Bhratavarsha) ->0$ &G6.A ->0$ #$$M0 0> M/.A 5& K M2A *H> (>-> $K",
    # markup values and a list of names with scores
    "http://www.example.org/a/b?c=1 2016-07-23 @user 747986907162877952 #tag",
    "Smith 12 Jones 14 Brown 9 Taylor 21 Wilson 3 Davies 8 Evans 17",
])
def test_language_is_unknown_when_the_identifier_is_guessing(text: str) -> None:
    from storytrace.articles.language import MIN_PROBABILITY, detect_language

    lang, prob = detect_language(text)
    assert lang is None and prob is not None and prob < MIN_PROBABILITY


# -- the plain-text layout rules on text written for these tests -----------------------------

def test_byline_forms():
    assert parse_byline("By Jane Doe and John Roe") == (["Jane Doe", "John Roe"], None)
    assert parse_byline("By Jane Doe, Associated Press") == (["Jane Doe"], "Associated Press")
    assert parse_byline("By A. Writer | The Daily Example") == (["A. Writer"], "The Daily Example")
    assert parse_byline("By the time troops arrived, the town had emptied.") is None


def test_credit_and_bio_forms():
    c = parse_credit("Reuters’ Anna Smith and Li Wei contributed to this report.")
    assert c is None or c.names  # an apostrophe-only possessive is not claimed as an outlet
    c = parse_credit("Additional reporting by Anna Smith and Li Wei.")
    assert c is not None and c.names == ["Anna Smith", "Li Wei"]
    assert parse_credit("Troops contributed to the build-up, officials said on Thursday.") is None
    assert parse_bio("Jane Roe", "Jane is a correspondent for The Daily Example.") == "The Daily Example"
    assert parse_bio("Jane Roe", "Officials said the convoy was a reporter's nightmare.") is None


def test_dateline_without_site_chrome_is_a_published_date_from_text():
    lay = parse_layout("Ceasefire talks resume in Geneva\n\nThursday, February 17, 2022\n\n"
                       "Negotiators from both sides met on Thursday for a third round of talks, "
                       "officials said.\n")
    assert lay.title == "Ceasefire talks resume in Geneva"
    assert (lay.published, lay.published_from, lay.page_date) == ("2022-02-17", "text", None)


def test_page_header_with_weather_is_a_page_date_and_clutter_mid_text_goes():
    lay = parse_layout("72°F\nSpringfield\nMonday, June 5, 2023\n\nCouncil approves budget\n\n"
                       "The city council approved the budget on Monday after a long debate, the mayor said.\n"
                       "- Advertisement -\n"
                       "Share this:\n"
                       "The vote was seven to two, with two members absent from the chamber that night.\n")
    assert lay.page_date == "2023-06-05" and lay.published is None
    assert [r["line"] for r in lay.removed] == ["72°F", "Springfield", "Monday, June 5, 2023",
                                                "- Advertisement -", "Share this:"]
    assert lay.text.endswith("absent from the chamber that night.")


def test_a_short_subheading_and_a_related_mention_in_the_body_are_kept():
    body = ("Officials met in Brussels on Tuesday to discuss the crisis and its consequences for Europe.\n\n"
            "Related talks\n\n"
            "Related Articles\n\n"
            "A second meeting is planned for next week in Paris, where ministers will sign the accord.\n")
    lay = parse_layout(body)
    assert "Related talks" in lay.text and "A second meeting" in lay.text


def test_malformed_html_is_read_as_far_as_it_goes_or_refused():
    page = (FIX / "page_000.html").read_text(encoding="utf-8")
    cut = page[: page.index("Austin said the US is seeing Russia")]  # truncated mid-article, tags left open
    a = build_article(RawDocument("cut.html", "html", cut))
    assert a.text.startswith("The United States says evidence at Ukraine’s border")
    assert "Advertisement" not in a.text
    with pytest.raises(SourceError):
        build_article(RawDocument("junk.html", "html", "<html><<<p>>><div <body></html"))


def test_wire_dateline_names_the_outlet_only_when_nothing_better_does():
    lay = parse_layout("WASHINGTON (AP) — The Pentagon said on Monday that 8,500 troops were on "
                       "heightened alert for possible deployment to Europe.\n")
    assert (lay.outlet, lay.outlet_from) == ("AP", "dateline")
    lay = parse_layout("By Jane Roe, Example Times\n\nHong Kong (CNN Business) Stocks fell on Monday as "
                       "investors weighed the latest news from the trade talks in Beijing.\n")
    assert lay.outlet == "Example Times" and lay.authors == ["Jane Roe"]


@pytest.mark.parametrize("line", [
    "5,000FansLike", "12.3K Followers", "- Advertisement -", "ADVERTISEMENT", "Share this article",
    "LEAVE A REPLY", "Please enter your name here", "Related Articles", "READ MORE: Troops head east",
    "China furious at Macron [VIDEO]", "© 2023 Example News. All rights reserved.", "Updated at 1:23 p.m.",
    "Tell us what YOU think...", "-0.1 C",
])
def test_clutter_lines(line):
    from storytrace.articles.clutter import clutter_reason

    assert clutter_reason(line)


@pytest.mark.parametrize("line", [
    "Copyright infringement claims rose sharply last year, the report said.",
    "Related talks", "Biden holds calls with European leaders", "Share prices fell 5% on Monday.",
    "Advertisement spending rose by a third in 2021, the agency said.", "Comments were closed.",
    "“Watch this space,” she said.", "Minnesota",
])
def test_prose_and_headings_are_not_clutter(line):
    from storytrace.articles.clutter import clutter_reason

    assert clutter_reason(line) is None
