"""Quotation marks, attribution and speakers on text written for these tests."""

from __future__ import annotations

import pytest

from storytrace.nlp import parse
from storytrace.quotes.extract import Quote, extract_quotes
from storytrace.quotes.marks import find_quoted_spans


def _quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quoted_spans(text)]


def _quotes(text: str) -> list[Quote]:
    return extract_quotes(text, parse(text))


def _find(quotes: list[Quote], words: str) -> Quote:
    hits = [q for q in quotes if words in q.text]
    assert hits, f"no quote with {words!r} in {[q.text for q in quotes]}"
    return hits[0]


# -- marks ---------------------------------------------------------------------

@pytest.mark.parametrize("text, want", [
    ("She said “we will win” today.", ["we will win"]),
    ('She said "we will win" today.', ["we will win"]),
    ("Il a dit « nous gagnerons » hier.", ["nous gagnerons"]),
    ("She said ‘we will win’ today.", ["we will win"]),
])
def test_every_quote_style(text: str, want: list[str]) -> None:
    assert _quoted(text) == want


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "The States’ officials don’t agree. Russia’s troops aren’t leaving, the ministers’ aides said."
    assert _quoted(text) == []


def test_one_unbalanced_mark_does_not_swallow_the_article() -> None:
    text = ("“We are ready, the minister said at the border.\n\n"
            "Later, the mayor said: “The roads are open.”\n\n"
            "“Nobody was hurt,” a police spokesman said.")
    spans = _quoted(text)
    assert "The roads are open." in spans
    assert "Nobody was hurt," in spans
    assert all("\n" not in s for s in spans)


def test_stray_closing_mark_and_opening_mark_used_as_closing() -> None:
    text = ("He was blunt. They are storing blood. You do not do that for no reason.” Then he left.\n\n"
            "The chief said: “We agree that costs will rise. “\n\nNext paragraph.")
    spans = _quoted(text)
    assert "We agree that costs will rise." in spans
    assert any(s.endswith("for no reason.") for s in spans)


# -- attribution -----------------------------------------------------------------

def test_quote_split_by_its_attribution_is_one_quotation() -> None:
    text = ('"We have seen the opposite of some of the statements," said U.K. Defense Secretary '
            'Ben Wallace. "We have seen an increase of troops over the last 48 hours."')
    qs = [q for q in _quotes(text) if q.direct]
    assert len(qs) == 1
    q = qs[0]
    assert len(q.pieces) == 2 and len(q.quoted) == 2
    assert q.speaker == "Ben Wallace"
    assert q.speaker_role == "U.K. Defense Secretary"
    assert text[q.speaker_start:q.speaker_end].endswith("Ben Wallace")
    assert q.cue == "said"


def test_partial_quotation_inside_reported_speech() -> None:
    text = "The United States says evidence shows Russia is “moving towards an imminent invasion” of Ukraine."
    q = _find(_quotes(text), "moving towards")
    assert q.kind == "partial"
    assert q.speaker == "United States" and q.speaker_kind == "org"
    assert [text[s:e] for s, e in q.quoted] == ["moving towards an imminent invasion"]


def test_indirect_speech_said_that_and_told_reporters() -> None:
    text = ("Defense Secretary Lloyd Austin said that the troops would stay in Poland. "
            "Prime Minister Boris Johnson told reporters the talks had failed.")
    qs = _quotes(text)
    a = _find(qs, "troops would stay")
    assert a.kind == "indirect" and a.speaker == "Lloyd Austin"
    assert a.text.startswith("that the troops")
    b = _find(qs, "talks had failed")
    assert b.speaker == "Boris Johnson" and b.cue == "told"


def test_according_to() -> None:
    text = "The convoy was forty miles long, according to the mayor of the town."
    q = _find(_quotes(text), "convoy was forty miles long")
    assert q.cue == "according to"
    assert q.speaker == "mayor of the town"


def test_roles_and_organisations_are_normalised() -> None:
    text = ('"The action was unprovoked," a spokesperson for the State Department said.\n\n'
            '"It is hysteria," the Kremlin said.')
    qs = _quotes(text)
    assert _find(qs, "unprovoked").speaker == "State Department spokesperson"
    k = _find(qs, "hysteria")
    assert k.speaker == "Kremlin"


def test_pronoun_and_he_added_resolve_to_the_person_meant() -> None:
    text = ("President Joe Biden spoke at the White House on Thursday.\n\n"
            "“They have not moved any troops out,” Mr. Biden said.\n\n"
            "Foreign Minister Dmytro Kuleba said Ukraine had asked for a meeting.\n\n"
            "“We want transparency from Moscow,” he added.")
    qs = _quotes(text)
    b = _find(qs, "not moved any troops")
    assert b.speaker == "Joe Biden"                  # Mr. Biden -> the fullest name in the article
    k = _find(qs, "transparency from Moscow")
    assert k.speaker == "Dmytro Kuleba" and k.speaker_via == "pronoun"
    assert text[k.speaker_start:k.speaker_end] == "he"   # the span in the text stays the pronoun


def test_a_pronoun_in_a_clause_below_a_named_subject_is_that_person() -> None:
    # Politico, 2016-04-11 (PolNeAR train): "she" hangs from the clause whose subject is
    # Clinton; Sanders, the subject of the sentence before, is the thread's last speaker
    text = ("Sanders also didn’t hold back.\n\n"
            "Two weeks after Clinton lost her cool on a rope line, jabbing her finger at an activist "
            "as she angrily said, “I am so sick of the Sanders campaign lying” about her environmental "
            "record, Sanders jabbed at Clinton on that same topic on Monday.\n")
    q = _find(_quotes(text), "so sick of")
    assert (q.speaker, q.speaker_via) == ("Clinton", "pronoun")
    assert text[q.speaker_start:q.speaker_end] == "she"


def test_a_pronoun_keeps_the_thread_when_its_clause_hangs_from_no_named_subject() -> None:
    text = ("Foreign Minister Dmytro Kuleba spoke to reporters in Kyiv.\n\n"
            "When asked about the talks, he said, “We want transparency from Moscow.”\n")
    q = _find(_quotes(text), "transparency")
    assert (q.speaker, q.speaker_via) == ("Dmytro Kuleba", "pronoun")


def test_titles_are_a_role_not_a_name() -> None:
    text = ("“We are ready,” said NATO Secretary General Jens Stoltenberg.\n\n"
            "“The costs will be high,” Stoltenberg said.")
    names = {q.speaker for q in _quotes(text)}
    assert names == {"Jens Stoltenberg"}


