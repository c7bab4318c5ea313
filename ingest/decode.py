"""Bytes → text, and HTML-or-text sniffing. Refuses what is not text, with the reason."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .errors import UnreadableInput
from .records import Note

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


def _decode_plain(content: bytes, source: str, binary_reason: str) -> str | None:
    """The unambiguous cases: a byte-order mark, or valid UTF-8 (None: a charset must be chosen)."""
    for bom, enc in _BOMS:
        if content.startswith(bom):
            return content.decode(enc, errors="replace")
    if _is_binary(content):
        raise UnreadableInput(source, binary_reason)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_declared(content: bytes, charset: str | None) -> str | None:
    """The bytes decoded with the charset the transport declared (HTTP Content-Type), if it fits."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
        return content.decode("cp1252" if charset.lower() in _AS_CP1252 or name in _AS_CP1252 else name)
    except (LookupError, UnicodeDecodeError):
        return None


def decode_text(content: bytes, source: str, *, charset: str | None = None) -> str:
    """Decode a text dump: BOM, then strict UTF-8, then the transport's charset, then a detector;
    binary data is refused."""
    text = _decode_plain(content, source, "binary data, not text")
    if text is not None:
        return text
    if (text := _decode_declared(content, charset)) is not None:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(content[:200_000]).best()
    if best is None or best.encoding is None:
        raise UnreadableInput(source, "undecodable: no text encoding fits these bytes")
    return content.decode(best.encoding, errors="replace")


def _is_binary(content: bytes) -> bool:
    sample = content[:8192]
    if b"\x00" in sample:
        return True
    control = len(sample.translate(None, _NOT_CONTROL))  # what is left are control bytes (C speed)
    return control > 0.05 * len(sample)


# Bytes that are not suspicious in text: everything printable or high, and tab, LF, FF, CR, ESC.
_NOT_CONTROL = bytes(range(32, 256)) + b"\t\n\x0c\r\x1b"


# -- HTML ------------------------------------------------------------------------------------------
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*(?P<cs>[\w.:\-]+)|<\?xml[^>]+encoding\s*=\s*["'](?P<xml>[\w.:\-]+)""",
    re.IGNORECASE,
)
# WHATWG: browsers decode these labels as windows-1252, a superset that maps 0x80-0x9F to real characters.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252"}


def declared_charset(content: bytes) -> str | None:
    """The charset a page declares in a <meta> tag or an XML declaration (first 4 KB), normalised."""
    m = _META_CHARSET.search(content[:4096])
    if not m:
        return None
    label = (m.group("cs") or m.group("xml")).decode("ascii", "ignore").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if label in _AS_CP1252 or name in _AS_CP1252 else name


# A page that declares UTF-8 and is UTF-8 but for a few invalid byte sequences (a truncated character
# at a cut, one pasted Latin-1 byte) is UTF-8: a detector handed those bytes picks a single-byte code
# page for the whole page and every accented letter becomes mojibake ftfy cannot repair. Beyond this
# many bad sequences the declaration is doubted and the detector decides.
MAX_BAD_UTF8_SEQUENCES = 3
_REPLACEMENT = "\ufffd"


@dataclass(frozen=True, slots=True)
class Decoded:
    """An HTML page's text and the decoding decisions worth recording (see records.Note)."""

    text: str
    notes: tuple[Note, ...] = ()


def decode_html(content: bytes, source: str, *, charset: str | None = None) -> str:
    """The text of decode_html_noted (the decisions dropped)."""
    return decode_html_noted(content, source, charset=charset).text


def decode_html_noted(content: bytes, source: str, *, charset: str | None = None) -> Decoded:
    """Decode an HTML page: BOM, then UTF-8 when the bytes are valid UTF-8 (whatever the page declares:
    many pages declare ISO-8859-1 and are UTF-8, and valid multi-byte UTF-8 is almost never an accident),
    then the charset of the HTTP header (`charset`: it overrides <meta>, as in browsers), then the
    declared charset, then UTF-8 with replacement when UTF-8 is declared and only a few sequences are
    invalid (recorded as a Note), then a detector. Mojibake left in the text is ftfy's job later
    (normalize.repair). Binary data and bytes no encoding fits raise UnreadableInput."""
    text = _decode_plain(content, source, "binary data, not an HTML page")
    if text is not None:
        return Decoded(text)
    if (text := _decode_declared(content, charset)) is not None:
        return Decoded(text)
    declared = declared_charset(content)
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return Decoded(content.decode(declared))
        except (UnicodeDecodeError, LookupError):
            pass
    if declared == "utf-8" or _is_utf8_label(charset):
        text = content.decode("utf-8", errors="replace")
        bad = text.count(_REPLACEMENT) - content.count(b"\xef\xbf\xbd")  # U+FFFD already in the page: not bad
        if bad <= MAX_BAD_UTF8_SEQUENCES:
            first = _first_bad_offset(content)
            return Decoded(text, (Note("decode", "utf8_with_bad_bytes",
                                       f"declared UTF-8 and valid UTF-8 but for {bad} invalid byte sequence(s) "
                                       f"(first at byte {first}): decoded as UTF-8, each replaced by U+FFFD"),))
    return Decoded(_detect(content, source, declared))


def _is_utf8_label(charset: str | None) -> bool:
    try:
        return bool(charset) and codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def _first_bad_offset(content: bytes) -> int:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _detect(content: bytes, source: str, declared: str | None) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(content[:200_000]).best()
    if best is not None and best.encoding:
        return content.decode(best.encoding, errors="replace")
    if declared == "utf-8":  # declared UTF-8 with many bad bytes and no better guess: keep the page, mark the damage
        return content.decode("utf-8", errors="replace")
    raise UnreadableInput(source, f"undecodable HTML: neither UTF-8, the declared charset ({declared}) "
                                  "nor a detected one fits these bytes")
