"""ISO date strings to dates, shared by every layer that reads stored dates."""

from __future__ import annotations

from datetime import date

__all__ = ["parse_iso_date"]


def parse_iso_date(value: str | None) -> date | None:
    """The date part of an ISO date or datetime string ("2022-02-17", "2022-02-17T09:00Z"), or ``None``."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
