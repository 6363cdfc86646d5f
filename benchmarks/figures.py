#!/usr/bin/env python3
"""Figures, dates and machine-translation flags: storytrace against simple, standard peers.

What it measures (storytrace with its default settings throughout):

1. Seeds: recall of the gold figures (value in the right article) after a full
   ``analyze`` of the bundled examples, the troop series order, and the
   stale / machine-translation flags (``check_seeds``-style).
2. PolNeAR sample (labels in ``benchmarks/labels/polnear_figures.jsonl``: doc ids,
   character offsets, values, hedges, counted objects; no text): figure
   precision / recall (a figure matches a label when their spans overlap), and
   among matches the value / hedge / object accuracy. Peer ``spacy-ner``: every
   CARDINAL / MONEY / PERCENT / QUANTITY entity of the same parse is a figure.
   The same on a small ECB+ sample labelled after development ended
   (``ecbplus_figures.jsonl``), as a check on unseen text.
3. Date resolution (``benchmarks/labels/polnear_dates.jsonl``): share of
   single-day time expressions resolved to the right day against the article's
   publication date (from ``metadata.tsv``), and share of time-word names
   ("Today" the show) left undated. Peer ``dateparser``: the labelled
   expression parsed with ``RELATIVE_BASE`` = the publication date.
4. MT false-flag rate on human-written news (ECB+ dev, PolNeAR train texts,
   the four human seeds); any ``mt-artefacts`` flag there is false.
5. Speed: articles/s of the per-article figures work (parse + figures + dates
   + MT check) on the PolNeAR sample, beside the peer's (parse + NER).

Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "labels"
EXAMPLES = ROOT / "examples" / "ukraine-2022"
NER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def seeds(gold_path: Path) -> dict[str, Any]:
    """Full analysis of the bundled examples, scored against the gold file."""
    from storytrace import analyze, export_data, open_store

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "seeds.db")
        try:
            analyze([str(EXAMPLES)], store, report=None)
            ex = export_data(store)
        finally:
            store.close()
    names = {a["id"]: Path(a["source"]).name for a in ex["articles"]}
    got = [(names[f["article_id"]], float(f["value"])) for f in ex["figures"]]
    want = [(g["article"], float(g["value"])) for g in
            [*gold["figures"]["russian_troops_near_ukraine"], *gold["figures"]["other"]]]
    hit = sum(1 for w in want if w in got)
    figs = {f["id"]: f for f in ex["figures"]}
    troop = [g["value"] for g in gold["figures"]["russian_troops_near_ukraine"]]
    order_ok = any([figs[m]["value"] for m in s["members"] if figs[m]["value"] in troop] == troop
                   for s in ex["figure_series"])
    flags_ok = 0
    for a in ex["articles"]:
        g = gold["articles"].get(names[a["id"]], {})
        kinds = {f["kind"] for f in a["flags"]}
        flags_ok += ("stale" in kinds) == bool(g.get("stale_republication"))
        flags_ok += ("mt-artefacts" in kinds) == bool(g.get("machine_translation_artifacts"))
    return {"gold_figures": len(want), "gold_figures_found": hit, "recall": round(hit / len(want), 3),
            "precision_lower_bound": round(len({w for w in want if w in got}) / max(1, len(got)), 3),
            "figures_extracted": len(got), "troop_series_in_order": order_ok,
            "flag_checks_passed": flags_ok, "flag_checks": 2 * len(ex["articles"])}


def _load_labels(path: Path) -> tuple[dict[str, int], list[dict[str, Any]]]:
    regions, labels = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if "region_end" in r:
            regions[r["doc_id"]] = r["region_end"]
        else:
            labels.append(r)
    return regions, labels


def _score_spans(pred: dict[str, list[tuple[int, int, Any]]], regions: dict[str, int],
                 labels: list[dict[str, Any]]) -> tuple[dict[str, float], list[tuple[dict[str, Any], Any]]]:
    tp = fp = fn = 0
    matched: list[tuple[dict[str, Any], Any]] = []
    for doc, end in regions.items():
        gold = [lab for lab in labels if lab["doc_id"] == doc and lab["figure"]]
        used: set[int] = set()
        for s, e, obj in (p for p in pred.get(doc, []) if p[0] < end):
            j = next((i for i, g in enumerate(gold) if i not in used and s < g["end"] and g["start"] < e), None)
            if j is None:
                fp += 1
            else:
                used.add(j)
                tp += 1
                matched.append((gold[j], obj))
        fn += len(gold) - len(used)
    return _prf(tp, fp, fn), matched


def _figures_vs_ner(texts: dict[str, str], published: dict[str, str | None], regions: dict[str, int],
                    labels: list[dict[str, Any]], with_dates_and_mt: bool = False
                    ) -> tuple[dict[str, Any], dict[str, Any], float, float]:
    """storytrace's figures and the spaCy-NER peer on the same labelled regions, with timings."""
    from storytrace.figures.dates import event_date
    from storytrace.figures.extract import extract_figures
    from storytrace.figures.mt import detect_mt
    from storytrace.model import Article
    from storytrace.nlp import get_nlp, parse

    get_nlp()  # load once, outside the timings
    ours: dict[str, list[tuple[int, int, Any]]] = {}
    t0 = time.perf_counter()
    for d in regions:
        art = Article(id=d, source=d, text=texts[d], published=published.get(d))
        found = extract_figures(art, parse(texts[d]))
        if with_dates_and_mt:  # the rest of the per-article work of the analysis
            event_date(texts[d], published.get(d))
            detect_mt(texts[d])
        ours[d] = [(f.start, f.end, f) for f in found]
    ours_s = time.perf_counter() - t0
    peer: dict[str, list[tuple[int, int, Any]]] = {}
    t0 = time.perf_counter()
    for d in regions:
        doc = get_nlp()(texts[d])  # a fresh parse: the peer pays for its own
        peer[d] = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ in NER_LABELS]
    peer_s = time.perf_counter() - t0
    ours_prf, matched = _score_spans(ours, regions, labels)
    peer_prf, _ = _score_spans(peer, regions, labels)
    val = sum(abs(f.value - g["value"]) < 1e-6 * max(1.0, abs(g["value"])) for g, f in matched)
    qual = sum((f.qualifier or None) == (g.get("qualifier") or None) for g, f in matched)
    with_obj = [(g, f) for g, f in matched if g.get("object")]
    obj = sum(bool(f.object_head) and (f.object_head.split("-")[-1] in g["object"] or g["object"] in f.object_head)
              for g, f in with_obj)
    ours_out = {**ours_prf, "value_accuracy": round(val / max(1, len(matched)), 3),
                "qualifier_accuracy": round(qual / max(1, len(matched)), 3),
                "object_accuracy": round(obj / max(1, len(with_obj)), 3),
                "articles_per_s": round(len(regions) / ours_s, 2)}
    peer_out = {**peer_prf, "articles_per_s": round(len(regions) / peer_s, 2)}
    return ours_out, peer_out, ours_s, peer_s


