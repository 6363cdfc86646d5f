"""The briefing at real size: summary first, capped lists, isolated article text, readable labels.

Issue #30 (a briefing of 652 real articles was 16.5 MB, showed raw JSON and let a
bidi override reorder the page) and the troop chart of issue #27.
"""

from __future__ import annotations

import copy
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from storytrace.report import render_report
from storytrace.report.briefing import Briefing, as_of_label
from storytrace.report.render import anchor
from storytrace.report.svg import series_chart

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: reverses everything after it until a PDF or an isolate's end


def dangling(html: str) -> list[str]:
    """Fragment links with no element of that id on the page."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    return [h for h in re.findall(r'href="#([^"]+)"', html) if h not in ids]


def first_section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


# -- summary first ------------------------------------------------------------------------

def test_the_briefing_opens_with_the_findings_each_with_its_evidence(seeds_export):
    html = render_report(seeds_export)
    findings = first_section(html, 'id="findings"', 'id="stories"')
    assert html.index('id="findings"') < html.index('id="stories"') < html.index('id="articles"')
    b = Briefing(seeds_export)
    altered = [m for g in b.quote_groups for m in g["members"] if m["status"] in ("altered", "misattributed")]
    assert altered and findings.count('class="said"') == len(altered)
    assert "<del>" in findings and "<ins>" in findings  # the words changed, not only a status
    uncredited = [r for r in b.reuse if r.get("credited") is False]
    assert uncredited and findings.count('class="pair"') == len(uncredited)  # source beside copy
    for kind in ("stale", "mt-artefacts"):
        flagged = [a for a in b.articles if any(f["kind"] == kind for f in a["flags"])]
        assert flagged, kind
        for a in flagged:
            assert f'href="#{anchor("a", a["id"])}"' in first_section(html, f'id="find-{kind}"', "</section>")
    assert "storytrace serve" in html
    # the long lists are folded: the article table and the ledger sit inside <details>
    for section in ("articles", "quotes"):
        assert first_section(html, f'<section id="{section}">', "</section>").lstrip().startswith("<details>")


def test_findings_are_capped_with_a_count_of_what_was_left_out(seeds_export):
    data = copy.deepcopy(seeds_export)
    pair = next(r for r in data["reuse"] if r.get("credited") is False)
    data["reuse"] = [dict(pair, share=i / 100) for i in range(30)]
    kinds = {k.key: k for k in Briefing(data).findings(limit=20)}
    assert kinds["uncredited"].total == 30 and len(kinds["uncredited"].items) == 20
    assert kinds["uncredited"].items[0]["pair"]["share"] == 0.29  # ranked: the largest copy first
    html = render_report(data)
    assert "and 10 more, ranked lower" in html


@pytest.mark.slow
def test_a_briefing_of_1000_articles_stays_under_4_mb(seeds_export):
    from _resample import resample

    data = resample(seeds_export, 1000)
    html = render_report(data)
    assert len(html.encode()) < 4_000_000
    # every article can still be opened, every link has a target on the page
    for a in data["articles"][:50]:
        assert f'id="{anchor("a", a["id"])}"' in html
    assert dangling(html) == []
    assert "not drawn" in html or "more story" in html  # the cut is said, not silent


def test_only_series_that_change_or_conflict_are_charted():
    figs = [{"id": f"f{i}", "article_id": f"a{i % 2}", "value": v, "as_of": "2022-02-1" + str(i)}
            for i, v in enumerate([5, 5, 7, 9])]
    data = {"articles": [{"id": "a0", "text": "x"}, {"id": "a1", "text": "y"}], "figures": figs,
            "figure_series": [{"id": "same", "object": "teachers", "members": ["f0", "f1"]},
                              {"id": "grows", "object": "troops", "members": ["f2", "f3"]},
                              {"id": "one-article", "object": "tanks", "members": ["f0", "f2"]}]}
    assert [s["id"] for s in Briefing(data).series_that_matter()] == ["grows"]


# -- text from articles is isolated --------------------------------------------------------

class BidiCheck(HTMLParser):
    """Every text run holding a bidi control must sit inside an isolate (bdi, dir=auto, svg text)."""

    ISOLATES = frozenset({"bdi", "text", "title", "option"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("meta", "br", "input", "line", "circle", "rect", "path", "polyline", "hr", "img"):
            return
        isolated = tag in self.ISOLATES or dict(attrs).get("dir") == "auto"
        self.stack.append(isolated or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag in ("meta", "br", "input", "line", "circle", "rect", "path", "polyline", "hr", "img"):
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if RLO in data and not (self.stack and self.stack[-1]):
            self.bad.append(data[:80])


def bidi_export(seeds_export) -> dict:
    data = copy.deepcopy(seeds_export)
    for a in data["articles"]:
        a["outlet"] = f"{RLO}swen idiB"
        a["title"] = f"{RLO}A title that flips what follows"
        a["authors"] = [f"{RLO}rohtua"]
        a["event_date"] = {"earliest": f"{RLO}yadnoM", "latest": "2022-02-17", "weekday": f"{RLO}yad"}
    for q in data["quotes"]:
        q["speaker"] = f"{RLO}{q.get('speaker') or ''}"
    for f in data["figures"]:
        f["claimant"] = f"{RLO}tnamialc"
        f["object"] = f"{RLO}spoort"
    for s in data["stories"]:
        s["label"] = f"{RLO}yrots"
        s["evidence"] = {"terms": [f"{RLO}mret"]}
    for s in data["figure_series"]:
        s["conflicts"] = f"{RLO}not a list"
    return data


def test_a_bidi_override_in_article_text_cannot_reorder_the_page(seeds_export):
    html = render_report(bidi_export(seeds_export))
    check = BidiCheck()
    check.feed(html)
    assert check.bad == []
    assert "<bdi>\u202eswen idiB</bdi>" in html


def test_a_5000_character_title_is_capped_with_its_full_text_in_a_tooltip():
    title = "Breaking " + "very long headline " * 270
    data = {"articles": [{"id": "x", "title": title, "text": "Body text."}]}
    html = render_report(data)
    h2 = first_section(first_section(html, 'id="a-x"', "</h2>"), "<h2", "\n")
    attrs, shown = h2.split(">", 1)
    assert len(shown) < 300 and shown.endswith("…</bdi>")
    assert f'title="{" ".join(title.split())}"' in attrs


# -- readable labels, no raw JSON ------------------------------------------------------------

def test_a_speaker_correction_is_said_in_words_not_json(seeds_export):
    data = copy.deepcopy(seeds_export)
    member = data["quote_groups"][0]["members"][0]
    member["speaker_correction"] = {"from": "Jens Stoltenberg", "to": "Joe Biden",
                                    "reason": "2 other instance(s) give the words to Joe Biden"}
    html = render_report(data)
    ledger = first_section(html, 'id="quotes"', 'id="figures"')
    assert '"from"' not in ledger and "&#34;from&#34;" not in ledger
    assert "here <bdi>" not in ledger  # the words are isolated as one phrase
    assert "speaker: <bdi>here Jens Stoltenberg, elsewhere Joe Biden (2 other instance(s)" in ledger


def test_untitled_articles_are_named_by_outlet_date_and_first_words():
    data = {"articles": [
        {"id": "p", "title": "ecb-4_6ecbplus.txt", "source": "/tmp/dev/stream/ecb-4_6ecbplus.txt",
         "outlet": "Reuters", "published": "2012-05-01", "text": "Lindsay Lohan checked into rehab on Tuesday."},
        {"id": "n", "source": "/data/crawl/page-17.html", "text": "Officials said on Monday that the dam held."},
        {"id": "e", "source": "/data/crawl/empty.html"},
    ]}
    b = Briefing(data)
    assert b.label("p") == "Reuters · 2012-05-01 · “Lindsay Lohan checked into rehab on Tuesday.…”"
    assert b.label("n") == "“Officials said on Monday that the dam held.…”"
    assert b.label("e") == "untitled article e"
    html = render_report(data)
    assert "/data/crawl/page-17.html" not in first_section(html, 'id="articles"', "</section>")


def test_counts_and_date_ranges_read_as_english(seeds_export):
    data = {"articles": [{"id": "a", "text": "One."}],
            "stories": [{"id": "s1", "label": "One story", "article_ids": ["a"]},
                        {"id": "s2", "label": "Two", "article_ids": ["a"], "start": "2022-02-17"}],
            "storylines": [{"id": "l", "label": "line", "story_ids": ["s1", "s2"]}]}
    html = render_report(data)
    assert "? – ?" not in html and "1 articles" not in html and "1 storylines" not in html
    assert "undated · 1 article" in html and "2022-02-17 · 1 article" in html
    assert "in 1 storyline<" in html


# -- the troop chart (#27): the export's series, in its order, with its dates -----------------

def test_the_troop_chart_draws_the_series_as_storytrace_figures_prints_it(seeds_export):
    from storytrace.cli import figures as cli_figures
    from storytrace.report import briefing

    _as_of = cli_figures.as_of_label
    assert _as_of is briefing.as_of_label  # one wording for both views
    b = Briefing(seeds_export)
    troops = next(s for s in b.figure_series if "Russia" in (s.get("object") or "") and len(s["members"]) >= 4)
    figs = [b.figure_by_id[i] for i in troops["members"]]
    rows = b.series_rows(troops)
    assert [r["figure"]["id"] for r in rows] == troops["members"]  # the export's (as-of) order
    assert [r["when"] for r in rows] == [_as_of(f) for f in figs]  # the CLI's dates, worded alike
    chart = series_chart(rows)
    assert chart is not None
    xs = [p["x"] for p in chart.points]
    assert xs == sorted(xs)  # left to right in as-of order
    assert [float(f["value"]) for f in figs] == [100000.0, 127000.0, 130000.0, 150000.0]
    assert [t["text"] for t in chart.ticks] == [_as_of(f) for f in figs]  # a date or bounds under each point
    html = render_report(seeds_export)
    for f in figs:
        assert f"<bdi>{_as_of(f)}</bdi>" in html  # the table beside the chart too


def test_as_of_labels_say_bounds_and_estimates():
    assert as_of_label({"as_of": "2022-02-13"}) == "2022-02-13"
    assert as_of_label({"as_of_earliest": "2022-01-03", "as_of_latest": "2022-02-07",
                        "as_of_estimated": True}) == "2022-01-03 – 2022-02-07 (est.)"
    assert as_of_label({"as_of_latest": "2022-02-13"}) == "on or before 2022-02-13"
    assert as_of_label({}) == "—"


def test_a_machine_translation_flag_says_which_words_gave_it_away(seeds_export):
    html = render_report(seeds_export)
    mt = first_section(html, 'id="find-mt-artefacts"', "</section>")
    flag = next(f for a in seeds_export["articles"] for f in a["flags"] if f["kind"] == "mt-artefacts")
    first = flag["evidence"]["sentences"][0]
    assert f"“{first['match']}” ({first['kind']})" in mt


def test_conflicts_between_named_claimants_come_first():
    figs = [{"id": f"f{i}", "article_id": f"a{i}", "value": v, "claimant": c, "evidence": {"sentence": f"S{i}."}}
            for i, (v, c) in enumerate([(1, None), (2, None), (3, "the ministry"), (4, "the UN")])]
    data = {"articles": [{"id": f"a{i}", "text": "x"} for i in range(4)], "figures": figs,
            "figure_series": [{"id": "s", "object": "dead", "members": ["f0", "f1", "f2", "f3"], "conflicts": [
                {"figures": ["f0", "f1"], "claimants": [None, None], "reason": "unnamed"},
                {"figures": ["f2", "f3"], "claimants": ["the ministry", "the UN"], "reason": "named"}]}]}
    conflicts = next(k for k in Briefing(data).findings() if k.key == "conflicts")
    assert [it["conflict"]["reason"] for it in conflicts.items] == ["named", "unnamed"]
    assert [f["sentence"] for f in conflicts.items[0]["figures"]] == ["S2.", "S3."]


def test_the_ledger_is_capped_with_a_count_and_changed_quotations_first():
    quotes = [{"id": f"q{i}", "article_id": "a", "text": f"We will act {i}.", "speaker": "A"} for i in range(90)]
    groups = [{"id": f"g{i}", "speaker": "A", "canonical_text": f"We will act {2 * i}.", "members": [
        {"quote_id": f"q{2 * i}", "status": "verbatim"},
        {"quote_id": f"q{2 * i + 1}", "status": "altered" if i % 2 else "verbatim"}]} for i in range(45)]
    data = {"articles": [{"id": "a", "text": "x"}], "quotes": quotes, "quote_groups": groups}
    html = render_report(data)
    ledger = first_section(html, 'id="quotes"', 'id="figures"')
    assert ledger.count('class="panel quote-group"') == 40
    assert "5 more quotation groups not shown" in ledger and "word for word" not in ledger
    ranked = Briefing(data).quote_groups_ranked()
    assert all(any(m["status"] == "altered" for m in g["members"]) for g in ranked[:22])


def test_beyond_the_table_cap_only_reachable_articles_get_a_view_and_no_link_dangles():
    from storytrace.report import Limits

    data = {"articles": [{"id": f"a{i}", "title": f"Article {i}", "text": "Officials said so."} for i in range(10)],
            "stories": [{"id": "s", "label": "S", "article_ids": ["a7"]}]}
    html = render_report(data, Limits(article_rows=3))
    views = set(re.findall(r'<section class="article-view" id="([^"]+)"', html))
    links = set(re.findall(r'href="#(a-[^"]+)"', html))
    assert links <= views  # every link to an article opens it
    assert views == {"a-a0", "a-a1", "a-a2", "a-a7"}  # the table's three and the story's one
    assert "7 more articles not listed here" in html
    assert len(re.findall('class="article-view"', render_report(data))) == 10  # under the cap: all


def test_stories_neither_drawn_nor_listed_are_not_linked(seeds_export):
    from storytrace.report import Limits

    html = render_report(seeds_export, Limits(stories=1, story_rows=1))
    assert dangling(html) == []
    assert len(seeds_export["stories"]) == 3
    drawn_or_listed = re.findall(r'id="(s-[^"]+)"', html)
    assert len(drawn_or_listed) == 2  # one drawn, one listed; the third is named, not linked
