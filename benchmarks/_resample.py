"""Synthetic corpora for the report and server benchmarks, resampled from the bundled examples.

The five example articles are analysed once; a corpus of N articles is made of
N/5 copies of that analysed set, every id (articles, stories, quotes, figures)
made unique per copy and each copy's texts given a distinct first line, so
the export keeps the real proportions of stories, reuse, quotes and figures.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "ukraine-2022"

_ID_KEYS = ("id", "article_id", "source_id", "copy_id", "quote_id")
_ID_LIST_KEYS = ("article_ids", "story_ids", "members")


def analysed_examples(data: Path = EXAMPLES) -> dict[str, Any]:
    """The full export of the example articles (runs every analysis once, ~30 s)."""
    from storytrace import analyze, export_data, open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "base.db")
        try:
            analyze([str(data)], store, report=None)
            return export_data(store)
        finally:
            store.close()


def _suffix(obj: Any, tag: str) -> Any:
    """Rename every id inside ``obj`` with ``tag`` (ids are strings; members may be records)."""
    if isinstance(obj, list):
        return [_suffix(x, tag) for x in obj]
    if not isinstance(obj, dict):
        return obj
    out = {}
    for k, v in obj.items():
        if k in _ID_KEYS and isinstance(v, str | int):
            out[k] = f"{v}~{tag}"
        elif k in _ID_LIST_KEYS and isinstance(v, list):
            out[k] = [f"{x}~{tag}" if isinstance(x, str | int) else _suffix(x, tag) for x in v]
        elif isinstance(v, list | dict):
            out[k] = _suffix(v, tag)
        else:
            out[k] = v
    return out


def resample(base: dict[str, Any], n: int) -> dict[str, Any]:
    """An export of ``n`` articles: copies of ``base`` with unique ids (sections kept consistent)."""
    arts = base.get("articles") or []
    copies = -(-n // max(len(arts), 1))
    out: dict[str, Any] = {"schema_version": base.get("schema_version")}
    sections = [k for k, v in base.items() if isinstance(v, list)]
    for k in sections:
        out[k] = []
    for c in range(copies):
        tag = f"{c:05d}"
        for k in sections:
            out[k].extend(_suffix(copy.deepcopy(base[k]), tag))
    out["articles"] = out["articles"][:n]
    return out