@pytest.mark.parametrize("text, name, role", [
    ("“I love this country,” Comedian Ellen DeGeneres said on Tuesday.", "Ellen DeGeneres", "Comedian"),
    # Breitbart, 2016 (PolNeAR train): the entity recogniser takes the occupation into the name
    ("“We will win this seat,” Assemblywoman Claudia Tenney said.", "Claudia Tenney", None),
])
def test_an_occupation_before_a_name_is_a_role(text: str, name: str, role: str | None) -> None:
    q = _quotes(text)[0]
    assert q.speaker == name
    if role is not None:
        assert q.speaker_role == role


def test_scare_quotes_without_a_speaker_are_not_quotations() -> None:
    text = "Moscow denies any such plans and has dismissed the reports as “hysteria”. Talks resume on Monday."
    assert all("hysteria" not in q.text or q.speaker for q in _quotes(text))


def test_extraction_is_a_pure_function_of_the_text() -> None:
    text = "“We will not back down,” the minister said on Monday."
    a = [(q.start, q.end, q.speaker) for q in _quotes(text)]
    b = [(q.start, q.end, q.speaker) for q in _quotes(text)]
    assert a == b and a


def test_typewriter_quote_pairs_are_quotation_marks() -> None:
    text = "''A raid is a combat operation,'' said Col. Steve Warren. The ministers' aides agreed."
    qs = [q for q in _quotes(text) if q.direct]
    assert [text[s:e] for s, e in qs[0].quoted] == ["A raid is a combat operation,"]
    assert qs[0].speaker == "Steve Warren"


def test_name_and_colon_before_a_quotation_is_an_attribution() -> None:
    text = "Analysts were divided.\n\nPhilip Bump: “The Northeast is much better territory for Trump than the South.”"
    q = _find(_quotes(text), "Northeast is much better")
    assert q.cue == ":" and q.speaker == "Philip Bump"


def test_relative_pronoun_speaker_keeps_its_span_and_names_the_noun() -> None:
    text = "The senators, who said the bill would fail, left early."
    q = _find(_quotes(text), "the bill would fail")
    assert text[q.speaker_start:q.speaker_end] == "who"
    assert q.speaker == "senators"


def test_quotation_running_over_paragraphs_is_one_attribution() -> None:
    text = ("“We will not give up,” the mayor said.\n\n"
            "“The bridge will be rebuilt before the winter comes, whatever it costs the city.”\n\n"
            "The council meets on Monday.")
    quotes = _quotes(text)
    q = _find(quotes, "We will not give up")
    assert len(q.pieces) == 2 and "The bridge will be rebuilt" in q.text
    assert not any(x is not q and "bridge" in x.text for x in quotes)


def test_quotation_left_open_continues_in_the_next_paragraph() -> None:
    text = ("The report, the agency wrote, was clear:\n\n"
            "\"The river has risen by two metres in a single week, and the dams are full.\n\n"
            "\"The towns downstream must prepare for the worst floods in a century.\"")
    quotes = [q for q in _quotes(text) if "river" in q.text or "towns" in q.text]
    assert len(quotes) == 1 and "towns downstream" in quotes[0].text


def test_quoted_words_inside_the_cues_clause_make_a_partial_quotation() -> None:
    q = _find(_quotes("Clinton criticized the party for “turning its back” on working families."), "turning")
    assert q.kind == "partial"
    assert q.text.startswith("the party for") and q.text.endswith("working families")


def test_trailing_clause_is_not_part_of_the_reported_speech() -> None:
    text = "Trump insisted that he has “expanded the Republican party,” claiming that turnout was higher."
    q = _find(_quotes(text), "expanded")
    assert q.text.startswith("that he has") and "claiming" not in q.text


@pytest.mark.parametrize("text, words, via, speaker", [
    ("Senator Ann Lee left the hall early. “Nobody listened to the farmers in this debate at all.”",
     "Nobody listened", "context", "Ann Lee"),
    ("Tom Ray was furious. “This is the worst budget in a generation and it will fail,” Ann Lee wrote.",
     "worst budget", "mention", "Ann Lee"),
])
def test_speaker_of_an_uncued_quotation_comes_from_its_sentence(text: str, words: str, via: str,
                                                                 speaker: str) -> None:
    q = _find(_quotes(text), words)
    assert (q.speaker_via, q.speaker) == (via, speaker)


def test_time_stamp_before_a_paragraph_is_not_the_speaker() -> None:
    text = "12:15 p.m.\n\nPresident Barack Obama says the new rules will save lives."
    q = _find(_quotes(text), "rules")
    assert q.speaker_mention is not None and "p.m." not in q.speaker_mention


def test_a_stance_on_a_name_is_an_attribution_but_a_short_object_of_speech_is_not() -> None:
    quotes = _quotes("Minnesota Gov. Mark Dayton is backing Hillary Clinton. The mayor spoke to Mr Biden.")
    q = _find(quotes, "Hillary Clinton")
    assert (q.kind, q.cue_kind, q.speaker) == ("indirect", "stance", "Mark Dayton")
    assert not any("Biden" in x.text for x in quotes)


def test_speaker_lookups_match_spacy_on_long_articles() -> None:
    # A 46k-character article took seconds: spaCy rebuilds doc.text and every entity of
    # the document on each Doc.text / Span.ents access, done once per cue. The resolver's
    # own entity index must give what Span.ents gives (the time is measured by
    # benchmarks/quotes.py, not asserted here).
    from storytrace.quotes.speakers import SpeakerResolver

    text = "\n\n".join(f"Minister Anna Kovalenko of Ukraine said the plan would help {n} families."
                       for n in range(600))
    doc = parse(text)
    resolver = SpeakerResolver(doc)
    for sent in list(doc.sents)[:50]:
        assert resolver._ents_in(sent) == list(sent.ents)
    quotes = extract_quotes(text, doc)
    assert len(quotes) == 600 and {q.speaker for q in quotes} == {"Anna Kovalenko"}


