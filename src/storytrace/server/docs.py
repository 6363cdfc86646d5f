"""Interactive API docs (Swagger UI) at ``/api/docs``, served offline from an installed package.

Why not FastAPI's own ``/docs``: its page loads Swagger UI from a CDN and starts it with an
inline script, which the app's Content Security Policy forbids and an offline newsroom cannot
reach. Here the JS and CSS come from the ``swagger-ui-bundle`` package, the start-up script is a
file of this app, and the docs pages carry their own policy: scripts, styles, images and
requests from this origin only — no CDN, no inline script, no ``eval``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from .errors import ApiError

__all__ = ["ASSETS", "CSP", "router"]

router = APIRouter(include_in_schema=False)

#: The docs pages' policy (set per response; the app's own policy is hash-based for its pages).
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

#: Files served from the package, with their media types.
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}

# validatorUrl null: Swagger UI would otherwise load a badge from validator.swagger.io.
_INIT_JS = """\
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
"""

_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>storytrace API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
</head>
<body>
<noscript>The interactive docs need JavaScript; the schema is at
<a href="/api/openapi.json">/api/openapi.json</a>.</noscript>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
"""

_HEADERS = {"Content-Security-Policy": CSP}
# The package's files never change for an installed version: let the browser keep them.
_CACHED = {**_HEADERS, "Cache-Control": "public, max-age=86400"}


@cache
def _asset_dir() -> Path | None:
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # pragma: no cover - it is a dependency; a broken install says so
        return None
    return Path(str(swagger_ui_path))


@router.get("/api/docs", response_class=HTMLResponse)
def docs_page() -> HTMLResponse:
    if _asset_dir() is None:  # pragma: no cover
        raise ApiError(404, "the interactive docs need the swagger-ui-bundle package; "
                       "the schema is at /api/openapi.json")
    return HTMLResponse(_PAGE, headers=_HEADERS)


@router.get("/api/docs/init.js")
def docs_init() -> Response:
    return Response(_INIT_JS, media_type="text/javascript; charset=utf-8", headers=_CACHED)


@router.get("/api/docs/{name}")
def docs_asset(name: str) -> Response:
    """One of the few named package files (never a path the client chooses)."""
    folder = _asset_dir()
    if name not in ASSETS or folder is None:
        raise ApiError(404, f"no docs asset {name[:100]!r}")
    return Response((folder / name).read_bytes(), media_type=ASSETS[name], headers=_CACHED)
