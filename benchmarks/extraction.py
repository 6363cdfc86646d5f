#!/usr/bin/env python3
"""Article-body extraction: storytrace vs plain ``trafilatura.extract`` on the same pages.

Data: ``html/<id>.html.gz`` and ``ground-truth.json`` (``{id: {"articleBody", "url"}}``),
the layout of the article-extraction benchmark (default ../shared/data/extraction).
Score: precision / recall / F1 over word 4-gram shingles, each page's counts
normalised so long pages do not weigh more (the benchmark's own scoring).
storytrace runs with its default settings (``build_article`` on an HTML
document). Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "extraction"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = _TOKEN.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def page_counts(truth: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of shingles for one page."""
    a, b = shingles(truth), shingles(pred)
    tp = sum((a & b).values())
    fp = sum((b - a).values())
    fn = sum((a - b).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def summarise(counts: list[tuple[float, float, float]], seconds: float) -> dict[str, float]:
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": round(f1, 4), "precision": round(p, 4), "recall": round(r, 4),
            "pages": len(counts), "seconds": round(seconds, 2),
            "pages_per_s": round(len(counts) / seconds, 2) if seconds else 0.0}


def storytrace_text(html: str, url: str | None) -> str:
    from storytrace.articles import build_article
    from storytrace.errors import SourceError
    from storytrace.model import RawDocument

    try:
        return build_article(RawDocument(source=url or "page", kind="html", content=html, url=url)).text
    except SourceError:
        return ""


def trafilatura_text(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT, help="folder with html/ and ground-truth.json")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    ap.add_argument("--worst", type=int, default=0, help="also print the N pages where storytrace trails most")
    args = ap.parse_args(argv)
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[: args.limit or None]
    pages = {}
    for i in ids:
        raw = gzip.decompress((args.data / "html" / f"{i}.html.gz").read_bytes())
        pages[i] = raw.decode("utf-8", errors="replace")
    import trafilatura  # noqa: F401  (import costs stay outside the timings)

    from storytrace.articles.language import detect_language

    detect_language("Load the language model once, outside the timings.")

    results: dict[str, dict[str, float]] = {}
    per: dict[str, dict[str, tuple[float, float, float]]] = {}
    for name, fn in (("storytrace", storytrace_text), ("trafilatura", trafilatura_text)):
        t0 = time.perf_counter()
        per[name] = {i: page_counts(truth[i]["articleBody"], fn(pages[i], truth[i].get("url")))
                     for i in ids}
        results[name] = summarise(list(per[name].values()), time.perf_counter() - t0)
    if args.worst:
        gap = sorted(ids, key=lambda i: per["storytrace"][i][0] - per["trafilatura"][i][0])
        for i in gap[: args.worst]:
            print(f"{i[:12]} storytrace tp={per['storytrace'][i][0]:.3f} "
                  f"trafilatura tp={per['trafilatura'][i][0]:.3f} {truth[i].get('url')}", file=sys.stderr)
    results["data"] = {"path": str(args.data), "pages": len(ids)}  # type: ignore[assignment]
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
