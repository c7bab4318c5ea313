"""Landing: every input goes into the raw zone unchanged, under the hash of its bytes, and is read
back from there verified (ingest/raw_zone.py: where and how the bytes are kept).

Landing the same bytes twice is a no-op; a file appears at its final name only complete, so a killed
process never leaves a truncated document behind (its temp file is swept by the next run).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator, Sequence, Union

from .raw_zone import RawZone, ZoneItem, ZoneRefused, open_zone, relative_path
from .records import RawDocument

__all__ = ["LandedDocument", "land", "land_many", "read_landed", "read_landed_many", "relative_path"]


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


Zone = Union[RawZone, str, os.PathLike]


def _landed(raw: RawDocument, rel: str) -> LandedDocument:
    landed_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")  # the store's format
    return LandedDocument(raw.raw_id, raw.source_uri, raw.media_type, len(raw.content), rel, raw.fetched_at,
                          landed_at, raw.url, raw.charset)


def land(raw: RawDocument, zone: Zone) -> LandedDocument:
    """Write raw.content under its hash unless it is already there."""
    return _landed(raw, open_zone(zone).put_if_absent(raw.raw_id, raw.content))


def land_many(raws: Sequence[RawDocument], zone: Zone) -> list[LandedDocument]:
    """land() for a batch (an object store writes them concurrently)."""
    rels = open_zone(zone).put_many([(r.raw_id, r.content) for r in raws])
    return [_landed(raw, rel) for raw, rel in zip(raws, rels)]


def _item(doc: LandedDocument) -> ZoneItem:
    return ZoneItem(doc.raw_id, doc.path, doc.size)


def _raw(doc: LandedDocument, content: bytes) -> RawDocument:
    return RawDocument(doc.raw_id, doc.source_uri, content, doc.media_type, doc.fetched_at, doc.url, doc.charset)


def read_landed(zone: Zone, doc: LandedDocument) -> RawDocument:
    """The RawDocument for a landed document, from the raw zone (no re-fetch), verified against its id.
    Raises ZoneRefused (raw_corrupt, path_outside_zone, not_a_regular_file) or OSError (missing)."""
    return _raw(doc, open_zone(zone).read(_item(doc)))


def read_landed_many(zone: Zone, docs: Sequence[LandedDocument]) -> Iterator[RawDocument | ZoneRefused | OSError]:
    """read_landed for a batch, in order; each document's error is yielded in its place, not raised."""
    for doc, got in zip(docs, open_zone(zone).read_many([_item(d) for d in docs])):
        yield got if isinstance(got, BaseException) else _raw(doc, got)
