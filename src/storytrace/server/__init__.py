"""The local web app and JSON API (``storytrace serve``): the briefing's views over a live store."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
