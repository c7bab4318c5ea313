"""Undo HTTP transfer and content encodings of an archived response body (chunked; gzip, deflate, br).

Done here rather than by the WARC reader so the reader hands over the exact archived bytes, which
is what tells a truncated record from a complete one."""
from __future__ import annotations

import zlib

from ..errors import UnreadableInput


def dechunk(body: bytes, source: str) -> bytes:
    """The payload of a `Transfer-Encoding: chunked` body (trailers dropped)."""
    out, pos = bytearray(), 0
    while True:
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            raise UnreadableInput(source, "chunked body ends inside a chunk header", stage="read")
        size_field = body[pos:eol].split(b";", 1)[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError:
            raise UnreadableInput(source, f"bad chunk size {size_field[:20]!r}", stage="read") from None
        if size == 0:
            return bytes(out)
        start = eol + 2
        if start + size > len(body):
            raise UnreadableInput(source, "chunked body truncated", stage="read")
        out += body[start:start + size]
        pos = start + size + 2


def decode_content(body: bytes, encoding: str, source: str, max_bytes: int) -> bytes:
    """Undo a Content-Encoding (gzip, x-gzip, deflate, br; several comma-separated are undone last
    first). Output is capped at max_bytes + 1 so a decompression bomb costs no more than that."""
    for coding in reversed([c.strip().lower() for c in encoding.split(",") if c.strip()]):
        if coding in ("identity", ""):
            continue
        try:
            if coding in ("gzip", "x-gzip"):
                body = _inflate(body, zlib.MAX_WBITS | 16, max_bytes)
            elif coding == "deflate":
                try:
                    body = _inflate(body, zlib.MAX_WBITS, max_bytes)
                except zlib.error:  # raw deflate, as some servers send it
                    body = _inflate(body, -zlib.MAX_WBITS, max_bytes)
            elif coding == "br":
                import brotli

                body = brotli.decompress(body)
            else:
                raise UnreadableInput(source, f"unsupported Content-Encoding {coding!r}", stage="read")
        except (zlib.error, OSError) as exc:
            raise UnreadableInput(source, f"cannot undo Content-Encoding {coding}: {exc}", stage="read") from None
        except Exception as exc:  # brotli.error has no stable base class
            if isinstance(exc, UnreadableInput):
                raise
            raise UnreadableInput(source, f"cannot undo Content-Encoding {coding}: {exc}", stage="read") from None
    return body


def _inflate(data: bytes, wbits: int, max_bytes: int) -> bytes:
    d = zlib.decompressobj(wbits)
    return d.decompress(data, max_bytes + 1)
