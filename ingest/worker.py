"""What one batch task runs, wherever it runs (this process, a local or a remote Dask worker).

Library code on purpose: the Prefect tasks in flows/ingest_tasks.py wrap these functions, so a Dask
scheduler or worker needs only `ingest` installed, never the flows/ folder of the machine that runs
the flow. Task parameters are plain JSON with the store as a reference (URL without its password +
the name of the variable holding it: ingest/store/credentials.py), resolved here, where the store is
opened; each worker process keeps one store (connection pool) per URL across its tasks.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from . import batch_processes, dask_stop, interrupt
from .runs import land_and_process, process_ids, sandbox_settings
from .sandbox import Sandbox
from .settings import Settings
from .sources.base import Item
from .store import SqlStore
from .store.credentials import reference, resolve


# A batch on a Dask worker stops when the interrupted driver cancels its task (ingest/dask_stop.py).
interrupt.add_probe(dask_stop.task_cancelled)


def settings_from(store_url: str | None = None, raw_zone: str | None = None, batch_size: int | None = None,
                  fetched_at: str | None = None, password_env: str | None = None) -> Settings:
    """Settings from flow or task parameters; unset ones take the Settings defaults (the environment)."""
    given = {"store_url": resolve(store_url, password_env) if store_url else None, "raw_zone": raw_zone,
             "batch_size": batch_size, "fetched_at": fetched_at}
    return Settings(**{k: v for k, v in given.items() if v is not None})


def task_params(settings: Settings) -> dict:
    """The settings a batch task needs, as plain JSON, with the store as a reference (task inputs
    travel to Dask workers in clear). The raw zone stays a string: a folder or an fsspec URL."""
    store = reference(settings.store_url)
    return {"store_url": store.url, "password_env": store.password_env, "raw_zone": str(settings.raw_zone),
            "batch_size": settings.batch_size, "fetched_at": settings.fetched_at}


@lru_cache(maxsize=8)
def store_for(url: str) -> SqlStore:
    """One store (connection pool) per URL per worker process, shared by its tasks."""
    return SqlStore(url)


# A batch process's sandbox, kept from one batch to the next: (what it was started with, the sandbox).
_KEPT: list[tuple[str, Sandbox]] = []


def kept_sandbox(settings: Settings, jobs: int) -> Sandbox | None:
    """In a batch process (ingest/batch_processes.py), one sandbox for all its batches, which come one
    at a time: a sandbox per batch forked a fresh worker from the batch process each time, whose
    copy-on-write faults cost ~0.5 ms of system CPU per page-size document (batches of ~60 pages;
    bench/bench_run.py's pages). Elsewhere (threads of one process, a Dask worker's threads) None:
    each batch starts its own. Started again when the settings it cleans with change."""
    if not batch_processes.in_batch_process():
        return None
    cleaning = sandbox_settings(settings)
    key = repr((cleaning, jobs))
    if _KEPT and _KEPT[0][0] == key:
        return _KEPT[0][1]
    while _KEPT:
        _KEPT.pop()[1].close()
    _KEPT.append((key, Sandbox(cleaning, jobs=jobs, keys=True)))
    return _KEPT[0][1]


def ingest_batch(items: list[Item], run_id: str, settings: dict, jobs: int = 1, cleaners: int | None = None,
                 processes: str | None = None) -> dict:
    """Land a batch of source items, clean them from the bytes in hand and store each outcome, all on
    the worker that runs it (one read of each body); returns the batch's tally as JSON. `cleaners`: at
    most that many batches of this process clean at once (the flow's --workers on one box).
    `processes`: the key of this process's BatchProcesses (ingest/batch_processes.py) that run the
    batch instead, each landing, cleaning and storing on its own core."""
    interrupt.check()  # a batch that starts after Ctrl-C (or its cancellation) lands nothing
    if processes:
        return batch_processes.pool(processes).call(ingest_batch, items=items, run_id=run_id, settings=settings,
                                                    jobs=jobs)
    s = settings_from(**settings)
    return land_and_process(store_for(s.store_url), items, s, run_id, jobs=jobs, cleaners=cleaners,
                            sandbox=kept_sandbox(s, jobs)).to_dict()


def process_batch(raw_ids: Sequence[str], run_id: str, settings: dict, force: bool = False, jobs: int = 1,
                  cleaners: int | None = None, processes: str | None = None) -> dict:
    """Clean landed documents from the raw zone and store each outcome; returns the batch's tally as JSON.
    `processes` as for ingest_batch."""
    interrupt.check()
    if processes:
        return batch_processes.pool(processes).call(process_batch, raw_ids=list(raw_ids), run_id=run_id,
                                                    settings=settings, force=force, jobs=jobs)
    s = settings_from(**settings)
    return process_ids(store_for(s.store_url), list(raw_ids), s, run_id, force=force, jobs=jobs,
                       cleaners=cleaners, sandbox=kept_sandbox(s, jobs)).to_dict()


__all__ = ["ingest_batch", "kept_sandbox", "process_batch", "settings_from", "store_for", "task_params"]
