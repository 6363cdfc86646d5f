"""The ``storytrace`` command line (Typer + Rich), thin over :mod:`storytrace.api`."""

from __future__ import annotations

from . import core  # noqa: F401  (registers commands)
from . import ingest  # noqa: F401
from . import reuse  # noqa: F401
from . import serve  # noqa: F401
from . import figures  # noqa: F401
from . import quotes  # noqa: F401
from . import stories  # noqa: F401
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