def test_speaker_with_an_appositive_after_the_quotation() -> None:
    # Breitbart, 2016-01-19 (PolNeAR train): after this paragraph the parse hangs the name
    # on the quotation's last noun, leaving "tells" without a subject
    text = ("76-year-old Morton Blackwell, founder of the Leadership Institute, endorsed Cruz last "
            "week, saying he “has consistently demonstrated his deep commitment to conservative "
            "principles.”\n\n“Yes, I support Ted Cruz,” Brent Bozell III, founder of the Media "
            "Research Center, tells Breitbart News in an exclusive interview.\n")
    q = _find(_quotes(text), "Yes, I support")
    assert q.text == "“Yes, I support Ted Cruz,”" and q.kind == "direct"
    assert q.speaker_mention is not None and q.speaker_mention.startswith("Brent Bozell III")


@pytest.mark.parametrize("text, words, speaker", [
    # AFP and Reuters datelines the parse took for the subject (PolNeAR train, Breitbart and
    # HuffPost copies of wire stories, 2016)
    ("Biden, stumping for Clinton, trashes Trump.\n\nNew York (AFP) – Vice President Joe Biden on "
     "Monday hit the campaign trail with Hillary Clinton, accusing Donald Trump of endangering "
     "the lives of US troops.", "endangering the lives", "Joe Biden"),
    ("Trump says he's unlikely to have good relationship with Cameron.\n\nLONDON (Reuters) - Donald "
     "Trump said on Monday he was unlikely to have a good relationship with David Cameron.",
     "unlikely to have a good relationship", "Donald Trump"),
    # two subjects in one misparse: the one nearest the verb speaks
    ("Kasich won Ohio.\n\nTuesday at Baldwin Wallace University in Berea, OH, after winning Ohio in "
     "the Republican presidential primary, Gov. John Kasich (R-OH), said, “I’m getting ready to "
     "rent a covered wagon.”", "covered wagon", "John Kasich"),
])
def test_a_dateline_or_a_stray_subject_is_not_the_speaker(text: str, words: str, speaker: str) -> None:
    q = _find(_quotes(text), words)
    assert q.speaker == speaker


def test_a_headline_glued_to_the_sentence_does_not_speak() -> None:
    # Breitbart, 2016-04-12 (PolNeAR train): the parse makes the headline's name the subject
    # of "said" in the next paragraph
    text = ("Bill Clinton: Hillary ‘Better Qualified to Be President for This Time Than I Was When I "
            "Ran.’\n\nTuesday in New York City, while on the campaign trail for his wife Democratic "
            "presidential front-runner Hillary Clinton, former president Bill Clinton said his wife "
            "was uniquely qualified to be president at this time because “the world’s in tough shape.”")
    q = _find(_quotes(text), "uniquely qualified")
    assert q.speaker_mention == "former president Bill Clinton"


def test_a_noun_right_before_a_finite_cue_is_its_speaker() -> None:
    text = ("Early results of an entrance poll are showing that voters are divided.\n\n"
            "About 4 in 10 say they want the next president to have more liberal policies.")
    q = _find(_quotes(text), "more liberal policies")
    assert q.speaker_mention == "About 4 in 10"


def test_a_quotation_signed_with_a_dash_is_the_signers() -> None:
    # HuffPost, 2016-09-27 (PolNeAR dev): readers' comments, each signed on its line
    text = ("31 Latinos Share Their Most Honest Thoughts On Donald Trump.\n\n"
            "”Mr. Trump embodies the lasting legacy of racism in the United States. He represents our "
            "greatest shame.” ― Sonya Herridge\n"
            "“During the debate Trump said Hispanics live in hell. He is ignorant of our culture and "
            "lives.”― Pamela Padilla \n"
            "“I’m so ashamed to be an American. How did we get this low?”\xa0― Jacklyn Ashley\xa0\n")
    quotes = _quotes(text)
    assert [q.speaker for q in quotes] == ["Sonya Herridge", "Pamela Padilla", "Jacklyn Ashley"]
    assert all(q.kind == "direct" and q.cue == "―" for q in quotes)


def test_a_dash_and_a_name_inside_running_prose_is_no_signature() -> None:
    text = "The crowd chanted “lock her up” — Trump smiled and waved, and the chant went on for minutes."
    assert all(q.speaker != "Trump" for q in _quotes(text))


def test_transcript_turns_are_quotations_of_the_labelled_speaker() -> None:
    # Breitbart, 2016-09-25 (PolNeAR dev): a Fox News Sunday transcript, every paragraph
    # opened by a quotation mark that is never closed
    text = ("Pence: Gennifer Flowers Won’t Be at Debate.\n\n"
            "Partial transcript as follows:\n\n"
            "\"WALLACE: Let’s start with breaking news on the debate story. Will Gennifer Flowers be "
            "there tomorrow night?\n\n"
            "\"PENCE: Well, look, Hillary Clinton apparently thinks this is an episode of “Shark "
            "Tank.” But this is America, Chris.\n\n"
            "\"It’s serious business. The American people have an enormously important choice.\n\n"
            "\"(CROSSTALK.)\n\n"
            "\"WALLACE: Governor, I don’t want to interrupt, but I want to try to get —.\n\n"
            "\"Follow Pam Key on Twitter @pamkeyNEN.\n")
    quotes = _quotes(text)
    turns = [(q.speaker_mention, q.text[:20], q.text[-20:]) for q in quotes]
    assert turns == [("WALLACE", "Let’s start with bre", "here tomorrow night?"),
                     ("PENCE", "Well, look, Hillary ", "ly important choice."),
                     ("WALLACE", "Governor, I don’t wa", "ant to try to get —.")]
    assert quotes[1].speaker == "Mike Pence" or quotes[1].speaker_kind in ("person", "role")


def test_a_capitalised_headline_label_is_no_transcript() -> None:
    text = ("BREAKING: Senate passes the bill.\n\nUPDATE: The vote was 51 to 49.\n\n"
            "WATCH: The moment the vote was read.\n")
    assert _quotes(text) == []


def test_a_whole_quoted_sentence_beside_reported_speech_is_its_own_quotation() -> None:
    # HuffPost, 2016-09-20 (PolNeAR dev), shortened
    text = ("Clinton called Wells Fargo’s behavior “outrageous” and called for compensation to be "
            "“clawed back” for responsible executives. “If any bank can’t be managed effectively, "
            "it should be broken up.”")
    quotes = _quotes(text)
    whole = _find(quotes, "If any bank")
    assert whole.text == "“If any bank can’t be managed effectively, it should be broken up.”"
    assert whole.kind == "direct" and whole.speaker == "Clinton"
    assert all("If any bank" not in q.text for q in quotes if q is not whole)


