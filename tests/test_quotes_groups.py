"""Wording comparison, quote groups, statuses, speaker correction and the alias table."""

from __future__ import annotations

import sqlite3

import pytest

from storytrace.quotes.aliases import ALIAS_MIGRATIONS, AliasTable
from storytrace.quotes.groups import QuoteItem, build_groups, link_score, shingles
from storytrace.quotes.wording import diff, loose, loose_words, words


def _item(qid: str, art: str, text: str, speaker: str | None = "Ann Lee", via: str = "mention",
          kind: str = "person", **kw: object) -> QuoteItem:
    return QuoteItem(qid, art, [text], speaker, kind, via, **kw)  # type: ignore[arg-type]


def _group(items: list[QuoteItem]):  # type: ignore[no-untyped-def]
    links = [(a.id, b.id) for i, a in enumerate(items) for b in items[i + 1:] if link_score(a, b)]
    groups = build_groups(items, links)
    assert len(groups) == 1, groups
    return groups[0], {m.quote_id: m for m in groups[0].members}


def test_words_fold_contractions_spelling_and_glosses() -> None:
    assert words("They're moving towards it") == words("They are moving toward it")
    assert words("our DCM (Deputy Chief of Mission) was") == words("our DCM was")
    assert loose(words("Every indication that we have")) == loose(words("Every indication we have"))
    assert words("up to 7,000") == ["up", "to", "7000"]


def test_diff_marks_changed_words() -> None:
    d = diff("they are prepared to go into Ukraine", "they're preparing to move into Ukraine")
    assert "{+move+}" in d["text"] and "[-go-]" in d["text"]
    assert {o["op"] for o in d["ops"]} <= {"replace", "delete", "insert"}


def test_statuses_against_the_best_attested_wording() -> None:
    canon = "Every indication that we have is that they are prepared to go into Ukraine, attack Ukraine"
    items = [
        _item("a1", "A", canon),
        _item("b1", "B", canon + "."),
        _item("c1", "C", "Every indication we have is they're prepared to go into Ukraine, attack Ukraine"),
        _item("d1", "D", "Every indication we have is that they're preparing to move into Ukraine and attack Ukraine"),
        _item("e1", "E", "they are prepared to go into Ukraine"),
    ]
    g, m = _group(items)
    assert g.canonical_text.rstrip(".") == canon
    assert m["a1"].status == "verbatim" and m["b1"].status == "verbatim"
    assert m["c1"].status == "variant"
    assert m["d1"].status == "altered"
    assert "{+move+}" in m["d1"].diff["text"]
    assert m["e1"].status == "truncated"


@pytest.mark.parametrize("via, reason", [("pronoun", "as a pronoun"), ("title", "only a title"),
                                        ("epithet", "only a description")])
def test_a_resolved_speaker_is_corrected_by_the_other_instances(via: str, reason: str) -> None:
    # "he added" or "the president said" resolved to the wrong person is a correction with
    # its reason, not a misattribution
    text = "We have seen an increase of troops over the last two days"
    items = [
        _item("a1", "A", text, "Ben Wallace"),
        _item("b1", "B", text, "Ben Wallace"),
        _item("c1", "C", text, "Jens Stoltenberg", via=via),
    ]
    g, m = _group(items)
    assert g.speaker == "Ben Wallace"
    corr = m["c1"].speaker_correction
    assert corr and corr["from"] == "Jens Stoltenberg" and corr["to"] == "Ben Wallace"
    assert reason in corr["reason"]
    assert m["c1"].status == "verbatim"


def test_same_words_named_for_another_speaker_are_misattributed() -> None:
    text = "We will defend every inch of allied territory against any attack"
    items = [
        _item("a1", "A", text, "Joe Biden"),
        _item("b1", "B", text, "Joe Biden"),
        _item("c1", "C", text, "Kamala Harris"),
    ]
    _, m = _group(items)
    assert m["c1"].status == "misattributed"
    assert m["c1"].speaker_correction["to"] == "Joe Biden"


