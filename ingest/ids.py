"""The one place that defines identity: every id is a content hash, so re-runs are idempotent."""
from __future__ import annotations

import hashlib


def _digest(*parts: str | bytes, size: int = 16) -> str:
    h = hashlib.blake2b(digest_size=size)
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def raw_id(content: bytes) -> str:
    """Id of a raw document: the hash of its exact bytes (same bytes, same id, wherever they came from)."""
    return hashlib.sha256(content).hexdigest()


def text_hash(text: str) -> str:
    """Hash of clean text, for exact-duplicate detection."""
    return _digest(text)


def article_id(raw: str, index: int) -> str:
    """Id of the index-th article of a raw document (a listing yields several)."""
    return _digest(raw, str(index))


def source_failure_id(source_uri: str) -> str:
    """Id of the failure row of a source that yielded no bytes (a refused file, a failed fetch, a
    truncated WARC record): named after the source, in the raw-id shape, never equal to a content hash."""
    return hashlib.sha256(b"ingest-source-failure\x1f" + source_uri.encode("utf-8", "surrogateescape")).hexdigest()