@pytest.mark.parametrize("text, words, want", [
    ("Former President Bill Clinton criticized the Affordable Care Act as a “crazy system” during "
     "a presidential campaign stop in Flint, Mich.", "crazy system", "a “crazy system”"),
    ("Ingraham blasted Clinton as a “disgrace” Wednesday on The Laura Ingraham Show.", "disgrace",
     "as a “disgrace”"),
    ("Harvard law professor Laurence H. Tribe likened the rules to \"burning the Constitution\" - a "
     "charge that might have stung.", "burning", "to \"burning the Constitution\""),
])
def test_the_circumstances_of_the_saying_are_not_its_content(text: str, words: str, want: str) -> None:
    q = _find(_quotes(text), words)
    assert q.text.endswith(want)


@pytest.mark.parametrize("text", [
    "Clinton told “The Steve Harvey Morning Show,” on Tuesday that she would keep campaigning.",
    "The senator was a member of the “Gang of Eight,” the group that wrote the immigration bill.",
])
def test_a_quoted_title_is_not_a_quotation(text: str) -> None:
    assert all("Steve Harvey" not in q.text and "Gang of Eight" not in q.text
               for q in _quotes(text) if q.kind == "direct")


def test_a_quoted_sentence_in_capitals_stays_a_quotation() -> None:
    q = _find(_quotes("“We Will Win. Believe Me,” Trump said."), "We Will Win")
    assert q.kind == "direct" and q.speaker == "Trump"


def test_markup_attribute_values_are_not_quotations() -> None:
    # West Journal, 2016-09-26 (PolNeAR dev): an embedded post's tag left in the text
    text = ('When PolitiFact examined the statement, it was labeled “Mostly True.”\n\n'
            '<tweet tweet-author=" that in an apples-to-apples comparison, young people have worse '
            'prospects" tweet-date="that in an apples-to-apples comparison, young people have worse '
            'prospects.">Sanders said that for African-Americans between the ages of 17 and 20, “the '
            'real unemployment rate … is 51 percent.”<tweet/>.\n')
    assert all("apples-to-apples" not in text[q.start:q.end] and ">" not in text[q.start:q.end]
               for q in find_quoted_spans(text))
    assert "the real unemployment rate … is 51 percent." in _quoted(text)


def test_a_clause_ending_on_an_opening_mark_takes_the_whole_quotation() -> None:
    # New York Times, 2016 (PolNeAR dev)
    text = ("In the early '80s, Lynch worked at a North Carolina law firm, where the client directed "
            "questions to a male colleague. She said she recalls the colleague being \"confused,\" and "
            "the partner being supportive of her - at one point even admonishing the client: \"You know, "
            "you got to look at her, because she's the one who knows the answer to the question.\"\n\n"
            "Lynch said she recalled thinking, \"This is what people have talked about, from time to "
            "time, is you're sitting there in the room and people just don't see you.\"\n\n"
            "It's not so much a problem for her now.")
    q = _find(_quotes(text), "recalled thinking")
    assert q.text.endswith("people just don't see you.\"")


def test_words_before_a_colon_that_opens_the_quotation_are_not_its_content() -> None:
    # Politico, 2016-09-15 (PolNeAR dev)
    text = ("Democratic Sen. Claire McCaskill (D-Mo.) scolded him: “The scientific community is almost "
            "monolithic against you in terms of the efficacy of the three products you called "
            "‘miracles,’” she said.")
    q = _find(_quotes(text), "scientific community")
    assert q.text.startswith("“The scientific community") and q.kind == "direct"


def test_a_word_of_the_quotation_the_parse_took_for_the_subject_is_not_the_speaker() -> None:
    # Breitbart, 2016-02-16 (PolNeAR train): the parse makes "reporter" the subject of
    # "said" and hangs the name on it as an apposition
    text = ("Trump spoke at a press conference in Hanahan, South Carolina on Monday.\n\n"
            "“Very good reporter, very good reporter this guy,” Trump, the 2016 GOP presidential "
            "frontrunner nationally and current polling leader in South Carolina by a wide margin "
            "after winning the New Hampshire primaries, said when Boyle asked a question.")
    q = _find(_quotes(text), "Very good reporter")
    assert q.speaker == "Trump" and q.speaker_start is not None
    assert text[q.speaker_start:q.speaker_end].startswith("Trump")


# AFP via Breitbart, 2016-08-15 (PolNeAR train)
_BIDEN = ("New York (AFP) – Vice President Joe Biden on Monday hit the 2016 campaign trail with "
          "Hillary Clinton for the first time, trashing Donald Trump as unqualified for the White House "
          "and accusing him of endangering the lives of US troops.\n\nIn the former coal mining town of "
          "Scranton, where Biden grew up in the key battleground state of Pennsylvania, the vice "
          "president said Clinton was the only choice for Americans who know what it’s like to struggle.\n")


def test_a_definite_title_is_the_person_the_article_gave_it() -> None:
    q = _find(_quotes(_BIDEN), "only choice")
    assert (q.speaker, q.speaker_kind, q.speaker_via) == ("Joe Biden", "person", "title")
    assert q.speaker_role == "vice president" and q.speaker_mention == "the vice president"


def test_a_title_means_only_a_person_printed_with_that_office() -> None:
    # "the president" is not the vice president named above it
    text = _BIDEN + "\nAt the White House, the president said the troops were safe.\n"
    q = _find(_quotes(text), "troops were safe")
    assert (q.speaker, q.speaker_kind, q.speaker_via) == ("president", "role", "mention")


# AP via Breitbart, 2016-01-05 (PolNeAR train)
_RYAN = ("House Speaker Paul Ryan says no matter what unilateral action President Barack Obama takes on "
         "gun control, “his word does not trump the Second Amendment.”\n\nThe Wisconsin Republican says "
         "in a statement that the president’s steps to expand background checks to cover more firearms "
         "are certain to be challenged in the courts.\n")
_CRUZ = ("Texas Sen. Ted Cruz says President Barack Obama’s new actions to more tightly regulate gun sales "
         "aren’t worth the paper they’re written on.\n\nDuring a campaign stop in Onawa, Iowa, "
         "{description} repeated his promise to repeal all of Obama’s executive actions, including the "
         "latest ones on guns.\n")


