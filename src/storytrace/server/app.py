"""The FastAPI application factory for ``storytrace serve``.

Read-only by default. Writing (``POST /api/articles``) needs ``allow_writes``
and a ``token``; fetching a URL on a request's behalf needs ``allow_fetch``
too. Every response carries a Content Security Policy that allows only the
app's own inline CSS and JS (the API docs pages, :mod:`.docs`, set their own
same-origin-only one), and every request is size-limited.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from fastapi import FastAPI

from .. import __version__
from ..report.render import assets
from . import api, docs, errors, views
from .data import Reader
from .limits import LimitsMiddleware

__all__ = ["create_app"]

log = logging.getLogger("storytrace.server")

MAX_BODY = 6_000_000
MAX_URL = 8_192


def create_app(
    db_path: str | Path,
    *,
    allow_writes: bool = False,
    token: str | None = None,
    allow_fetch: bool = False,
    allowed_hosts: Sequence[str] | None = None,
    max_body: int = MAX_BODY,
) -> FastAPI:
    """The web app over the store at ``db_path`` (which must exist).

    ``allowed_hosts`` (e.g. ``["127.0.0.1", "localhost"]``) rejects other Host
    headers, which stops DNS-rebinding pages from reading a local server.
    """
    if allow_writes and not token:
        raise ValueError("allow_writes needs a token")
    _upgrade(db_path)
    app = FastAPI(
        title="storytrace",
        version=__version__,
        description="Read-only JSON API over a storytrace store (news provenance: stories, reuse, "
        "quotes, figures). Every error has the shape {\"error\": {status, code, message, details}}.",
        # FastAPI's pages load scripts from a CDN: Swagger UI is served offline by .docs instead
        docs_url=None, redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.reader = Reader(db_path)
    app.state.settings = api.Settings(allow_writes=allow_writes, token=token, allow_fetch=allow_fetch)
    errors.install(app)
    app.include_router(docs.router)
    app.include_router(api.router)
    app.include_router(views.router)
    headers = {
        "Content-Security-Policy": assets().csp + "; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "no-store",
    }
    app.add_middleware(LimitsMiddleware, max_body=max_body, max_url=MAX_URL, headers=headers,
                       allowed_hosts=allowed_hosts)
    return app


def _upgrade(db_path: str | Path) -> None:
    """Apply pending schema migrations once, before readers open the store read-only.

    A store written by an older storytrace lacks newer analyses' tables; a
    read-only file is left as it is (its missing sections are then skipped).
    """
    from ..api import open_store
    from ..errors import StoreError

    if not Path(db_path).is_file():
        raise StoreError(f"{db_path}: no such store")
    try:
        open_store(db_path).close()
    except (StoreError, OSError, sqlite3.Error):
        log.warning("could not upgrade %s; serving it as it is", db_path)