def test_unrelated_quotes_by_one_speaker_do_not_group() -> None:
    a = _item("a1", "A", "The economy is strong and wages are rising across the country")
    b = _item("b1", "B", "We will not send troops to fight in Ukraine under any circumstances")
    assert link_score(a, b) is None
    assert build_groups([a, b], []) == []


def test_a_group_needs_two_articles() -> None:
    a = _item("a1", "A", "We will not send troops to fight in Ukraine")
    b = _item("a2", "A", "We will not send troops to fight in Ukraine")
    assert build_groups([a, b], [("a1", "a2")]) == []


def test_shingles_index_keys_survive_rewording() -> None:
    assert shingles("engaged in a false flag operation") & shingles("engaging in a false flag operation")


def test_alias_table_grows_and_resolves_across_articles() -> None:
    conn = sqlite3.connect(":memory:")
    for m in ALIAS_MIGRATIONS:
        m.apply(conn)
    t = AliasTable.load(conn)
    assert t.add("Biden", "person", "a1") == "Biden"          # nothing better known yet
    assert t.add("Joe Biden", "person", "a2") == "Joe Biden"
    t.save(conn)
    t2 = AliasTable.load(conn)
    assert t2.resolve("Biden") == "Joe Biden"                 # the earlier article now resolves too
    assert t2.resolve("Volodymyr Zelenskyy") == "Volodymyr Zelenskyy"
    t2.add("Volodymyr Zelensky", "person")
    assert t2.resolve("Volodymyr Zelenskyy") == "Volodymyr Zelensky"
    t2.add("Hunter Biden", "person")
    assert t2.resolve("Biden") == "Biden"                    # two Bidens: the surname is ambiguous


def test_alias_table_joins_spellings_and_middle_initials_of_one_person_only() -> None:
    t = AliasTable()
    t.add("Donald Trump", "person")
    assert t.add("Donald J. Trump", "person") == "Donald Trump"
    assert t.resolve("Trump") == "Donald Trump"                # one person, not an ambiguous surname
    t.add("Michael McFaul", "person")
    assert t.add("Michael McCaul", "person") == "Michael McCaul"  # a consonant apart: two people
    t.add("George W. Bush", "person")
    assert t.add("George H.W. Bush", "person") == "George H.W. Bush"
    assert t.resolve("George Bush") == "George Bush"           # which of the two is not known
    t.add("Dmitry Peskov", "person")
    assert t.resolve("Dmitriy Peskov") == "Dmitry Peskov"


def test_alias_table_keeps_a_gendered_bare_surname_to_full_names_of_its_gender() -> None:
    t = AliasTable()
    t.add("Michelle Obama", "person", "a1", "she")
    # "Mr. Obama" in another article is not the only Obama with a full name so far
    assert t.resolve("Obama", "person", "he") == "Obama"
    assert t.resolve("Obama", "person", "she") == "Michelle Obama"
    assert t.resolve("Obama", "person") == "Michelle Obama"    # no gender said: as before
    t.add("Barack Obama", "person", "a2", "he")
    assert t.resolve("Obama", "person") == "Obama"              # two Obamas: ambiguous
    assert t.resolve("Obama", "person", "he") == "Barack Obama"
    assert t.resolve("Obama", "person", "she") == "Michelle Obama"
    t.add("Malia Obama", "person", "a3", "she")
    assert t.resolve("Obama", "person", "she") == "Obama"       # two women of the name


def test_shared_turns_of_phrase_do_not_link_quotations() -> None:
    # "is going to be" and "one of the most" are how people talk, not what one of them said
    a = _item("a1", "A", "This is how ISIS is going to be reduced.", None, via="none", kind="none")
    b = _item("b1", "B", "Is going to be on commercial broadcast television (as opposed to cable)?",
              None, via="none", kind="none")
    assert link_score(a, b) is None
    c = _item("c1", "C", "He is one of the most popular American rappers")
    d = _item("d1", "D", "one of the most dangerous anabolic steroids.")
    assert link_score(c, d) is None
    # a title that shares only a common name is not the longer quotation
    e = _item("e1", "E", "History of the United States,")
    f = _item("f1", "F", "This accession of territory affirms forever the power of the United States")
    assert link_score(e, f) is None
    # function words alone link only when one quotation is nearly all of the other
    g = _item("g1", "G", "To be, or not to be")
    h = _item("h1", "H", "to be or not to be")
    assert link_score(g, h) is not None