def test_a_description_opening_a_main_clause_is_the_person_just_named() -> None:
    # the article never prints Ryan as "Wisconsin Republican": the description follows the subject
    q = _find(_quotes(_RYAN), "background checks")
    assert (q.speaker, q.speaker_kind, q.speaker_via) == ("Paul Ryan", "person", "epithet")
    assert q.speaker_role == "Wisconsin Republican"
    assert q.speaker_mention == "The Wisconsin Republican"


@pytest.mark.parametrize("description, speaker, kind, via", [
    ("the Republican presidential candidate", "Ted Cruz", "person", "epithet"),
    # a place that contradicts the one printed with him ("Texas Sen. Ted Cruz")
    ("the Florida senator", "Florida senator", "role", "mention"),
    # a sole office the title rule found no one for is no description of the last subject
    ("the U.S. president", "U.S. president", "role", "mention"),
])
def test_a_description_must_not_contradict_the_person(description: str, speaker: str, kind: str,
                                                       via: str) -> None:
    q = _find(_quotes(_CRUZ.format(description=description)), "repeal all")
    assert (q.speaker, q.speaker_kind, q.speaker_via) == (speaker, kind, via)


def test_a_description_inside_a_clause_stays_a_role() -> None:
    # Huffington Post, 2016-09-22 (PolNeAR dev): the mogul is Trump, the object before it, not
    # the subject thread (Graham); only a description that is a main clause's subject is resolved
    text = ("Graham has been critical of Trump since they both were competing in the GOP presidential "
            "primary. In June, the South Carolina senator called on fellow Republicans to unendorse "
            "Trump after the billionaire estate mogul claimed that a judge presiding over a lawsuit "
            "against Trump University was biased because of his Mexican heritage.\n")
    quotes = _quotes(text)
    senator = _find(quotes, "fellow Republicans")
    mogul = next(q for q in quotes if q.text.startswith("that a judge"))
    assert (senator.speaker, senator.speaker_via, senator.speaker_role) == ("Graham", "epithet",
                                                                           "South Carolina senator")
    assert (mogul.speaker, mogul.speaker_kind) == ("billionaire estate mogul", "role")


@pytest.mark.parametrize("text, words, speaker", [
    # AP via Breitbart, 2016-02-08 (PolNeAR train)
    ("Presidential candidate Marco Rubio’s campaign says two dozen of Sen. Rand Paul’s Kentucky "
     "supporters in the state legislature are endorsing Rubio.\n", "two dozen", "Marco Rubio campaign"),
    # PolNeAR train: "the Clinton campaign" after a full name is the same campaign
    ("Hillary Clinton spoke in Iowa.\n\nThe Clinton campaign says progressives agree Sanders' health "
     "care math doesn't add up.\n", "progressives agree", "Hillary Clinton campaign"),
])
def test_a_campaign_known_by_a_persons_name_is_an_organisation(text: str, words: str, speaker: str) -> None:
    # the person is not the speaker, but the organisation has a name: one speaker for
    # "Clinton's campaign", "the Clinton campaign" and "Hillary Clinton's campaign"
    q = _find(_quotes(text), words)
    assert (q.speaker, q.speaker_kind) == (speaker, "org")


def test_his_campaign_is_the_campaign_of_the_person_he_means() -> None:
    # Huffington Post, 2015-12-20 (PolNeAR train)
    text = ("At the debate, Bernie Sanders said his staff “did the wrong thing” by looking at Clinton’s "
            "information, but that the DNC’s subsequent blocking of his campaign from accessing its own "
            "data on Friday was “an egregious act.”\n\nHis campaign sued the DNC in federal court on "
            "Friday, seeking an injunction to immediately overturn the DNC’s denial of access, claiming the "
            "party’s move would cost the campaign $600,000 a day in donations.\n")
    q = _find(_quotes(text), "600,000")
    assert (q.speaker, q.speaker_kind, q.speaker_via) == ("Bernie Sanders campaign", "org", "pronoun")
    assert q.speaker_mention == "His campaign"


# Western Journal, 2015-12-10 (PolNeAR train)
_POLL = ("Not one, but two Republican candidates would defeat Democratic presidential front-runner Hillary "
         "Clinton, according to a new poll that shows more voters view Clinton unfavorably than support "
         "her.\n\nThe Huffington Post-Morning Consult poll of 2047 registered voters was released "
         "Wednesday. As of Thursday, a Google search shows no reports by the major media outlets on the "
         "poll, taken from Dec. 3 – Dec. 7.\n\nThe poll shows both Donald Trump and Ben Carson beating "
         "Clinton 45 to 40 percent.\n")


def test_a_poll_speaks_for_its_pollster_and_the_poll_is_the_last_one_named() -> None:
    # "the poll" is the Huffington Post-Morning Consult poll (a bare "the poll" between them
    # is the same one); its 2,047 voters are who it asked, not who it belongs to
    q = _find(_quotes(_POLL), "45 to 40")
    assert (q.speaker, q.speaker_kind) == ("Huffington Post-Morning Consult", "org")
    assert q.speaker_mention == "The poll"


def test_a_poll_named_by_several_organisations_keeps_them_all() -> None:
    # Breitbart, 2016-02-18 (PolNeAR train): the entity recogniser takes only "ORC"
    text = ("The Fox News results arrive just one day after a CNN/ORC poll showed a mere one-point "
            "difference between Clinton and Sanders in the upcoming Nevada caucus.\n")
    q = _find(_quotes(text), "one-point difference")
    assert (q.speaker, q.speaker_kind) == ("CNN/ORC", "org")


def test_a_subject_inside_a_quotation_is_not_who_he_added_means() -> None:
    # Breitbart, 2016-07-05 (PolNeAR train): "The tweet" (Trump's) inside Ryan's quotation
    # is no subject of the article's; "He added" is still Ryan
    text = ("Speaker of the House Rep. Paul Ryan (R-WI) said on Tuesday, while discussing a controversial "
            "tweet from presumptive Republican presidential nominee Donald Trump, that the image had no "
            "place in a campaign.\n\nRyan said,“Look, anti-Semitic images, they’ve got no place in a "
            "presidential campaign. Candidates should know that. The tweet’s been deleted. I don’t know "
            "what flunky put this up there.”\n\nHe added, “Look I’ve made this really really clear, the "
            "point is, I think he has got to clean this up.”\n")
    q = _find(_quotes(text), "really really clear")
    assert (q.speaker, q.speaker_via) == ("Paul Ryan", "pronoun")


