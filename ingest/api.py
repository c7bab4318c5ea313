"""The one-call Python API: a page or a text dump in memory → the same record `ingest clean --json`
prints for the same bytes in a file. Nothing is stored; nothing raises for a bad document (a
FailedDocument says why)."""
from __future__ import annotations

from .pipeline import process_raw, raw_from_bytes
from .records import Outcome
from .settings import Settings


def _as_bytes(content: str | bytes) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    raise TypeError(f"expected str or bytes, got {type(content).__name__}")


def clean_html(html: str | bytes, url: str | None = None, *, fetched_at: str | None = None,
               settings: Settings | None = None) -> Outcome:
    """Clean one HTML page. `url` names the document (its source, as a path does on the command
    line); `fetched_at` (ISO) resolves relative dates. Returns CleanDocument or FailedDocument."""
    settings = settings or Settings(fetched_at=fetched_at)
    raw = raw_from_bytes(_as_bytes(html), url or "<html>", media_type="text/html", fetched_at=fetched_at)
    return process_raw(raw, settings)


def clean_text(text: str | bytes, source: str | None = None, *, fetched_at: str | None = None,
               settings: Settings | None = None) -> Outcome:
    """Clean one plain-text dump of a page (what a scraper's 'copy text' gives). Returns
    CleanDocument or FailedDocument."""
    settings = settings or Settings(fetched_at=fetched_at)
    raw = raw_from_bytes(_as_bytes(text), source or "<text>", media_type="text/plain", fetched_at=fetched_at)
    return process_raw(raw, settings)