def test_a_hub_quotation_does_not_chain_its_neighbours_into_one_group() -> None:
    slogan = _item("s0", "S", "Make America great again")
    others = [_item(f"q{i:03d}", f"A{i}", f"{w} and we will make America great again, believe me")
              for i, w in enumerate(["Jobs", "Borders", "Trade", "Taxes", "Roads", "Schools"])]
    unrelated = [_item(f"u{i}", f"U{i}", "We will make America great again, believe me and "
                       f"{w} matter") for i, w in enumerate(["farms", "mines"])]
    items = [slogan, *others, *unrelated]
    links = [(a.id, b.id) for i, a in enumerate(items) for b in items[i + 1:] if link_score(a, b)]
    groups = build_groups(items, links)
    assert groups
    by_id = {q.id: q for q in items}
    for g in groups:                     # every member links to its group's best-attested wording
        for m in g.members:
            assert m.quote_id == g.canonical_quote_id or link_score(by_id[m.quote_id], by_id[g.canonical_quote_id])
    assert sum(len(g.members) for g in groups) == len({m.quote_id for g in groups for m in g.members})


def test_a_large_component_is_cut_into_stars(monkeypatch: object) -> None:
    import storytrace.quotes.groups as qg
    monkeypatch.setattr(qg, "MAX_COMPONENT", 4)  # type: ignore[attr-defined]
    text = "We will defend every inch of allied territory against any attack"
    items = [_item(f"q{i}", f"A{i}", text) for i in range(10)]
    chain = [(f"q{i}", f"q{i + 1}") for i in range(9)]      # a path: no quotation links to all
    groups = build_groups(items, chain)
    assert all(len(g.members) <= 4 for g in groups)
    assert sorted(m.quote_id for g in groups for m in g.members) == sorted({m.quote_id for g in groups for m in g.members})
    star = qg._stars([f"q{i}" for i in range(10)], chain, 4)
    assert sorted(i for s in star for i in s) == [f"q{i}" for i in range(10)]
    linked = set(chain) | {(b, a) for a, b in chain}
    for s in star:                      # some member (the centre) links to every other one
        assert any(all((c, y) in linked for y in s if y != c) for c in s)


def test_candidate_keys_skip_function_word_trigrams() -> None:
    keys = shingles("I think it is going to be a disaster for the farmers")
    assert "it is going" not in keys and "a disaster for" in keys
    assert shingles("to be or not to be") == {"to be or", "be or not", "or not to", "not to be"}


# Quotations of PolNeAR train articles (2016) that the store-wide grouping of all 839
# train articles linked wrongly before: each pair is two different utterances.
_SESSIONS = _item("s1", "A", "I'm a big fan of Paul,", "Jeff Sessions")
_SESSIONS.pieces.append("He's a good person, and he's smart, but issues like trade and immigration are going "
                        "to be important")
_REID = _item("r1", "B", "I'm a big fan of Elizabeth Warren,", "Harry Reid")
_REID.pieces.append("I would hope that Clinton and Bernie understand what a good woman she is")


