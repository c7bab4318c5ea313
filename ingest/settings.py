"""One Settings object, built once at the edge (CLI, flow, tests) and passed down.

Defaults sit next to the reason for them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .errors import ConfigError
from .sources.options import SourceOptions

# A 9 KB page is typical; 20 MB is far past any article page and guards memory on a batch.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Documents per batch (one flow task, one store transaction). Measured on a loaded 2-core box: ~35 ms of
# Prefect overhead per task run and ~3-4 ms of cleaning per document, so 500 keeps orchestration near 3%
# of the work, while memory stays flat (a batch holds 500 outcomes at most).
DEFAULT_BATCH_SIZE = 500


# Per-document budgets, enforced by ingest.sandbox on the worker process that cleans the document.
# Time: the pipeline's target is 2 s/MB end to end (bench/bench_hostile.py); 4 s of CPU per MB is twice
# that, and the floor covers the fixed cost of small pages (imports warm, ~5 ms a page) with a wide margin
# for a loaded machine. CPU time is what is budgeted (a busy box does not time out healthy documents);
# wall time may run WALL_FACTOR times longer before a blocked document (a read that never returns) is
# stopped too.
DEFAULT_SECONDS_PER_MB = 4.0
DEFAULT_MIN_SECONDS = 10.0
# Memory: measured peak growth of a worker over its idle size is ~65x the input on text pages and up to
# ~200x on one-line or many-tiny-element pages; the floor lets every ordinary page (and anything under
# 2.5 MB) through, and 40x caps a 20 MB page at 800 MB.
DEFAULT_MEMORY_FLOOR_MB = 512
DEFAULT_MEMORY_PER_INPUT_BYTE = 40


@dataclass(frozen=True)
class Budget:
    """What one document may spend in its worker: CPU seconds and memory, both scaled by its size."""

    seconds_per_mb: float = DEFAULT_SECONDS_PER_MB
    min_seconds: float = DEFAULT_MIN_SECONDS
    memory_floor_mb: int = DEFAULT_MEMORY_FLOOR_MB
    memory_per_input_byte: int = DEFAULT_MEMORY_PER_INPUT_BYTE

    @classmethod
    def from_env(cls) -> "Budget":
        """The defaults, overridden by INGEST_BUDGET_SECONDS_PER_MB, INGEST_BUDGET_MIN_SECONDS,
        INGEST_BUDGET_MEMORY_FLOOR_MB and INGEST_BUDGET_MEMORY_PER_INPUT_BYTE."""
        given = {}
        for name, kind in (("seconds_per_mb", float), ("min_seconds", float), ("memory_floor_mb", int),
                           ("memory_per_input_byte", int)):
            raw = os.environ.get(f"INGEST_BUDGET_{name.upper()}")
            if raw:
                try:
                    given[name] = kind(raw)
                except ValueError:
                    raise ConfigError(f"INGEST_BUDGET_{name.upper()}", f"not a number: {raw!r}") from None
        return cls(**given)

    def __post_init__(self) -> None:
        for name in ("seconds_per_mb", "min_seconds", "memory_floor_mb", "memory_per_input_byte"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"budget.{name}", "must be positive")

    def seconds(self, size: int) -> float:
        return max(self.min_seconds, self.seconds_per_mb * size / 1_000_000)

    def memory_bytes(self, size: int) -> int:
        return max(self.memory_floor_mb * 1024 * 1024, self.memory_per_input_byte * size)


def _zone_default() -> str | Path:
    return _zone(os.environ.get("INGEST_RAW_ZONE") or "raw/landing")


def _zone(value: str | os.PathLike) -> str | Path:
    """A raw zone as given: a local folder (a path or a file:// URL) becomes a Path, any other URL
    (s3://bucket/prefix, …) stays a string (Path() would fold its `//`)."""
    from .raw_zone import local_path

    local = local_path(value)
    if local is not None:
        return local
    from urllib.parse import urlsplit

    try:
        password = urlsplit(str(value)).password
    except ValueError:
        password = None
    if password:
        raise ConfigError("raw_zone", "a password in the zone URL would be printed and recorded (in the run "
                                      "summary, in Prefect): give credentials through the environment or fsspec's "
                                      "configuration (README: the raw zone)")
    return str(value).rstrip("/")


@dataclass(frozen=True)
class Settings:
    """Everything that changes behaviour, in one place."""

    fetched_at: str | None = None  # ISO; resolves relative dates ("1 hour ago") and missing years
    max_bytes: int = DEFAULT_MAX_BYTES
    store_url: str = field(default_factory=lambda: os.environ.get("INGEST_STORE_URL", "sqlite:///clean/ingest.db"))
    raw_zone: str | Path = field(default_factory=_zone_default)  # a folder or an fsspec URL (ingest/raw_zone.py)
    batch_size: int = DEFAULT_BATCH_SIZE
    detect_language: bool = True
    split_listings: bool = True
    budget: Budget = field(default_factory=Budget.from_env)  # not output-affecting: a timeout is a failure row
    sources: SourceOptions = field(default_factory=SourceOptions)  # how inputs are read and fetched

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
        object.__setattr__(self, "raw_zone", _zone(self.raw_zone))

    @property
    def fetched_datetime(self) -> datetime | None:
        if self.fetched_at is None:
            return None
        return datetime.fromisoformat(self.fetched_at.replace("Z", "+00:00"))

    def with_(self, **changes) -> "Settings":
        """A copy with some settings changed (Settings are immutable)."""
        return replace(self, **changes)
