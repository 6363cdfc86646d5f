"""Benchmark: briefing size, build time and load time in a browser for 1k and 10k articles.

Usage: python benchmarks/report.py [--data examples/ukraine-2022] [--sizes 1000,10000] [--no-browser]

The corpora are synthetic: the bundled example articles, analysed once with
storytrace's default settings, resampled to each size (benchmarks/_resample.py).
Side by side, for the same export: the JSON export (``write_export``), the
smallest faithful serialisation of the same data, so the ratio says what the
readable, self-contained HTML costs over raw data. The load time is measured in
headless Chromium (Debian's chromium + chromedriver, as the browser tests use):
DOMContentLoaded and the load event from the Navigation Timing API, median of
three loads of the file, at 1280 px and at 390 px (a phone), with the page's
width at 390 px; skipped, with the reason, where Chromium is absent. Last line:
one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _resample import EXAMPLES, analysed_examples, resample
from storytrace.export import write_export
from storytrace.report import render_report


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def browser() -> Any:
    """Headless Chromium through Selenium, or the reason it is not available."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        return "needs Debian's chromium and chromium-driver (.ci/install-system.sh)"
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return "needs selenium (the test extra)"
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for f in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-background-networking", "--no-first-run"):
        opts.add_argument(f)
    d = webdriver.Chrome(service=Service(driver), options=opts)
    d.set_page_load_timeout(600)
    return d


_TIMING = """var t = performance.getEntriesByType('navigation')[0];
return {dcl: t.domContentLoadedEventEnd, load: t.loadEventEnd,
        width: document.scrollingElement.scrollWidth, nodes: document.getElementsByTagName('*').length};"""


def load_times(driver: Any, html: str) -> dict[str, Any]:
    """Median DOMContentLoaded / load (ms) over three loads at 1280 and 390 px; the width at 390 px."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "briefing.html"
        path.write_text(html, encoding="utf-8")
        out: dict[str, Any] = {}
        for w, name in ((1280, "desktop"), (390, "phone")):
            driver.set_window_size(w, 900)
            runs = []
            for _ in range(3):
                driver.get(path.as_uri())
                for _ in range(600):  # the load event has fired (timings are final) before reading them
                    if driver.execute_script("return document.readyState === 'complete' && "
                                             "performance.getEntriesByType('navigation')[0].loadEventEnd > 0"):
                        break
                    time.sleep(0.05)
                runs.append(driver.execute_script(_TIMING))
            out[name] = {"dom_content_loaded_ms": round(statistics.median(r["dcl"] for r in runs)),
                         "load_ms": round(statistics.median(r["load"] for r in runs))}
            if name == "phone":
                out[name]["page_width_px"] = runs[-1]["width"]
        out["dom_nodes"] = runs[-1]["nodes"]
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=EXAMPLES, help="folder of articles to resample")
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    ap.add_argument("--no-browser", action="store_true", help="skip the load times in Chromium")
    ap.add_argument("--browser-max", type=int, default=1000,
                    help="measure load times only up to this many articles (default 1000)")
    args = ap.parse_args()
    drv: Any = "--no-browser" if args.no_browser else browser()

    t0 = time.perf_counter()
    base = analysed_examples(args.data)
    analyse_s = time.perf_counter() - t0
    print(f"analysed {len(base['articles'])} base articles in {analyse_s:.1f}s", file=sys.stderr)
    ours: dict[str, dict[str, Any]] = {}
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
        if isinstance(drv, str):
            ours[str(n)]["browser"] = f"skipped: {drv}"
        elif n <= args.browser_max:
            ours[str(n)]["browser"] = load_times(drv, html)
        print(f"{n} articles: report {size / 1e6:.1f} MB in {build:.1f}s; "
              f"JSON export {js_size / 1e6:.1f} MB in {js_s:.1f}s; "
              f"browser {ours[str(n)].get('browser')}", file=sys.stderr)
        del html, js, data
    if not isinstance(drv, str):
        drv.quit()
    print(json.dumps({"benchmark": "report", "data": str(args.data),
                      "base_analysis_s": round(analyse_s, 1),
                      "storytrace": ours, "json_export": peer}))


if __name__ == "__main__":
    main()
