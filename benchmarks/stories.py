#!/usr/bin/env python3
"""Story clustering on ECB+: storytrace's online clustering against a batch reference.

usage: benchmarks/stories.py [--data FILE] [--tune] [--orders N] [--no-scale]
                             [--scale-sizes 1000,10000,100000] [--store-sizes 1000,5000]
                             [--pan-docs 150] [--limit N]

- Quality: every article of FILE (ECB+ jsonl: doc_id, topic, seminal_event,
  text) clustered in ONE stream, file order, storytrace's default settings;
  BCubed P/R/F1, pairwise F1, ARI against ``seminal_event``. In the same run the
  reference batch method: TF-IDF (sublinear, English stop words) cosine +
  scikit-learn AgglomerativeClustering (average linkage, precomputed cosine
  distance) at its best distance threshold on the same articles.
- ``--tune``: pick settings on topics 1-12 (grid below), report topics 13-24
  with the picked settings; the reference picks its threshold on 1-12 too.
- Scale: a synthetic stream made by resampling real articles (ECB+ and PAN13
  source documents): features are computed once per distinct source text and
  reused for its copies, each copy lightly perturbed (features dropped at
  random, weights jittered) and given its own event day so copies of one
  source form many stories. Reported: mean time of the add step (assignment +
  index update, not parsing) around 1k, 10k and 100k stored articles, and the
  index's memory per article; then the same stream through the store's SQLite
  index (one transaction per article, as ``update`` does) at 1k and 5k. Parsing is excluded on purpose: it is per
  article and does not depend on the store's size.

Prints one JSON object on the last line: storytrace's figures under
"storytrace", the reference's under "tfidf_agglomerative".
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from storytrace.model import Article  # noqa: E402
from storytrace.nlp import get_nlp  # noqa: E402
from storytrace.stories import ClusterSettings, MemoryIndex, StoryClusterer, extract_features  # noqa: E402
from storytrace.stories.features import PREFIX_DAY, ArticleFeatures  # noqa: E402
from storytrace.stories.metrics import cluster_scores  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "dev.jsonl"
TUNE_TOPICS, TEST_TOPICS = set(range(1, 13)), set(range(13, 25))
GRID = {"threshold": [0.2, 0.22, 0.25], "weekday_penalty": [0.7, 1.0], "merge_threshold": [0.4, 0.5]}
REF_THRESHOLDS = [round(0.05 * i, 2) for i in range(6, 20)]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def article_of(doc_id: str, text: str) -> Article:
    """An article as ingest would store plain text (no title or date in ECB+ metadata)."""
    return Article(id=hashlib.sha256(text.encode()).hexdigest()[:12], source=doc_id, text=text)


def featurize(articles: list[Article]) -> list[ArticleFeatures]:
    nlp = get_nlp()
    docs = nlp.pipe([a.text for a in articles], batch_size=32)
    return [extract_features(a, d) for a, d in zip(articles, docs, strict=True)]


def cluster(feats: list[ArticleFeatures], settings: ClusterSettings) -> list[str]:
    """One online stream through the same clusterer the store uses; final story per article."""
    c = StoryClusterer(MemoryIndex(), settings)
    for f in feats:
        c.add(f)
    final = {aid: s.id for s in c.index.stories.values() for aid in s.article_ids}  # after merges
    return [final[f.article_id] for f in feats]


def shuffled_orders(gold: list[str], feats: list[ArticleFeatures], settings: ClusterSettings,
                    orders: int) -> dict[str, Any]:
    """BCubed over ``orders`` shuffled streams (seeds 1..orders): how much of a
    figure is the method and how much the order the articles happened to come in."""
    import statistics

    f1s, ps, rs = [], [], []
    for seed in range(1, orders + 1):
        idx = list(range(len(feats)))
        random.Random(seed).shuffle(idx)
        sc = cluster_scores([gold[i] for i in idx], cluster([feats[i] for i in idx], settings))
        f1s.append(sc["bcubed_f1"])
        ps.append(sc["bcubed_p"])
        rs.append(sc["bcubed_r"])
    return {"orders": orders, "bcubed_f1_mean": round(statistics.fmean(f1s), 4),
            "bcubed_f1_sd": round(statistics.pstdev(f1s), 4),
            "bcubed_f1_min": min(f1s), "bcubed_f1_max": max(f1s),
            "bcubed_p_mean": round(statistics.fmean(ps), 4), "bcubed_r_mean": round(statistics.fmean(rs), 4)}


def reference(texts: list[str], gold: list[str], thresholds: list[float]) -> dict[float, dict[str, float]]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    dist = cosine_distances(TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts))
    out = {}
    for t in thresholds:
        labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                         distance_threshold=t).fit_predict(dist)
        out[t] = cluster_scores(gold, [str(x) for x in labels])
    return out


def best_of(results: dict[float, dict[str, float]]) -> tuple[float, dict[str, float]]:
    t = max(results, key=lambda k: (results[k]["bcubed_f1"], -k))
    return t, results[t]


def quality(rows: list[dict[str, Any]], feats: list[ArticleFeatures], orders: int = 0) -> dict[str, Any]:
    gold = [r["seminal_event"] for r in rows]
    t0 = time.perf_counter()
    ours: dict[str, Any] = cluster_scores(gold, cluster(feats, ClusterSettings()))
    ours["cluster_seconds"] = round(time.perf_counter() - t0, 2)
    if orders:
        ours["shuffled"] = shuffled_orders(gold, feats, ClusterSettings(), orders)
    t, ref = best_of(reference([r["text"] for r in rows], gold, REF_THRESHOLDS))
    return {"storytrace": ours, "tfidf_agglomerative": {**ref, "best_distance_threshold": t}}


def tune(rows: list[dict[str, Any]], feats: list[ArticleFeatures], orders: int = 0) -> dict[str, Any]:
    def subset(topics: set[int]) -> tuple[list[dict[str, Any]], list[ArticleFeatures]]:
        idx = [i for i, r in enumerate(rows) if int(r["topic"]) in topics]
        return [rows[i] for i in idx], [feats[i] for i in idx]

    (r1, f1), (r2, f2) = subset(TUNE_TOPICS), subset(TEST_TOPICS)
    g1, g2 = [r["seminal_event"] for r in r1], [r["seminal_event"] for r in r2]
    trials = []
    for values in itertools.product(*GRID.values()):
        s = replace(ClusterSettings(), **dict(zip(GRID, values, strict=True)))
        if orders:
            score = shuffled_orders(g1, f1, s, orders)["bcubed_f1_mean"]
        else:
            score = cluster_scores(g1, cluster(f1, s))["bcubed_f1"]
        trials.append((score, values))
        log(f"tune {dict(zip(GRID, values, strict=True))}: BCubed F1 {score:.4f} on topics 1-12")
    best_score, best_values = max(trials, key=lambda x: (x[0], x[1]))
    picked = dict(zip(GRID, best_values, strict=True))
    test: dict[str, Any] = cluster_scores(g2, cluster(f2, replace(ClusterSettings(), **picked)))
    if orders:
        test["shuffled"] = shuffled_orders(g2, f2, replace(ClusterSettings(), **picked), orders)
    t_ref, ref_tune = best_of(reference([r["text"] for r in r1], g1, REF_THRESHOLDS))
    ref_test = reference([r["text"] for r in r2], g2, [t_ref])[t_ref]
    _, ref_oracle = best_of(reference([r["text"] for r in r2], g2, REF_THRESHOLDS))
    return {
        "storytrace": {"picked": picked, "tune_bcubed_f1": round(best_score, 4),
                       "tune_objective": f"mean over {orders} shuffled orders" if orders else "file order",
                       "test": test,
                       "defaults_match_picked": all(getattr(ClusterSettings(), k) == v for k, v in picked.items())},
        "tfidf_agglomerative": {"picked_distance_threshold": t_ref, "tune_bcubed_f1": ref_tune["bcubed_f1"],
                                "test": ref_test, "test_at_its_best_threshold": ref_oracle},
    }


def _perturb(f: ArticleFeatures, rng: random.Random, n: int, day: str) -> ArticleFeatures:
    vec = {k: v * rng.uniform(0.8, 1.2) for k, v in f.vector.items() if rng.random() > 0.15}
    vec[PREFIX_DAY + day] = 1.0
    return replace(f, article_id=f"{f.article_id[:6]}{n:06d}", vector=vec, event_day=day)


def resampling_pool(feats: list[ArticleFeatures], pan_dir: Path, pan_docs: int) -> list[ArticleFeatures]:
    """Distinct real articles whose features the synthetic stream reuses (parsed once each)."""
    pool = list(feats)
    if pan_dir.is_dir() and pan_docs:
        files = sorted(pan_dir.glob("*.txt"))[:pan_docs]
        arts = [article_of(p.stem, p.read_text(encoding="utf-8", errors="replace")[:4000]) for p in files]
        log(f"scale: parsing {len(arts)} PAN13 source documents once")
        pool += featurize(arts)
    return pool


def _stream(pool: list[ArticleFeatures], count: int, seed: int) -> Any:
    from datetime import date, timedelta

    rng = random.Random(seed)
    start = date(2015, 1, 1)
    for n in range(count):
        yield _perturb(rng.choice(pool), rng, n, (start + timedelta(days=rng.randrange(1500))).isoformat())


def scale(pool: list[ArticleFeatures], sizes: list[int], window: int = 500, seed: int = 13) -> dict[str, Any]:
    """Mean add time (ms) over the ``window`` adds ending at each size, in-memory index."""
    index = MemoryIndex()
    clusterer = StoryClusterer(index, ClusterSettings())
    per_size: dict[str, Any] = {}
    elapsed = 0.0
    for n, f in enumerate(_stream(pool, max(sizes), seed), 1):
        t0 = time.perf_counter()
        clusterer.add(f)
        elapsed += time.perf_counter() - t0
        if n + window in sizes:
            elapsed = 0.0
        if n in sizes:
            per_size[str(n)] = {"ms_per_add": round(1000 * elapsed / window, 3), "stories": len(index.stories),
                                "index_bytes_per_article": round(index.memory_bytes() / n)}
            log(f"scale (memory): {n} stored, {per_size[str(n)]}")
    small, large = per_size[str(min(sizes))], per_size[str(max(sizes))]
    return {"distinct_sources": len(pool), "timed_window": window, "sizes": per_size,
            "ratio_largest_to_smallest": round(large["ms_per_add"] / small["ms_per_add"], 3),
            "index_bytes_per_article_at_largest": large["index_bytes_per_article"]}


def scale_store(pool: list[ArticleFeatures], sizes: list[int], window: int = 200, seed: int = 13) -> dict[str, Any]:
    """The same stream through the store's SQLite index, one transaction per article (as ``update``)."""
    import tempfile

    from storytrace.store import Store
    from storytrace.stories.persist import MIGRATIONS, SqliteIndex

    per_size: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db", migrations=MIGRATIONS)
        elapsed = 0.0
        for n, f in enumerate(_stream(pool, max(sizes), seed), 1):
            t0 = time.perf_counter()
            with store.transaction() as conn:
                StoryClusterer(SqliteIndex(conn), ClusterSettings()).add(f)
            elapsed += time.perf_counter() - t0
            if n + window in sizes:
                elapsed = 0.0
            if n in sizes:
                per_size[str(n)] = {"ms_per_add": round(1000 * elapsed / window, 3)}
                log(f"scale (store): {n} stored, {per_size[str(n)]}")
        store.close()
    small, large = per_size[str(min(sizes))], per_size[str(max(sizes))]
    return {"timed_window": window, "sizes": per_size,
            "ratio_largest_to_smallest": round(large["ms_per_add"] / small["ms_per_add"], 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--tune", action="store_true", help="pick settings on topics 1-12, report 13-24")
    ap.add_argument("--orders", type=int, default=0,
                    help="also run N shuffled stream orders (with --tune: tune on their mean)")
    ap.add_argument("--no-scale", action="store_true", help="skip the synthetic scaling stream")
    ap.add_argument("--scale-sizes", default="1000,10000,100000", help="in-memory index sizes to time")
    ap.add_argument("--store-sizes", default="1000,5000", help="SQLite index sizes to time ('' to skip)")
    ap.add_argument("--pan-docs", type=int, default=150, help="PAN13 source documents in the resampling pool")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles of --data (quick runs)")
    args = ap.parse_args(argv)
    rows = load(args.data)[: args.limit or None]
    log(f"{len(rows)} articles from {args.data}; parsing")
    t0 = time.perf_counter()
    feats = featurize([article_of(r["doc_id"], r["text"]) for r in rows])
    log(f"features in {time.perf_counter() - t0:.1f}s")
    if args.tune:
        result = {"data": str(args.data), "mode": "tune", **tune(rows, feats, args.orders)}
    else:
        result = {"data": str(args.data), "mode": "one-stream", **quality(rows, feats, args.orders)}
        if not args.no_scale:
            pool = resampling_pool(feats, args.data.parent.parent / "pan13" / "train" / "src", args.pan_docs)
            result["storytrace"]["scale"] = scale(pool, [int(x) for x in args.scale_sizes.split(",")])
            if args.store_sizes:
                result["storytrace"]["scale_store"] = scale_store(pool, [int(x) for x in args.store_sizes.split(",")])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
