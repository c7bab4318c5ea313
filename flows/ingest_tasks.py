"""Prefect tasks shared by the flows: the batch functions of ingest.worker as tasks with retries, and
the task runner a run's Execution asks for (in this process, or a Dask cluster).

Tasks get plain JSON settings with the store as a reference (no password) and return small JSON-able
tallies; an ingest batch carries its items' bodies to the worker that lands, cleans and stores them.
Importing this module sets quiet, offline defaults before Prefect loads: no analytics or telemetry
(there may be no network), no resource-metrics subprocess. Explicit environment settings win.
"""
from __future__ import annotations

import logging
import os
import sys

for _name, _value in {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                      "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
                      "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false"}.items():
    os.environ.setdefault(_name, _value)

from collections import deque  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from typing import Any, Callable, Iterable, Iterator  # noqa: E402

from prefect import task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402

from ingest import worker  # noqa: E402
from ingest.execution import IN_FLIGHT_PER_WORKER, LOCAL_EXTRA_IN_FLIGHT, PROGRESS, Execution, report  # noqa: E402,F401 - PROGRESS: the flows' name
from ingest.worker import settings_from as make_settings  # noqa: E402,F401 - the flows' names
from ingest.worker import store_for  # noqa: E402,F401
from ingest.worker import task_params as params  # noqa: E402,F401

# A batch retries on transient trouble (store unreachable, disk full, lost connection): 2 s, 4 s, 8 s,
# with jitter so parallel batches do not retry in lockstep. Document failures never raise: they are
# failure rows. A worker process that dies mid-batch is Dask's to retry (the scheduler runs the task
# again on another worker): landing and storing are idempotent, so nothing is lost or stored twice.
RETRY = dict(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=2), retry_jitter_factor=0.5,
             cache_policy=NO_CACHE)

# The flows' own modules: a remote Dask scheduler and its workers have `ingest` installed but not this
# folder, so what of them travels with a task (the flow in its context) is pickled by value.
FLOW_MODULES = ("ingest_tasks", "ingest_flow", "reprocess_flow", "run_report")


process_batch = task(name="process-batch", **RETRY)(worker.process_batch)
ingest_batch = task(name="ingest-batch", **RETRY)(worker.ingest_batch)


Submit = Callable[..., Any]  # submit(task, **parameters) -> a Prefect future


@contextmanager
def task_runner(execution: Execution) -> Iterator[tuple[Submit, int]]:
    """(submit, batches in flight) for an execution. On this box the flow's own thread pool runs the
    tasks, `workers` batches at a time; with a Dask address, prefect-dask's DaskTaskRunner on that
    cluster (imported only then)."""
    if not execution.remote:
        yield (lambda t, **p: t.submit(**p)), execution.workers + LOCAL_EXTRA_IN_FLIGHT
        return
    from prefect_dask import DaskTaskRunner
    from prefect.settings import PREFECT_API_URL, temporary_settings

    logging.getLogger("distributed").setLevel(max(logging.WARNING, logging.getLogger("distributed").level))
    runner = DaskTaskRunner(address=execution.dask_address)
    _pickle_flows_by_value()
    # Task runs must report to this flow run's Prefect API; on Prefect's temporary server that URL is
    # known only to this process, and a worker without it would start a temporary server of its own.
    with temporary_settings(updates={PREFECT_API_URL: api_url()}), runner:
        threads = sum(runner.client.nthreads().values()) or 1
        yield (lambda t, **p: runner.submit(t, p)), IN_FLIGHT_PER_WORKER * threads


def _pickle_flows_by_value() -> None:
    import cloudpickle

    for name in FLOW_MODULES:
        module = sys.modules.get(name)
        if module is not None and name not in cloudpickle.list_registry_pickle_by_value():
            cloudpickle.register_pickle_by_value(module)


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
