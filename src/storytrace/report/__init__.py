"""The self-contained HTML briefing: one offline file an editor can open anywhere.

``render_report(export_dict)`` is the entry point (``storytrace report`` and
the last step of ``storytrace analyze`` call it). The views are Jinja2
templates shared with the web app (:mod:`storytrace.server`).
"""

from __future__ import annotations

from typing import Any

from .briefing import Briefing
from .render import Links, render

__all__ = ["Briefing", "render_report"]


def render_report(data: dict[str, Any]) -> str:
    """Render the export as one offline HTML page (every article-derived string escaped)."""
    return render("report.html.j2", Briefing(data), Links(server=False), csp_meta=True)
