"""Prefect tasks shared by the flows: thin wrappers over ingest.runs that pass ids and paths (never
document bodies) and return small JSON-able tallies.

Importing this module sets quiet, offline defaults before Prefect loads: no analytics or telemetry
(there may be no network), no resource-metrics subprocess. Explicit environment settings win.
"""
from __future__ import annotations

import logging
import os

for _name, _value in {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                      "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
                      "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false"}.items():
    os.environ.setdefault(_name, _value)

from collections import deque  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from functools import lru_cache  # noqa: E402
from typing import Any, Callable, Iterable, Iterator  # noqa: E402

from prefect import task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402

from ingest import runs  # noqa: E402
from ingest.execution import IN_FLIGHT_PER_WORKER, Execution  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.sources.base import Item  # noqa: E402
from ingest.store import SqlStore  # noqa: E402
from ingest.store.credentials import reference, resolve  # noqa: E402

# Called with the number of documents finished after each batch; `ingest run` draws its progress
# bar from it (flows run in-process there). Empty under a worker.
PROGRESS: list[Callable[[int], None]] = []

# A batch retries on transient trouble (store unreachable, disk full, lost connection): 2 s, 4 s, 8 s,
# with jitter so parallel batches do not retry in lockstep. Document failures never raise: they are
# failure rows.
RETRY = dict(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=2), retry_jitter_factor=0.5,
             cache_policy=NO_CACHE)


def make_settings(store_url: str | None = None, raw_zone: str | None = None, batch_size: int | None = None,
                  fetched_at: str | None = None, password_env: str | None = None) -> Settings:
    """Settings from flow or task parameters; a store reference (URL without its password + the name of
    the variable holding it) is resolved here, in the process that opens the store."""
    given = {"store_url": resolve(store_url, password_env) if store_url else None, "raw_zone": raw_zone,
             "batch_size": batch_size, "fetched_at": fetched_at}
    return Settings(**{k: v for k, v in given.items() if v is not None})


def params(settings: Settings) -> dict:
    """The settings a task needs, as plain JSON, with the store as a reference (no password: task inputs
    travel to Dask workers in clear). The raw zone stays a string: a folder or an fsspec URL."""
    store = reference(settings.store_url)
    return {"store_url": store.url, "password_env": store.password_env, "raw_zone": str(settings.raw_zone),
            "batch_size": settings.batch_size, "fetched_at": settings.fetched_at}


@lru_cache(maxsize=8)
def store_for(url: str) -> SqlStore:
    """One store (connection pool) per URL per worker process, shared by its tasks."""
    return SqlStore(url)


def report(done: int, failed: int = 0) -> None:
    for hook in PROGRESS:
        hook(done, failed)


@task(name="process-batch", **RETRY)
def process_batch(raw_ids: list[str], run_id: str, settings: dict, force: bool = False, jobs: int = 1) -> dict:
    """Clean landed documents from the raw zone and store each outcome; returns the batch's tally."""
    s = make_settings(**settings)
    return runs.process_ids(store_for(s.store_url), raw_ids, s, run_id, force=force, jobs=jobs).to_dict()


@task(name="ingest-batch", **RETRY)
def ingest_batch(items: list[Item], run_id: str, settings: dict, jobs: int = 1) -> dict:
    """Land a batch of source items, clean them from the bytes in hand and store each outcome, all on
    the worker that runs it (one read of each body); returns the batch's tally."""
    s = make_settings(**settings)
    return runs.land_and_process(store_for(s.store_url), items, s, run_id, jobs=jobs).to_dict()


Submit = Callable[..., Any]  # submit(task, **parameters) -> a Prefect future


@contextmanager
def task_runner(execution: Execution) -> Iterator[tuple[Submit, int]]:
    """(submit, batches in flight) for an execution. In this process the flow's own thread pool runs
    the tasks (one batch cleans while the next is read); otherwise a DaskTaskRunner on a local cluster
    of `workers` processes, or on the cluster at the Dask address. prefect-dask is imported only here."""
    if execution.in_process:
        yield (lambda t, **p: t.submit(**p)), IN_FLIGHT_PER_WORKER
        return
    from prefect_dask import DaskTaskRunner
    from prefect.settings import PREFECT_API_URL, temporary_settings

    logging.getLogger("distributed").setLevel(max(logging.WARNING, logging.getLogger("distributed").level))
    if execution.remote:
        runner = DaskTaskRunner(address=execution.dask_address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": execution.workers, "threads_per_worker": 1,
                                                "processes": True, "dashboard_address": None,
                                                "silence_logs": logging.WARNING})
    # Task runs must report to this flow run's Prefect API; on Prefect's temporary server that URL is
    # known only to this process, and a worker without it would start a temporary server of its own.
    with temporary_settings(updates={PREFECT_API_URL: api_url()}), runner:
        threads = sum(runner.client.nthreads().values()) or 1
        yield (lambda t, **p: runner.submit(t, p)), IN_FLIGHT_PER_WORKER * threads


def api_url() -> str | None:
    """The Prefect API this flow run reports to (also when it is Prefect's temporary server)."""
    from prefect.context import FlowRunContext
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        return PREFECT_API_URL.value()
    ctx = FlowRunContext.get()
    return str(ctx.client.api_url).rstrip("/") if ctx and ctx.client else None


def run_bounded(work: Iterable[tuple[Callable[[], Any], Any]], limit: int,
                collect: Callable[[Any, Any], None]) -> None:
    """Start each piece of work (a zero-argument submit) with at most `limit` unfinished, and hand each
    result to collect(result, tag) in submission order: the driver holds `limit` batches, not the input."""
    pending: deque = deque()
    for start, tag in work:
        pending.append((start(), tag))
        while len(pending) >= limit:
            future, done_tag = pending.popleft()
            collect(future.result(), done_tag)
    while pending:
        future, done_tag = pending.popleft()
        collect(future.result(), done_tag)
