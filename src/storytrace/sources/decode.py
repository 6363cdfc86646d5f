"""Bytes to text: refuse binary data, detect the charset, guess what kind of document it is.

Why: news files arrive in every encoding (cp1252 archives, latin-1 exports,
UTF-8 with a BOM). Decoding strictly as UTF-8 first and only then asking
charset-normalizer keeps the common case exact and the rare case readable;
anything that is still not text is reported, never stored as mojibake.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["DecodeError", "charset_of", "decode_bytes", "sniff_kind"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can detect; ``str(exc)`` is the reason."""


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`DecodeError` for binary or undecodable data.

    Order: a byte-order mark, strict UTF-8, the charset the document declares
    (HTTP header or ``<meta charset>``), then charset-normalizer's best guess.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace").lstrip("\ufeff"), enc
    if _looks_binary(data):
        raise DecodeError("binary file (not text)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in _declared(data, declared):
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            continue
    if _plausible_cp1252(data):
        return data.decode("cp1252"), "cp1252"
    best = _best_guess(data)
    if best is None:
        raise DecodeError("not text in any encoding that could be detected")
    try:
        return data.decode(best), best
    except (LookupError, UnicodeDecodeError) as exc:
        raise DecodeError(f"could not be decoded as {best}") from exc


#: What cp1252 text in a Western European language contains beyond ASCII.
_WESTERN = (set("£€©®°±«»½¼¾·•–—‘’“”‚„…™†‡‰‹›§¶¢¥¡¿ŒœÆæµ×\u00a0")
            | {chr(c) for c in range(0xC0, 0x100)}) - {"÷"}


def _plausible_cp1252(data: bytes) -> bool:
    """Mostly-ASCII text whose few other bytes read as Western letters and typography in cp1252.

    Why before charset-normalizer: on such text it often prefers cp1250,
    cp775 or cp850, which decode the same ASCII but turn ’ “ ” £ é into
    other letters. Text in Cyrillic or Greek code pages fails the 25 % rule
    (nearly every letter is non-ASCII); Central European text fails on the
    letters cp1252 lacks (ł, ś, ř read as ³, œ, ø would include ³).
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined
        return False
    other = [c for c in text if ord(c) > 127]
    if not other or any(c not in _WESTERN for c in other):
        return False
    letters = sum(c.isalpha() for c in text)
    return sum(c.isalpha() for c in other) <= 0.25 * max(1, letters)


def _best_guess(data: bytes) -> str | None:
    """charset-normalizer's pick, preferring cp1252 among equally plausible single-byte codes.

    Short Western text decodes cleanly as cp1257, cp1250 and cp1252 alike
    (same chaos and coherence scores); cp1252 is by far the most common
    legacy encoding of news text, so it wins a tie.
    """
    from charset_normalizer import from_bytes  # slow to import; only the rare case needs it

    results = list(from_bytes(data[:200_000]))
    if not results:
        return None
    best = results[0]
    for r in results:
        if (r.encoding == "cp1252" and r.chaos <= best.chaos + 0.05
                and r.coherence >= best.coherence - 0.05):
            return "cp1252"
    return best.encoding


def _declared(data: bytes, declared: str | None) -> list[str]:
    out = [declared] if declared else []
    m = _META_CHARSET.search(data[:4096])
    if m:
        out.append(m.group(1).decode("ascii", "replace"))
    # A page that says latin-1 almost always means cp1252 (the WHATWG rule).
    return ["cp1252" if e.lower() in ("iso-8859-1", "latin-1", "latin1", "us-ascii") else e
            for e in out]


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean it is not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 50)


def sniff_kind(text: str) -> str:
    """Guess ``html``, ``feed``, ``json``, ``xml`` (other XML) or ``text`` from a document's start."""
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith("<"):
        if re.search(r"<(rss|feed|rdf:rdf)[\s>]", head):
            return "feed"
        if re.search(r"<(!doctype html|html|head|body|article|div|p)[\s>]", head):
            return "html"
        if head.startswith("<?xml"):
            return "xml"
    if re.search(r"<(html|body)[\s>]", head):
        return "html"
    return "text"


def charset_of(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of an HTTP Content-Type header, if any."""
    for part in (content_type or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
