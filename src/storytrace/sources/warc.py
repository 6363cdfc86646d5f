"""WARC archives (.warc, .warc.gz): every HTML response record is a page.

Why only responses: a crawl also stores requests, metadata and revisits;
only a 2xx response with an HTML body is an article candidate. The WARC-Date
is when the page was captured, not when it was published, so it is passed on
as ``capture_date`` and never becomes the publication date.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from ..model import Failure, RawDocument
from .decode import DecodeError, charset_of, decode_bytes
from .options import SourceOptions

__all__ = ["records"]


def records(source: str, data: bytes, *, options: SourceOptions) -> Iterator[RawDocument | Failure]:
    """Yield one HTML document per response record; a broken archive is one failure.

    A ``.warc.gz`` cut short (an interrupted download or crawl) keeps every record whose gzip
    member is whole: they are read, and the break is reported as one failure after them.
    """
    from warcio.archiveiterator import ArchiveIterator  # here: `storytrace --help` stays light
    from warcio.exceptions import ArchiveLoadFailed

    broken = None
    if data[:2] == b"\x1f\x8b":
        data, broken = _whole_members(data, options.max_bytes)
        if not data:
            yield Failure(source, f"malformed WARC ({broken})")
            return
    problem = _malformed(data)
    if problem:
        yield Failure(source, f"malformed WARC ({problem})")
        return
    found = 0
    try:
        for rec in ArchiveIterator(io.BytesIO(data)):
            if rec.rec_type != "response":
                continue
            uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
            src = f"{source}#{uri}" if uri else f"{source}#{found + 1}"
            http = rec.http_headers
            ctype = (http.get_header("Content-Type") or "") if http else ""
            status = int(http.get_statuscode() or 0) if http else 0
            if "html" not in ctype.lower() or not 200 <= status < 300:
                continue
            found += 1
            body = rec.content_stream().read(options.max_bytes + 1)
            if len(body) > options.max_bytes:
                yield Failure(src, f"record larger than the size limit ({options.max_bytes:,} bytes)")
                continue
            if not body.strip():
                yield Failure(src, "empty response body")
                continue
            try:
                text, enc = decode_bytes(body, declared=charset_of(ctype))
            except DecodeError as exc:
                yield Failure(src, str(exc))
                continue
            meta = {"encoding": enc, "capture_date": rec.rec_headers.get_header("WARC-Date")}
            yield RawDocument(source=src, kind="html", content=text, url=uri or None, meta=meta)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
        yield Failure(source, f"malformed WARC ({_first_line(exc)})")
        return
    if broken:
        yield Failure(source, f"truncated WARC: {broken}; the {found} HTML records before it were read")
    elif found == 0:
        yield Failure(source, "WARC holds no HTML response records")


def _whole_members(data: bytes, limit: int) -> tuple[bytes, str | None]:
    """The decompressed bytes of the whole gzip members at the start of ``data``, and why
    the rest could not be read (``None`` when every member is whole).

    A WARC writer compresses each record as its own gzip member, so the members before a
    break are complete records. Input is fed in small pieces (what is left over after a
    member's end is copied, so whole-input feeding would cost quadratic time on an archive of
    many records), and decompression stops past ``limit`` bytes (no gzip bomb).
    """
    out: list[bytes] = []
    size, members, pos, n = 0, 0, 0, len(data)
    view = memoryview(data)
    while pos < n:
        while pos < n and data[pos] == 0:  # padding some writers leave after the last member
            pos += 1
        if pos >= n:
            break
        d = zlib.decompressobj(wbits=31)
        parts: list[bytes] = []
        while not d.eof:
            piece = view[pos:pos + _PIECE]
            if not piece:
                return b"".join(out), (f"the archive ends inside a gzip member, after {members} "
                                       f"whole records")
            try:
                got = d.decompress(piece)
            except zlib.error as exc:
                return b"".join(out), f"broken gzip data after {members} whole records ({exc})"
            parts.append(got)
            size += len(got)
            if size > limit:
                return b"".join(out), (f"larger than the size limit once decompressed "
                                       f"({limit:,} bytes; see --max-bytes)")
            pos += len(piece) - len(d.unused_data)
        out.extend(parts)
        members += 1
    return b"".join(out), None


_PIECE = 16_384


def _malformed(data: bytes) -> str | None:
    """Why ``data`` (decompressed) cannot be a WARC file, checked before warcio reads it."""
    head = data[:8]
    if not head.startswith(b"WARC/"):
        return "it does not start with a WARC/1.x record header"
    return None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
