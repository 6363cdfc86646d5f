"""ASGI middleware: request-size limits and security headers on every response.

Limits are enforced before the app sees a request: a body over
``max_body`` bytes (declared or streamed), a URL over ``max_url`` bytes and,
when ``allowed_hosts`` is set, a foreign Host header (DNS rebinding) are
refused with the API's error shape.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["LimitsMiddleware"]


class LimitsMiddleware:
    """Refuse oversized requests (413/414) and add security headers to every response."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_url: int, headers: dict[str, str],
                 allowed_hosts: Sequence[str] | None = None) -> None:
        self.app, self.max_body, self.max_url = app, max_body, max_url
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k, v) for k, v in self.headers if k not in have)]
            await send(message)

        if self.allowed_hosts is not None:
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
            if host.rsplit(":", 1)[0].strip("[]") not in self.allowed_hosts:
                await _refuse(send_with_headers, 400, "bad_host", "Host header not allowed")
                return
        url_len = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_len > self.max_url:
            await _refuse(send_with_headers, 414, "uri_too_long", f"URL longer than {self.max_url} bytes")
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body
            except ValueError:
                await _refuse(send_with_headers, 400, "bad_request", "invalid Content-Length")
                return
            if too_big:
                await _refuse(send_with_headers, 413, "payload_too_large",
                              f"request body over {self.max_body} bytes")
                return
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send_with_headers)
            return
        # Read the body up to the limit (chunked uploads have no Content-Length), then replay it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_body:
                await _refuse(send_with_headers, 413, "payload_too_large",
                              f"request body over {self.max_body} bytes")
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"status": status, "code": code, "message": message,
                                 "details": None}}).encode()
    headers: list[Any] = [(b"content-type", b"application/json"),
                          (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
