"""WARC / WARC.gz → one RawDocument per HTML or text response (FastWARC: measured ~N× warcio, see
bench/bench_sources.py).

A document's URL is WARC-Target-URI, its fetched_at WARC-Date, its charset the HTTP Content-Type's;
HTTP transfer and content encodings are undone (http_body.py). request, metadata, warcinfo, revisit
and conversion records, non-200 responses and non-HTML payloads are Skipped with their reason; a
truncated or corrupt record is a SourceFailure and the rest of the file is still read. Each
document's source is `<file>@<offset>` (the record's byte offset: `dd skip=` finds it).
"""
from __future__ import annotations

from typing import BinaryIO, Iterator

from ..errors import UnreadableInput
from ..pipeline import raw_from_bytes
from .base import Item, Skipped, SourceFailure
from .http_body import dechunk, decode_content

# Payload media types that are documents; anything else (images, PDFs, scripts) is skipped.
DOCUMENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def is_document_type(content_type: str | None) -> bool:
    return not content_type or content_type.split(";", 1)[0].strip().lower() in DOCUMENT_TYPES


class WarcFile:
    kind = "warc"

    def __init__(self, path: str, stream: BinaryIO, *, max_bytes: int):
        self.path, self.stream, self.max_bytes = path, stream, max_bytes

    def items(self) -> Iterator[Item]:
        from fastwarc.warc import ArchiveIterator

        records, offset = 0, 0
        with self.stream:
            try:
                # auto_decode off: the archived bytes as they are, so a short body shows truncation.
                for record in ArchiveIterator(self.stream, parse_http=True, auto_decode="none"):
                    records += 1
                    offset = record.stream_pos
                    yield self._item(record, f"{self.path}@{offset}")
            except (OSError, ValueError) as exc:
                yield SourceFailure(f"{self.path}@{offset}", "read", "corrupt_warc",
                                    f"{self.path}: unreadable WARC after offset {offset}: {exc}")
                return
        if records == 0:
            yield SourceFailure(self.path, "read", "corrupt_warc", f"{self.path}: no WARC record could be read")

    def _item(self, record, where: str) -> Item:
        from fastwarc.warc import WarcRecordType

        rtype = record.record_type
        if rtype == WarcRecordType.unknown or not record.headers:
            return SourceFailure(where, "read", "corrupt_record", f"{where}: truncated or corrupt WARC record")
        url = record.headers.get("WARC-Target-URI")
        if rtype not in (WarcRecordType.response, WarcRecordType.resource):
            return Skipped(where, f"warc_{str(rtype).rsplit('.', 1)[-1]}")
        if rtype == WarcRecordType.response:
            http = record.http_headers
            if http is None:
                return Skipped(where, "warc_not_http")
            if http.status_code != 200:
                return Skipped(where, f"http_status_{http.status_code}")
            content_type = record.http_content_type
        else:
            content_type = record.headers.get("Content-Type")
        if not is_document_type(content_type):
            return Skipped(where, "not_html")
        length = record.content_length
        if length > self.max_bytes:
            return SourceFailure(where, "read", "too_large", f"{where}: record payload of {length} bytes "
                                 f"(limit {self.max_bytes})", url=url)
        body = record.reader.read()
        if len(body) < length:
            return SourceFailure(where, "read", "truncated_record",
                                 f"{where}: truncated record ({len(body)} of {length} payload bytes)", url=url)
        try:
            body = self._decoded(record, body, where) if rtype == WarcRecordType.response else body
        except UnreadableInput as exc:
            return SourceFailure(where, "read", "bad_http_encoding", str(exc), url=url)
        return raw_from_bytes(body, where, media_type=(content_type or "").split(";", 1)[0].strip() or None,
                              fetched_at=record.headers.get("WARC-Date"), url=url,
                              charset=record.http_charset if rtype == WarcRecordType.response else None,
                              origin=where, kind="warc")

    def _decoded(self, record, body: bytes, where: str) -> bytes:
        http = record.http_headers
        if "chunked" in (http.get("Transfer-Encoding") or "").lower():
            body = dechunk(body, where)
        if encoding := http.get("Content-Encoding"):
            body = decode_content(body, encoding, where, self.max_bytes)
        return body
