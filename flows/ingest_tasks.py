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

from ingest import interrupt, worker  # noqa: E402
from ingest import batch_processes  # noqa: E402
from ingest.batch_processes import BatchProcesses  # noqa: E402
from ingest.store import credentials  # noqa: E402
from ingest.execution import IN_FLIGHT_PER_WORKER, LOCAL_EXTRA_IN_FLIGHT, PROGRESS, Execution, report  # noqa: E402,F401 - PROGRESS: the flows' name
from ingest.worker import settings_from as make_settings  # noqa: E402,F401 - the flows' names
from ingest.worker import store_for  # noqa: E402,F401
from ingest.worker import task_params as params  # noqa: E402,F401

# A batch retries on transient trouble (store unreachable, disk full, lost connection): 2 s, 4 s, 8 s,
# with jitter so parallel batches do not retry in lockstep. Document failures never raise: they are
# failure rows. A worker process that dies mid-batch is Dask's to retry (the scheduler runs the task
# again on another worker): landing and storing are idempotent, so nothing is lost or stored twice.
# A batch stopped by Ctrl-C (ingest.interrupt) is not retried: the user asked for the run to stop.


def _retry_unless_interrupted(task, task_run, state) -> bool:
    return not interrupt.requested()


RETRY = dict(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=2), retry_jitter_factor=0.5,
             retry_condition_fn=_retry_unless_interrupted, cache_policy=NO_CACHE)

# The flows' own modules: a remote Dask scheduler and its workers have `ingest` installed but not this
# folder, so what of them travels with a task (the flow in its context) is pickled by value.
FLOW_MODULES = ("ingest_tasks", "ingest_flow", "reprocess_flow", "run_report")


process_batch = task(name="process-batch", **RETRY)(worker.process_batch)
ingest_batch = task(name="ingest-batch", **RETRY)(worker.ingest_batch)


Submit = Callable[..., Any]  # submit(task, **parameters) -> a Prefect future


def store_reference(store_url: str | None, password_env: str | None) -> tuple[str | None, str | None]:
    """(store URL without its password, the variable that holds it): what a flow may be given. Prefect
    saves a flow's parameters in its database before the flow's body runs, so the wrappers users call
    (ingest_flow.ingest, reprocess_flow.reprocess) split the password off first; it goes to
    credentials.PASSWORD_ENV in this process's environment, which local workers inherit."""
    if not store_url:
        return store_url, password_env
    ref = credentials.reference(store_url)
    return ref.url, ref.password_env or password_env


@contextmanager
def task_runner(execution: Execution) -> Iterator[tuple[Submit, int, int]]:
    """(submit, batches in flight, batches that run at once) for an execution. On this box the flow's own thread pool runs the
    tasks, one more in flight than `workers`: with one worker each task lands, cleans (in its sandbox,
    one at a time: ingest/cleaning_slots.py) and stores in this process; with more, each task hands its
    batch to one of `workers` batch processes (ingest/batch_processes.py), which lands, cleans and
    stores it on its own core. With a Dask address, prefect-dask's DaskTaskRunner on that cluster
    (imported only then)."""
    if not execution.remote and (execution.workers == 1 or not batch_processes.enabled()):
        yield ((lambda t, **p: t.submit(**p, cleaners=execution.workers)), execution.workers + LOCAL_EXTRA_IN_FLIGHT,
               execution.workers)
        return
    if not execution.remote:
        with BatchProcesses(execution.workers) as processes:
            yield ((lambda t, **p: t.submit(**p, processes=processes.key)),
                   execution.workers + LOCAL_EXTRA_IN_FLIGHT, execution.workers)
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
        yield (lambda t, **p: runner.submit(t, p)), IN_FLIGHT_PER_WORKER * threads, threads


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


# How often the driver, waiting for a batch, looks whether Ctrl-C asked the run to stop.
POLL_SECONDS = 0.2
# After Ctrl-C, how long the driver waits for the batches in flight: batches on this box stop within one
# sandbox poll (their documents are dropped, nothing of them is stored) or finish storing; a batch on a
# remote Dask worker never hears of the Ctrl-C and is left to finish (or not) there.
STOP_GRACE_SECONDS = 10.0


def run_bounded(work: Iterable[tuple[Callable[[], Any], Any]], limit: int,
                collect: Callable[[Any, Any], None]) -> None:
    """Start each piece of work (a zero-argument submit) with at most `limit` unfinished, and hand each
    result to collect(result, tag) in submission order: the driver holds `limit` batches, not the input.
    After Ctrl-C (ingest.interrupt) nothing more is started, the batches in flight are given
    STOP_GRACE_SECONDS to end, and RunInterrupted is raised."""
    pending: deque = deque()
    try:
        for start, tag in work:
            interrupt.check()
            pending.append((start(), tag))
            while len(pending) >= limit:
                future, done_tag = pending.popleft()
                collect(_result(future), done_tag)
        while pending:
            future, done_tag = pending.popleft()
            collect(_result(future), done_tag)
    except interrupt.RunInterrupted:
        _drain(future for future, _ in pending)
        raise


def _result(future) -> Any:
    """The future's result, waiting in short steps so that a Ctrl-C stops the wait."""
    while True:
        interrupt.check()
        try:
            return future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            continue


def _drain(futures: Iterable[Any]) -> None:
    """Let the batches in flight end (stopped or stored) before the run is marked interrupted."""
    import time

    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for future in futures:
        try:
            future.wait(timeout=max(0.0, deadline - time.monotonic()))
        except Exception:  # noqa: BLE001 - a batch that failed while stopping: nothing to collect
            pass
