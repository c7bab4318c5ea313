"""One file (plain, gzip'd or zstd'd) or standard input → one RawDocument."""
from __future__ import annotations

import sys
from typing import BinaryIO, Iterator

from ..pipeline import raw_from_bytes
from .base import Item, SourceFailure
from .files import ReadRefused, media_type
from .sniff import compression, open_decompressed


def read_capped(stream: BinaryIO, limit: int) -> bytes | None:
    """Up to `limit` bytes of the stream; None when there is more (the rest is never read)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


class DocumentFile:
    """A single document: `page.html`, `notes.txt`, `page.html.gz`, an extensionless page."""

    kind = "file"

    def __init__(self, path: str, stream: BinaryIO, head: bytes, *, max_bytes: int, fetched_at: str | None = None):
        self.path, self.stream, self.head, self.max_bytes, self.fetched_at = path, stream, head, max_bytes, fetched_at

    def items(self) -> Iterator[Item]:
        try:
            with self.stream:
                compressed = compression(self.head) is not None
                content = read_capped(open_decompressed(self.stream, self.head), self.max_bytes)
        except (OSError, EOFError, ValueError) as exc:  # a corrupt gzip/zstd stream, a read error
            yield SourceFailure(self.path, "read", "corrupt_compression" if compressed else "unreadable",
                                f"{self.path}: cannot read: {exc}")
            return
        if content is None:
            what = "decompressed size" if compressed else "size"
            yield ReadRefused(self.path, "too_large", f"too large: {what} over {self.max_bytes} bytes").failure()
            return
        yield raw_from_bytes(content, self.path, media_type=media_type(self.path), fetched_at=self.fetched_at)


class StdinDocument:
    """`-`: one document from standard input (bytes, unchanged)."""

    kind = "stdin"

    def __init__(self, *, max_bytes: int, fetched_at: str | None = None, stream: BinaryIO | None = None):
        self.max_bytes, self.fetched_at, self.stream = max_bytes, fetched_at, stream

    def items(self) -> Iterator[Item]:
        stream = self.stream or sys.stdin.buffer
        content = read_capped(stream, self.max_bytes)
        if content is None:
            yield ReadRefused("-", "too_large", f"too large: over {self.max_bytes} bytes").failure()
            return
        yield raw_from_bytes(content, "-", fetched_at=self.fetched_at, kind="stdin")
