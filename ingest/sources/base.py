"""The one interface every source shares: a stream of items, each a document, a failure or a skip.

A source never raises for one bad input: what cannot be read becomes a SourceFailure naming it (a
failure row, stage `read` or `fetch`), and what is left out on purpose (a WARC request record, a
non-HTML payload) is a Skipped with its reason, counted apart from failures. Only a source that does
not exist at all (a typo on the command line) is a ConfigError, before any work.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Protocol, Union

from ..records import RawDocument


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """An input, or one record of it, that yielded no bytes to keep."""

    source_uri: str
    stage: str  # "read" (files, archives) | "fetch" (URLs)
    reason: str  # stable snake_case code: not_a_regular_file, too_large, http_404, truncated_record, bad_json…
    message: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record left out by design, with the reason (counted in the run summary, never a failure)."""

    source_uri: str
    reason: str  # warc_request, warc_revisit, http_status_404, not_html, unsupported_type, robots…


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A conditional re-fetch the server answered 304 Not Modified: the stored bytes stand."""

    source_uri: str
    raw_id: str


Item = Union[RawDocument, SourceFailure, Skipped, Unchanged]


class Source(Protocol):
    """One input (a file, a WARC, a JSONL export, a URL list, a feed…) as a lazy stream of items:
    bodies are read one at a time, so a 100k-record WARC is never held in memory."""

    kind: str

    def items(self) -> Iterator[Item]: ...