def test_a_surname_the_parse_did_not_tag_as_a_name_is_still_the_person() -> None:
    # AP via Breitbart, 2016-03-15 (PolNeAR train): "Trump at the time" is no proper-noun
    # phrase to the parse; the article printed Donald Trump, so the surname is his
    text = ("Senate Majority Leader Mitch McConnell says he spoke to Republican front-runner Donald Trump "
            "and asked him to condemn violence no matter who is responsible.\n\n"
            "Trump earlier Tuesday backed away from a suggestion that he might cover legal costs for a "
            "supporter who was caught on video punching a black protester in the face. The supporter was "
            "later charged with assault. Trump at the time said he’d asked his “people” to “look into” "
            "paying the fees.\n")
    q = _find(_quotes(text), "asked his")
    assert (q.speaker, q.speaker_kind) == ("Donald Trump", "person")


def test_an_apposition_running_into_a_verb_gives_no_title() -> None:
    # Huffington Post, 2016-02-26 (PolNeAR train): the parse hangs "the Democratic presidential
    # candidate", the subject of "stated", on Brzezinski as an apposition
    text = ("In an interview with Morning Joe hosts Joe Scarborough and Mika Brzezinski, the Democratic "
            "presidential candidate stated that Trump’s “divisive” and “mean-spirited” comments do not "
            "“fit with what I thought I knew about him.”\n")
    q = _find(_quotes(text), "divisive")
    assert q.speaker != "Mika Brzezinski" and q.speaker_kind == "role"


# New York Times, 2015-12-15 (PolNeAR train), paragraphs 10, 14, 16, 18 and 20
_OBAMAS = (
    "As President Obama faced public criticism over his Oval Office address on terrorism this month, "
    "one lawmaker took a private moment during a holiday party at the White House to reassure the "
    "commander in chief.\n\n"
    "It was one of hundreds of seconds-long interactions that the president and the first lady, "
    "Michelle Obama, are having with guests at some of the 20 holiday receptions that crowd their "
    "lives each December.\n\n"
    "''You need to bomb the Iranian nuclear facilities,'' Representative Michele Bachmann, Republican "
    "of Minnesota, told Mr. Obama last year in one such brief exchange. The president told her that it "
    "was not that simple, according to an account she gave to The Washington Free Beacon.\n\n"
    "Jokes are told, interviews are requested and unsolicited advice is given to the president along "
    "with handshakes, high-fives and the not-infrequent deer-in-headlights stare from a speechless "
    "guest. Family members are introduced - and often star-struck.\n\n"
    "''To staff the president and first lady at the holiday photo line is to observe humanity in its "
    "most awkward state,'' said Bill Burton, a former top press official in Mr. Obama's White House.\n")


def test_a_bare_surname_is_not_a_full_name_printed_with_the_other_gender() -> None:
    # "Mr. Obama" and "President Obama" are not "the first lady, Michelle Obama"
    quotes = _quotes(_OBAMAS)
    q = next(x for x in quotes if x.speaker_mention == "The president")
    assert (q.speaker, q.speaker_via) == ("Obama", "title") and q.text.startswith("that it was not")
    assert not any(x.speaker == "Michelle Obama" for x in quotes)


def test_the_speaker_is_the_person_the_mention_s_head_names() -> None:
    q = _find(_quotes(_OBAMAS), "observe humanity")
    assert q.speaker == "Bill Burton"


@pytest.mark.parametrize("text, words, kind, speaker", [
    # PolNeAR train sentences: a person who only qualifies the speaker is not the speaker
    ("Aides to Clinton say she’s shifting her tack toward rival Bernie Sanders with the argument that "
     "the county must tackle problems beyond income inequality and cracking down on Wall Street.",
     "shifting her tack", "role", "Aides to Clinton"),
    ("A top Donald Trump adviser says the businessman is on a “glide path” to reaching the 1,237 "
     "delegates needed to clinch the Republican nomination.", "glide path", "role", "top Donald Trump adviser"),
    # ... but one in apposition to it is
    ("Carter’s press secretary, Peter Cook, told the Times that Carter believes his use of personal "
     "email for work-related business was a mistake.", "personal email", "person", "Peter Cook"),
])
def test_the_speaker_is_the_head_or_its_apposition_not_a_qualifier(text: str, words: str, kind: str,
                                                                   speaker: str) -> None:
    q = _find(_quotes(text), words)
    assert (q.speaker_kind, q.speaker) == (kind, speaker)


def test_a_name_set_off_by_a_comma_names_the_speaker_whatever_noun_the_parse_hangs_it_on() -> None:
    # Politico, 2016-09-22 (PolNeAR dev): the parse makes MacDougall an apposition of Pagliano
    text = ("An attorney for Pagliano, Mark MacDougall, streesed that his client was ready to appear "
            "behind closed doors, but would not be part of a public spectacle.")
    q = _find(_quotes(text), "behind closed doors")
    assert (q.speaker_kind, q.speaker) == ("person", "Mark MacDougall")


def test_an_organisation_s_statement_or_reaction_is_the_organisation_speaking() -> None:
    # examples/ukraine-2022/004 (a content farm's rewrite)
    text = ("The Foreign Ministry’s reaction condemned the West’s reluctance to accept Russia’s primary "
            "security demands and stated that if the US and its allies continue to ignore Moscow’s "
            "concerns, Moscow will take unspecified “military-technical actions.”")
    q = _find(_quotes(text), "military-technical")
    assert (q.speaker_kind, q.speaker) == ("org", "Foreign Ministry")
    assert q.speaker_mention == "The Foreign Ministry’s reaction"


def test_an_organisation_s_spokesperson_is_one_role_however_it_is_written() -> None:
    # the seed sentence (examples/ukraine-2022) and the same with a possessive
    said = ("\"Russia’s action against our DCM was unprovoked and we consider this an escalatory step "
            "and are considering our response,\" {} said.")
    speakers = {_find(_quotes(said.format(who)), "escalatory").speaker
                for who in ("a spokesperson for the State Department", "the State Department’s spokesperson")}
    assert speakers == {"State Department spokesperson"}


