"""What a file is, by its first bytes (the extension only breaks ties): the source kind that reads it.

Compressed files (gzip, zstd) are sniffed by what they decompress to, so `crawl.warc.gz`,
`pages.jsonl.zst`, `page.html.gz` and an extensionless WARC all find their reader."""
from __future__ import annotations

import gzip
import io
import re
from typing import BinaryIO, Literal

Kind = Literal["warc", "jsonl", "feed", "sitemap", "urls", "document"]

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
HEAD_BYTES = 8192  # enough for a WARC header, an XML root element or several JSONL/URL lines

_URL_LINE = re.compile(rb"^https?://[^\s]+$", re.IGNORECASE)
_XML_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|rdf|urlset|sitemapindex)[\s>]", re.IGNORECASE)


def compression(head: bytes) -> str | None:
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    return None


def open_decompressed(raw: BinaryIO, head: bytes) -> BinaryIO:
    """A binary stream of the decompressed content (the stream itself when not compressed)."""
    kind = compression(head)
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if kind == "zstd":
        import zstandard

        # buffered: the zstd reader has no readline (JSONL and URL lists read lines)
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw))  # type: ignore[arg-type]
    return raw


def decompressed_head(raw_head: bytes) -> bytes:
    """The first bytes of the content (a truncated compressed head decompresses as far as it goes)."""
    kind = compression(raw_head)
    if kind is None:
        return raw_head
    stream = open_decompressed(io.BytesIO(raw_head), raw_head)
    out = b""
    try:
        while len(out) < HEAD_BYTES and (chunk := stream.read(HEAD_BYTES - len(out))):
            out += chunk
    except (EOFError, OSError, Exception):  # noqa: BLE001 - a cut-off head: what we have is enough
        pass
    return out


def kind_of(head: bytes) -> Kind:
    """The source kind of decompressed content, from its first bytes."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped.startswith(b"{") and _first_line_is_json(stripped):
        return "jsonl"
    if stripped.startswith(b"<"):
        m = _XML_ROOT.search(stripped[:4096])
        if m and not re.search(rb"<html[\s>]", stripped[:m.start()], re.IGNORECASE):
            return "sitemap" if m.group(1).lower() in (b"urlset", b"sitemapindex") else "feed"
        return "document"
    lines = [ln.strip() for ln in stripped.splitlines()[:50]]
    if len(head) < HEAD_BYTES:  # the whole file is in the head: the last line is complete
        candidates = [ln for ln in lines if ln and not ln.startswith(b"#")]
    else:
        candidates = [ln for ln in lines[:-1] if ln and not ln.startswith(b"#")]
    if candidates and all(_URL_LINE.match(ln) for ln in candidates):
        return "urls"
    return "document"


def _first_line_is_json(stripped: bytes) -> bool:
    import json

    line = stripped.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        # A first line longer than the head: a JSON object that starts like one is JSONL all the same.
        return b"\n" not in stripped and stripped[:2] in (b'{"', b"{ ")
