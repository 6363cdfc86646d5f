"""The switches and limits every source reader shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["SourceOptions"]


@dataclass
class SourceOptions:
    """Limits and switches for reading sources.

    ``max_bytes`` bounds every file, decompressed stream, WARC record and HTTP
    body (a gzip bomb or a runaway download is a failure, not an out-of-memory).
    ``fetch=False`` never touches the network: URLs come only from the store's
    page cache. ``transport`` is an httpx transport (tests inject
    ``httpx.MockTransport``).
    """

    max_bytes: int = 20_000_000
    timeout: float = 20.0
    user_agent: str = "storytrace/0.1 (news provenance analysis)"
    fetch: bool = True
    transport: Any = None
