"""Sentence splitting, quotation masks and the light stemmer used by alignment."""

from __future__ import annotations

from storytrace.reuse.text import prose, quoted_mask, sentences, stem

TEXT = ("U.S. Ambassador Linda Thomas-Greenfield spoke on Thursday. Mr. Blinken flew to "
        "Munich, Germany.\n\n“Every indication we have is they’re prepared to go into Ukraine,” "
        "Biden said. John F. Kennedy was not mentioned.")


def test_sentences_keep_offsets_and_respect_abbreviations():
    ss = sentences(TEXT)
    got = [TEXT[s.start:s.end] for s in ss]
    assert got == [
        "U.S. Ambassador Linda Thomas-Greenfield spoke on Thursday.",
        "Mr. Blinken flew to Munich, Germany.",
        "“Every indication we have is they’re prepared to go into Ukraine,” Biden said.",
        "John F. Kennedy was not mentioned.",
    ]
    assert [s.index for s in ss] == [0, 1, 2, 3]


def test_words_inside_quotation_marks_are_not_prose():
    s = sentences(TEXT)[2]
    assert "indication" in s.words and "indication" not in s.prose
    assert s.prose == ["biden"]
    assert s.quoted_share > 0.7


def test_quoted_mask_handles_straight_and_curly_quotes():
    text = 'He said "we will respond" and she said “no comment” today.'
    mask = quoted_mask(text)
    assert text[mask.index(1):] .startswith('"we will respond"')
    assert prose(text).split() == ["He", "said", "and", "she", "said", "today."]
    assert len(prose(text)) == len(text)


def test_apostrophes_are_not_quotations():
    text = "Russia’s troops didn’t leave, officials said."
    assert sum(quoted_mask(text)) == 0


def test_stem_matches_inflections():
    assert stem("shelled") == stem("shelling") == stem("shells")
    assert stem("Russia's".lower()) == "russia"
