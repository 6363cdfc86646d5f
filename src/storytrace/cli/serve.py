"""``storytrace serve``: the local web app and JSON API over a store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from .. import api
from .app import DbOption, app, console, fail, handle_errors

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    db: DbOption = api.DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    allow_writes: Annotated[bool, typer.Option("--allow-writes", help="Accept POST /api/articles (needs STORYTRACE_TOKEN).")] = False,
    allow_fetch: Annotated[bool, typer.Option("--allow-fetch", help="Let POST /api/articles fetch a URL it is given.")] = False,
) -> None:
    """Start the local web app (HTML views, search, JSON API at /api, its interactive docs at
    /api/docs and schema at /api/openapi.json)."""
    import uvicorn

    from ..server import create_app

    token = os.environ.get("STORYTRACE_TOKEN") or None
    if allow_writes and not token:
        fail("--allow-writes needs a token: set STORYTRACE_TOKEN", 2)
    hosts = [*LOOPBACK, "[::1]"] if host in LOOPBACK else None
    with handle_errors():
        web = create_app(db, allow_writes=allow_writes, token=token, allow_fetch=allow_fetch,
                         allowed_hosts=hosts)
    mode = "read-write" if allow_writes else "read-only"
    console.print(f"storytrace serving {db} ({mode}) on http://{host}:{port}/", markup=False)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
