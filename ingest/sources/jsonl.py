"""JSONL exports (plain, .gz, .zst) → one RawDocument per line.

A line is `{"url", "html" | "text", "fetched_at"?, "id"?}` (names configurable: JsonlFields). The
document's bytes are the UTF-8 of the html/text value, so `\\n` inside JSON becomes a real line break.
A bad line (not JSON, not an object, no html/text, a bad fetched_at, too long) is a SourceFailure
naming the file and line number; the other lines still land.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import BinaryIO, Iterator

from ..pipeline import raw_from_bytes
from .base import Item, SourceFailure
from .options import JsonlFields

READ_CHUNK = 1 << 20


class JsonlFile:
    kind = "jsonl"

    def __init__(self, path: str, stream: BinaryIO, *, fields: JsonlFields, max_bytes: int):
        self.path, self.stream, self.fields, self.max_bytes = path, stream, fields, max_bytes
        # A line holds one document plus JSON escaping (\\n, \\uXXXX): up to ~6 bytes per byte of text.
        self.max_line = 6 * max_bytes

    def items(self) -> Iterator[Item]:
        with self.stream:
            for number, line in self._lines():
                if line is None:
                    yield self._failure(number, "too_large", f"line longer than {self.max_line} bytes")
                elif line.strip():
                    yield self._item(number, line)

    def _lines(self) -> Iterator[tuple[int, bytes | None]]:
        """Numbered lines, never more than max_line bytes in memory (an over-long line is None)."""
        number = 0
        while True:
            line = self.stream.readline(self.max_line + 1)
            if not line:
                return
            number += 1
            if len(line) > self.max_line and not line.endswith(b"\n"):
                while (rest := self.stream.readline(READ_CHUNK)) and not rest.endswith(b"\n"):
                    pass
                yield number, None
                continue
            yield number, line

    def _failure(self, number: int, reason: str, message: str) -> SourceFailure:
        where = f"{self.path}:{number}"
        return SourceFailure(where, "read", reason, f"{where}: {message}")

    def _item(self, number: int, line: bytes) -> Item:
        f = self.fields
        try:
            obj = json.loads(line)
        except ValueError as exc:
            return self._failure(number, "bad_json", f"not JSON ({exc})")
        if not isinstance(obj, dict):
            return self._failure(number, "bad_json", f"a JSON {type(obj).__name__}, not an object")
        html, text = obj.get(f.html), obj.get(f.text)
        body = html if isinstance(html, str) and html.strip() else text if isinstance(text, str) else None
        if body is None:
            return self._failure(number, "missing_field", f"no {f.html!r} or {f.text!r} string")
        fetched_at = obj.get(f.fetched_at)
        if fetched_at is not None:
            try:
                datetime.fromisoformat(str(fetched_at).replace("Z", "+00:00"))
            except ValueError:
                return self._failure(number, "bad_fetched_at", f"{f.fetched_at} {fetched_at!r} is not ISO 8601")
            fetched_at = str(fetched_at)
        url = obj.get(f.url) if isinstance(obj.get(f.url), str) else None
        ident = obj.get(f.id)
        where = f"{self.path}#{ident}" if isinstance(ident, (str, int)) and str(ident) else f"{self.path}:{number}"
        content = body.encode("utf-8", errors="surrogatepass")
        return raw_from_bytes(content, where, media_type="text/html" if body is html else "text/plain",
                              fetched_at=fetched_at, url=url, charset="utf-8", origin=f"{self.path}:{number}",
                              kind="jsonl")
