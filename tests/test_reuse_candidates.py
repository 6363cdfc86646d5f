"""Candidate generation: vectorised MinHash estimates Jaccard, LSH finds near copies."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storytrace.reuse.candidates import LSHIndex, MinHasher, anchors, lsh_params, shingle_hashes
from storytrace.reuse.text import words

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ukraine-2022"


def _texts() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))}


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return len(np.intersect1d(a, b)) / len(np.union1d(a, b))


def test_minhash_estimates_jaccard():
    t = _texts()["002"]
    half = t[: len(t) // 2] + " The council will meet again next week to discuss the budget."
    ha, hb = shingle_hashes(t), shingle_hashes(half)
    mh = MinHasher(256)
    est = float(np.mean(mh.signature(ha) == mh.signature(hb)))
    assert abs(est - _jaccard(ha, hb)) < 0.1


def test_shingles_are_stable_and_distinct():
    h = shingle_hashes("one two three four five six")
    assert len(h) == 2
    np.testing.assert_array_equal(h, shingle_hashes("One two three four five six"))


def test_lsh_finds_a_near_copy_and_not_others():
    texts = _texts()
    mh = MinHasher(128)
    b, r = lsh_params(0.5, 128)
    index = LSHIndex(b, r)
    for name, text in texts.items():
        index.insert(name, mh.window_signatures(words(text)))
    copy = texts["003"].replace("\n\n", "\n\nMeanwhile, ", 1)
    assert index.query(mh.window_signatures(words(copy))) == {"003"}


def test_a_copied_paragraph_inside_a_long_text_is_a_candidate():
    texts = _texts()
    mh = MinHasher(128)
    index = LSHIndex(*lsh_params(0.3, 128))
    for name in ("000", "002", "003"):
        index.insert(name, mh.window_signatures(words(texts[name])))
    para = max(texts["002"].split("\n\n"), key=len)
    article = texts["004"] + "\n\n" + para + "\n\n" + texts["001"]
    assert "002" in index.query(mh.window_signatures(words(article)))


def test_window_signatures_equal_plain_minhash_of_each_window():
    toks = words(_texts()["002"])[:120]
    mh = MinHasher(64)
    sigs = mh.window_signatures(toks, window=50)
    first = mh.signature(shingle_hashes(toks[:54]))  # shingles starting in [0, 50)
    np.testing.assert_array_equal(sigs[0], first)


def test_lsh_params_match_datasketch():
    from datasketch import MinHashLSH

    for t in (0.3, 0.5, 0.8):
        lsh = MinHashLSH(threshold=t, num_perm=128)
        assert lsh_params(t, 128) == (lsh.b, lsh.r)


def test_anchors_are_names_places_and_numbers():
    got = anchors("Separatist official Rodion Miroshnik said shells hit Stanytsia Luhanska, "
                  "wounding 2 civilians among 150,000 troops.")
    assert {"rodion", "miroshnik", "stanytsia", "luhanska", "150000"} <= got
    assert "separatist" not in got
