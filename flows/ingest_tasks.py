"""Prefect tasks shared by the flows: thin wrappers over ingest.runs that pass ids and paths (never
document bodies) and return small JSON-able tallies.

Importing this module sets quiet, offline defaults before Prefect loads: no analytics or telemetry
(there may be no network), no resource-metrics subprocess. Explicit environment settings win.
"""
from __future__ import annotations

import os

for _name, _value in {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                      "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
                      "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false"}.items():
    os.environ.setdefault(_name, _value)

from functools import lru_cache  # noqa: E402
from typing import Callable  # noqa: E402

from prefect import task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402

from ingest import runs  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.store import SqlStore  # noqa: E402

# Called with the number of documents finished after each batch; `ingest run` draws its progress
# bar from it (flows run in-process there). Empty under a worker.
PROGRESS: list[Callable[[int], None]] = []

# A batch retries on transient trouble (store unreachable, disk full, lost connection): 2 s, 4 s, 8 s,
# with jitter so parallel batches do not retry in lockstep. Document failures never raise: they are
# failure rows.
RETRY = dict(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=2), retry_jitter_factor=0.5,
             cache_policy=NO_CACHE)


def make_settings(store_url: str | None = None, raw_zone: str | None = None, batch_size: int | None = None,
                  fetched_at: str | None = None) -> Settings:
    given = {"store_url": store_url, "raw_zone": raw_zone, "batch_size": batch_size, "fetched_at": fetched_at}
    return Settings(**{k: v for k, v in given.items() if v is not None})


def params(settings: Settings) -> dict:
    """The settings a task needs, as plain JSON (task inputs are recorded by Prefect)."""
    return {"store_url": settings.store_url, "raw_zone": str(settings.raw_zone),
            "batch_size": settings.batch_size, "fetched_at": settings.fetched_at}


@lru_cache(maxsize=8)
def store_for(url: str) -> SqlStore:
    """One store (connection pool) per URL per worker process, shared by its tasks."""
    return SqlStore(url)


def report(done: int, failed: int = 0) -> None:
    for hook in PROGRESS:
        hook(done, failed)


@task(name="process-batch", **RETRY)
def process_batch(raw_ids: list[str], run_id: str, settings: dict, force: bool = False) -> dict:
    """Clean landed documents from the raw zone and store each outcome; returns the batch's tally."""
    s = make_settings(**settings)
    return runs.process_ids(store_for(s.store_url), raw_ids, s, run_id, force=force).to_dict()
