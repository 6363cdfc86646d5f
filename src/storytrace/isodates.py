"""ISO date strings to dates, and the words for when a figure holds, shared by every layer and view."""

from __future__ import annotations

from datetime import date
from typing import Any

__all__ = ["as_of_label", "parse_iso_date"]


def parse_iso_date(value: str | None) -> date | None:
    """The date part of an ISO date or datetime string ("2022-02-17", "2022-02-17T09:00Z"), or ``None``."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def as_of_label(f: dict[str, Any]) -> str:
    """When an exported figure holds, in words: a day, an interval (``2022-01-03 – 2022-02-07``)
    or an upper bound (``on or before 2022-02-13``), with ``(est.)`` when estimated.

    The one wording every view uses (the briefing's chart and tables, ``storytrace figures``):
    the export's dates as they are, never recomputed."""
    if f.get("as_of"):
        d = str(f["as_of"])
    elif f.get("as_of_earliest") and f.get("as_of_latest"):
        d = f"{f['as_of_earliest']} – {f['as_of_latest']}"
    elif f.get("as_of_latest"):
        d = f"{'before' if f.get('as_of_from') == 'before' else 'on or before'} {f['as_of_latest']}"
    else:
        d = "—"
    return d + (" (est.)" if f.get("as_of_estimated") else "")
