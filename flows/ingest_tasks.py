"""Prefect tasks shared by the flows: the batch functions of ingest.worker as tasks with retries, and
the task runner a run's Execution asks for (in this process, or a Dask cluster).

Tasks get plain JSON settings with the store as a reference (no password) and return small JSON-able
tallies; an ingest batch carries its items' bodies to the worker that lands, cleans and stores them.
Importing this module sets quiet, offline defaults before Prefect loads: no analytics or telemetry
(there may be no network), no resource-metrics subprocess. Explicit environment settings win.
"""
from __future__ import annotations

import functools
import logging
import os
import sys
import time

for _name, _value in {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                      "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
                      "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false"}.items():
    os.environ.setdefault(_name, _value)

from collections import deque  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from typing import Any, Callable, Iterable, Iterator, NamedTuple  # noqa: E402

from prefect import task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from ingest import dask_stop, interrupt, worker  # noqa: E402
from ingest import batch_processes  # noqa: E402
from ingest.store import credentials  # noqa: E402
from ingest.execution import IN_FLIGHT_PER_WORKER, LOCAL_EXTRA_IN_FLIGHT, PROGRESS, Execution, report  # noqa: E402,F401 - PROGRESS: the flows' name
from ingest.flow_start import prepared, processes_for, store_for  # noqa: E402,F401 - the flows' names
from ingest.worker import settings_from as make_settings  # noqa: E402,F401 - the flows' names
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


def _ends_cancelled_when_stopped(fn: Callable[..., dict]) -> Callable[..., Any]:
    """A batch function whose batch, stopped on a Dask worker because the interrupted run cancelled it
    (ingest/dask_stop.py), ends as Prefect's Cancelled state: what happened, in the UI, and no
    exception traceback in the worker's log. Elsewhere RunInterrupted goes up as it is (the driver's
    own Ctrl-C: run_bounded handles it)."""
    @functools.wraps(fn)
    def batch(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except interrupt.RunInterrupted:
            if not dask_stop.task_cancelled():
                raise
            from prefect.states import Cancelled

            return Cancelled(message="the run was interrupted (Ctrl-C): this batch was stopped, nothing of it stored")
    batch.__module__ = __name__  # pickled with this module (by value for a remote cluster), not as fn
    batch.__qualname__ = f"{fn.__name__}_task"
    return batch


process_batch = task(name="process-batch", **RETRY)(_ends_cancelled_when_stopped(worker.process_batch))
ingest_batch = task(name="ingest-batch", **RETRY)(_ends_cancelled_when_stopped(worker.ingest_batch))


def batch_items(items: list) -> Any:
    """A batch (its items or raw ids) as a task parameter that Prefect hands over as it is: unquoted,
    Prefect walks every item's fields twice per task (collecting upstream futures at submit, resolving
    them in the task run: ~0.05 ms a document of the driver's CPU) though a batch never holds a future.
    For the task runners of this box only: Dask's serialisation makes the quote a plain tuple."""
    return quote(items)


def _local_parameters(parameters: dict) -> dict:
    """A batch task's parameters for this box's thread pool: its batch (a list) handed over unwalked."""
    return {k: batch_items(v) if isinstance(v, list) else v for k, v in parameters.items()}


Submit = Callable[..., Any]  # submit(task, **parameters) -> a Prefect future
# stop(futures of the batches in flight, seconds): after Ctrl-C, end them (see run_bounded)
Stop = Callable[[list, float], None]


class Runner(NamedTuple):
    """What a flow runs its batches with: how to submit one, how many to keep in flight, how many run at
    once (the last batch is cut in that many parts), and how to stop the ones in flight when the run is
    interrupted."""

    submit: Submit
    in_flight: int
    at_once: int
    stop: Stop


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
def task_runner(execution: Execution) -> Iterator[Runner]:
    """The Runner for an execution (submit, batches in flight, batches that run at once, stop). On this box the flow's own thread pool runs the
    tasks, one more in flight than `workers`: with one worker each task lands, cleans (in its sandbox,
    one at a time: ingest/cleaning_slots.py) and stores in this process; with more, each task hands its
    batch to one of `workers` batch processes (ingest/batch_processes.py), which lands, cleans and
    stores it on its own core. With a Dask address, prefect-dask's DaskTaskRunner on that cluster
    (imported only then)."""
    if not execution.remote and (execution.workers == 1 or not batch_processes.enabled()):
        yield Runner(lambda t, **p: t.submit(**_local_parameters(p), cleaners=execution.workers),
                     execution.workers + LOCAL_EXTRA_IN_FLIGHT, execution.workers, _stop_local)
        return
    if not execution.remote:
        with processes_for(execution.workers) as processes:
            yield Runner(lambda t, **p: t.submit(**_local_parameters(p), processes=processes.key),
                         execution.workers + LOCAL_EXTRA_IN_FLIGHT, execution.workers, _stop_local)
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

        def stop(futures: list, seconds: float) -> None:
            dask_stop.cancel_and_wait(runner.client, [getattr(f, "wrapped_future", None) for f in futures], seconds)
        yield Runner(lambda t, **p: runner.submit(t, p), IN_FLIGHT_PER_WORKER * threads, threads, stop)


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
# After Ctrl-C, how long the driver waits for the batches in flight to end: batches on this box stop
# within one sandbox poll (their documents are dropped, nothing of them is stored) or finish storing;
# a batch on a Dask worker is cancelled and stops at its next safe point (ingest/dask_stop.py). A
# batch in its store transaction finishes it (a few seconds at most); past this bound the run is
# marked without waiting more.
STOP_GRACE_SECONDS = 10.0


def run_bounded(work: Iterable[tuple[Callable[[], Any], Any]], limit: int,
                collect: Callable[[Any, Any], None], stop: Stop | None = None) -> None:
    """Start each piece of work (a zero-argument submit) with at most `limit` unfinished, and hand each
    result to collect(result, tag) in submission order: the driver holds `limit` batches, not the input.
    After Ctrl-C (ingest.interrupt) nothing more is started, the batches in flight are stopped
    (stop(futures, STOP_GRACE_SECONDS): the Runner's; by default, those not started are cancelled and
    the others waited for) and RunInterrupted is raised."""
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
        (stop or _stop_local)([future for future, _ in pending], STOP_GRACE_SECONDS)
        raise


def _result(future) -> Any:
    """The future's result, waiting in short steps so that a Ctrl-C stops the wait.

    A Dask future is polled with done() and read once done: its result(timeout=…) goes through
    distributed's sync() with a wait_for, and a cancellation landing inside that wait (a worker
    restarted after a kill) surfaces as distributed's own UnboundLocalError instead of a result (seen
    in CI: test_a_worker_killed_mid_batch_loses_nothing_and_stores_nothing_twice)."""
    wrapped = getattr(future, "wrapped_future", None)
    if wrapped is not None and type(wrapped).__module__.startswith("distributed"):
        while not wrapped.done():
            interrupt.check()
            time.sleep(POLL_SECONDS)
        return future.result()
    while True:
        interrupt.check()
        try:
            return future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            continue


def _stop_local(futures: list, seconds: float) -> None:
    """Batches in this process's thread pool: those not started never start; the others end (stopped
    or stored) before the run is marked interrupted."""
    deadline = time.monotonic() + seconds
    for future in futures:
        wrapped = getattr(future, "wrapped_future", None)
        if wrapped is not None and wrapped.cancel():
            continue
        try:
            future.wait(timeout=max(0.0, deadline - time.monotonic()))
        except Exception:  # noqa: BLE001 - a batch that failed while stopping: nothing to collect
            pass
