"""The ``storytrace`` command line (Typer + Rich), thin over :mod:`storytrace.api`."""

from __future__ import annotations

from . import (
    core,  # noqa: F401  (registers commands)
    figures,  # noqa: F401
    ingest,  # noqa: F401
    quotes,  # noqa: F401
    reuse,  # noqa: F401
    serve,  # noqa: F401
    stories,  # noqa: F401
)
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
