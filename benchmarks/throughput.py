"""The whole analysis against a spaCy parse, on the same real news, each job a fresh process.

    python benchmarks/throughput.py [--data ../shared/data/polnear] [--n 300] [--repeat 1]

Takes the first ``--n`` PolNeAR articles (dev, then train: US political news of about 680
words), writes them as text files, and times, interleaved (A B C, A B C, ...), each job
in its own process:

- ``storytrace``: ``storytrace.analyze`` into a fresh store, with the briefing (the
  product as a user runs it), with its per-stage timings; ``storytrace_workers``: the
  same with ``workers`` processes parsing ahead (``--workers``, default every core);
- ``spacy_parse``: ``en_core_web_sm`` (the model storytrace loads) parsing every text,
  ``nlp(text)`` one at a time, what the issue measures against;
- ``glue``: what a user would write instead: the same parse, textacy's direct quotations
  and a datasketch ``MinHashLSH`` over word 5-shingles (insert and query every article).

Reports articles/s (wall) and CPU seconds of each (the process's own and its children's),
the ratios to the parse, storytrace's stage seconds, peak RSS, and the store's KB per
article beyond the article texts. The machine is shared: compare the ratios of one run.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "polnear"

_STORYTRACE = """
import json, sys, time
sys.path.insert(0, {src!r})
import storytrace
t = time.perf_counter()
res = storytrace.analyze([{folder!r}], db={db!r}, report={report!r}, workers={workers})
print(json.dumps({{"seconds": time.perf_counter() - t, "stages": res.context.timings,
                   "added": len(res.ingest.added)}}))
"""
_PARSE = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {src!r})
from storytrace.nlp import get_nlp
nlp = get_nlp()
texts = [p.read_text(encoding="utf-8") for p in sorted(Path({folder!r}).glob("*.txt"))]
t = time.perf_counter()
for x in texts:
    nlp(x)
print(json.dumps({{"seconds": time.perf_counter() - t}}))
"""
_GLUE = """
import json, re, sys, time
from pathlib import Path
sys.path.insert(0, {src!r})
from datasketch import MinHash, MinHashLSH
from textacy.extract.triples import direct_quotations
from storytrace.nlp import get_nlp
nlp = get_nlp()
texts = [p.read_text(encoding="utf-8") for p in sorted(Path({folder!r}).glob("*.txt"))]
t = time.perf_counter()
lsh = MinHashLSH(threshold=0.3, num_perm=128)
quotes = pairs = 0
for i, x in enumerate(texts):
    doc = nlp(x)
    try:
        quotes += sum(1 for _ in direct_quotations(doc))
    except Exception:  # textacy raises on some unbalanced quotation marks
        pass
    ws = re.findall(r"\\w+", x.lower())
    m = MinHash(num_perm=128)
    m.update_batch([" ".join(ws[j:j + 5]).encode() for j in range(max(1, len(ws) - 4))])
    pairs += len(lsh.query(m))
    lsh.insert(str(i), m)
print(json.dumps({{"seconds": time.perf_counter() - t, "quotes": quotes, "pairs": pairs}}))
"""


def _articles(data: Path, n: int) -> list[str]:
    files = sorted((data / "dev" / "text").glob("*.txt")) + sorted((data / "train" / "text").glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files[:n]]


def _job(code: str) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter; its JSON line, wall seconds, CPU seconds, peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"a benchmark job failed:\n{out.stderr[-2000:]}")
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["process_seconds"] = round(wall, 2)
    res["cpu_seconds"] = round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2)
    res["peak_rss_mb"] = round(after.ru_maxrss / 1024, 1)  # the largest child so far
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                    help="processes for the second storytrace job (default: every core)")
    args = ap.parse_args()
    texts = _articles(args.data, args.n)
    work = Path(tempfile.mkdtemp(prefix="storytrace-throughput-"))
    folder = work / "articles"
    folder.mkdir()
    for i, x in enumerate(texts):
        (folder / f"{i:04d}.txt").write_text(x, encoding="utf-8")
    src = str(ROOT / "src")
    runs: dict[str, list[dict[str, float]]] = {"storytrace": [], "storytrace_workers": [],
                                                "spacy_parse": [], "glue": []}
    for r in range(args.repeat):
        db = work / f"run{r}.db"
        runs["storytrace"].append(_job(_STORYTRACE.format(src=src, folder=str(folder), db=str(db),
                                                          report=str(work / f"run{r}.html"), workers=1)))
        runs["storytrace_workers"].append(_job(_STORYTRACE.format(
            src=src, folder=str(folder), db=str(work / f"runw{r}.db"), report=str(work / f"runw{r}.html"),
            workers=args.workers)))
        runs["spacy_parse"].append(_job(_PARSE.format(src=src, folder=str(folder))))
        runs["glue"].append(_job(_GLUE.format(src=src, folder=str(folder))))
    n = len(texts)
    best = {k: min(v, key=lambda x: x["seconds"]) for k, v in runs.items()}
    rate = {k: round(n / v["seconds"], 3) for k, v in best.items()}
    import sqlite3

    con = sqlite3.connect(work / "run0.db")
    text_bytes = con.execute("SELECT sum(length(CAST(text AS BLOB))) FROM articles").fetchone()[0] or 0
    con.execute("VACUUM")
    con.close()
    size = (work / "run0.db").stat().st_size
    result = {
        "articles": n,
        "storytrace": {"articles_per_s": rate["storytrace"], "seconds": round(best["storytrace"]["seconds"], 1),
                       "cpu_seconds": best["storytrace"]["cpu_seconds"],
                       "stages": {k: round(v, 1) for k, v in best["storytrace"]["stages"].items()},
                       "store_kb_per_article": round(size / 1024 / n, 1),
                       "store_kb_per_article_beyond_text": round((size - text_bytes) / 1024 / n, 1)},
        "storytrace_workers": {"workers": args.workers, "articles_per_s": rate["storytrace_workers"],
                               "seconds": round(best["storytrace_workers"]["seconds"], 1),
                               "cpu_seconds": best["storytrace_workers"]["cpu_seconds"],
                               "stages": {k: round(v, 1) for k, v in best["storytrace_workers"]["stages"].items()}},
        "spacy_parse": {"articles_per_s": rate["spacy_parse"], "seconds": round(best["spacy_parse"]["seconds"], 1),
                        "cpu_seconds": best["spacy_parse"]["cpu_seconds"]},
        "glue": {"articles_per_s": rate["glue"], "seconds": round(best["glue"]["seconds"], 1),
                 "cpu_seconds": best["glue"]["cpu_seconds"]},
        "ratio_to_parse": {"storytrace": round(rate["storytrace"] / rate["spacy_parse"], 3),
                           "storytrace_workers": round(rate["storytrace_workers"] / rate["spacy_parse"], 3),
                           "glue": round(rate["glue"] / rate["spacy_parse"], 3)},
        "peak_rss_mb_any_job": max(x["peak_rss_mb"] for v in runs.values() for x in v),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
