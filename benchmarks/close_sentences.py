"""The close-sentence candidate test: exact index against the HNSW graph (faiss), on a real store.

    python benchmarks/close_sentences.py --db STORE [--queries 300] [--sizes 2000,5000,0]

STORE is any storytrace store that has run the reuse analysis (its stored
MiniLM sentence vectors are used; ``benchmarks/scale.py`` and ``storytrace
analyze`` make one). For each size (the first N stored articles; 0 = all),
both indexes are loaded with the same articles in store order, then the same
``--queries`` sampled stored articles are asked for the other articles holding
a sentence at cosine >= 0.75 to one of theirs, as the reuse stage asks for each
new article. Reported per size: stored sentences, load/build seconds, mean
milliseconds per query article for each index and their ratio, and the recall
of the graph against the exact index: of the candidate articles (at least two
close sentences, what makes a candidate) and of all (article, close sentence)
hits. Both indexes run in this process, one after the other. The last line is
one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storytrace.reuse.analysis import EMBED_COSINE, EMBED_MIN_SENTENCES  # noqa: E402
from storytrace.reuse.vectors import HnswSentenceIndex, SentenceVectorIndex  # noqa: E402


def _load(db: Path) -> list[tuple[str, np.ndarray]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT d.article_id, d.n_sentences, d.vectors FROM reuse_docs d"
                        " JOIN articles a ON a.id = d.article_id WHERE d.n_sentences > 0 ORDER BY a.seq")
    out = [(aid, np.frombuffer(blob, dtype=np.float16).reshape(n, -1)) for aid, n, blob in rows]
    conn.close()
    return out


def _run(kind: Callable[[], Any], docs: list[tuple[str, np.ndarray]], queries: list[tuple[str, np.ndarray]]
         ) -> tuple[float, float, list[dict[str, int]]]:
    t = time.perf_counter()
    index = kind()
    for aid, v in docs:
        index.add(aid, v)
    build = time.perf_counter() - t
    answers = []
    t = time.perf_counter()
    for aid, v in queries:
        got = dict(index.close_counts(v.astype(np.float32), EMBED_COSINE))
        got.pop(aid, None)
        answers.append(got)
    per_query = (time.perf_counter() - t) / max(1, len(queries))
    return build, per_query, answers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="a storytrace store with reuse vectors")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--sizes", default="0", help="stored articles per run, comma-separated (0 = all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--m", type=int, default=None, help="HNSW links per node (default: the index's)")
    ap.add_argument("--ef-search", type=int, default=None, help="HNSW search breadth")
    ap.add_argument("--k", type=int, default=None, help="nearest stored sentences asked per query sentence")
    args = ap.parse_args()
    settings = {k: v for k, v in (("m", args.m), ("ef_search", args.ef_search), ("k", args.k)) if v is not None}
    if args.m:
        settings["ef_construction"] = 2 * args.m + 8
    docs_all = _load(args.db)
    if not docs_all:
        raise SystemExit(f"{args.db}: no stored sentence vectors (run the reuse analysis first)")
    shown = HnswSentenceIndex(**settings)
    out: dict[str, object] = {"benchmark": "close_sentences", "db": str(args.db), "cosine": EMBED_COSINE,
                              "hnsw": {"m": shown.m, "ef_construction": shown.ef_construction,
                                       "ef_search": shown.ef_search, "k": shown.k}, "runs": []}
    for size in (int(x) for x in args.sizes.split(",")):
        docs = docs_all[:size] if size else docs_all
        rng = random.Random(args.seed)
        queries = rng.sample(docs, min(args.queries, len(docs)))
        eb, eq, exact = _run(SentenceVectorIndex, docs, queries)
        hb, hq, graph = _run(lambda: HnswSentenceIndex(**settings), docs, queries)
        cand = [{a for a, n in e.items() if n >= EMBED_MIN_SENTENCES} for e in exact]
        cand_g = [{a for a, n in g.items() if n >= EMBED_MIN_SENTENCES} for g in graph]
        hits = sum(sum(e.values()) for e in exact)
        hits_g = sum(min(n, e.get(a, 0)) for e, g in zip(exact, graph, strict=True) for a, n in g.items())
        res = {
            "articles": len(docs), "sentences": int(sum(len(v) for _, v in docs)), "queries": len(queries),
            "exact_load_s": round(eb, 2), "hnsw_build_s": round(hb, 2),
            "exact_ms_per_article": round(1000 * eq, 2), "hnsw_ms_per_article": round(1000 * hq, 2),
            "speedup": round(eq / hq, 1) if hq else None,
            "candidates_exact": sum(len(c) for c in cand),
            "candidate_recall": round(sum(len(c & g) for c, g in zip(cand, cand_g, strict=True))
                                      / max(1, sum(len(c) for c in cand)), 4),
            "hit_recall": round(hits_g / max(1, hits), 4),
        }
        print(json.dumps(res), file=sys.stderr)
        out["runs"].append(res)  # type: ignore[attr-defined]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