# AP "The Latest" in Breitbart, 2016-09-30 (PolNeAR dev), paragraphs 35, 37, 39 and 81
_CROOKED = (
    "Donald Trump is raising questions about his microphone problems during Monday’s debate with "
    "Hillary Clinton.\n\n"
    "He notes that the Commission on Presidential Debates announced earlier Friday that there was an "
    "issue with Trump’s microphone. His audio was quieter at times than Clinton’s inside the debate "
    "hall.\n\n"
    "He says, “Working that microphone was a hell of a lot more difficult than working Crooked "
    "Hillary Clinton.”\n\n"
    "Rival Hillary Clinton had mocked the complaint, saying anybody who complains about a microphone "
    "“is not having a good night.”\n")


def test_a_word_the_recogniser_took_in_front_of_a_printed_name_is_not_the_name() -> None:
    # a nickname inside a quotation is not the canonical name of every Clinton quote
    quotes = _quotes(_CROOKED)
    q = _find(quotes, "good night")
    assert q.speaker == "Hillary Clinton"
    assert not any("Crooked" in (x.speaker or "") for x in quotes)


@pytest.mark.parametrize("text, words, speaker", [
    # Politico, 2016-09-12 (PolNeAR dev), paragraphs 21 and 25: the apposition's "Clinton"
    # is not part of the speaker's name
    ("Former Pennsylvania Gov. Ed Rendell, who served as general chairman of the DNC during the 2000 "
     "election, agreed that the party’s vacancy rules should be modernized.\n\n"
     "Rendell, a Clinton surrogate, said he’d battled through three bouts of walking pneumonia in his "
     "gubernatorial campaigns.\n", "walking pneumonia", "Ed Rendell"),
    # Huffington Post, 2016-01-17 (PolNeAR train), paragraphs 5 and 7: an editor's
    # brackets are not part of the name
    ("“Of course we’re going to release our medical records,” Sanders said during an interview on "
     "CNN’s “State of the Union” Sunday. “Thank God, I am very healthy. We will get medical records "
     "out the same way that Secretary [Hillary] Clinton has gotten her records out. It is not a "
     "problem.”\n\n"
     "Politico reported Saturday that David Brock, founder of Correct the Record — a pro-Clinton super "
     "PAC — was planning to call on the senator to release his records before the Iowa caucuses. "
     "Clinton released her medical records in July, which showed she was fit for duty.\n",
     "medical records in July", "Hillary Clinton"),
    # New York Times, 2016-09-28 (PolNeAR dev), paragraphs 3 and 21: a surname of two
    # words, printed after "Mr.", is not a first name taken in front of a name
    ("When Ildefonso Guajardo Villarreal, the Mexican secretary of the economy, came to talk to me "
     "last week about trade and the American elections, I didn't expect him to drag up the old spat "
     "between Mexico and the United States over trucks.\n\n"
     "The minister of the economy, Mr. Guajardo Villarreal, argues there is little point for Mexico to "
     "respond now to Mr. Trump's threats to wall off the Mexican people and slap a 35 percent tariff "
     "on Mexican imports. ''We must not overreact to campaign rhetoric,'' he told me.\n",
     "campaign rhetoric", "Ildefonso Guajardo Villarreal"),
    # Huffington Post, 2016-06-09 (PolNeAR train): the same, without a "Mr."
    ("Sanders named five people to the committee, while Clinton named six. Florida Rep. Debbie "
     "Wasserman Schultz, the Democratic National Committee’s chair, chose four.\n\n"
     "Wasserman Schultz, who is reviled by progressives, said at the hearing that drafting the "
     "platform “is an open process” and that the convention “will be the most representative and "
     "inclusive in our history.”\n", "open process", "Debbie Wasserman Schultz"),
    # AP "The Latest" in Breitbart, 2016-02-20 (PolNeAR train), paragraphs 149-153: a longer
    # name of the same surname is another person unless it holds this name's words
    ("Former Florida Gov. Jeb Bush says he is ending his bid for the White House.\n\n"
     "A teary-eyed Bush says he’s proud of the campaign he ran to unify the country and advocate "
     "conservative solutions.\n\n"
     "The son and brother of former presidents George H.W. Bush and George W. Bush entered the race "
     "to huge expectations in June, and quickly fueled them with fundraising.\n",
     "ending his bid", "Jeb Bush"),
])
def test_the_name_is_the_head_s_run_of_proper_nouns_without_brackets(text: str, words: str,
                                                                    speaker: str) -> None:
    assert _find(_quotes(text), words).speaker == speaker


# PolNeAR train: New York Times, 2016-09-06 and 2015-12-09; USA Today, 2016-02-18 and 2016-05-02
@pytest.mark.parametrize("text, words, content", [
    ("Mr. Obama said he had instructed Mr. Kerry to continue negotiating with the Russians over the "
     "coming days to see if a deal was possible. The goal, he said, is to forge a durable cease-fire "
     "that would halt the bombings of Aleppo and other Syrian cities.\n",
     "durable cease-fire",
     "The goal is to forge a durable cease-fire that would halt the bombings of Aleppo and other Syrian cities"),
    ("Pulling all terror-related content is not always preferred by law enforcement. In several cases, "
     "tech executives say, they have been asked to keep terror-related content online so that law "
     "enforcement agents can monitor terrorist networks.\n",
     "asked to keep",
     "In several cases they have been asked to keep terror-related content online so that law "
     "enforcement agents can monitor terrorist networks"),
    ("The more politics gets polarized, the more voters fear the candidate at the pole furthest from "
     "them. As Election Day nears, Stone says, the number of real independents -- always exaggerated to "
     "begin with -- shrinks as those in the middle flee to the poles toward which they were leaning all "
     "along.\n",
     "real independents",
     "As Election Day nears the number of real independents -- always exaggerated to begin with -- "
     "shrinks as those in the middle flee to the poles toward which they were leaning all along"),
    # USA Today, 2016-05-02 (PolNeAR train): an apostrophe is not a quotation mark
    ("That is the world we live in and the reason President Obama is seeking congressional approval of "
     "the gigantic Trans-Pacific Partnership (TPP). It's to the advantage of the United States, he says, "
     "to help write the rules of the global economy.\n",
     "rules of the global",
     "It's to the advantage of the United States to help write the rules of the global economy"),
])
def test_a_cue_set_off_by_commas_reports_its_whole_sentence(text: str, words: str, content: str) -> None:
    q = _find(_quotes(text), words)
    assert q.text.rstrip(".") == content
    assert len(q.pieces) == 2 and text[q.cue_start:q.cue_end] not in q.text


