"""Exports: the whole analysis in the versioned schema of docs/schema.md (JSON, JSONL, CSV)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .model import Article, to_dict
from .pipeline import Analysis
from .store import SCHEMA_VERSION, Store

__all__ = ["FORMATS", "article_record", "build_export", "write_export"]

FORMATS = ("json", "jsonl", "csv")

#: Sections in the order they appear in an export.
SECTIONS = (
    "articles", "stories", "storylines", "reuse", "quotes", "quote_groups",
    "figures", "figure_series", "timeline",
)


def article_record(a: Article) -> dict[str, Any]:
    """One article as the export schema has it."""
    return {
        "id": a.id,
        "source": a.source,
        "url": a.url,
        "canonical_url": a.canonical_url,
        "title": a.title,
        "outlet": a.outlet,
        "site_name": a.site_name,
        "authors": a.authors,
        "credits": a.credits,
        "published": a.published,
        "published_from": a.published_from,
        "page_date": a.page_date,
        "language": a.language,
        "word_count": a.word_count,
        "content_hash": a.content_hash,
        "text": a.text,
        "boilerplate_removed": a.boilerplate_removed,
        "embedded": a.embedded,
        "provenance": a.provenance,
        "flags": [to_dict(f) for f in a.flags],
    }


def build_export(store: Store, analyses: Sequence[Analysis]) -> dict[str, Any]:
    """Everything the store knows, as one JSON-ready dict."""
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    articles = [article_record(a) for a in store.iter_articles()]
    by_id = {a["id"]: a for a in articles}
    out["articles"] = articles
    for analysis in analyses:
        sections = analysis.export(store)
        for aid, extra in (sections.pop("article_fields", None) or {}).items():
            if aid in by_id:
                by_id[aid].update(extra)
        out.update(sections)
    return out


def write_export(data: dict[str, Any], fmt: str, output: str | Path | None,
                 section: str | None = None) -> str | None:
    """Write ``data`` as ``fmt`` to ``output`` (a file; a folder for CSV), or return the text.

    CSV has one table per section: to stdout or a file it writes one section
    (``articles`` unless ``section`` says otherwise), to a folder every
    section as ``<section>.csv``. Nested values are JSON-encoded in their cell.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2)
    elif fmt == "jsonl":
        lines = [json.dumps({"type": "schema", "schema_version": data["schema_version"]})]
        for name in _sections(data):
            for rec in data[name]:
                lines.append(json.dumps({"type": name, **rec}, ensure_ascii=False))
        text = "\n".join(lines)
    else:
        if output is not None and (Path(output).is_dir() or str(output).endswith(("/", "\\"))):
            folder = Path(output)
            folder.mkdir(parents=True, exist_ok=True)
            for name in _sections(data):
                (folder / f"{name}.csv").write_text(_csv(data[name]), encoding="utf-8")
            return None
        text = _csv(data.get(section or "articles", []))
    if output is None:
        return text
    Path(output).write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")
    return None


def _sections(data: dict[str, Any]) -> list[str]:
    known = [s for s in SECTIONS if s in data]
    extra = [k for k, v in data.items() if isinstance(v, list) and k not in SECTIONS]
    return known + extra


def _csv(records: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    cols: list[str] = []
    for r in records:
        cols.extend(k for k in r if k not in cols)
    w = csv.DictWriter(buf, fieldnames=cols)
    w.writeheader()
    for r in records:
        w.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                    for k, v in r.items()})
    return buf.getvalue()
