"""Train the attribution model (:mod:`.model`) on a PolNeAR split.

    python -m storytrace.quotes.train ../shared/data/polnear/train [--out PATH] [--limit N]

Reads the PolNeAR layout (``text/X.txt`` and ``attributions/X_<annotator>.ann``,
brat standoff; the first annotator file in sorted order), parses every article
with storytrace's spaCy model, and fits two logistic regressions
(scikit-learn): the cue model on every possible cue token (positive: the head
word of an annotated Cue span), and the content model on the candidate
contents of each annotated cue (positive: the candidate equal to the
annotated Content after trimming quotation marks and end punctuation). The
weights are written as JSON (feature → weight, small weights dropped) to
``storytrace/resources/quotes/attribution-model.json.gz`` unless ``--out`` says
otherwise. PolNeAR (Newell, Margolin and Ruths, LREC 2018) states no licence;
it is used here for research, and the weights are derived from it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .extract import _token_inside, extract_quotes, rule_cues
from .marks import find_quoted_spans
from .model import MODEL_PATH, content_candidates, cue_features, cue_tokens, group_features

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Gold", "load_polnear", "main", "train"]

Spans = list[tuple[int, int]]
Gold = dict[str, Spans | None]
_TRIM = re.compile(r"^[\s\"“”‘’'«».,;:!?—–-]+|[\s\"“”‘’'«».,;:!?—–-]+$")


def norm(s: str) -> str:
    """Text compared for an exact match: white space folded, quotation marks and end punctuation trimmed."""
    return _TRIM.sub("", re.sub(r"\s+", " ", s))


def _spans(field: str) -> Spans:
    out = []
    for part in field.split(";"):
        s, e = part.split()[-2:]
        out.append((int(s), int(e)))
    return out


def load_polnear(data: Path, limit: int | None = None) -> list[tuple[str, str, list[Gold]]]:
    """(name, text, attributions) per article; each attribution has ``content``, ``source``, ``cue`` spans."""
    out = []
    first: dict[str, Path] = {}
    for p in sorted((data / "attributions").glob("*.ann")):
        first.setdefault(p.stem.rsplit("_", 1)[0], p)
    for txt in sorted((data / "text").glob("*.txt")):
        ann = first.get(txt.stem)
        if ann is None:
            continue
        text = txt.read_text(encoding="utf-8")
        spans: dict[str, Spans] = {}
        golds: list[Gold] = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if parts[0].startswith("T") and len(parts) >= 2:
                spans[parts[0]] = _spans(parts[1].split(" ", 1)[1])
            elif parts[0].startswith("E") and len(parts) >= 2:
                args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
                if "Content" in args and args["Content"] in spans:
                    golds.append({"content": spans[args["Content"]], "source": spans.get(args.get("Source", "")),
                                  "cue": spans.get(args.get("Cue", ""))})
        out.append((txt.stem, text, golds))
        if limit and len(out) >= limit:
            break
    return out


def examples(text: str, doc: Doc, golds: Sequence[Gold]) -> tuple[list[tuple[list[str], int]],
                                                                  list[list[tuple[list[str], int]]]]:
    """Cue examples (features, label) and content ranking groups for one article."""
    spans = find_quoted_spans(text)
    inside = _token_inside(doc, spans)
    quote_spans = [q.outer for q in spans]
    gold_by_root: dict[int, list[str]] = {}
    for g in golds:
        cue, content = g["cue"], g["content"]
        if not cue or not content:
            continue
        span = doc.char_span(cue[0][0], cue[-1][1], alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        gold_by_root.setdefault(span.root.i, []).append(norm(" ".join(text[s:e] for s, e in content)))
    rules = rule_cues(extract_quotes(text, doc, model=False))
    cue_ex = []
    groups = []
    for tok in cue_tokens(doc, inside):
        label = tok.i in gold_by_root
        rule = rules.get(tok.idx)
        cue_ex.append((cue_features(tok, inside, rule[0] if rule else None), int(label)))
        if not label:
            continue
        wanted = set(gold_by_root[tok.i])
        cands = content_candidates(tok, inside, quote_spans, text)
        labels = [int(norm(text[c.start:c.end]) in wanted) for c in cands]
        if any(labels) and not all(labels):
            feats = group_features(tok, cands, inside, text)
            groups.append(list(zip(feats, labels, strict=True)))
    return cue_ex, groups


def _fit(rows: list[tuple[list[str], int]], c: float, prune: float) -> dict[str, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1.0) for f, _ in rows]).tocsr()
    x.indices = x.indices.astype("int32")  # liblinear takes 32-bit indices only
    x.indptr = x.indptr.astype("int32")
    y = [lab for _, lab in rows]
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, clf.coef_[0], strict=True) if abs(w) >= prune}
    return {"bias": round(float(clf.intercept_[0]), 4), "weights": weights}


def train(items: Sequence[tuple[str, str, Sequence[Gold]]], docs: Sequence[Doc],
          cue_c: float = 0.25, content_c: float = 1.0, cue_threshold: float = 0.5,
          prune: float = 0.01) -> dict[str, Any]:
    """The model as a JSON-ready dict, from articles and their parses."""
    cue_rows: list[tuple[list[str], int]] = []
    content_rows: list[tuple[list[str], int]] = []
    for (_, text, golds), doc in zip(items, docs, strict=True):
        ce, groups = examples(text, doc, golds)
        cue_rows.extend(ce)
        for g in groups:
            content_rows.extend(g)
    return {"cue": _fit(cue_rows, cue_c, prune), "content": _fit(content_rows, content_c, prune),
            "cue_threshold": cue_threshold,
            "meta": {"data": "PolNeAR train split (Newell, Margolin and Ruths 2018; no licence stated, research use)",
                     "articles": len(items), "cue_examples": len(cue_rows),
                     "content_examples": len(content_rows)}}


def save(model: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(model, fh, separators=(",", ":"), sort_keys=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m storytrace.quotes.train", description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="a PolNeAR split folder (text/, attributions/): use the train split")
    ap.add_argument("--out", type=Path, default=MODEL_PATH, help=f"where to write the model (default {MODEL_PATH})")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = ap.parse_args(argv)
    if not (args.data / "text").is_dir():
        print(f"no PolNeAR data at {args.data} (expected text/ and attributions/)", file=sys.stderr)
        return 2
    from ..nlp import get_nlp

    t0 = time.perf_counter()
    items = load_polnear(args.data, args.limit)
    nlp = get_nlp()
    docs = list(nlp.pipe([text for _, text, _ in items], batch_size=8))
    model = train(items, docs)
    save(model, args.out)
    meta = model["meta"]
    print(f"trained on {meta['articles']} articles ({meta['cue_examples']} cue, {meta['content_examples']} "
          f"content examples) in {time.perf_counter() - t0:.0f}s → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
