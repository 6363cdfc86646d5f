"""The sentence paraphrase decision on real sentences (the example articles, MRPC)."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import shared_path
from storytrace.reuse.paraphrase import (
    FEATURES,
    cross_encoder,
    features,
    load_model,
    method,
    mrpc_split,
    pair_cosines,
    probabilities,
    read_mrpc,
)

# Sentences of the example articles 001 (AP) and 004 (its rewrite).
LUHANSK_AP = "Separatist official Rodion Miroshnik said rebel forces returned fire."
LUHANSK_REWRITE = ("According to separatist spokesman Rodion Miroshnik, rebel soldiers "
                   "retaliated with fire.")
SHELLS_AP = ("The Ukrainian military command charged that shells hit a kindergarten building in "
             "Stanytsia Luhanska, wounding two civilians, and cut power supply to half of the town.")
SHELLS_REWRITE = ("Shells hit a kindergarten in Stanytsia Luhanska, hurting two teachers and knocking "
                  "off electricity to half of the town, according to the Ukrainian military command.")
ZELENSKYY = ("The kindergarten bombardment, according to Ukrainian President Volodymyr Zelenskyy, "
             "is a “major provocation” by pro-Russian militants.")


# A spun rewrite (001 / 004) whose every phrase is replaced: alignment must accept it.
DISPUTED_AP = ("Ukraine disputed the claim, saying that separatists had shelled its forces, "
               "but they didn’t fire back.")
DISPUTED_REWRITE = ("Ukraine refuted the report, claiming that rebels bombarded its soldiers but "
                    "that they did not respond.")


def _probs(pairs):
    return probabilities(pairs, pair_cosines(pairs))


def test_the_feature_model_decides_by_default(monkeypatch):
    monkeypatch.delenv("STORYTRACE_PARAPHRASE_MODEL", raising=False)
    cross_encoder.cache_clear()
    assert method() == "features"


def test_rewritten_agency_sentences_are_paraphrases():
    p = _probs([(LUHANSK_AP, LUHANSK_REWRITE), (SHELLS_AP, SHELLS_REWRITE),
                (DISPUTED_AP, DISPUTED_REWRITE)])
    assert (p > 0.5).all(), p


def test_same_topic_different_statement_is_not_a_paraphrase():
    p = _probs([(SHELLS_AP, ZELENSKYY), (LUHANSK_AP, SHELLS_REWRITE), (DISPUTED_AP, LUHANSK_REWRITE)])
    assert (p < 0.5).all(), p


def test_a_missing_cross_encoder_file_is_an_error(monkeypatch, tmp_path):
    from storytrace.errors import ModelNotFound

    monkeypatch.setenv("STORYTRACE_PARAPHRASE_MODEL", str(tmp_path / "none.onnx"))
    cross_encoder.cache_clear()
    try:
        with pytest.raises(ModelNotFound):
            cross_encoder()
    finally:
        cross_encoder.cache_clear()


def test_features_are_symmetric_and_match_the_shipped_weights():
    row = features(SHELLS_AP, SHELLS_REWRITE, 0.8)
    assert len(row) == len(FEATURES) == len(load_model().coef)
    assert np.allclose(row, features(SHELLS_REWRITE, SHELLS_AP, 0.8))
    named = dict(zip(FEATURES, row, strict=True))
    assert named["numbers_unmatched"] == 0 and named["negation_differs"] == 0
    # "didn’t" (curly apostrophe) and "did not" are both negated
    assert dict(zip(FEATURES, features(DISPUTED_AP, DISPUTED_REWRITE, 0.6), strict=True))[
        "negation_differs"] == 0


def test_numbers_and_negations_that_disagree_are_features():
    a = "Shares rose 5.2 percent to $31.10 on Tuesday."
    b = "Shares did not rise 7.4 percent to $31.10 on Tuesday."
    named = dict(zip(FEATURES, features(a, b, 0.9), strict=True))
    assert named["numbers_unmatched"] == 2 and named["numbers_shared"] == 1
    assert named["negation_differs"] == 1


def test_empty_input():
    assert probabilities([], []).shape == (0,)


@pytest.mark.slow
def test_mrpc_held_out_part():
    """The shipped decision on MRPC's held-out part (its weights were fitted on the rest)."""
    pairs, y = read_mrpc(shared_path("data", "mrpc", "train.tsv"))
    _, held = mrpc_split(y)
    assert len(held) == 816
    pred = (_probs([pairs[i] for i in held]) >= 0.5).astype(int)
    tp = int((pred & y[held]).sum())
    f1 = 2 * tp / (pred.sum() + y[held].sum())
    # measured 0.770 / 0.837; all positive 0.675 / 0.806, the earlier 12 features 0.745 / 0.819
    assert (pred == y[held]).mean() >= 0.76 and f1 >= 0.83