@pytest.mark.parametrize("a, b", [
    # the same template, the words that matter changed: not one quotation altered
    (_SESSIONS, _REID),
    # a slogan inside another speaker's longer quotation is an echo, not a misattribution
    (_item("c1", "A", "When Donald Trump says ‘Let’s make America great again,’ that is code for let’s take "
           "America backward, back to a time when opportunity and dignity were reserved for some,",
           "Hillary Clinton"),
     _item("w1", "B", "Donald Trump says he'll make America great again,", "Elizabeth Warren")),
    # common words here and there, given to another speaker
    (_item("b1", "A", "a lot of people like Bernie Sanders.", "John Bulgaro"),
     _item("n1", "B", "There are a lot of people out there, many pundits and politicians, they say Bernie "
           "Sanders should drop out, the people of California should not have the right to determine who "
           "the next president will be,", "Bernie Sanders", via="pronoun")),
    # a programme's name in title case is not someone's words
    (QuoteItem("j1", "A", ["Jobs, jobs, jobs,", "The Late Show With Stephen Colbert"], "Bill Clinton", "person"),
     QuoteItem("v1", "B", ["The View", "The Late Show With Stephen Colbert,"], "Bernie Sanders", "person")),
])
def test_different_utterances_that_share_words_do_not_link(a: QuoteItem, b: QuoteItem) -> None:
    assert link_score(a, b) is None


def test_a_speaker_quoting_the_words_is_not_corrected() -> None:
    # Trump's tweet quotes Comey's words in inner quotation marks: the tweet is Trump's
    tweet = _item("t1", "A", "Crooked Hillary Clinton and her team ‘were extremely careless in their handling "
                  "of very sensitive, highly classified information.’ Not fit!", "Donald Trump", via="pronoun")
    comey = _item("c1", "B", "extremely careless in their handling of very sensitive, highly classified "
                  "information.", "James Comey")
    group, members = _group([tweet, comey])
    assert group.speaker == "James Comey"
    assert members["t1"].speaker_correction is None and members["t1"].status != "misattributed"


def test_a_quotation_inside_a_quotation_is_seen_in_the_text() -> None:
    from storytrace.nlp import parse
    from storytrace.quotes.analysis import quote_item
    from storytrace.quotes.extract import extract_quotes

    # Politico, 2015-12-03 (PolNeAR train): Morton Klein's statement quotes Mr. Trump
    text = ("Zionist Organization of America president Morton Klein said, “Donald Trump’s absurd and "
            "factually inaccurate claim that a successful peace deal with the Palestinian Authority "
            "dictatorship “has to do with Israel and whether or not Israel’s willing to sacrifice certain "
            "things” makes clear that Trump doesn’t have a clue.”\n")
    q = next(x for x in extract_quotes(text, parse(text)) if "absurd" in x.text)
    item = quote_item("k1", "A", text, None, q.quoted, q.speaker, q.speaker_kind, q.speaker_via, q.kind,
                      q.repaired, AliasTable())
    assert item.nested


def test_speakers_differing_in_accents_only_are_one() -> None:
    from storytrace.quotes.groups import same_speaker

    assert same_speaker("Felipe Calderón", "Felipe Calderon")
    t = AliasTable()
    t.add("Felipe Calderón", "person")
    assert t.resolve("Felipe Calderon") == "Felipe Calderón"


def test_instances_linked_only_through_another_piece_are_not_altered_forms() -> None:
    # Trump, 2016-08-11 (PolNeAR train: Politico, the Huffington Post): one article prints
    # his words in two pieces, "I meant exactly that. He's the founder of ISIS," and the
    # "most valuable player" sentences, which two other articles print too; three articles
    # print "No, I meant he's the founder of ISIS." Before, the three became "altered"
    # forms of the "most valuable player" sentences (11 % of the words)
    mvp = ("He is the most valuable player. They should give, you know, in athletics, we get awards. "
           "You’re the best player on the team, most valuable player.")
    items = [QuoteItem(f"c{i}", f"c{i}", ["No, I meant he’s the founder of ISIS."], "Donald Trump", "person",
                       "mention") for i in range(3)]
    items.append(QuoteItem("x", "x", ["I meant exactly that. He’s the founder of ISIS,", mvp],
                           "Donald Trump", "person", "pronoun"))
    items += [QuoteItem(f"y{i}", f"y{i}", [mvp], "Donald Trump", "person", "mention") for i in range(2)]
    links = [(a.id, b.id) for i, a in enumerate(items) for b in items[i + 1:] if link_score(a, b)]
    groups = build_groups(items, links)
    assert not [m for g in groups for m in g.members if m.status == "altered"]
    founder = next(g for g in groups if g.canonical_text.startswith("No, I meant"))
    assert {m.quote_id for m in founder.members} == {"c0", "c1", "c2"}


