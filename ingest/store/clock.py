"""One timestamp format for the store: UTC ISO 8601 with microseconds, so text order is time order."""
from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def normalize_since(value: str) -> str:
    """An ISO date or datetime (naive = UTC) in the store's format, for `--since` comparisons."""
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat(timespec="microseconds")
