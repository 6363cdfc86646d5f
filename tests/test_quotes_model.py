"""The learned attribution model: it ships, loads, finds attributions the verb lists miss,
and its training command runs (on a few PolNeAR train articles when ../shared is present)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storytrace.nlp import parse
from storytrace.quotes.extract import Quote, extract_quotes
from storytrace.quotes.model import (
    MODEL_PATH,
    AttributionModel,
    content_candidates,
    cue_features,
    load_model,
)

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train"


def _texts(quotes: list[Quote]) -> list[str]:
    return [q.text for q in quotes]


def test_model_ships_with_the_package_and_names_its_training_data() -> None:
    assert MODEL_PATH.is_file()
    assert MODEL_PATH.stat().st_size < 3_000_000
    model = load_model()
    assert isinstance(model, AttributionModel)
    assert "PolNeAR" in model.meta["data"]
    assert model.meta["articles"] >= 800
    assert len(model.cue_w) > 1000 and len(model.content_w) > 100


def test_missing_model_file_leaves_the_rules_alone(tmp_path: Path) -> None:
    assert load_model(tmp_path / "absent.json.gz") is None
    # seed article 004
    text = "Ukraine disputed the claim, saying that separatists had shelled its forces, but they didn’t fire back."
    doc = parse(text)
    assert _texts(extract_quotes(text, doc, model=False)) == ["that separatists had shelled its forces"]
    # the model adds the attribution whose cue no verb list holds
    assert _texts(extract_quotes(text, doc)) == ["the claim", "that separatists had shelled its forces"]


# Sentences of the bundled seed articles (examples/ukraine-2022) whose cue is in no verb list
# of the rules: the model finds the cue, the content's bounds and the speaker.
@pytest.mark.parametrize("text, content, cue, speaker", [
    ("The White House has underscored that they do not know with certainty if Russian President "
     "Vladimir Putin has made a final determination to launch an invasion.",
     "that they do not know with certainty if Russian President Vladimir Putin has made a final "
     "determination to launch an invasion", "underscored", "White House"),
    ("NATO military ministers reviewed measures to strengthen defenses in Eastern Europe, while EU "
     "leaders debated how to respond if Russia invades.",
     "how to respond if Russia invades", "debated", "EU leaders"),
    ("Blinken recounted Russian forces entering Kyiv, a metropolis of over 3 million people, and other "
     "vital targets.",
     "Russian forces entering Kyiv, a metropolis of over 3 million people, and other vital targets",
     "recounted", "Blinken"),
])
def test_model_finds_attributions_outside_the_verb_lists(text: str, content: str, cue: str,
                                                         speaker: str) -> None:
    doc = parse(text)
    assert content not in _texts(extract_quotes(text, doc, model=False))
    got = {q.text: q for q in extract_quotes(text, doc)}
    assert content in got, list(got)
    assert got[content].cue == cue
    assert got[content].speaker == speaker
    assert got[content].kind == "indirect"


def test_model_keeps_the_rules_direct_and_partial_quotations() -> None:
    # seed article 000
    text = ("NATO Secretary General Jens Stoltenberg said earlier Thursday that NATO allies are concerned "
            "that Russia is attempting to “stage a pretext” for an armed attack against Ukraine.")
    doc = parse(text)
    assert _texts(extract_quotes(text, doc)) == _texts(extract_quotes(text, doc, model=False))


def test_candidates_include_the_clause_with_and_without_that() -> None:
    # seed article 001
    text = ("Russian Foreign Minister Sergey Lavrov said earlier that Moscow would send its response to "
            "the US on security guarantees, and that Moscow will also make the letter public.")
    doc = parse(text)
    said = next(t for t in doc if t.lower_ == "said")
    inside = [-1] * len(doc)
    got = {text[c.start:c.end] for c in content_candidates(said, inside, [], text)}
    assert {"that Moscow would send its response to the US on security guarantees",
            "Moscow would send its response to the US on security guarantees"} <= got


@pytest.mark.skipif(not (POLNEAR_TRAIN / "text").is_dir(),
                    reason="PolNeAR train split not present under ../shared/data/polnear/train")
def test_training_command_runs_on_a_tiny_subset(tmp_path: Path) -> None:
    from storytrace.quotes.train import main

    out = tmp_path / "model.json.gz"
    assert main([str(POLNEAR_TRAIN), "--out", str(out), "--limit", "4"]) == 0
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["meta"]["articles"] == 4
    assert data["cue"]["weights"]["list=cue"] > 0  # a verb of the speech list is a likely cue
    model = AttributionModel(data)
    text = "Ukraine disputed the claim, saying that separatists had shelled its forces, but they didn’t fire back."
    doc = parse(text)
    inside = [-1] * len(doc)
    by_word = {t.lower_: model.cue_prob(cue_features(t, inside)) for t in doc}
    # even four articles teach it that "saying" is far likelier a cue than "forces"
    assert by_word["saying"] > 3 * by_word["forces"]
