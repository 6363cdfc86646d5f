"""Benchmark: briefing size and build time for 1k and 10k articles.

Usage: python benchmarks/report.py [--data examples/ukraine-2022] [--sizes 1000,10000]

The corpora are synthetic: the bundled example articles, analysed once with
storytrace's default settings, resampled to each size (benchmarks/_resample.py).
Side by side, for the same export: the JSON export (``write_export``), the
smallest faithful serialisation of the same data, so the ratio says what the
readable, self-contained HTML costs over raw data. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _resample import EXAMPLES, analysed_examples, resample
from storytrace.export import write_export
from storytrace.report import render_report


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=EXAMPLES, help="folder of articles to resample")
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    args = ap.parse_args()

    t0 = time.perf_counter()
    base = analysed_examples(args.data)
    analyse_s = time.perf_counter() - t0
    print(f"analysed {len(base['articles'])} base articles in {analyse_s:.1f}s", file=sys.stderr)
    ours: dict[str, object] = {}
    peer: dict[str, object] = {}
    for n in (int(x) for x in args.sizes.split(",")):
        data = resample(base, n)
        t = time.perf_counter()
        html = render_report(data)
        build = time.perf_counter() - t
        t = time.perf_counter()
        js = write_export(data, "json", None) or ""
        js_s = time.perf_counter() - t
        size, js_size = len(html.encode()), len(js.encode())
        ours[str(n)] = {"articles": n, "build_s": round(build, 2), "bytes": size,
                        "mb": round(size / 1e6, 1), "bytes_per_article": size // n,
                        "peak_rss_mb": round(rss_mb())}
        peer[str(n)] = {"build_s": round(js_s, 2), "bytes": js_size, "mb": round(js_size / 1e6, 1),
                        "size_ratio_report_over_json": round(size / js_size, 2),
                        "time_ratio_report_over_json": round(build / max(js_s, 1e-9), 1)}
        print(f"{n} articles: report {size / 1e6:.1f} MB in {build:.1f}s; "
              f"JSON export {js_size / 1e6:.1f} MB in {js_s:.1f}s", file=sys.stderr)
        del html, js, data
    print(json.dumps({"benchmark": "report", "data": str(args.data),
                      "base_analysis_s": round(analyse_s, 1),
                      "storytrace": ours, "json_export": peer}))


if __name__ == "__main__":
    main()
