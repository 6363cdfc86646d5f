#!/usr/bin/env python3
"""Quotation attribution: storytrace vs textacy's ``direct_quotations`` on PolNeAR.

Data: the PolNeAR layout (default ../shared/data/polnear/dev): ``text/X.txt`` and
``attributions/X_<annotator>.ann`` (brat standoff; the first annotator file in
sorted order is used). Every ``E`` attribution with a Content span is gold.

Scores, per system:

* ``all`` / ``direct``: content precision, recall, F1. A predicted content
  matches a gold content when their character overlap is at least 50% of the
  longer (one-to-one, best overlap first); ``exact_*`` counts only pairs equal
  after trimming white space, quotation marks and end punctuation.
  A content in several pieces is compared with its pieces in text order.
  ``direct`` keeps the gold contents holding a double quotation mark and the
  predictions that hold one.
* ``speaker_correct``: share of matched pairs with a gold source whose
  predicted speaker span overlaps it (a pronoun source counts as given).
* ``speaker_resolved``: share of predicted speakers not left as a pronoun;
  ``speaker_named``: share resolved to a person or organisation.
* speed: articles per second for storytrace (parse + extraction), for textacy
  (parse + its extraction) and for spaCy parsing alone on the same articles.

storytrace runs with its default settings (rules and the learned attribution model of
``storytrace.quotes.model``); ``--rules`` also scores the rules alone. Prints one JSON
object on the last line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storytrace.quotes.train import load_polnear, norm

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "polnear" / "dev"
_DQ = re.compile(r"[\"“”«»]")

Spans = list[tuple[int, int]]


@dataclass
class Attribution:
    content: Spans
    source: Spans | None
    text: str

    @property
    def chars(self) -> set[int]:
        return {i for s, e in self.content for i in range(s, e)}


def load(data: Path, limit: int | None = None) -> list[tuple[str, str, list[Attribution]]]:
    """(name, text, gold attributions) per article, read by the package's PolNeAR reader."""
    out = []
    for name, text, golds in load_polnear(data, limit):
        atts = []
        for g in golds:
            # A content's pieces in text order: brat lists a discontinuous span's fragments in
            # the order the annotator selected them (90 of PolNeAR train's 19,822 contents run
            # backwards), and the exact match compares the pieces joined.
            content = sorted(g["content"] or [])
            atts.append(Attribution(content, g["source"], " ".join(text[s:e] for s, e in content)))
        out.append((name, text, atts))
    return out


def _overlaps(a: Spans | None, b: Spans | None) -> bool:
    return bool(a and b and any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b))


