"""Parsing ahead on several processes gives the same analysis as one process."""

from __future__ import annotations

import subprocess
import sys

from conftest import EXAMPLES


def test_analyze_with_two_workers_gives_the_same_answers(seeds_export, tmp_path):
    db = tmp_path / "w.db"
    out = subprocess.run([sys.executable, "-c", "from storytrace.cli import main; main()", "analyze", str(EXAMPLES), "--db", str(db),
                          "--report", str(tmp_path / "w.html"), "--workers", "2", "--json"],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    assert '"parse"' in out.stdout  # the parse-ahead step ran and was timed
    from storytrace import export_data, open_store

    store = open_store(db)
    try:
        data = export_data(store)
    finally:
        store.close()
    for section in ("stories", "reuse", "quotes", "quote_groups", "figures", "figure_series"):
        assert data[section] == seeds_export[section], section
