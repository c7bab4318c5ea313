"""Bytes → text, and HTML-or-text sniffing. Refuses what is not text, with the reason."""
from __future__ import annotations

import codecs
import re

from .errors import UnreadableInput

_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title>|div[\s>]|p>|article[\s>])",
                         re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def looks_like_html(content: bytes, hint: str | None = None) -> bool:
    """HTML by content (markup in the first KB); the file extension or media type is only a tie-breaker."""
    head = content[:4096]
    if _HTML_SNIFF.search(head):
        return True
    if hint and ("html" in hint.lower()) and head.lstrip()[:1] == b"<":
        return True
    return False


def check_size(content: bytes, source: str, max_bytes: int) -> None:
    if not content.strip():
        raise UnreadableInput(source, "empty document")
    if len(content) > max_bytes:
        raise UnreadableInput(source, f"too large: {len(content)} bytes (limit {max_bytes})")


def decode_text(content: bytes, source: str) -> str:
    """Decode a text dump: BOM, then strict UTF-8, then a detector; binary data is refused."""
    for bom, enc in _BOMS:
        if content.startswith(bom):
            return content.decode(enc, errors="replace")
    if _is_binary(content):
        raise UnreadableInput(source, "binary data, not text")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content[:200_000]).best()
    if best is None or best.encoding is None:
        raise UnreadableInput(source, "undecodable: no text encoding fits these bytes")
    return content.decode(best.encoding, errors="replace")


def _is_binary(content: bytes) -> bool:
    sample = content[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > 0.05 * len(sample)
