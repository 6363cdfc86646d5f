"""WARC archives (.warc, .warc.gz): every HTML response record is a page.

Why only responses: a crawl also stores requests, metadata and revisits;
only a 2xx response with an HTML body is an article candidate. The WARC-Date
is when the page was captured, not when it was published, so it is passed on
as ``capture_date`` and never becomes the publication date.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..model import Failure, RawDocument
from .decode import DecodeError, charset_of, decode_bytes
from .options import SourceOptions

__all__ = ["records"]


def records(source: str, data: bytes, *, options: SourceOptions) -> Iterator[RawDocument | Failure]:
    """Yield one HTML document per response record; a broken archive is one failure."""
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
    if found == 0:
        yield Failure(source, "WARC holds no HTML response records")



def _malformed(data: bytes) -> str | None:
    """Why ``data`` cannot be a (complete) WARC file, checked before warcio reads it."""
    if data[:2] == b"\x1f\x8b":
        try:
            head = gzip.decompress(data)[:8]
        except (EOFError, OSError, zlib.error) as exc:
            return f"broken or truncated gzip: {exc}"
    else:
        head = data[:8]
    if not head.startswith(b"WARC/"):
        return "it does not start with a WARC/1.x record header"
    return None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
