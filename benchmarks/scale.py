"""Scale on one machine: the embedded engine at growing sizes, and Spark local[2] beside it.

    python benchmarks/scale.py --data ../shared/data/ecbplus/dev.jsonl --sizes 1000,10000,100000
    python benchmarks/scale.py --sizes 250,500,1000 --spark-size 500     # what fits a 2-core laptop

The corpus is synthetic but made of real text: each article is a real article
of ``--data`` (ECB+ JSONL: ``doc_id``, ``text``), resampled with replacement and
lightly perturbed (one sentence in five dropped at a random phase, a few words
swapped), so two articles made from the same real one are planted copies of
each other. Each size runs the full pipeline (``storytrace analyze``: ingest and
every analysis) in a fresh process, so its peak memory (max RSS) is its own.
Reported per size: articles/s, ms per article, peak RSS, and recall of the
planted copies (a planted pair counts when a reuse link joins the two, either
way). ``--spark-size`` runs the same corpus through ``--engine spark`` on
``local[2]`` and reports the throughput ratio. Prints one JSON object last.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "dev.jsonl"
SWAPS = {"said": "stated", "says": "states", "police": "officers", "told": "informed",
         "after": "following", "about": "around", "people": "persons", "also": "as well"}


def perturb(text: str, rng: random.Random) -> str:
    """A light rewrite: one sentence in five dropped (random phase), some words swapped."""
    sents = re.split(r"(?<=[.!?])\s+", text)
    phase = rng.randrange(5)
    kept = [s for i, s in enumerate(sents) if len(sents) < 4 or i % 5 != phase]
    out = " ".join(kept)
    for a, b in SWAPS.items():
        if rng.random() < 0.5:
            out = re.sub(rf"\b{a}\b", b, out)
    return out


def corpus(data: Path, n: int, seed: int = 1) -> list[dict[str, str]]:
    """``n`` perturbed resamples of the real articles in ``data`` (each keeps its base id)."""
    base = [json.loads(x) for x in data.read_text(encoding="utf-8").splitlines() if x.strip()]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        d = rng.choice(base)
        out.append({"text": perturb(d["text"], rng), "url": f"https://synthetic.example/{i}",
                    "base": d["doc_id"]})
    return out


def _child(engine: str, src: Path, db: Path) -> dict[str, float]:
    """Run ``storytrace analyze`` in a fresh process; wall time and its peak RSS."""
    code = (
        "import resource, sys, time, json\n"
        "from storytrace.cli import app\n"
        "t = time.perf_counter()\n"
        "try:\n"
        "    app(sys.argv[1:], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps({'seconds': time.perf_counter() - t,"
        " 'max_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
        " 'children_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
    )
    args = [sys.executable, "-c", code, "analyze", str(src), "--db", str(db), "--report", "",
            "--json", "--engine", engine]
    if engine == "spark":
        args += ["--master", "local[2]", "--partitions", "4"]
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    last = [x for x in proc.stdout.splitlines() if x.startswith("{") and "seconds" in x]
    if not last:
        raise SystemExit(f"{engine} run failed:\n{proc.stderr[-3000:]}")
    return json.loads(last[-1])


def _recall(db: Path, rows: list[dict[str, str]]) -> tuple[float, int]:
    import sqlite3

    conn = sqlite3.connect(db)
    url_id = dict(conn.execute("SELECT url, id FROM articles"))
    links = {frozenset(r) for r in conn.execute("SELECT source_id, copy_id FROM reuse_links")}
    conn.close()
    by_base: dict[str, list[str]] = {}
    for r in rows:
        aid = url_id.get(r["url"])
        if aid:
            by_base.setdefault(r["base"], []).append(aid)
    pairs = [frozenset(p) for ids in by_base.values() for p in combinations(sorted(set(ids)), 2)]
    if not pairs:
        return 1.0, 0
    return sum(p in links for p in pairs) / len(pairs), len(pairs)


def measure(engine: str, rows: list[dict[str, str]], tmp: Path) -> dict[str, float]:
    src = tmp / f"corpus-{len(rows)}.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    db = tmp / f"{engine}-{len(rows)}.db"
    got = _child(engine, src, db)
    recall, pairs = _recall(db, rows)
    n = len(rows)
    return {"articles": n, "seconds": round(got["seconds"], 1),
            "articles_per_s": round(n / got["seconds"], 3), "ms_per_article": round(1000 * got["seconds"] / n, 1),
            "peak_rss_mb": round(got["max_rss_mb"], 1),
            "peak_rss_children_mb": round(got["children_rss_mb"], 1),
            "planted_pairs": pairs, "planted_recall": round(recall, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--spark-size", type=int, default=10000, help="0 to skip the Spark comparison")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x]
    out: dict[str, object] = {"benchmark": "scale", "data": str(args.data), "embedded": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            t = time.perf_counter()
            res = measure("embedded", corpus(args.data, n, args.seed), Path(tmp))
            print(f"embedded {n}: {res} ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
            out["embedded"].append(res)  # type: ignore[attr-defined]
        if args.spark_size:
            rows = corpus(args.data, args.spark_size, args.seed)
            emb = next((r for r in out["embedded"] if r["articles"] == args.spark_size), None)  # type: ignore[attr-defined]
            if emb is None:
                emb = measure("embedded", rows, Path(tmp))
            spark = measure("spark", rows, Path(tmp))
            out["spark_local2"] = spark
            out["spark_vs_embedded_throughput"] = round(spark["articles_per_s"] / emb["articles_per_s"], 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
