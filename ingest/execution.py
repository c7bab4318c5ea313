"""Where the batches of a run are cleaned: on N cores of this box, or on an existing Dask cluster —
chosen from --workers / --dask or INGEST_WORKERS / INGEST_DASK_ADDRESS (default: every core here).

On one box the batch tasks run in threads of the process that runs the flow; with N >= 2 workers each
thread hands its batch to one of N batch processes (ingest/batch_processes.py) that lands, cleans (in
its own sandbox, ingest/sandbox.py) and stores it, so the driver's per-document work does not serialise
the cores; with 1 the thread does it all itself. Per batch this costs about what a local Dask cluster
costs (bench/bench_run.py, 2026-12-02), without the cluster's 2-8 s start per run and its Prefect task
engine in every worker process. A Dask
cluster spreads the batches over other machines. This module only decides; the flows turn the
decision into a Prefect task runner (Prefect and Dask stay at the edge, so the library imports without
them). The choice never changes what is stored: every batch is landed, cleaned and stored by the same
library function wherever it runs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from .errors import ConfigError

WORKERS_ENV = "INGEST_WORKERS"
DASK_ENV = "INGEST_DASK_ADDRESS"
# Dask's address schemes; a bare host:port is Dask's default, tcp.
DASK_SCHEMES = ("tcp://", "tls://", "ws://", "wss://", "ucx://")
# Batches handed to a Dask cluster and not collected yet, per worker thread: one running and one
# waiting, so a worker never idles while the driver reads the next batch, and the driver holds at most
# this many batches' bodies however long the input is (its memory stays flat).
IN_FLIGHT_PER_WORKER = 2
# On this box one batch more than the workers is in flight, so the next batch is read while the others
# run and is handed over the moment one finishes. With 2+ workers it waits for a free batch process
# (ingest/batch_processes.py); with 1 it is landed meanwhile and waits for the one cleaning slot
# (ingest/cleaning_slots.py): --workers N cleans on N cores.
LOCAL_EXTRA_IN_FLIGHT = 1

# Called with (documents finished, of which failed) after each batch the flow collects; `ingest run`
# draws its progress bar from it (flows run in-process there). Kept here, in the library, so that
# pickling a flow for a remote Dask worker never takes the progress bar along.
PROGRESS: list[Callable[..., None]] = []


def report(done: int, failed: int = 0, items: Sequence = ()) -> None:
    """A batch finished: `done` items, `failed` of them failed; `items` (the batch's source items, in
    the driver) say how far into the input it got (the progress bar's ETA: ingest/progress_total.py)."""
    for hook in PROGRESS:
        hook(done, failed, items)


def available_cores() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Execution:
    """How a run spreads its batches: `workers` processes on this box, or the cluster at `dask_address`."""

    workers: int = 1  # batches cleaned at once on this box, one core each
    dask_address: str | None = None

    @property
    def remote(self) -> bool:
        """The batches run on other machines' workers (which share only the store and the raw zone)."""
        return self.dask_address is not None

    def describe(self) -> str:
        if self.remote:
            return f"Dask cluster at {self.dask_address}"
        return f"{self.workers} worker process{'es' if self.workers > 1 else ''} on this box"


def _env_workers(env: Mapping[str, str]) -> int | None:
    raw = env.get(WORKERS_ENV, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(WORKERS_ENV, f"not a number of worker processes: {raw!r}") from None


def check_address(address: str) -> str:
    """A Dask scheduler address as Dask takes it (tcp://host:8786, or host:8786)."""
    if "://" in address and not address.startswith(DASK_SCHEMES):
        raise ConfigError("dask", f"not a Dask scheduler address: {address!r} (e.g. tcp://host:8786)")
    host_port = address.split("://", 1)[-1]
    if not host_port or host_port.startswith(":"):
        raise ConfigError("dask", f"not a Dask scheduler address: {address!r} (e.g. tcp://host:8786)")
    return address


def choose(workers: int | None = None, dask_address: str | None = None,
           env: Mapping[str, str] | None = None) -> Execution:
    """The execution a run gets: explicit arguments first, then INGEST_WORKERS / INGEST_DASK_ADDRESS,
    then every core of this box. workers=0 means every core; 1 cleans on one."""
    env = os.environ if env is None else env
    address = dask_address or env.get(DASK_ENV, "").strip() or None
    if address:
        return Execution(workers=0, dask_address=check_address(address))
    count = workers if workers is not None else _env_workers(env)
    if count is None or count == 0:
        count = available_cores()
    if count < 0:
        raise ConfigError("workers", f"must be 0 (every core) or more, not {count}")
    return Execution(workers=count)


def check_store(execution: Execution, store_url: str) -> None:
    """Refuse a store the workers cannot share: a SQLite file lives on one machine."""
    if execution.remote and store_url.strip().lower().startswith("sqlite"):
        raise ConfigError("dask", "a SQLite store is a file on this machine, which the workers of a Dask cluster "
                                  "cannot share: use a PostgreSQL store (--store postgresql://user@host/db)")


__all__ = ["DASK_ENV", "Execution", "IN_FLIGHT_PER_WORKER", "LOCAL_EXTRA_IN_FLIGHT", "PROGRESS", "WORKERS_ENV",
           "available_cores", "report", "check_address", "check_store", "choose"]
