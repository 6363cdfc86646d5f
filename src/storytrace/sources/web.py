"""http(s) URLs of pages and feeds, fetched once and kept in the store's page cache.

Why the cache: a fact-check must be reproducible. The bytes fetched are
stored with the article's store, so a rerun (or ``--no-fetch``) reads the
same page even if the site has changed or gone; only URLs never seen before
touch the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Failure, RawDocument
from .decode import charset_of
from .options import SourceOptions

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["fetch_documents", "is_url"]


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def fetch_documents(url: str, *, options: SourceOptions, store: Store | None = None,
                    source: str | None = None) -> Iterator[RawDocument | Failure]:
    """Yield the documents at ``url`` (a page, or each entry of a feed)."""
    from .dispatch import documents_from_bytes

    src = source or url
    cached = store.get_page(url) if store is not None else None
    if cached is not None:
        body, ctype, final = bytes(cached["body"]), cached["content_type"], cached["final_url"]
    elif not options.fetch:
        yield Failure(src, "not in the page cache and fetching is off (--no-fetch)")
        return
    else:
        got = _fetch(url, options)
        if isinstance(got, str):
            yield Failure(src, got)
            return
        body, ctype, final, status = got
        if store is not None:
            store.put_page(url, body, final_url=final, status=status, content_type=ctype)
    yield from documents_from_bytes(src, body, kind=_kind(ctype), url=url,
                                    declared_charset=charset_of(ctype),
                                    meta={"final_url": final} if final and final != url else {},
                                    options=options, store=store)


def _fetch(url: str, options: SourceOptions) -> tuple[bytes, str | None, str, int] | str:
    """``(body, content_type, final_url, status)`` or the reason it failed."""
    import httpx  # here, not at import: `storytrace --help` must not pay for it

    headers = {"User-Agent": options.user_agent, "Accept": "text/html,application/xhtml+xml,"
               "application/rss+xml,application/atom+xml,application/json;q=0.9,*/*;q=0.5"}
    try:
        with httpx.Client(timeout=options.timeout, follow_redirects=True, headers=headers,
                          transport=options.transport) as client, \
                client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                return f"HTTP {resp.status_code} {resp.reason_phrase}".strip()
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > options.max_bytes:
                return f"larger than the size limit ({int(declared):,} > {options.max_bytes:,} bytes)"
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    return f"larger than the size limit (over {options.max_bytes:,} bytes)"
                chunks.append(chunk)
            return b"".join(chunks), resp.headers.get("content-type"), str(resp.url), resp.status_code
    except httpx.TimeoutException:
        return f"timed out after {options.timeout:g} s"
    except httpx.ConnectError as exc:
        return f"unreachable ({exc or 'connection failed'})"
    except httpx.HTTPError as exc:
        return f"fetch failed ({type(exc).__name__}: {exc})"


def _kind(ctype: str | None) -> str:
    c = (ctype or "").lower()
    if "rss" in c or "atom" in c:
        return "feed"
    if "json" in c:
        return "json"
    if "text/plain" in c:
        return "text"
    return "auto"

