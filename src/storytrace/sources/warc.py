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
    break are complete records. Decompression stops past ``limit`` bytes (no gzip bomb).
    """
    out: list[bytes] = []
    size, members, rest = 0, 0, data
    while rest.strip(b"\x00"):
        d = zlib.decompressobj(wbits=31)
        try:
            chunk = d.decompress(rest, max(1, limit + 1 - size))
        except zlib.error as exc:
            return b"".join(out), f"broken gzip data after {members} whole records ({exc})"
        if d.unconsumed_tail or size + len(chunk) > limit:
            return b"".join(out), (f"larger than the size limit once decompressed "
                                   f"({limit:,} bytes; see --max-bytes)")
        if not d.eof:
            return b"".join(out), (f"the archive ends inside a gzip member, after {members} "
                                   f"whole records")
        out.append(chunk)
        size += len(chunk)
        members += 1
        rest = d.unused_data
    return b"".join(out), None



def _malformed(data: bytes) -> str | None:
    """Why ``data`` (decompressed) cannot be a WARC file, checked before warcio reads it."""
    head = data[:8]
    if not head.startswith(b"WARC/"):
        return "it does not start with a WARC/1.x record header"
    return None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
