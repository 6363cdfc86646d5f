"""Files and folders: walk, size-check, decompress and hand each file to its reader.

Why extensions first and sniffing second: an extension is the user's own
statement of what a file is; sniffing only decides for files without a
known one. Folder notes (README, LICENSE ...) and hidden files are not
articles and are skipped when a folder is walked (naming such a file
explicitly still reads it).
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Failure, RawDocument
from .dispatch import documents_from_bytes, oversized
from .options import SourceOptions

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["EXTENSIONS", "blob_documents", "folder_files", "kind_for", "path_documents"]

#: File suffix -> document kind.
EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".rss": "feed", ".atom": "feed", ".xml": "auto",
}
_NOTES = ("readme", "license", "licence", "notice", "changelog", "copying", "authors")


def path_documents(spec: str, *, options: SourceOptions,
                   store: Store | None = None) -> Iterator[RawDocument | Failure]:
    """Documents from a file or (recursively, in sorted order) a folder."""
    p = Path(spec)
    if p.is_dir():
        try:
            files = folder_files(p)
        except OSError as exc:
            yield Failure(spec, f"cannot list folder ({exc.strerror or exc})")
            return
        if not files:
            yield Failure(spec, "folder holds no files")
        for f in files:
            yield from _file_documents(str(f), f, options=options, store=store)
    elif p.exists():
        yield from _file_documents(spec, p, options=options, store=store)
    else:
        yield Failure(spec, "no such file or folder")


def folder_files(folder: Path) -> list[Path]:
    """The files a folder source reads, in the order every engine reads them."""
    return sorted(x for x in folder.rglob("*") if x.is_file() and not _skipped(x, folder))


def _skipped(f: Path, root: Path) -> bool:
    rel = f.relative_to(root).parts
    return any(part.startswith(".") for part in rel) or f.stem.lower() in _NOTES


def kind_for(name: str) -> tuple[str, bool]:
    """``(kind, gzipped)`` from a file name (``auto`` when the suffix says nothing)."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
        if lower.endswith(".warc"):
            return "warc", False  # warcio reads gzipped WARC members itself
    return EXTENSIONS.get(Path(lower).suffix, "auto"), gz


def _file_documents(source: str, path: Path, *, options: SourceOptions,
                    store: Store | None) -> Iterator[RawDocument | Failure]:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield Failure(source, oversized(size, options))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(source, f"cannot read ({exc.strerror or exc})")
        return
    yield from blob_documents(source, path.name, data, options=options, store=store)


def blob_documents(source: str, name: str, data: bytes, *, options: SourceOptions,
                   store: Store | None = None) -> Iterator[RawDocument | Failure]:
    """The documents in one file's bytes, its kind told by ``name`` (gzip undone first).

    The Spark engine hands the bytes it read from any URI here, so a file is
    read the same way whichever engine reads it.
    """
    kind, gz = kind_for(name)
    if len(data) > options.max_bytes:
        yield Failure(source, oversized(len(data), options))
        return
    if gz:
        try:
            data = _gunzip(data, options.max_bytes)
        except (OSError, EOFError, zlib.error) as exc:
            yield Failure(source, f"malformed gzip ({exc})")
            return
        if len(data) > options.max_bytes:
            yield Failure(source, oversized(len(data), options) + " once decompressed")
            return
    yield from documents_from_bytes(source, data, kind=kind, options=options, store=store)


def _gunzip(data: bytes, limit: int) -> bytes:
    """Decompress at most ``limit + 1`` bytes (so a gzip bomb is caught, not expanded)."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        return fh.read(limit + 1)
