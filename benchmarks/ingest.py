#!/usr/bin/env python3
"""Ingest speed and store size: articles/s for text and HTML input, store bytes per article.

Inputs are generated in a temporary folder: ``--copies`` variants of each
bundled example article (text; each variant gets its own closing line so none
is a duplicate) and every page of the extraction benchmark (HTML, default
../shared/data/extraction). storytrace runs ``add`` with its default settings
into a fresh store per input kind. Side by side, in the same run: plain
``trafilatura.extract`` on the same HTML pages (extraction only, no
metadata, language or store), so the ratio says what storytrace's extra work
costs. Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "extraction"
EXAMPLES = ROOT / "examples" / "ukraine-2022"


def make_text(folder: Path, copies: int) -> int:
    folder.mkdir()
    n = 0
    for src in sorted(EXAMPLES.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        for i in range(copies):
            (folder / f"{src.stem}-{i:04d}.txt").write_text(
                f"{text.rstrip()}\n\nThis is copy {i} of the example, made for the benchmark.\n",
                encoding="utf-8")
            n += 1
    return n


def make_html(folder: Path, data: Path, limit: int) -> list[str]:
    folder.mkdir()
    pages = sorted((data / "html").glob("*.html.gz"))[: limit or None]
    out = []
    for p in pages:
        html = gzip.decompress(p.read_bytes())
        (folder / p.name[: -len(".gz")]).write_bytes(html)
        out.append(html.decode("utf-8", errors="replace"))
    return out


def run_add(folder: Path, db: Path) -> dict[str, float]:
    from storytrace import add, open_store
    from storytrace.sources import SourceOptions

    store = open_store(db)
    t0 = time.perf_counter()
    res = add([str(folder)], store, options=SourceOptions(fetch=False))
    seconds = time.perf_counter() - t0
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    count = store.count_articles()
    store.close()
    size = db.stat().st_size
    inputs = sum(f.stat().st_size for f in folder.iterdir())
    return {
        "articles": count, "failed": len(res.failed), "seconds": round(seconds, 2),
        "articles_per_s": round(count / seconds, 2) if seconds else 0.0,
        "store_bytes": size, "store_bytes_per_article": round(size / count) if count else 0,
        "input_bytes_per_article": round(inputs / max(1, count)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT, help="extraction benchmark folder (html/*.html.gz)")
    ap.add_argument("--copies", type=int, default=60, help="variants of each example article (text input)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N HTML pages (0: all)")
    args = ap.parse_args(argv)
    import trafilatura

    from storytrace.articles.language import detect_language

    detect_language("Load the language model outside the timings, once.")

    with tempfile.TemporaryDirectory(prefix="storytrace-bench-") as tmp:
        t = Path(tmp)
        make_text(t / "text", args.copies)
        pages = make_html(t / "html", args.data, args.limit)
        text = run_add(t / "text", t / "text.db")
        html = run_add(t / "html", t / "html.db")
    t0 = time.perf_counter()
    for page in pages:
        trafilatura.extract(page)
    peer_s = time.perf_counter() - t0
    peer = {"html_pages": len(pages), "seconds": round(peer_s, 2),
            "html_articles_per_s": round(len(pages) / peer_s, 2) if peer_s else 0.0}
    result = {
        "storytrace": {"text": text, "html": html},
        "trafilatura": peer,
        "ratio": {"html_speed_storytrace_vs_trafilatura":
                  round(html["articles_per_s"] / peer["html_articles_per_s"], 3)
                  if peer["html_articles_per_s"] else None},
        "data": {"html": str(args.data), "text": f"{args.copies} variants of each of {EXAMPLES.name}'s articles"},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
