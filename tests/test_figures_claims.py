"""What counts as a figure, what it counts, and when two figures are a conflict (issue #27).

The sentences are written like the stream's real texts: wire copy, sports and gadget reports,
and ECB+'s tokenised-then-detokenised prose ("$1, 799", "0. 71").
"""

from __future__ import annotations

import pytest

from storytrace.figures.extract import Figure, extract_figures
from storytrace.figures.numbers import find_numbers
from storytrace.figures.series import build_series, rounding_range
from storytrace.model import Article
from storytrace.nlp import parse


def _figs(text: str, published: str | None = "2013-05-01", outlet: str | None = "Wire") -> list[Figure]:
    a = Article(id="t1", source="t", text=text, published=published, outlet=outlet)
    return [f for f in extract_figures(a, parse(text)) if f.kind == "quantity"]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The laptop now sells for $1, 799 at most stores.", 1799, "USD"),
        ("The index fell to 0. 71 on Monday.", 0.71, None),
        ("The company raised $1. 2 million from investors.", 1.2e6, "USD"),
        ("Shares rose 4. 5 percent in early trading.", 4.5, "%"),
        ("the U. S. Geological Survey said it was 6. 1.", 6.1, None),
    ],
)
def test_numbers_split_by_spaced_tokens_read_whole(text: str, value: float, unit: str | None) -> None:
    (n,) = [n for n in find_numbers(text) if n.value == value]
    assert n.unit == unit


def test_a_sentence_ending_in_a_year_is_not_glued_to_the_next_number() -> None:
    assert [n.value for n in find_numbers("It opened in 2008. 25 people work there.")] == [2008, 25]


@pytest.mark.parametrize(
    "text",
    [
        "Apple unveiled a 13-inch MacBook with a 32-bit chip and 5.1 surround sound.",
        "Bryant hit a 3-pointer late in the fourth quarter.",
        "The Lakers won 98-87 on Sunday night.",
        "Manchester United beat Chelsea 3-1 at Old Trafford.",
        "The Celtics improved to a 10-2 record with the victory.",
        "Boeing 787 jets were grounded after the battery fires.",
        "A 5.6 quake jolted the island.",
        "Janice Leader, a 911 dispatcher, told reporters what she heard.",
        "Call (210) 223-4537 for details.",
        "Teixeira, who will turn 29 in April, signed with the club.",
    ],
)
def test_labels_scores_models_and_ages_are_not_figures(text: str) -> None:
    assert _figs(text) == []


def test_a_unit_alone_is_not_what_is_counted() -> None:
    # "scored 25 points" with nobody named, "5 miles": nothing counted; a named scorer owns his points
    assert _figs("He scored 25 points in the second half.") == []
    (f,) = _figs("Iguodala is averaging 14.9 points per game this season.")
    assert (f.owner, f.object) == ("Iguodala", "Iguodala's points")
    (snow,) = _figs("The storm dumped 12 inches of snow on the city.")
    assert snow.object == "snow"
    (rate,) = _figs("Unemployment rose to 9.5 percent in March.")
    assert rate.object == "Unemployment"


def test_money_and_population_find_their_real_object() -> None:
    (price,) = _figs("The new MacBook costs $1,799.")
    assert price.object == "price of MacBook"
    (pop,) = _figs("Alaska, with a statewide population of about 600,000, is far from polluters.")
    assert pop.object_head == "population"


def test_a_table_row_is_not_prose() -> None:
    assert _figs("| 27 | Bubba Wallace | 487 | 0 | 0") == []


def test_passive_subject_of_a_report_is_not_the_claimant() -> None:
    (f,) = _figs("Houses in two villages were also reported damaged.")
    assert f.claimant == "Wire" and f.claimant_from == "outlet"


def _claim(aid: str, text: str, value: float, claimant: str, as_of: str | None = "2013-05-01",
           head: str = "people", **kw) -> Figure:
    kw.setdefault("predicate", "killed")
    kw.setdefault("evidence", {"object": "syntax"})
    return Figure(aid, 0, len(text), text, value, object=head, object_head=head,
                  claimant=claimant, as_of=as_of, as_of_earliest=as_of, as_of_latest=as_of,
                  sentence=f"{text} {head} were killed, {claimant} said.", **kw)


