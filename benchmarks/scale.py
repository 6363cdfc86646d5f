"""Scale on one machine: the embedded engine at growing sizes, and Spark local[2] beside it.

    python benchmarks/scale.py --sizes 1000,10000,100000 --spark-size 10000
    python benchmarks/scale.py --sizes 250,500,1000 --spark-size 500     # what fits a 2-core laptop
    python benchmarks/scale.py --sizes "" --spark-size 10000 --spark-only  # Spark alone, one size

The corpus is synthetic but made of real text (see :func:`pool`): news and web
documents of ``../shared/data`` (ECB+, PolNeAR, WikiRef220, PAN13 sources cut to
news length), each drawn once while the pool lasts, and with probability
COPY_RATE another lightly perturbed copy of a document already used (one
sentence in five dropped at a random phase, a few words swapped), so articles
made from the same real document are planted copies of each other at the same
density at every size. Each size runs the full pipeline (``storytrace
analyze``: ingest and every analysis) in a fresh process, sampled for the peak
resident memory and CPU time of its whole process tree. Reported per size:
articles/s, ms and CPU-ms per article, peak RSS, and recall of the planted
copies (a planted pair counts when a reuse link joins the two, either way).
``--spark-size`` runs the same corpus through ``--engine spark`` on ``local[2]``
and reports the throughput ratio. ``--partial FILE`` keeps the results so far
after each run; ``--keep DIR`` keeps each run's store and corpus. Prints one JSON object last.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
COPY_RATE = 0.2
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


def _chunks(text: str, words: int = 350) -> list[str]:
    """A long document cut at paragraph ends into pieces of about news length (``words``+)."""
    out: list[list[str]] = [[]]
    run = 0
    for para in (x for x in text.split("\n") if x.strip()):
        out[-1].append(para)
        run += len(para.split())
        if run >= words:
            out.append([])
            run = 0
    if len(out) > 1 and sum(len(x.split()) for x in out[-1]) < words // 2:
        tail = out.pop()
        out[-1] += tail  # a short tail joins the piece before it
    return ["\n".join(x) for x in out if x]


def pool(data: Path) -> list[tuple[str, str]]:
    """Real documents to resample: ``(base id, text)``.

    ``data`` is either one ECB+-style JSONL file (``doc_id``, ``text``) or the
    ``../shared/data`` folder, whose news and web text is pooled: ECB+ articles,
    PolNeAR articles (train and dev), WikiRef220 articles, and PAN13 source
    documents cut into news-length pieces at paragraph ends. The pool holds
    about 7,800 distinct bases, so corpora up to ~10k keep a fixed share of planted
    copies instead of every real article reappearing more often as N grows.
    """
    if data.is_file():
        rows = [json.loads(x) for x in data.read_text(encoding="utf-8").splitlines() if x.strip()]
        return [(str(r["doc_id"]), r["text"]) for r in rows]
    out: list[tuple[str, str]] = []
    ecb = data / "ecbplus" / "dev.jsonl"
    if ecb.exists():
        out += pool(ecb)
    for split in ("train", "dev"):
        for f in sorted((data / "polnear" / split / "text").glob("*.txt")):
            out.append((f"polnear/{f.stem}", f.read_text(encoding="utf-8")))
    for f in sorted((data / "wikiref220" / "wikiref" / "WikiRef220").glob("*.txt")):
        out.append((f"wikiref/{f.stem}", f.read_text(encoding="cp1252", errors="replace")))
    for f in sorted((data / "pan13" / "train" / "src").glob("*.txt")):
        for k, piece in enumerate(_chunks(f.read_text(encoding="utf-8", errors="replace"))):
            out.append((f"pan13/{f.stem}/{k}", piece))
    if not out:
        raise SystemExit(f"{data}: no ECB+, PolNeAR, WikiRef220 or PAN13 text found")
    return [(b, t) for b, t in out if len(t.split()) >= 40]


def corpus(bases: list[tuple[str, str]], n: int, seed: int = 1,
           copy_rate: float = COPY_RATE) -> list[dict[str, str]]:
    """``n`` perturbed real documents; a share ``copy_rate`` of them are planted copies.

    Each article is either a fresh base (drawn without replacement while the pool
    lasts) or, with probability ``copy_rate``, another perturbed copy of a base
    already used. Articles of the same base are planted copies of each other, and
    their density per article is the same at every size (up to the pool's size).
    """
    rng = random.Random(seed)
    order = list(range(len(bases)))
    rng.shuffle(order)
    fresh = iter(order)
    used: list[int] = []
    out = []
    for i in range(n):
        if used and rng.random() < copy_rate:
            b = rng.choice(used)
        else:
            nxt = next(fresh, None)
            b = rng.randrange(len(bases)) if nxt is None else nxt  # pool spent: with replacement
            used.append(b)
        base, text = bases[b]
        out.append({"text": perturb(text, rng), "url": f"https://synthetic.example/{i}", "base": base})
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
            "--json", "--engine", engine,
            "--max-bytes", str(1 << 30)]  # one JSONL file holds the whole corpus
    if engine == "spark":
        args += ["--master", "local[2]", "--partitions", "4"]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, text=True)
        peak = 0
        ticks: dict[int, int] = {}
        while proc.poll() is None:
            peak = max(peak, _tree_rss_kb(proc.pid, ticks))
            time.sleep(0.5)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    last = [x for x in stdout.splitlines() if x.startswith("{") and "seconds" in x]
    if not last:
        raise SystemExit(f"{engine} run failed:\n{stderr[-3000:]}")
    got = json.loads(last[-1])
    head = stdout[: stdout.rfind(last[-1])].strip()
    try:  # the analyze --json report before it: seconds per stage (either engine)
        got["stages"] = {k: round(v, 1) for k, v in (json.loads(head).get("timings") or {}).items()}
    except ValueError:
        got["stages"] = {}
    got["tree_rss_mb"] = peak / 1024
    got["tree_cpu_s"] = sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
    return got


def _tree_rss_kb(root: int, ticks: dict[int, int]) -> int:
    """Resident memory of a process and all its descendants (Linux ``/proc``), in KiB.

    Spark's JVM and Python workers are not waited-for children of the driver, so
    ``RUSAGE_CHILDREN`` misses them; sampling the tree catches the whole engine.
    ``ticks`` keeps each process's latest CPU time (user + system, clock ticks), so
    the engine's CPU seconds hold up when other work shares the machine.
    """
    cpu: dict[int, int] = {}
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text().rsplit(")", 1)[1].split()
            status = (d / "status").read_text()
        except OSError:
            continue
        parent[int(d.name)] = int(stat[1])
        cpu[int(d.name)] = int(stat[11]) + int(stat[12])
        m = re.search(r"VmRSS:\s+(\d+)", status)
        rss[int(d.name)] = int(m.group(1)) if m else 0
    tree, todo = set(), [root]
    while todo:
        p = todo.pop()
        tree.add(p)
        todo += [c for c, pp in parent.items() if pp == p and c not in tree]
    for p in tree:
        ticks[p] = max(ticks.get(p, 0), cpu.get(p, 0))
    return sum(rss.get(p, 0) for p in tree)


_LINKS: dict[Path, int] = {}


def _recall(db: Path, rows: list[dict[str, str]]) -> tuple[float, int]:
    import sqlite3

    conn = sqlite3.connect(db)
    url_id = dict(conn.execute("SELECT url, id FROM articles"))
    links = {frozenset(r) for r in conn.execute("SELECT source_id, copy_id FROM reuse_links")}
    _LINKS[db] = len(links)
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


def measure(engine: str, rows: list[dict[str, str]], tmp: Path, keep: Path | None = None) -> dict[str, float]:
    src = tmp / f"corpus-{len(rows)}.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    db = tmp / f"{engine}-{len(rows)}.db"
    got = _child(engine, src, db)
    recall, pairs = _recall(db, rows)
    if keep is not None:
        import shutil
        import sqlite3

        keep.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(db) as conn:  # one file: the WAL folded in
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(db, keep / db.name)
        shutil.copy(src, keep / src.name)
    n = len(rows)
    return {"articles": n, "seconds": round(got["seconds"], 1),
            "articles_per_s": round(n / got["seconds"], 3), "ms_per_article": round(1000 * got["seconds"] / n, 1),
            "peak_rss_mb": round(got["max_rss_mb"], 1),
            "peak_rss_tree_mb": round(got["tree_rss_mb"], 1),
            "cpu_s": round(got["tree_cpu_s"], 1), "cpu_ms_per_article": round(1000 * got["tree_cpu_s"] / n, 1),
            "stages_s": got["stages"], "planted_pairs": pairs, "planted_recall": round(recall, 3), "reuse_links": _LINKS.get(db, 0),
            "words_per_article": round(sum(len(r["text"].split()) for r in rows) / max(n, 1), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--spark-size", type=int, default=10000, help="0 to skip the Spark comparison")
    ap.add_argument("--spark-only", action="store_true",
                    help="run only Spark at --spark-size, not the embedded engine beside it (no ratio: "
                         "compare with an earlier embedded run of the same size and seed)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, default=None,
                    help="copy each run's store and corpus here (for benchmarks/close_sentences.py --db)")
    ap.add_argument("--partial", type=Path, default=None,
                    help="also write the results so far to this file after each run")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x]
    out: dict[str, object] = {"benchmark": "scale", "data": str(args.data), "embedded": []}
    bases = pool(args.data)
    out["pool_bases"] = len(bases)
    out["copy_rate"] = COPY_RATE

    def keep() -> None:
        if args.partial:
            args.partial.write_text(json.dumps(out, indent=1), encoding="utf-8")

    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            t = time.perf_counter()
            res = measure("embedded", corpus(bases, n, args.seed), Path(tmp), args.keep)
            print(f"embedded {n}: {res} ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
            out["embedded"].append(res)  # type: ignore[attr-defined]
            keep()
        if args.spark_size:
            rows = corpus(bases, args.spark_size, args.seed)
            emb = next((r for r in out["embedded"] if r["articles"] == args.spark_size), None)  # type: ignore[attr-defined]
            if emb is None and not args.spark_only:
                emb = measure("embedded", rows, Path(tmp))
            spark = measure("spark", rows, Path(tmp), args.keep)
            out["spark_local2"] = spark
            if emb is not None:
                out["spark_vs_embedded_throughput"] = round(spark["articles_per_s"] / emb["articles_per_s"], 3)
            keep()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