def test_loose_words_are_the_normalised_words_and_a_fresh_list_each_time() -> None:
    text = "We’re moving towards an imminent invasion, [Russia] said that it would"
    first = loose_words(text)
    assert first == loose(words(text))
    first.append("changed")
    assert loose_words(text) == loose(words(text))


def test_spacing_typography_compounds_and_number_formats_do_not_alter_a_quotation() -> None:
    # the same words typeset otherwise by a converter or a copy desk: "HP ’ s", "2.6million",
    # "datacenter", "e-mail" are not words the speaker did not say
    canon = "HP's data center revenue rose to 2.6 million dollars, and every e-mail we get says so"
    items = [
        _item("a1", "A", canon),
        _item("b1", "B", canon),
        _item("c1", "C", "HP ’ s datacenter revenue rose to 2.6million dollars, and every email we get says so"),
        _item("d1", "D", "HP's data centre revenue rose to 2.9 million dollars, and every e-mail we get says so"),
    ]
    _, m = _group(items)
    assert m["c1"].status == "variant" and not m["c1"].diff["ops"]
    # a changed figure is still a change
    assert m["d1"].status == "altered"
    assert any(o["instance"] == "2.9" for o in m["d1"].diff["ops"])


def test_the_fullest_wording_is_canonical_not_the_copies_that_cut_it() -> None:
    # three outlets cut the quotation short or elide a clause; the one that prints it whole
    # is the original, not an "altered" form of the cut copies
    full = "We have seen an increase of troops over the last 48 hours, up to 7,000 more, and they keep coming"
    cut = "We have seen an increase of troops over the last 48 hours"
    elided = "We have seen an increase of troops … up to 7,000 more, and they keep coming"
    items = [
        _item("a1", "A", cut, published="2022-02-17"),
        _item("b1", "B", cut, published="2022-02-17"),
        _item("c1", "C", elided, published="2022-02-17"),
        _item("d1", "D", full, published="2022-02-18"),
    ]
    g, m = _group(items)
    assert g.canonical_quote_id == "d1"
    assert m["d1"].status == "verbatim"
    assert {m[k].status for k in ("a1", "b1", "c1")} == {"truncated"}


def test_a_misattribution_needs_the_speaker_named_by_other_articles() -> None:
    # one article names Joe Biden; three copies of a rewrite carry the words on from a
    # Psaki quotation before them (a continuation, not a name beside the words): the one
    # article that names its speaker is not flagged, nor corrected
    text = "We will defend every inch of allied territory against any attack"
    items = [
        _item("a1", "A", text, "Joe Biden"),
        _item("b1", "B", text, "Jen Psaki", via="continuation"),
        _item("c1", "C", text, "Jen Psaki", via="continuation"),
        _item("d1", "D", text, "Jen Psaki", via="continuation"),
    ]
    _, m = _group(items)
    assert m["a1"].status == "verbatim" and m["a1"].speaker_correction is None
    assert m["a1"].speaker_via == "mention"
    # named by two articles against one, the words are misattributed, with who named whom
    items = [_item("a1", "A", text, "Joe Biden"), _item("b1", "B", text, "Joe Biden"),
             _item("c1", "C", text, "Kamala Harris")]
    _, m = _group(items)
    assert m["c1"].status == "misattributed"
    assert m["c1"].speaker_correction["named_by"] == ["A", "B"]


@pytest.mark.parametrize("a, b", [
    ("who gave himself up to police just after 6: 00 p.m., the constable said", "who gave himself up to police just after 6 p.m., the constable said"),
    ("Bettie Page passed away at 6:41pm PST this evening in a Los Angeles hospital", "Bettie Page passed away at 18:41 this evening in a Los Angeles hospital"),
    ("By rolling back this eleventh - hour regulation, we are ensuring that species are protected", "By rolling back this 11th hour regulation, we are ensuring that species are protected"),
    ("I cant speak for the first death, but in this case it looks like a lack of experience", "I can't speak for the first death, but in this case it looks like a lack of experience"),
    ("Police locked down the neighbourhood and negotiated with the suspect for three hours", "Police locked down the neighborhood and negotiated with the suspect for 3 hours"),
])
def test_times_number_words_bare_contractions_and_british_spelling_are_variants(a: str, b: str) -> None:
    _, m = _group([_item("a1", "A", a), _item("b1", "B", a), _item("c1", "C", b)])
    assert m["c1"].status == "variant"


