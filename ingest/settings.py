"""One Settings object, built once at the edge (CLI, flow, tests) and passed down.

Defaults sit next to the reason for them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .errors import ConfigError

# A 9 KB page is typical; 20 MB is far past any article page and guards memory on a batch.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Documents per batch (one flow task, one store transaction). Measured on a loaded 2-core box: ~35 ms of
# Prefect overhead per task run and ~3-4 ms of cleaning per document, so 500 keeps orchestration near 3%
# of the work, while memory stays flat (a batch holds 500 outcomes at most).
DEFAULT_BATCH_SIZE = 500


def _env_path(name: str, default: str) -> Path:
    return Path(os.environ.get(name, default))


@dataclass(frozen=True)
class Settings:
    """Everything that changes behaviour, in one place."""

    fetched_at: str | None = None  # ISO; resolves relative dates ("1 hour ago") and missing years
    max_bytes: int = DEFAULT_MAX_BYTES
    store_url: str = field(default_factory=lambda: os.environ.get("INGEST_STORE_URL", "sqlite:///clean/ingest.db"))
    raw_zone: Path = field(default_factory=lambda: _env_path("INGEST_RAW_ZONE", "raw/landing"))
    batch_size: int = DEFAULT_BATCH_SIZE
    detect_language: bool = True
    split_listings: bool = True

    def __post_init__(self) -> None:
        if self.fetched_at is not None:
            try:
                datetime.fromisoformat(self.fetched_at.replace("Z", "+00:00"))
            except ValueError:
                raise ConfigError("fetched_at", f"not an ISO 8601 date or datetime: {self.fetched_at!r}") from None
        if self.max_bytes <= 0:
            raise ConfigError("max_bytes", "must be positive")
        if self.batch_size <= 0:
            raise ConfigError("batch_size", "must be positive")

    @property
    def fetched_datetime(self) -> datetime | None:
        if self.fetched_at is None:
            return None
        return datetime.fromisoformat(self.fetched_at.replace("Z", "+00:00"))

    def with_(self, **changes) -> "Settings":
        """A copy with some settings changed (Settings are immutable)."""
        return replace(self, **changes)
