"""Sources: turn what the user names (files, folders, URLs, ``-``) into raw documents.

``iter_documents`` yields a :class:`~storytrace.model.RawDocument` per
document or a :class:`~storytrace.model.Failure` per source that could not be
read; it never raises for bad input, so one bad file never stops a batch.

One module per input kind: :mod:`.files` (files and folders, gzip),
:mod:`.jsonsrc` (JSON / JSON Lines), :mod:`.warc`, :mod:`.feeds` (RSS/Atom),
:mod:`.web` (http(s) with the store's page cache); :mod:`.decode` detects
charsets and binary data; :mod:`.dispatch` routes bytes to the right reader.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from ..model import Failure, RawDocument
from .dispatch import documents_from_bytes
from .files import path_documents
from .options import SourceOptions
from .web import fetch_documents, is_url

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["SourceOptions", "iter_documents"]


def iter_documents(
    specs: Sequence[str],
    options: SourceOptions | None = None,
    store: Store | None = None,
    stdin: TextIO | None = None,
) -> Iterator[RawDocument | Failure]:
    """Yield raw documents (or failures) for every source spec, in a stable order."""
    options = options or SourceOptions()
    for spec in specs:
        if spec == "-":
            yield from _stdin_documents(stdin, options, store)
        elif is_url(spec):
            yield from fetch_documents(spec, options=options, store=store)
        else:
            yield from path_documents(spec, options=options, store=store)


def _stdin_documents(stdin: TextIO | None, options: SourceOptions,
                     store: Store | None) -> Iterator[RawDocument | Failure]:
    if stdin is None:
        yield Failure("-", "no standard input to read")
        return
    buffer = getattr(stdin, "buffer", None)
    try:
        data = buffer.read(options.max_bytes + 1) if buffer is not None else \
            stdin.read(options.max_bytes + 1).encode("utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        yield Failure("-", f"cannot read standard input ({exc})")
        return
    yield from documents_from_bytes("-", data, options=options, store=store)