def test_what_stands_before_a_quotation_after_the_cue_is_not_reported() -> None:
    # New York Times, 2016-03-12 (PolNeAR train)
    text = ("Last year, he suggested that a man wearing a Black Lives Matter shirt who was beaten and "
            "kicked may have deserved it. In February, as a protester was being removed from an event in "
            "Las Vegas, Mr. Trump said, ''I'd like to punch him in the face.''\n")
    q = _find(_quotes(text), "punch him")
    assert "Las Vegas" not in q.text and "February" not in q.text


def test_a_writer_s_own_i_stays_a_capital_pronoun() -> None:
    # Breitbart, 2015-11-19 (PolNeAR train): an excerpt of a memoir, the writer quoting
    # himself in court; the pronoun is the speaker as printed, "I", not "i"
    text = ("I also wanted to address the judge’s apparent concern that I was not contrite over my "
            "misdeeds. “I am not shy,” I said. “I have not been reluctant to express my views in public. "
            "And I have done that for twenty-five years.”\n")
    q = _find(_quotes(text), "not shy")
    assert (q.speaker, q.speaker_kind) == ("I", "pronoun")


@pytest.mark.parametrize("text", [
    "It appeared that the company would miss its sales target for the year.",
    "It would seem that the talks between the two unions have failed again.",
    "Apple is expected to unveil the new phone at its event in September.",
    "It is believed that the vote on the budget will pass easily next week.",
])
def test_an_impersonal_view_is_nobody_s_attribution(text: str) -> None:
    # "it appeared that", "it would seem", "is expected to" say how things look: no one is
    # quoted, and neither "it" nor the passive's subject is a speaker
    assert _quotes(text) == []


def test_a_date_is_not_what_someone_said() -> None:
    # "sounded pessimistic on Thursday": the day is not the content of an attribution
    text = ("President Joe Biden sounded particularly pessimistic on Thursday, warning that there "
            "was no sign of the promised Russian pullout.")
    quotes = _quotes(text)
    assert all(q.text != "Thursday" for q in quotes)
    assert _find(quotes, "no sign of the promised").speaker == "Joe Biden"


def test_a_company_s_own_expectation_is_still_its_attribution() -> None:
    text = "The company said it expects sales to rise by a tenth in the second half."
    quote = _find(_quotes(text), "expects sales")
    assert quote.speaker == "company"


def test_a_dateline_is_not_part_of_the_speaker() -> None:
    text = "Computerworld - Microsoft said on Monday that it would release the security patch next week."
    quote = _find(_quotes(text), "release the security patch")
    assert quote.speaker_mention == "Microsoft"


def test_a_quoted_list_item_is_nobody_s_quotation() -> None:
    text = ('The manual lists three rules.\n\n1. "Make sure the battery is charged before you start the engine"\n\n'
            '2) “Never leave the car running in a closed garage overnight”\n\n'
            '"Most people forget the second one," the mechanic said.')
    quotes = _quotes(text)
    assert [q.text.strip('"“”,') for q in quotes if q.quoted] == ["Most people forget the second one"]


def test_a_mark_with_no_space_on_either_side_opens_or_closes_as_the_marks_before_call_for() -> None:
    # converted wire text: `condemned"a raw murderous act"`, `chants of"Klitschko!`
    text = ('"Nobody has the right to violence that leads to murder," Prime Minister George Papandreou '
            'told parliament as he condemned"a raw murderous act".\n\n'
            'Vitali urged on fans in the stadium when the first chants of"Klitschko! Klitschko! stirred.')
    assert _quoted(text) == ["Nobody has the right to violence that leads to murder,", "a raw murderous act",
                             "Klitschko! Klitschko! stirred."]


def test_a_spaced_curly_mark_opens_or_closes_as_the_marks_before_call_for() -> None:
    # tokenised text prints “ I ’ m …, ” with spaces inside the marks
    text = ("“ I ’ m in the middle of the riot action in my district, ” Williams said. The agency will "
            "reverse the so - called “ medical conscience ” rule.")
    assert _quoted(text) == ["I ’ m in the middle of the riot action in my district,", "medical conscience"]


def test_a_quotation_closed_on_the_next_line_takes_the_cue_there() -> None:
    # text printed a sentence a line: the quotation opens on one line and its closing mark
    # and cue are on the next; the speaker is not whoever the line before named
    text = ("The city was calm on Sunday, when a few hundred youths attacked a government building.\n"
            "`` I'm tired of coming to the shop every night to check the damages.\n"
            "You think it's going to calm down and then it starts again,'' said Anna Pavlidou, a manager.")
    quote = _find(_quotes(text), "tired of coming")
    assert quote.speaker == "Anna Pavlidou" and len(quote.pieces) == 2


def test_a_name_after_an_abbreviated_title_is_the_speaker() -> None:
    text = ("`` The driver was uncooperative, made some veiled threats.\n"
            "He was subsequently tased by police,'' said Bloomington Police Sgt. Marty Earley.")
    assert _find(_quotes(text), "tased by police").speaker == "Marty Earley"


def test_terms_and_titles_in_quotation_marks_are_nobody_s_words() -> None:
    text = ('If you press down in the center (creating what is called a "node" in the string), each half '
            'will produce an octave.\n\nAccording to the promoter, expect to hear a wide range of hits, '
            'including “Listen To The Music,” “Long Train Running,” “Black Water” and others.\n\n'
            'Trump called the plan “a total disaster” on Monday.')
    quotes = _quotes(text)
    assert [q.text for q in quotes if q.quoted] == ["the plan “a total disaster”"]


def test_a_colon_after_white_space_before_a_quotation_does_not_fail() -> None:
    # a PAN13 page with `two matters : " Is there …` made extraction raise (IndexError)
    text = 'The court limited its review of whether to intervene to two matters : " Is there any doubt about this?"'
    assert all(q.text for q in _quotes(text))


def test_a_name_set_off_after_a_role_is_the_speaker() -> None:
    text = ("According to his aunt, Jane Starner, “He was brilliant from the start, reading at an adult "
            "level when he was in kindergarten.” He played chess.")
    assert _find(_quotes(text), "brilliant from the start").speaker == "Jane Starner"


def test_a_study_the_parse_made_an_object_of_a_fronted_clause_still_speaks() -> None:
    text = ("As we have noted, a March 2019 study by the Centre for Economic Policy Research, a London-based "
            'think tank, concluded that, using standard methods, "the full incidence of the tariff falls on '
            'domestic consumers."')
    assert _find(_quotes(text), "full incidence").speaker == "Centre for Economic Policy Research"