def test_a_conflict_needs_different_claimants_and_carries_both_sentences() -> None:
    same = [_claim("a", "25", 25, "Police"), _claim("b", "40", 40, "police")]
    assert build_series(same)[0].conflicts == []  # one claimant, two articles: no accusation
    figs = [_claim("a", "25", 25, "Police"), _claim("b", "40", 40, "the health ministry")]
    (c,) = build_series(figs)[0].conflicts
    assert c["claimants"] == ["Police", "the health ministry"]
    assert c["sentences"] == ["25 people were killed, Police said.", "40 people were killed, the health ministry said."]


def test_no_conflict_across_stories_or_days_or_within_rounding() -> None:
    figs = [_claim("a", "25", 25, "Police"), _claim("b", "40", 40, "Reuters")]
    assert build_series(figs, story_of={"a": "s1", "b": "s2"})[0].conflicts == []
    other_day = [_claim("a", "25", 25, "Police"), _claim("b", "40", 40, "Reuters", as_of="2013-05-02")]
    assert build_series(other_day)[0].conflicts == []
    rounded = [_claim("a", "130,000", 130000, "Police"), _claim("b", "127,500", 127500, "Reuters")]
    assert build_series(rounded)[0].conflicts == []
    assert rounding_range(rounded[0]) == (122400.0, 137600.0)  # +-2% exact, +-5,000 rounding


def test_series_do_not_pool_points_of_different_players() -> None:
    figs = [_claim("a", "25", 25, "Wire", head="point", owner="Bryant"),
            _claim("b", "31", 31, "Wire", head="point", owner="James")]
    assert build_series(figs) == []


def test_anonymous_counts_stay_inside_one_storyline() -> None:
    figs = [_claim("a", "25", 25, "Police"), _claim("b", "40", 40, "Reuters")]
    assert build_series(figs, scope={"a": "line1", "b": "line2"}) == []
    assert len(build_series(figs, scope={"a": "line1", "b": "line1"})) == 1
    owned = [_claim("a", "25", 25, "Police", owner="Russia"), _claim("b", "40", 40, "Reuters", owner="Russia")]
    assert len(build_series(owned, scope={"a": "line1", "b": "line2"})) == 1  # Russia's count across storylines


def test_different_verbs_or_a_part_of_a_group_are_not_a_conflict() -> None:
    # "Police say Gray's gun was loaded with four bullets" / "Seven bullets hit Mr. Gray"
    loaded = _claim("a", "four", 4, "Police", head="bullets", predicate=None, verb="load")
    hit = _claim("b", "Seven", 7, "the medical examiner", head="bullets", predicate=None, verb="strike")
    assert build_series([loaded, hit])[0].conflicts == []
    # "adding five companies" / "tapped three of those companies"
    added = _claim("a", "five", 5, "NASA", head="companies", predicate=None, verb="add")
    part = _claim("b", "three", 3, "Al Jazeera", head="companies", predicate=None, verb="add",
                  evidence={"object": "syntax", "partitive": "yes"})
    assert build_series([added, part])[0].conflicts == []


def test_destroyed_villages_conflict_but_not_with_damaged_ones() -> None:
    text = ("The governor of Qeshm island told the AFP news agency four villages had been destroyed.\n\n"
            "The earthquake shook southern Iran, flattening seven villages, officials said.\n\n"
            "Homes in five villages had been damaged, the governor said.")
    four, seven, five = _figs(text, published="2005-11-27")
    assert (four.predicate, seven.predicate, five.predicate) == ("destroyed", "destroyed", "damaged")
    four.article_id, seven.article_id = "a", "b"
    (c,) = build_series([four, seven])[0].conflicts
    assert c["values"] == ["four", "seven"]


@pytest.mark.parametrize(
    "text",
    [
        "Another slide shows that nine of 10 limes are grown in Mexico.",
        "Three of four Republicans endorse the practice.",
        "Our servers are 100% safe.",
        "Upgrade to Premium for $4.99/mo today.",
        "This bundle is still $50 cheaper than a regular Switch.",
    ],
)
def test_ratios_degrees_and_rates_are_not_counts(text: str) -> None:
    assert _figs(text) == []


def test_coordinated_counts_keep_their_own_modifiers_and_owner() -> None:
    twelve, eleven = _figs("Marine commandos boarded the vessels to nab 12 Somali and 11 Yemeni pirates.")
    assert (twelve.object, eleven.object, eleven.owner) == ("Somali pirates", "Yemeni pirates", "Yemeni")


