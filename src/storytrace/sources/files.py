"""Files and folders: walk, size-check, decompress and hand each file to its reader.

Why extensions first and sniffing second: an extension is the user's own
statement of what a file is; sniffing only decides for files without a
known one. Folder notes (README, LICENSE ...) and hidden files are not
articles and are skipped when a folder is walked (naming such a file
explicitly still reads it).
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Failure, RawDocument
from .dispatch import documents_from_bytes, oversized
from .options import SourceOptions

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["EXTENSIONS", "blob_documents", "folder_files", "kind_for", "path_documents",
           "walk_folder"]

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
        files, problems = walk_folder(p)
        top = [x for x in problems if x.source == str(p)]
        if top:  # the folder itself cannot be listed: say why, not "holds no files"
            yield from top
            return
        if not files and not problems:
            yield Failure(spec, "folder holds no files")
        yield from problems
        for f in files:
            yield from _file_documents(str(f), f, options=options, store=store)
    elif p.exists():
        yield from _file_documents(spec, p, options=options, store=store)
    elif p.is_symlink():
        yield Failure(spec, _bad_link(p))
    else:
        yield Failure(spec, "no such file or folder")


def folder_files(folder: Path) -> list[Path]:
    """The files a folder source reads, in the order every engine reads them."""
    return walk_folder(folder)[0]


def walk_folder(folder: Path) -> tuple[list[Path], list[Failure]]:
    """The files below ``folder`` (sorted) and a failure for each part that cannot be read.

    Why not ``Path.rglob``: it skips an unreadable subfolder, a symbolic link loop and a
    dangling link without a word, so a user would never learn that part of a folder was not
    read. Links to folders are followed (like ``find -L``) unless they lead back to a folder
    being walked, which is reported as a loop.
    """
    files: list[Path] = []
    problems: list[Failure] = []

    def walk(d: Path, ancestors: tuple[str, ...]) -> None:
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Failure(str(d), f"cannot list folder ({exc.strerror or exc})"))
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            path = d / e.name
            try:
                is_dir, is_file = e.is_dir(), e.is_file()
            except OSError as exc:
                problems.append(Failure(str(path), f"cannot read ({exc.strerror or exc})"))
                continue
            if is_dir:
                real = os.path.realpath(path)
                if real in ancestors:
                    problems.append(Failure(str(path), f"symbolic link loop: it leads back to "
                                                       f"{real}, already being read; not followed"))
                    continue
                walk(path, (*ancestors, real))
            elif is_file:
                if Path(e.name).stem.lower() not in _NOTES:
                    files.append(path)
            elif e.is_symlink():
                problems.append(Failure(str(path), _bad_link(path)))
            # sockets, FIFOs and devices are not articles: skipped like hidden files

    walk(folder, (os.path.realpath(folder),))
    return sorted(files), problems


def _bad_link(path: Path) -> str:
    """Why a symbolic link cannot be read: a loop, or a target that does not exist."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop (too many levels of symbolic links)"
        return f"broken symbolic link (it points to {os.readlink(path)!r}, which does not exist)"
    return "unreadable symbolic link"


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
