"""Alignment on real text: verbatim, edited and reworded copies; shared quotations are not reuse."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from storytrace.reuse.align import AlignSettings, _similarities, align, label_passage, window_seeds
from storytrace.reuse.provenance import is_reuse
from storytrace.reuse.text import sentences, term_id

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ukraine-2022"


def _example(prefix: str) -> str:
    return next(EXAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


OWN = ("City officials opened the new library on Monday after three years of building work. "
       "The mayor thanked the volunteers who had raised money for the children's wing. "
       "Visitors queued around the block before the doors opened at nine.")
LEXICAL = AlignSettings(semantic=False)


def _paragraph(text: str, needle: str) -> str:
    return next(p for p in text.split("\n\n") if needle in p)


def test_verbatim_copy_is_found_with_exact_offsets():
    src = _example("001")
    para = _paragraph(src, "The U.S. has started deploying")
    copy = OWN + "\n\n" + para + "\n\n" + OWN.replace("library", "museum")
    ps = align(src, copy, LEXICAL)
    assert len(ps) == 1
    p = ps[0]
    assert p.kind == "verbatim"
    assert copy[p.b_start:p.b_end] == para.strip()
    assert src[p.a_start:p.a_end] == para.strip()
    assert is_reuse(ps, src, copy)


def test_edited_copy_is_labelled_edited():
    src = _example("001")
    para = _paragraph(src, "The U.S. has started deploying")
    edited = (para.replace("has started deploying", "began sending")
              .replace("Another 8,500", "A further 8,500").replace("hundreds of", "several hundred")
              .replace("Denmark and Spain are providing", "Spain and Denmark provide"))
    ps = align(src, OWN + "\n\n" + edited, LEXICAL)
    assert [p.kind for p in ps] == ["edited"]
    assert 0.5 <= ps[0].score < 0.95


def test_reworded_agency_copy_is_a_paraphrase():
    a, b = _example("001"), _example("004")
    ps = align(a, b)
    assert ps, "the rewritten Luhansk passage must align"
    best = max(ps, key=lambda p: len(p.seeds))
    assert best.kind == "paraphrase"
    assert "Miroshnik" in a[best.a_start:best.a_end] and "Miroshnik" in b[best.b_start:best.b_end]
    assert is_reuse(ps, a, b)


def test_shared_quotations_alone_are_not_reuse():
    a, b = _example("000"), _example("001")
    assert not is_reuse(align(a, b), a, b)


def test_unrelated_articles_share_nothing():
    a, b = _example("003"), _example("004")
    assert not is_reuse(align(a, b), a, b)


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("Shells hit a kindergarten in the town.", "Shells hit a kindergarten in the town.", "verbatim"),
    ("Shells hit a kindergarten in the town on Thursday morning, officials said.",
     "Shells hit a kindergarten in the town on Thursday, officials said.", "edited"),
    ("Shells hit a kindergarten in the town.", "A nursery school was struck by artillery.", "paraphrase"),
])
def test_labels(a, b, kind):
    assert label_passage(a, b)[0] == kind


def test_translated_label_when_languages_differ():
    assert label_passage("Shells hit a school.", "Granaten trafen eine Schule.", translated=True)[0] == "translated"


def test_a_condensed_copy_is_one_passage_spanning_its_source():
    from storytrace.reuse.text import sentences

    src = _example("002")
    ss = [s for s in sentences(src) if s.quoted_share == 0 and len(s.words) >= 8]
    picked = [ss[1], ss[len(ss) // 2], ss[-2]]
    # Reworded enough that no sentence is verbatim (verbatim pieces stay separate passages).
    summary = " ".join(src[s.start:s.end].replace(" the ", " a ").replace(" and ", " as well as ")
                       .replace(" of ", " from ") for s in picked)
    copy = OWN + "\n\n" + summary + "\n\n" + OWN.replace("library", "museum")
    ps = align(src, copy)
    assert len(ps) == 1
    p = ps[0]
    assert p.a_start <= picked[0].start and p.a_end >= picked[-1].end
    assert copy[p.b_start:p.b_end].strip() == summary.strip()


def test_straight_quotes_pair_only_where_they_can_open_and_close():
    from storytrace.reuse.text import quoted_mask

    text = ('Some call it a "TiVo for the internet" or "Firefox video\'s" tool. It measures '
            '8.25 " 11". The rest is prose.')
    mask = quoted_mask(text)
    masked = "".join(c for c, m in zip(text, mask, strict=True) if m)
    assert masked == '"TiVo for the internet""Firefox video\'s"'
    stray = 'He says "I feel led to pray for you! Then came a facility called the "Refinery", later.'
    assert "".join(c for c, m in zip(stray, quoted_mask(stray), strict=True) if m) == '"Refinery"'


def test_a_weak_second_match_is_dropped_when_its_sentence_has_a_strong_one():
    from storytrace.reuse.align import Seed, _dominant

    seeds = [Seed(10, 43, 0.67, "lexical"), Seed(9, 43, 0.38, "lexical"),
             Seed(11, 44, 1.0, "lexical"), Seed(17, 44, 0.45, "lexical"),
             Seed(20, 50, 0.5, "lexical"), Seed(21, 50, 0.45, "lexical")]
    kept = {(s.a, s.b) for s in _dominant(seeds, 0.75)}
    assert kept == {(10, 43), (11, 44), (20, 50), (21, 50)}  # a summary's two similar matches stay


def test_a_passage_on_one_sentence_needs_a_clear_match():
    from storytrace.reuse.align import Passage, Seed, _valid

    st = AlignSettings()
    weak = Passage(0, 300, 0, 300, seeds=[Seed(3, 7, 0.39, "lexical")])
    clear = Passage(0, 300, 0, 300, seeds=[Seed(3, 7, 0.6, "lexical")])
    many_to_one = Passage(0, 65, 0, 210, seeds=[Seed(3, 7, 0.8, "lexical"), Seed(3, 9, 0.6, "lexical")])
    assert not _valid(weak, st) and _valid(clear, st) and not _valid(many_to_one, st)


def test_a_short_garbled_copy_stands_on_its_shared_words():
    # one long source sentence condensed and garbled into a short one, as PAN's random
    # obfuscation does: a lone seed on a short passage, but thirteen shared content words
    src = ("Harbour Inspections serves the county.\n"
           "Certified home inspections and construction consultation backed by thirty years in the "
           "building trade, based in Roxboro, with phase inspections, radon testing and mould "
           "surveys for buyers within a sixty mile radius.\n\n"
           "Call the office for an appointment.")
    copy = ("The weather was fine on Monday. Certified home inspections, construction consultation, "
            "Roxboro radon testing, mould surveys within sixty mile radius. The market closed early.")
    found = align(src, copy, LEXICAL)
    assert len(found) == 1 and "Roxboro" in copy[found[0].b_start:found[0].b_end]
    p = found[0]
    assert p.b_end - p.b_start < AlignSettings().min_chars
    assert max(x.shared for x in p.seeds) >= AlignSettings().lone_shared
    assert align(src, copy, AlignSettings(semantic=False, lone_shared=1000)) == []


def test_a_lone_weak_seed_stands_only_with_many_shared_words():
    from storytrace.reuse.align import Passage, Seed, _valid

    st = AlignSettings()
    few = Passage(0, 300, 0, 300, seeds=[Seed(3, 7, 0.40, "lexical", shared=4)])
    many = Passage(0, 300, 0, 300, seeds=[Seed(3, 7, 0.40, "lexical", shared=12)])
    assert not _valid(few, st) and _valid(many, st)


def _swap_words(paragraph: str) -> str:
    """Swap neighbouring words in each sentence: the same words, little of the wording."""
    out = []
    for sent in re.split(r"(?<=[.!?])\s+", paragraph.strip()):
        w = sent.rstrip(".!?").split()
        w = [x for i in range(0, len(w) - 1, 2) for x in (w[i + 1], w[i])] + (w[-1:] if len(w) % 2 else [])
        out.append(" ".join(w) + ".")
    return " ".join(out)


def test_parts_taken_from_all_over_the_source_in_another_order_are_no_summary():
    # four paragraphs from across a long article, garbled and put in reverse order: a
    # short copy whose matches span the whole source, as a summary's do, but going back
    # in the source three times; each part is its own passage, none covers the whole source
    src = _example("002")
    paras = [p for p in src.split("\n\n") if len(p) > 150]
    copy = "\n\n".join(_swap_words(paras[i]) for i in (24, 17, 9, 2))
    found = align(src, copy, LEXICAL)
    assert len(found) == 4
    assert [src.index(paras[i][:40]) < p.a_end and p.a_start < src.index(paras[i][:40]) + len(paras[i])
            for i, p in zip((24, 17, 9, 2), found, strict=True)] == [True] * 4
    summary = align(src, copy, AlignSettings(semantic=False, summary_descents=1000))
    assert len(summary) == 1 and summary[0].a_end - summary[0].a_start == len(src.strip())


def test_a_summary_spanning_most_of_its_source_covers_all_of_it():
    from storytrace.reuse.align import Passage, _cover_source
    from storytrace.reuse.text import sentences

    src = _example("002")
    sa = sentences(src)
    whole = sa[-1].end - sa[0].start
    q = Passage(sa[2].start, sa[2].start + int(0.6 * whole), 0, 300)
    _cover_source(q, sa, AlignSettings())
    assert (q.a_start, q.a_end) == (sa[0].start, sa[-1].end)
    short = Passage(sa[2].start, sa[2].start + int(0.3 * whole), 0, 300)
    _cover_source(short, sa, AlignSettings())
    assert short.a_start == sa[2].start


def test_quoted_sentences_join_a_copied_passage_but_never_make_one():
    quote = '"We will not accept this, and we will say so at every single meeting of the board."'
    src = (OWN + "\n\nThe council voted on Tuesday to close the harbour bridge for repairs lasting "
           "eight months. Traders on the quay fear the closure will cost them their summer "
           "trade. " + quote + "\n\n" + OWN.replace("library", "museum"))
    copy = ("Unrelated opening about the weather and the football results of the weekend. "
            "The council voted on Tuesday to shut the harbour bridge for repairs lasting eight "
            "months. Traders on the quay fear the closure could cost them their summer trade. "
            + quote + "\n\nNothing else here is shared with anything.")
    ps = align(src, copy, LEXICAL)
    assert len(ps) == 1
    assert copy[ps[0].b_start:ps[0].b_end].endswith(quote)
    assert all(s.how != "quoted" for s in ps[0].seeds)
    without = align(src, copy, AlignSettings(semantic=False, quoted=False))
    assert quote not in copy[without[0].b_start:without[0].b_end]
    assert not align(quote + " " + OWN, "Elsewhere, talks went on. " + quote, LEXICAL)


def test_a_whole_copy_of_an_article_made_of_quotations_is_reuse():
    # A diary article that is nearly all quotations (PAN13 source document), reprinted
    # whole with one sentence in five dropped: too little prose of its own for a strong
    # passage, but no independent report repeats another from end to end.
    from conftest import shared_path

    doc = shared_path("data", "pan13", "train", "src", "source-document02445.txt").read_text(encoding="utf-8")
    a = doc[doc.index('"I was verry unwell last night'):doc.index("Tuesday July 30th")].strip()
    sents = re.split(r"(?<=[.!?])\s+", a)
    b = " ".join(s for i, s in enumerate(sents) if i % 5 != 2).replace(" about ", " around ")
    ps = align(a, b)
    assert ps and is_reuse(ps, a, b)
    from storytrace.reuse.provenance import decide_reuse, explain_decision
    d = decide_reuse(ps, a, b)
    assert d["rule"] == "whole copy", "the whole-copy rule, not a prose passage, decides"
    assert min(d["cover"]) >= 0.8 and explain_decision(d).startswith("reuse: a whole copy")


def test_a_copy_is_not_a_translation_because_language_labels_differ():
    # Language identification is unsure on lists and short texts: two copies of one
    # English text labelled with different languages share most of their words.
    from storytrace.model import Article
    from storytrace.reuse.analysis import _translated

    text = _paragraph(_example("001"), "Russia has expelled Bart Gorman")
    en = Article(id="a", source="a", text=text, language="en")
    mislabelled = Article(id="b", source="b", text=text.replace("Thursday", "on Thursday"), language="lb")
    assert not _translated(en, mislabelled)
    german = Article(id="c", source="c", language="de", text=(
        "Russland hat Bart Gorman, den stellvertretenden Missionschef der US-Botschaft in Moskau, "
        "ausgewiesen, wie das Außenministerium am Donnerstagmorgen bestätigte, inmitten anhaltender "
        "Spannungen mit der Ukraine."))
    assert _translated(en, german)


def _pan13_pair(folder: str, susp: str, src: str) -> tuple[str, str, list[tuple[int, int, int, int]]]:
    """A PAN13 training pair: source text, suspicious text and its annotated cases
    as (source start, source end, suspicious start, suspicious end), read by the benchmark."""
    from conftest import load_benchmark, shared_path

    read_pair = load_benchmark("pan13").read_pair
    root = shared_path("data", "pan13", "train")
    _, _, spans = read_pair(shared_path("data", "pan13", "train", folder,
                                        f"suspicious-document{susp}-source-document{src}.xml"))
    a = (root / "src" / f"source-document{src}.txt").read_text(encoding="utf-8")
    b = (root / "susp" / f"suspicious-document{susp}.txt").read_text(encoding="utf-8")
    return a, b, [(c.r0, c.r1, c.s0, c.s1) for c in spans]


def _inside(p_start: int, p_end: int, start: int, end: int, slack: int = 5) -> bool:
    return start - slack <= p_start and p_end <= end + slack


@pytest.mark.parametrize(("susp", "src", "what"), [
    ("00635", "00751", "a run of entries copied out of a long list: the list's recurring "
                       "'2nd Year Member' must not stretch the source side to the whole list"),
    ("01753", "01757", "a copy starting mid-sentence, whose source sentence opens with words "
                       "that recur later in the copy"),
    ("01292", "01598", "a source sentence after the copy joined it by topic"),
])
def test_a_word_for_word_copy_keeps_to_what_was_copied(susp: str, src: str, what: str) -> None:
    a, b, cases = _pan13_pair("02-no-obfuscation", susp, src)
    ps = align(a, b)
    assert len(ps) == 1, what
    (r0, r1, s0, s1), p = cases[0], ps[0]
    assert _inside(p.a_start, p.a_end, r0, r1) and _inside(p.b_start, p.b_end, s0, s1), what
    assert (p.a_end - p.a_start) >= 0.95 * (r1 - r0), what


def test_random_edits_that_move_a_chunk_keep_it_in_the_passage() -> None:
    # PAN13 random obfuscation moved the source's second sentence in front of the first
    # ("Research, and different approaches are investigated of strong and weak points.
    # The Sound Links has been to map out ..."): the copy is not word for word, so its
    # ends are the first and last trigrams shared in any order.
    a, b, cases = _pan13_pair("03-random-obfuscation", "01044", "01779")
    moved = b.index("different approaches are investigated of")
    ps = [p for p in align(a, b) if p.b_start <= moved < p.b_end]
    assert ps, "the moved sentence stays inside the passage"
    assert any(r0 <= ps[0].a_start < r1 for r0, r1, _, _ in cases)


def test_a_sentence_repeated_in_the_source_does_not_stretch_the_passage() -> None:
    # A MapQuest help page repeats 'Click "Save" and you're done!' and 'Click on "My
    # Settings"' in several sections; the copy of one section matches the repeats too,
    # but only the matches in line with the section are its source.
    a, b, cases = _pan13_pair("02-no-obfuscation", "01056", "01503")
    ps = align(a, b)
    for r0, r1, s0, s1 in cases:
        hit = [p for p in ps if p.b_start < s1 and s0 < p.b_end]
        assert len(hit) == 1, f"the case at {s0} is found once"
        assert _inside(hit[0].a_start, hit[0].a_end, r0, r1)
        assert (hit[0].b_end - hit[0].b_start) >= 0.95 * (s1 - s0)


def test_quotations_beside_one_sentence_copied_word_for_word_join_it() -> None:
    # A quotation followed by one prose sentence, both copied word for word: the prose
    # sentence alone is a verbatim copy, and it carries the quotation before it.
    a, b, cases = _pan13_pair("02-no-obfuscation", "00358", "01022")
    (r0, _r1, s0, s1), = cases
    ps = align(a, b)
    assert len(ps) == 1 and _inside(ps[0].b_start, ps[0].b_end, s0, s1)
    assert ps[0].b_start <= s0 + 5 and ps[0].a_start <= r0 + 5


def test_a_shared_quotation_beside_a_prose_sentence_that_differs_stays_out() -> None:
    # Two reports quoting Stoltenberg's words with their own prose beside them.
    quote = ('"We are prepared for the worst, but we hope for the best," NATO Secretary General '
             'Jens Stoltenberg said.')
    a = quote + " " + OWN
    b = quote + " " + ("Negotiators met again in Geneva on Friday without agreement. "
                       "Talks on the Black Sea fleet were postponed until spring.")
    assert align(a, b, LEXICAL) == []


def test_a_copy_whose_sentences_were_split_anew_is_found_by_its_windows() -> None:
    # PAN13 random edits cut one long source sentence into four ("Describe how to organize
    # and manage an\nprogram. It also outlines the\nmanager, ...") and drop words from each:
    # no sentence pair reaches the seed thresholds, three sentences together do. (The
    # source's line breaks become spaces, the same length: split at its lines, the long
    # sentence would match sentence by sentence.)
    a, b, cases = _pan13_pair("03-random-obfuscation", "00636", "00497")
    a = re.sub(r"(?<!\n)\n(?!\n)", " ", a)
    (r0, r1, s0, s1), = cases
    assert align(a, b, AlignSettings(window=1)) == [], "no single sentence pair is enough"
    ps = [p for p in align(a, b) if p.b_start < s1 and s0 < p.b_end]
    assert len(ps) == 1 and any(s.how == "window" for s in ps[0].seeds)
    p = ps[0]
    assert min(p.b_end, s1) - max(p.b_start, s0) >= 0.9 * (s1 - s0)
    assert p.a_start < r1 and r0 < p.a_end


def test_a_list_read_as_one_sentence_is_split_at_its_lines() -> None:
    # PAN13 random edits (tuning pair): the source ends with a 2,400-character grading rubric
    # whose lines have no full stops. Read as one sentence, its one match with a copied
    # paragraph made the copy's source the whole document (0-4,317); split at its lines,
    # the source side is the annotated case's.
    from storytrace.reuse.text import LIST_CHARS, sentences

    a, b, cases = _pan13_pair("03-random-obfuscation", "01414", "00057")
    assert not any(s.end - s.start > LIST_CHARS and "\n" in a[s.start:s.end] for s in sentences(a))
    ps = align(a, b)
    assert ps and all(p.a_end - p.a_start < 1000 for p in ps)
    r0, r1, s0, s1 = next(c for c in cases if c[0] == 2960)
    p = next(p for p in ps if p.b_start < s1 and s0 < p.b_end)
    assert abs(p.a_start - r0) < 100 and abs(p.a_end - r1) < 100


def test_independent_reports_of_one_day_gain_no_reuse_from_windows():
    # 000 and 001 are independent reports of the same day (../shared/gold: not reuse):
    # windows of three sentences sharing names and places must not make them reuse.
    a, b = _example("000"), _example("001")
    assert not any(s.how == "window" for p in align(a, b) for s in p.seeds)
    assert not is_reuse(align(a, b), a, b)


def test_sentences_aligned_only_by_their_window_do_not_make_a_strong_passage() -> None:
    from storytrace.reuse.provenance import decide_reuse

    a, b, _ = _pan13_pair("03-random-obfuscation", "00636", "00497")
    ps = align(a, b)
    p = next(p for p in ps if any(s.how == "window" for s in p.seeds))
    d = decide_reuse([p], a, b)
    assert d["most_seeds"] == sum(s.how != "window" for s in p.seeds) < len(p.seeds)
    from storytrace.reuse.provenance import explain_decision

    assert not d["reuse"], "one sentence of own prose and a window's worth of others are not a strong passage"
    windowed = sum(s.how == "window" for s in p.seeds)
    assert f"{windowed} in all passages aligned only through their window of sentences" in explain_decision(d)


def _reference_tfidf(rows: list[list[str]]) -> list[dict[str, float]]:
    """tf-idf as docs/reuse.md defines it, word by word: tf 1 + log(count), idf
    log((n + 1) / (df + 0.5)) over the rows, rows of unit length."""
    n = len(rows)
    df: dict[str, int] = {}
    for r in rows:
        for w in set(r):
            df[w] = df.get(w, 0) + 1
    out = []
    for r in rows:
        v = {w: (1 + math.log(r.count(w))) * math.log((n + 1) / (df[w] + 0.5)) for w in set(r)}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({w: x / norm for w, x in v.items()})
    return out


def test_sentence_similarities_match_their_definition_on_two_real_articles() -> None:
    sa, sb = sentences(_example("001")), sentences(_example("004"))
    cos, dice, inter = _similarities(sa, sb)
    ref = _reference_tfidf([s.prose for s in (*sa, *sb)])
    ra, rb = ref[:len(sa)], ref[len(sa):]
    assert cos.shape == (len(sa), len(sb))
    for i, s in enumerate(sa):
        for j, t in enumerate(sb):
            expected = sum(x * rb[j].get(w, 0.0) for w, x in ra[i].items())
            assert cos[i, j] == pytest.approx(expected, abs=1e-12)
            shared = len(set(s.prose) & set(t.prose))
            assert inter[i, j] == shared
            assert dice[i, j] == pytest.approx(2 * shared / max(1, len(set(s.prose)) + len(set(t.prose))))
    assert cos.max() > 0.5  # 004 rewrites 001's agency story: some sentences match


def test_window_similarities_count_the_words_of_runs_of_sentences() -> None:
    """Windows (runs of ``window`` sentences) are compared as one bag of words each."""
    sa, sb = sentences(_example("001")), sentences(_example("004"))
    w = AlignSettings().window
    runs = [[x for s in ss[i:i + w] for x in s.prose] for ss in (sa, sb)
            for i in range(max(1, len(ss) - w + 1))]
    ref = _reference_tfidf(runs)
    k = max(1, len(sa) - w + 1)
    seeds = window_seeds(sa, sb, AlignSettings(), *_similarities(sa, sb)[::2], [])
    assert seeds
    for seed in seeds:  # each window seed carries its windows' cosine, as defined
        scores = [sum(x * ref[k + j].get(t, 0.0) for t, x in ref[i].items())
                  for i in range(max(0, seed.a - w + 1), min(seed.a + 1, k))
                  for j in range(max(0, seed.b - w + 1), min(seed.b + 1, len(ref) - k))]
        assert any(seed.score == pytest.approx(s, abs=1e-12) for s in scores)


def test_word_ids_are_the_same_in_every_process() -> None:
    """Columns are ordered by word id, so another process (a Spark worker, another hash
    seed) must give the same ids to get the same sums in the same order."""
    here = [term_id(w) for w in ("ukrain", "troop", "border")]
    code = "from storytrace.reuse.text import term_id; print([term_id(w) for w in ('ukrain', 'troop', 'border')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert out.strip() == str(here)
    assert len(set(here)) == 3
