"""The self-contained HTML briefing."""

from __future__ import annotations

from typing import Any

from markupsafe import escape

__all__ = ["render_report"]


def render_report(data: dict[str, Any]) -> str:
    """Render the export as one offline HTML page (every article-derived string escaped)."""
    rows = "".join(
        f"<tr><td>{escape(a.get('title') or a['source'])}</td><td>{escape(a.get('outlet') or '')}</td>"
        f"<td>{escape(a.get('published') or '')}</td></tr>"
        for a in data.get("articles", [])
    )
    return (
        "<!doctype html><html lang=en><meta charset=utf-8><title>storytrace briefing</title>"
        f"<h1>storytrace briefing</h1><table>{rows}</table></html>"
    )
