"""The raw zone: every input lands unchanged under the hash of its bytes, and is never overwritten.

Layout: <zone>/<h[0:2]>/<h> with h = ids.raw_id(bytes) (git's fan-out for loose objects). Landing the same bytes twice is a
no-op; a file appears at its final name only complete (written aside, then hard-linked), so a killed
process never leaves a truncated document behind.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .records import RawDocument


@dataclass(frozen=True, slots=True)
class LandedDocument:
    """Where one raw document sits in the raw zone, and what we know about where it came from."""

    raw_id: str
    source_uri: str
    media_type: str | None
    size: int
    path: str  # relative to the raw zone, so the zone can be moved or mounted elsewhere
    fetched_at: str | None
    landed_at: str
    url: str | None = None
    charset: str | None = None  # the transport's charset hint, kept so a re-run decodes the same way


def relative_path(raw_id: str) -> str:
    """256 directories, as git fans out its objects: a new zone has them all after a few thousand
    documents (two levels, 65,536 directories, made landing spend most of its time creating directories
    for the first million), and ext4's hashed directories stay fast at 40k entries each (10M documents)."""
    return f"{raw_id[:2]}/{raw_id}"


def land(raw: RawDocument, zone: Path) -> LandedDocument:
    """Write raw.content under its hash unless it is already there."""
    rel = relative_path(raw.raw_id)
    dest = Path(zone) / rel
    if not dest.exists():
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            _write_aside(tmp, raw.content)
        except OSError as exc:  # disk full, read-only zone: leave no partial file behind, say where
            tmp.unlink(missing_ok=True)
            exc.filename = exc.filename or str(dest)
            raise
        try:
            os.link(tmp, dest)  # atomic, and fails instead of overwriting
        except FileExistsError:
            pass  # another process landed the same bytes first: same content by construction
        except OSError:  # file systems without hard links
            if not dest.exists():
                os.replace(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)
    landed_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")  # the store's format
    return LandedDocument(raw.raw_id, raw.source_uri, raw.media_type, len(raw.content), rel, raw.fetched_at,
                          landed_at, raw.url, raw.charset)


def _write_aside(tmp: Path, content: bytes) -> None:
    try:
        tmp.write_bytes(content)
    except FileNotFoundError:  # first document under this prefix
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(content)


def read_landed(zone: Path, doc: LandedDocument) -> RawDocument:
    """The RawDocument for a landed document, from the raw zone (no re-fetch)."""
    content = (Path(zone) / doc.path).read_bytes()
    return RawDocument(doc.raw_id, doc.source_uri, content, doc.media_type, doc.fetched_at, doc.url, doc.charset)
