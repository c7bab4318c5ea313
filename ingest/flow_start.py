"""What a flow call from this process starts before Prefect creates its flow run (~0.3-0.4 s of API
round trips before the flow's body runs), so that it gets ready meanwhile instead of after: the run's
batch processes with their sandboxes (--workers N >= 2 on this box: BatchProcesses.start), and the
flow's own store (opened in a thread); and on a temporary Prefect server of this process, the flow
call runs without Prefect's flow-run heartbeats (no_heartbeats_on_own_server). flows/ingest_flow.ingest wraps its flow call in prepared();
the flow's task runner takes the batch processes from here (processes_for), the body its store
(store_for). A flow run that no such call prepared (a deployment's run) starts them itself, as before.

Library code (not in flows/) on purpose: a flow pickled for a remote Dask worker takes its module's
globals along, and a lock or a context variable does not pickle; this module travels by reference.
"""
from __future__ import annotations

import contextvars
import sys
import threading
from contextlib import ExitStack, contextmanager, nullcontext
from typing import ContextManager, Iterator

from . import batch_processes, worker
from .batch_processes import BatchProcesses
from .execution import choose

_STORE_OPENING = threading.Lock()
# The batch processes a flow call's prepared() made ready, for that call's task runner.
_PREPARED: contextvars.ContextVar[BatchProcesses | None] = contextvars.ContextVar("ingest_prepared", default=None)


def store_for(url: str):
    """The flow's store (ingest.worker.store_for: one per URL per process), opened once even while
    prepared() is opening it in another thread: a second opener waits for the first and gets its
    store, so a new store's schema is never made twice at once."""
    with _STORE_OPENING:
        return worker.store_for(url)


def _open_quietly(url: str, password_env: str | None) -> None:
    try:
        store_for(worker.settings_from(url, password_env=password_env).store_url)
    except Exception:  # noqa: BLE001 - the flow's body opens it again and reports what fails, in its run
        pass


def on_own_temporary_server() -> bool:
    """Whether the flow reports to a temporary Prefect server of this process (`ingest run` without
    PREFECT_API_URL starts one; so does prefect_test_harness): no API URL (Prefect's ephemeral mode),
    or the URL of a temporary server running here. Reads Prefect's registry of them
    (SubprocessASGIServer._instances, Prefect 3.8; tests/flows/test_flow_start.py guards it)."""
    from prefect.settings import PREFECT_API_URL

    url = (PREFECT_API_URL.value() or "").rstrip("/")
    if not url:
        return True
    server = sys.modules.get("prefect.server.api.server")  # not imported: no temporary server here
    if server is None:
        return False
    running = [s for s in getattr(server.SubprocessASGIServer, "_instances", {}).values() if s.running]
    return any(str(s.api_url).rstrip("/") == url for s in running)


def no_heartbeats_on_own_server() -> ContextManager:
    """Prefect's flow-run heartbeats (PREFECT_FLOWS_HEARTBEAT_FREQUENCY, 180 s by default) let a
    long-lived server mark a flow run crashed when its process dies. A temporary server of this process
    dies with it, so there nothing can act on them, while every flow call waited 0-1 s (0.5 s on
    average) at its end for the heartbeat thread's 1 s sleep step (Prefect 3.8 joins that thread): on
    such a server the flow call runs with heartbeats off. On any other server they stay as configured."""
    if not on_own_temporary_server():
        return nullcontext()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


@contextmanager
def prepared(workers: int | None, dask_address: str | None, settings: dict) -> Iterator[None]:
    """Around a flow call: start its batch processes (warming up their sandboxes for the task
    `settings`, ingest.worker.task_params) and open its store now. What goes wrong here is left for
    the flow's body to meet and report as it would without this: nothing is raised. The batch
    processes are closed on the way out (a no-op when the flow's task runner closed them)."""
    try:
        execution = choose(workers, dask_address)
    except Exception:  # noqa: BLE001 - a bad setting: the flow's body raises it, in its flow run
        execution = None
    processes = None
    if execution is not None and not execution.remote and execution.workers > 1 and batch_processes.enabled():
        processes = BatchProcesses(execution.workers)
        processes.start(batch_processes.warm_up, settings=settings, jobs=1)
    if settings.get("store_url"):
        threading.Thread(target=_open_quietly, args=(settings["store_url"], settings.get("password_env")),
                         name="ingest-store-open", daemon=True).start()
    token = _PREPARED.set(processes)
    try:
        with ExitStack() as stack:
            try:
                stack.enter_context(no_heartbeats_on_own_server())
            except Exception:  # noqa: BLE001 - Prefect's settings as they are: heartbeats as configured
                pass
            yield
    finally:
        _PREPARED.reset(token)
        if processes is not None:
            processes.close()


def processes_for(workers: int) -> BatchProcesses:
    """The batch processes prepared for this flow call, or new ones (a deployment's run, a test)."""
    ready = _PREPARED.get()
    if ready is not None and ready.workers == workers and not ready.closed:
        return ready
    return BatchProcesses(workers)


def prepared_processes() -> BatchProcesses | None:
    """The batch processes the current flow call's prepared() started (None: none)."""
    return _PREPARED.get()


__all__ = ["no_heartbeats_on_own_server", "on_own_temporary_server", "prepared", "prepared_processes",
           "processes_for", "store_for"]