def test_owner_is_not_taken_from_another_clause_or_group() -> None:
    _, palestinians = _figs("More than 600,000 Israelis live in settlements, alongside more than three million "
                            "Palestinians.")
    assert palestinians.owner is None


@pytest.mark.parametrize(
    "text",
    [
        ("Additionally, Weitz co-wrote the 1998 animated film ANTZ and went on to produce the major box office "
         "success AMERICAN PIE and executive produced the film's two theatrical sequels."),
        "Speaking at a conference attended by representatives from 25 countries, Gortney said piracy was hard to stop.",
    ],
)
def test_a_number_outside_what_was_said_is_not_the_speakers_claim(text: str) -> None:
    (f,) = _figs(text)
    assert f.claimant_from == "outlet"


def test_the_speaker_of_a_sentence_final_or_parenthetical_said_claims_the_figure() -> None:
    (shells,) = _figs("Officers found a 12-gauge pump-action shotgun and three live shells in the vehicle, Pickell said.")
    assert (shells.claimant, shells.claimant_from) == ("Pickell", "claim-verb")
    (water,) = _figs("At one time, Owen said, firefighters were pouring 5, 000 gallons of water per minute onto the blaze.")
    assert (water.value, water.unit, water.object, water.claimant) == (5000, "gallons", "water", "Owen")


def test_a_quoted_term_is_not_a_figure_and_a_subject_owns_only_what_it_holds() -> None:
    assert _figs('Volker said he never used the term "three amigos" and added more.') == []
    (cars,) = _figs("During his flee, Lasalle struck two other vehicles, according to authorities.")
    assert cars.owner is None and cars.claimant == "authorities"
    (troops,) = _figs("Russia has massed more than 100,000 troops near the border.")
    assert troops.owner == "Russia"


def test_counts_of_a_charge_and_compound_nouns_name_what_is_counted() -> None:
    (counts,) = _figs("LaSalle was charged with third-degree murder and three counts of criminal vehicular homicide.")
    assert counts.object == "counts of criminal vehicular homicide"
    (officers,) = _figs("The police said that two plainclothes officers fatally shot the teenager.")
    assert (officers.object, officers.claimant) == ("plainclothes officers", "The police")
    assert _figs("He made off with jewellery worth £88m in one of the biggest heists.") == []  # 'm' is no thing


def test_relative_and_parenthetical_sources() -> None:
    (boats,) = _figs("It received a distress call from the MV Gibe, who said they were being fired on by two boats.")
    assert boats.claimant == "the MV Gibe"
    (windfall,) = _figs("If all the companies paid taxes, the researchers tallied, the government would receive "
                        "a whopping $717.8 billion windfall.")
    assert windfall.claimant == "the researchers"


def test_claiming_lives_is_not_a_claim_and_spaced_hyphen_labels_are_labels() -> None:
    (dead,) = _figs("Since 2014, the region has been the scene of warfare that has claimed the lives of 14,000 people.")
    assert dead.claimant_from == "outlet"
    assert _figs("O'Brien did lead the Sixers to a 43 - 39 record - a 10 - win improvement over the season.") == []
    (noodles,) = _figs("Dinner is 1 cup zucchini noodles with sauce.")
    assert (noodles.unit, noodles.object) == ("cup", "zucchini noodles")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("a supertanker loaded with $ 100 million worth of crude oil", 1e8, "USD"),
        ("making off with a ( $2. 6 - million) booty", 2.6e6, "USD"),
        ("a search will arrive at approximately 150 000 Web pages", 150000, None),
    ],
)
def test_more_tokenised_numbers(text: str, value: float, unit: str | None) -> None:
    (n,) = [n for n in find_numbers(text) if n.value == value]
    assert n.unit == unit


def test_shot_labels_records_and_charges() -> None:
    assert _figs("He relied on the three - point basket and a defense.") == []
    assert _figs("Klitschko ( 52-3, 46 KOs) blasted Rahman ( 45-7-2, 36 KOs) in Mannheim.") == []
    (f,) = _figs("The Ukrainian military command charged that shells hit a kindergarten, wounding two civilians.")
    assert f.claimant == "The Ukrainian military command"


def test_a_hyphenated_count_counts_its_own_word() -> None:
    a = Article(id="t1", source="t", text="The landmark 31-page agreement includes a pledge.", published=None)
    (f,) = extract_figures(a, parse(a.text))
    assert (f.kind, f.object_head) == ("label", "page")  # kept apart; counts pages, not agreements