def ecbplus_fresh(data: Path) -> dict[str, Any]:
    """The small ECB+ sample labelled after development ended (no tuning on it)."""
    regions, labels = _load_labels(LABELS / "ecbplus_figures.jsonl")
    texts = {}
    for line in (data / "ecbplus" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if rec["doc_id"] in regions:
                texts[rec["doc_id"]] = rec["text"]
    ours, peer, _, _ = _figures_vs_ner(texts, {}, regions, labels)
    return {"documents": len(regions), "labelled_figures": sum(lab["figure"] for lab in labels),
            "storytrace": ours, "spacy-ner": peer}


def polnear(data: Path, limit: int | None) -> dict[str, Any]:
    """Figure extraction and date resolution on the labelled PolNeAR sample, with peers and speed."""
    import dateparser

    from storytrace.figures.dates import anchor_date, find_time_expressions

    meta = {r["filename"]: r for r in csv.DictReader(
        (data / "polnear" / "metadata.tsv").open(encoding="utf-8"), delimiter="\t")}
    regions, labels = _load_labels(LABELS / "polnear_figures.jsonl")
    docs = sorted(regions)[:limit] if limit else sorted(regions)
    regions = {d: regions[d] for d in docs}
    texts = {d: (data / "polnear" / "train" / "text" / f"{d}.txt").read_text(encoding="utf-8") for d in docs}
    figs = _figures_vs_ner(texts, {d: meta.get(d, {}).get("publication_date") for d in docs}, regions, labels,
                           with_dates_and_mt=True)
    ours_out, peer_prf, ours_s, peer_s = figs
    n_labels = sum(lab["figure"] for lab in labels if lab["doc_id"] in regions)
    # Dates
    dl = [json.loads(x) for x in (LABELS / "polnear_dates.jsonl").read_text(encoding="utf-8").splitlines()]
    dl = [x for x in dl if x["doc_id"] in regions or not limit]
    exprs: dict[str, list[Any]] = {}
    d_ok = d_n = nd_ok = nd_n = p_ok = p_nd_ok = 0
    for lab in dl:
        d = lab["doc_id"]
        if d not in texts:
            texts[d] = (data / "polnear" / "train" / "text" / f"{d}.txt").read_text(encoding="utf-8")
        if d not in exprs:
            exprs[d] = find_time_expressions(texts[d], anchor_date(lab["published"]))
        got = next((e.date for e in exprs[d] if e.start < lab["end"] and lab["start"] < e.end and e.date), None)
        base = datetime.fromisoformat(lab["published"])
        pd = dateparser.parse(lab["text"], languages=["en"], settings={"RELATIVE_BASE": base})
        pdate = pd.date().isoformat() if pd else None
        if lab["label"] == "day":
            d_n += 1
            d_ok += got == lab["date"]
            p_ok += pdate == lab["date"]
        elif lab["label"] == "not-a-date":
            nd_n += 1
            nd_ok += got is None
            p_nd_ok += pdate is None
    dates_ours = {"day_accuracy": round(d_ok / max(1, d_n), 3), "names_left_undated": round(nd_ok / max(1, nd_n), 3)}
    dates_peer = {"day_accuracy": round(p_ok / max(1, d_n), 3), "names_left_undated": round(p_nd_ok / max(1, nd_n), 3)}
    return {"documents": len(docs), "labelled_figures": n_labels, "day_expressions": d_n, "name_expressions": nd_n,
            "storytrace": {"figures": ours_out, "dates": dates_ours},
            "spacy-ner": {"figures": peer_prf},
            "dateparser": {"dates": dates_peer},
            "speed_ratio_storytrace_vs_spacy_ner": round(ours_s / peer_s, 2)}


def mt_false_flags(data: Path, limit: int | None) -> dict[str, Any]:
    """Share of human-written articles that get an ``mt-artefacts`` flag (all such flags are false)."""
    from storytrace.figures.mt import detect_mt

    sets: dict[str, list[str]] = {}
    ecb = data / "ecbplus" / "dev.jsonl"
    if ecb.exists():
        sets["ecbplus_dev"] = [json.loads(x)["text"] for x in ecb.read_text(encoding="utf-8").splitlines() if x.strip()]
    pol = data / "polnear" / "train" / "text"
    if pol.exists():
        sets["polnear_train"] = [p.read_text(encoding="utf-8") for p in sorted(pol.glob("*.txt"))]
    sets["human_seeds"] = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")) if not p.name.startswith("002")]
    out: dict[str, Any] = {}
    total = flagged = 0
    t0 = time.perf_counter()
    for name, texts in sets.items():
        texts = texts[:limit] if limit else texts
        n = sum(detect_mt(t).flagged for t in texts)
        out[name] = {"articles": len(texts), "flagged": n}
        total += len(texts)
        flagged += n
    out["false_flag_rate"] = round(flagged / max(1, total), 4)
    out["articles_per_s"] = round(total / (time.perf_counter() - t0), 1)
    seed = next(EXAMPLES.glob("002_*.txt"), None)
    out["seed_002_flagged"] = bool(seed and detect_mt(seed.read_text(encoding="utf-8")).flagged)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold" / "seeds.gold.json")
    ap.add_argument("--limit", type=int, default=None, help="Only the first N labelled documents (quick runs).")
    args = ap.parse_args()
    result: dict[str, Any] = {"benchmark": "figures", "data": str(args.data)}
    if args.gold.exists():
        result["seeds"] = seeds(args.gold)
        print("seeds:", json.dumps(result["seeds"]), file=sys.stderr)
    pol = polnear(args.data, args.limit)
    mt = mt_false_flags(args.data, args.limit)
    fresh = ecbplus_fresh(args.data) if (args.data / "ecbplus" / "dev.jsonl").exists() else None
    result.update({k: v for k, v in pol.items() if k not in ("storytrace", "spacy-ner", "dateparser")})
    result["storytrace"] = {**pol["storytrace"], "mt": mt, "seeds": result.pop("seeds", None)}
    result["spacy-ner"] = pol["spacy-ner"]
    if fresh:
        result["ecbplus_fresh"] = {"documents": fresh["documents"], "labelled_figures": fresh["labelled_figures"]}
        result["storytrace"]["figures_ecbplus_fresh"] = fresh["storytrace"]
        result["spacy-ner"]["figures_ecbplus_fresh"] = fresh["spacy-ner"]
    result["dateparser"] = pol["dateparser"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
