"""One error shape for every API error: ``{"error": {"status", "code", "message", "details"}}``.

Every failure path (unknown route, wrong method, bad parameter, oversized
body, missing token, a bug) ends here, so API clients parse one shape; HTML
routes get the same message as a page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = ["ERROR_RESPONSES", "ApiError", "ErrorBody", "ErrorResponse", "error_json", "install"]

log = logging.getLogger("storytrace.server")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 413: "payload_too_large", 414: "uri_too_long",
         415: "unsupported_media_type", 422: "invalid_request", 500: "internal_error"}


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    details: list[Any] | None = None


class ErrorResponse(BaseModel):
    """What every API error returns."""

    error: ErrorBody


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": CODES[status].replace("_", " ")}
    for status in (400, 404, 413, 414, 422, 500)
}


class ApiError(Exception):
    """An error with an HTTP status and a stable code (``writes_disabled``, ``not_found`` ...)."""

    def __init__(self, status: int, message: str, code: str | None = None,
                 details: list[Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details
        self.code = code or CODES.get(status, "error")


def error_json(status: int, message: str, code: str | None = None,
               details: list[Any] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(status=status, code=code or CODES.get(status, "error"), message=message,
                     details=details)
    return JSONResponse({"error": body.model_dump()}, status_code=status, headers=headers)


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _respond(request: Request, err: ApiError, headers: dict[str, str] | None = None) -> Response:
    if is_api(request.url.path):
        return error_json(err.status, err.message, err.code, err.details, headers)
    from .views import error_page  # the HTML twin of the JSON error

    return HTMLResponse(error_page(err.status, err.message), status_code=err.status, headers=headers)


def _clean(errors: list[Any]) -> list[dict[str, Any]]:
    """Validation details without the raw input (it may be large or hostile)."""
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors if isinstance(e, dict)]


def install(app: FastAPI) -> None:
    """Route every exception to the one error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _respond(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _respond(request, ApiError(exc.status_code, message), dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = _clean(list(exc.errors()))
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(x) for x in first["loc"])
        return _respond(request, ApiError(422, f"{where}: {first['msg']}".strip(": "), details=details))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _respond(request, ApiError(500, "internal error (see the server log)"))