def match(pred: list[Attribution], gold: list[Attribution]) -> list[tuple[int, int]]:
    """One-to-one pairs whose overlap is at least half of the longer, best first."""
    cands = []
    pc = [p.chars for p in pred]
    gc = [g.chars for g in gold]
    for i, a in enumerate(pc):
        for j, b in enumerate(gc):
            inter = len(a & b)
            if inter and inter >= 0.5 * max(len(a), len(b)):
                cands.append((inter / max(len(a), len(b)), i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


class Score:
    def __init__(self) -> None:
        self.n_pred = self.n_gold = self.matched = self.exact = 0
        self.spk_total = self.spk_ok = 0

    def add(self, pred: list[Attribution], gold: list[Attribution]) -> None:
        self.n_pred += len(pred)
        self.n_gold += len(gold)
        pairs = match(pred, gold)
        self.matched += len(pairs)
        for i, j in pairs:
            if gold[j].source:
                self.spk_total += 1
                self.spk_ok += _overlaps(pred[i].source, gold[j].source)
        # exact: one-to-one equality of normalised contents
        left = [norm(g.text) for g in gold]
        for p in pred:
            t = norm(p.text)
            if t in left:
                left.remove(t)
                self.exact += 1

    def result(self) -> dict[str, float]:
        def f(tp: int) -> tuple[float, float, float]:
            p = tp / self.n_pred if self.n_pred else 0.0
            r = tp / self.n_gold if self.n_gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)
        p, r, f1 = f(self.matched)
        ep, er, ef = f(self.exact)
        return {"f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4),
                "exact_f1": round(ef, 4), "exact_precision": round(ep, 4), "exact_recall": round(er, 4),
                "speaker_correct": round(self.spk_ok / self.spk_total, 4) if self.spk_total else 0.0,
                "gold": self.n_gold, "predicted": self.n_pred}


def storytrace_attributions(text: str, doc: Any, stats: dict[str, int], model: bool = True) -> list[Attribution]:
    from storytrace.quotes.extract import extract_quotes

    out = []
    for q in extract_quotes(text, doc, model=model):
        src = ([(q.speaker_start, q.speaker_end)]
               if q.speaker_start is not None and q.speaker_end is not None else None)
        if q.speaker is not None:
            stats["speakers"] += 1
            stats["resolved"] += q.speaker_kind != "pronoun"
            stats["named"] += q.speaker_kind in ("person", "org")
        out.append(Attribution(list(q.pieces), src, " ".join(text[s:e] for s, e in q.pieces)))
    return out


def textacy_attributions(text: str, doc: Any, stats: dict[str, int]) -> list[Attribution]:
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except Exception:  # textacy raises on some unbalanced quotation marks
        triples = []
    for t in triples:
        c = (t.content.start_char, t.content.end_char)
        src = [(min(x.idx for x in t.speaker), max(x.idx + len(x) for x in t.speaker))] if t.speaker else None
        if t.speaker:
            stats["speakers"] += 1
            pron = len(t.speaker) == 1 and t.speaker[0].pos_ == "PRON"
            stats["resolved"] += not pron
            stats["named"] += any(x.ent_type_ in ("PERSON", "ORG") for x in t.speaker)
        out.append(Attribution([c], src, text[c[0]:c[1]]))
    return out


def evaluate(items: list[tuple[str, str, list[Attribution]]], docs: list[Any],
             fn: Callable[[str, Any, dict[str, int]], list[Attribution]]) -> tuple[dict[str, Any], float]:
    all_, direct = Score(), Score()
    stats = {"speakers": 0, "resolved": 0, "named": 0}
    t0 = time.perf_counter()
    preds = [fn(text, doc, stats) for (_, text, _), doc in zip(items, docs, strict=True)]
    seconds = time.perf_counter() - t0
    for (_, _, gold), pred in zip(items, preds, strict=True):
        all_.add(pred, gold)
        direct.add([p for p in pred if _DQ.search(p.text)], [g for g in gold if _DQ.search(g.text)])
    res: dict[str, Any] = {"all": all_.result(), "direct": direct.result()}
    n = stats["speakers"] or 1
    res["speaker_resolved"] = round(stats["resolved"] / n, 4)
    res["speaker_named"] = round(stats["named"] / n, 4)
    return res, seconds


def parse_all(texts: Iterable[str]) -> tuple[list[Any], float]:
    from storytrace.nlp import get_nlp

    nlp = get_nlp()
    t0 = time.perf_counter()
    docs = [nlp(t) for t in texts]
    return docs, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT, help="a PolNeAR split folder (text/, attributions/)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--no-peer", action="store_true", help="skip textacy")
    ap.add_argument("--rules", action="store_true",
                    help="also score storytrace's rules without the learned model (under storytrace_rules)")
    args = ap.parse_args(argv)
    if not (args.data / "text").is_dir():
        sys.exit(f"no PolNeAR data at {args.data} (expected text/ and attributions/)")
    items = load(args.data, args.limit)
    docs, parse_s = parse_all(text for _, text, _ in items)
    n = len(items)
    st, st_s = evaluate(items, docs, storytrace_attributions)
    st["articles_per_s"] = round(n / (parse_s + st_s), 2)
    out: dict[str, Any] = {"data": str(args.data), "articles": n,
                           "gold_attributions": sum(len(g) for _, _, g in items),
                           "spacy_parse_articles_per_s": round(n / parse_s, 2),
                           "storytrace": st}
    if args.rules:
        ru, ru_s = evaluate(items, docs, lambda t, d, st_: storytrace_attributions(t, d, st_, model=False))
        ru["articles_per_s"] = round(n / (parse_s + ru_s), 2)
        out["storytrace_rules"] = ru
    if not args.no_peer:
        try:
            tx, tx_s = evaluate(items, docs, textacy_attributions)
            tx["articles_per_s"] = round(n / (parse_s + tx_s), 2)
            out["textacy"] = tx
        except ImportError as exc:
            out["textacy"] = {"error": f"textacy not installed ({exc}); uv sync --extra bench"}
    out["speed_ratio_storytrace_vs_spacy_parse"] = round(st["articles_per_s"] / out["spacy_parse_articles_per_s"], 3)
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