def test_a_surname_typed_wrong_is_the_same_speaker() -> None:
    text = "We will look at the final language when it is published tomorrow, but we will see them in court"
    items = [_item("a1", "A", text, "Andrew Wetzler"), _item("b1", "B", text, "Andrew Wetzler"),
             _item("c1", "C", text, "Andrew Welzler")]
    _, m = _group(items)
    assert m["c1"].status == "verbatim" and m["c1"].speaker_correction is None


def test_two_utterances_sharing_a_name_or_a_stock_phrase_are_not_one_altered() -> None:
    # one official's words and another's that share only the name of a law, or a tribute
    # that shares "a very caring person": not the same utterance, so neither is "altered"
    law = ("restores the scientific process to its rightful place at the heart of the Endangered "
           "Species Act, a process undermined by past administrations")
    other = "a wholly inappropriate use of the Endangered Species Act"
    groups = build_groups([_item("a1", "A", law, "Jamie Clark"), _item("b1", "B", law, "Jamie Clark"),
                           _item("c1", "C", other, None, via="none", kind="none")],
                          [("a1", "b1"), ("a1", "c1"), ("b1", "c1")])
    assert [sorted(m.quote_id for m in g.members) for g in groups] == [["a1", "b1"]]
    caring = "He was incredibly bright, a very caring person and incredibly family-oriented"
    groups = build_groups([_item("a1", "A", caring, "Nancy Higgins"), _item("b1", "B", caring, "Nancy Higgins"),
                           _item("c1", "C", "She was a very caring person.", None, via="none", kind="none")],
                          [("a1", "b1"), ("a1", "c1"), ("b1", "c1")])
    assert all(m.status != "altered" for g in groups for m in g.members)
    # the same speaker's words told otherwise are still altered
    items = [_item("a1", "A", "Our country is on the edge of the abyss", "Karolos Papoulias"),
             _item("b1", "B", "Our country is on the edge of the abyss", "Karolos Papoulias"),
             _item("c1", "C", "Our country has reached the edge of the abyss", None, via="none", kind="none")]
    _, m = _group(items)
    assert m["c1"].status == "altered"


def test_a_contraction_printed_apart_is_a_variant() -> None:
    # tokenised text prints "I ’ m" and "were n't"
    text = "I'm not positive all three of the people were targeted, but there wasn't any doubt"
    _, m = _group([_item("a1", "A", text), _item("b1", "B", text),
                   _item("c1", "C", "I ’ m not positive all three of the people were targeted but there was n't any doubt")])
    assert m["c1"].status == "variant"


def test_one_speaker_naming_a_law_in_two_remarks_is_not_one_altered() -> None:
    long = ("To finally admit that the science compels the listing of the polar bear, but then deny it "
            "the protections the Endangered Species Act should provide, is irresponsible")
    groups = build_groups([_item("a1", "A", long, "Jamie Clark"), _item("b1", "B", long, "Jamie Clark"),
                           _item("c1", "C", "absolute heart of the Endangered Species Act.", "Jamie Clark")],
                          [("a1", "b1"), ("a1", "c1"), ("b1", "c1")])
    assert [sorted(m.quote_id for m in g.members) for g in groups] == [["a1", "b1"]]


def test_a_long_title_two_articles_print_is_not_a_quotation_group() -> None:
    # an award category, nine words in title case, printed by two articles about the host
    title = "Outstanding Individual Performance in a Variety or Music Program."
    a, b = _item("a1", "A", title, "Ellen DeGeneres"), _item("b1", "B", title, "Ellen DeGeneres")
    assert link_score(a, b) is None
