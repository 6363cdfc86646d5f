"""The sentence paraphrase decision: is sentence B a rewording of sentence A?

A logistic regression over twelve cheap similarity features (MiniLM cosine,
word overlaps, fuzzy string ratios, length, numbers and names that disagree).
No fine-tuned large model: the learned weights are a few numbers shipped in
``resources/reuse/paraphrase.json``, trained on MRPC's training split with::

    python -m storytrace.reuse.paraphrase ../shared/data/mrpc/train.tsv

Alignment uses :func:`probabilities` to accept reworded ("spun") sentences
that share too few words for the lexical seeds.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from .text import content_words, words

__all__ = ["FEATURES", "ParaphraseModel", "features", "load_model", "probabilities", "read_mrpc",
           "train"]

FEATURES = (
    "cosine", "cosine_sq", "jaccard", "containment", "bigram_dice", "token_set", "ratio",
    "length_ratio", "numbers_agree", "numbers_differ", "names_overlap", "names_differ",
)
WEIGHTS = Path(__file__).resolve().parent.parent / "resources" / "reuse" / "paraphrase.json"
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")


def _set_overlap(a: set[str], b: set[str]) -> tuple[float, float]:
    inter = len(a & b)
    return inter / max(1, len(a | b)), inter / max(1, min(len(a), len(b)))


def features(a: str, b: str, cosine: float) -> list[float]:
    """The feature row for one sentence pair (``cosine`` from :func:`storytrace.embeddings.embed`)."""
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
    return [
        cosine, cosine * cosine, jac, cont, bigram,
        fuzz.token_set_ratio(a, b) / 100.0, fuzz.ratio(a, b) / 100.0,
        min(len(wa), len(wb)) / max(1, len(wa), len(wb)),
        num_agree, num_differ, names_overlap, names_differ,
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
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, object]:
        return {"features": list(FEATURES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept,
                "threshold": self.threshold}


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> ParaphraseModel:
    """The shipped weights (or those at ``path``)."""
    d = json.loads(Path(path or WEIGHTS).read_text(encoding="utf-8"))
    if list(d["features"]) != list(FEATURES):
        raise ValueError(f"{path or WEIGHTS}: weights were trained on other features")
    return ParaphraseModel(d["mean"], d["scale"], d["coef"], d["intercept"], d.get("threshold", 0.5))


def probabilities(pairs: Sequence[tuple[str, str]], cosines: Sequence[float]) -> np.ndarray:
    """P(paraphrase) for each pair of sentences."""
    if not pairs:
        return np.zeros(0)
    x = np.array([features(a, b, c) for (a, b), c in zip(pairs, cosines, strict=True)])
    return load_model().predict_proba(x)


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


def train(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> ParaphraseModel:
    """Fit the standardised logistic regression on feature rows ``x``."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    return ParaphraseModel(mean, scale, lr.coef_[0], float(lr.intercept_[0]))


def main(argv: Sequence[str]) -> None:
    """Train on an MRPC TSV and write the weights the package ships."""
    path = argv[0] if argv else "../shared/data/mrpc/train.tsv"
    pairs, y = read_mrpc(path)
    cos = pair_cosines(pairs)
    x = np.array([features(a, b, c) for (a, b), c in zip(pairs, cos, strict=True)])
    model = train(x, y)
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    WEIGHTS.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"trained on {len(y)} pairs from {path}; weights in {WEIGHTS}")


if __name__ == "__main__":
    main(sys.argv[1:])
