"""What a reuse link needs beyond aligned facts: shared own wording, no boilerplate.

The reports below are written for these tests: two independent reports of one
(invented) event, and a rewrite of the first that keeps much of its wording."""

from __future__ import annotations

import json

from storytrace.model import Article
from storytrace.reuse.align import align, label_passage
from storytrace.reuse.boilerplate import boilerplate_spans, sentence_hashes
from storytrace.reuse.provenance import Link, article_fields, decide_reuse, without_boilerplate
from storytrace.reuse.text import prose, sentences
from storytrace.reuse.wording import shared_wording

REPORT = (
    "Fire crews from Harwick and Elmbridge fought a blaze at the Larkspur Mill for six hours on Sunday. "
    "Station manager Olivia Brandt said 40 firefighters and eight engines from Harwick and Elmbridge "
    "attended the Larkspur Mill fire. "
    "Harwick Road was closed between Elm Street and the Quarry roundabout until Monday morning. "
    "Police arrested Daniel Voss, 31, of Elmbridge on suspicion of arson at the Larkspur Mill. "
    "Daniel Voss will appear before Harwick Crown Court on 14 March, police said.")
OTHER = (
    "A suspected arson attack gutted the Larkspur Mill in Harwick overnight, and 40 firefighters and "
    "eight engines from Harwick and Elmbridge were called out on Sunday. "
    "Olivia Brandt, the station manager, described the Larkspur Mill in Harwick as a total loss after "
    "the fire. "
    "Elm Street and the Quarry roundabout on Harwick Road stayed shut through Sunday into Monday. "
    "Daniel Voss, 31, from Elmbridge, has been held by police over the arson at the Larkspur Mill. "
    "Voss is due at Harwick Crown Court on 14 March.")
REWRITE = (
    "Firefighters from Harwick and Elmbridge battled a blaze at the Larkspur Mill for six hours on Sunday. "
    "Station manager Olivia Brandt said 40 firefighters and eight engines were sent to the mill. "
    "Harwick Road was closed between Elm Street and the Quarry roundabout until Monday. "
    "Officers arrested Daniel Voss, 31, of Elmbridge on suspicion of arson. "
    "He will appear before Harwick Crown Court on 14 March.")


def test_independent_reports_share_facts_not_wording():
    w = shared_wording(REPORT, OTHER, [(0, len(REPORT), 0, len(OTHER))])
    assert w.runs < 3 and w.longest_run < 12
    r = shared_wording(REPORT, REWRITE, [(0, len(REPORT), 0, len(REWRITE))])
    assert r.runs >= 3 and "closed between Elm Street and the Quarry roundabout" in " ".join(r.examples)


def test_independent_reports_are_not_linked_though_their_sentences_align():
    passages = align(REPORT, OTHER)
    d = decide_reuse(passages, REPORT, OTHER)
    assert d["rule"] is not None, "the sentences align on the event's facts (the case the rule is for)"
    assert not d["reuse"] and not d["worded"]
    assert decide_reuse(align(REPORT, REWRITE), REPORT, REWRITE)["reuse"]


SHUFFLED = (  # REPORT after random edits: words moved and swapped, so few runs survive
    "For six hours on Sunday crews fought from Elmbridge and Harwick the blaze at Larkspur Mill. "
    "Olivia Brandt, station manager, said engines eight and firefighters 40 attended from Elmbridge and "
    "Harwick the Larkspur Mill fire. "
    "Closed was Harwick Road until Monday morning between the Quarry roundabout and Elm Street. "
    "On suspicion of arson at Larkspur Mill police arrested of Elmbridge Daniel Voss, 31. "
    "Before Harwick Crown Court on 14 March Daniel Voss will appear, police said.")


def test_a_copy_after_random_edits_keeps_its_vocabulary_sentence_by_sentence():
    d = decide_reuse(align(REPORT, SHUFFLED), REPORT, SHUFFLED)
    assert d["reuse"] and d["vocabulary_sentences"] >= 2


def test_quotation_marks_of_tokenised_text_and_glued_to_the_cue_are_masked():
    assert "win" not in prose("He said ``We will win this war.'' Then he left.")
    assert "bill" not in prose('Smith said,"With this bill we win." Then he left.')


def test_the_same_words_are_verbatim_whatever_the_spacing():
    kind, _ = label_passage("It began at 06:00 BST on an anti-piracy patrol.",
                            "It began at 06: 00 BST on an anti - piracy patrol .")
    assert kind == "verbatim"


NOTE = "Editor's note: this article was updated to include a statement from the city council."


def _story_row(aid: str, story: str, seq: int) -> tuple:
    return (aid, story, seq, 1, 1.0, "{}", None, None, "{}")


def test_a_sentence_recurring_across_stories_is_boilerplate_and_links_on_it_go(store):
    texts = {f"a{i}": f"Story number {i} is about its own thing entirely. {NOTE}" for i in range(3)}
    with store.transaction() as conn:
        for i, (aid, text) in enumerate(texts.items()):
            for h, s, e in sentence_hashes(text, sentences(text)):
                conn.execute("INSERT INTO reuse_sentences VALUES (?, ?, ?, ?)", (h, aid, s, e))
            conn.execute("INSERT INTO story_articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         _story_row(aid, f"s{i}", i))
    spans = boilerplate_spans(store)
    assert set(spans) == set(texts)
    b = spans["a0"][0]
    assert texts["a0"][b.start:b.end] == NOTE and (b.articles, b.stories) == (3, 3)
    note = {"source_start": b.start, "source_end": b.end, "copy_start": b.start, "copy_end": b.end,
            "kind": "verbatim", "score": 1.0, "seeds": [
                {"source_sentence": 1, "copy_sentence": 1, "how": "lexical", "score": 1.0, "shared_words": 9}]}
    src = Article(id="a0", source="a0", text=texts["a0"])
    cp = Article(id="a1", source="a1", text=texts["a1"])
    lk = Link("a0", "a1", "verbatim", 0.6, 0.5, False, [note], None, {})
    assert without_boilerplate(lk, src, cp, spans["a0"], spans["a1"]) is None
    fields = article_fields(cp, [], spans["a1"])
    assert fields["original_share"] == 1.0 and fields["boilerplate"][0]["stories"] == 3
    json.dumps(fields)


def test_a_syndicated_story_is_not_boilerplate(store):
    text = "The council approved the budget on Tuesday after a long debate about the new library."
    with store.transaction() as conn:
        for i in range(4):  # four outlets ran it: one story
            for h, s, e in sentence_hashes(text, sentences(text)):
                conn.execute("INSERT INTO reuse_sentences VALUES (?, ?, ?, ?)", (h, f"c{i}", s, e))
            conn.execute("INSERT INTO story_articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         _story_row(f"c{i}", "s-budget", i))
    assert boilerplate_spans(store) == {}
