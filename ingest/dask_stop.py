"""Stopping a run's batches on a Dask cluster when the run is interrupted (Ctrl-C on the driver).

Dask cannot stop a task that is running: cancelling its future makes the scheduler forget it, while
the worker's thread goes on, and the batch then lands, cleans and commits after the driver has ended
the run as `interrupted` (documents stored under the run's id that its row does not count). Before,
the driver waited up to 10 s for such batches and then left them running.

So cancelling is a message, and each side does its half:
  - the driver cancels the futures of the batches in flight (those not started never start) and waits
    until no worker is executing one of them any more (cancel_and_wait), then marks the run;
  - a batch running on a Dask worker asks, at the points where stopping is safe (the sandbox's poll,
    before landing), whether its own task is still wanted: task_cancelled() reads the worker's own
    state of the task (no message to the scheduler), registered with ingest.interrupt as a probe. A
    stopped batch stores nothing (its outcomes are written in one transaction at its end).

`distributed` is imported only where it already is (a Dask worker, a driver with a cluster).
"""
from __future__ import annotations

import sys
import time
from typing import Any, Iterable, Sequence

# A worker's states of a task that the scheduler no longer wants it to run (distributed's WorkerState:
# an executing task whose future was cancelled is "cancelled" until its thread returns, then it is
# released and forgotten; a key the worker no longer knows is gone too).
GONE_STATES = frozenset({"cancelled", "released", "forgotten"})
# A worker's states of a task whose thread is still running our function (what the driver waits out).
RUNNING_STATES = frozenset({"executing", "long-running", "cancelled", "resumed"})
# How often the driver asks the workers whether a cancelled batch is still running.
WAIT_POLL_SECONDS = 0.2


def task_cancelled() -> bool:
    """True in a Dask worker thread whose task the scheduler no longer wants (its future was cancelled,
    or the client that submitted it went away); False anywhere else (the driver, a local thread)."""
    distributed = sys.modules.get("distributed")
    if distributed is None:
        return False
    try:
        worker = distributed.get_worker()
        key = worker.get_current_task()
    except (ValueError, KeyError, AttributeError):  # not in a task thread of a Dask worker
        return False
    state = worker.state.tasks.get(key)
    return state is None or state.state in GONE_STATES


def running_keys(keys: Sequence[Any], dask_worker=None) -> list:
    """On a worker (Client.run): which of `keys` its threads are still running."""
    tasks = dask_worker.state.tasks
    return [key for key in keys if (ts := tasks.get(key)) is not None and ts.state in RUNNING_STATES]


def cancel_and_wait(client, futures: Iterable[Any], seconds: float) -> bool:
    """Cancel the Dask futures of the batches in flight and wait (at most `seconds`) until no worker
    runs one of them; True when none does. A worker that cannot be asked counts as done (gone)."""
    futures = [f for f in futures if f is not None]
    if not futures:
        return True
    keys = [f.key for f in futures]
    client.cancel(futures)
    deadline = time.monotonic() + seconds
    while True:
        try:
            still = client.run(running_keys, keys, on_error="return")
        except Exception:  # noqa: BLE001 - the scheduler is gone: nothing can still run for us
            return True
        if not any(isinstance(found, list) and found for found in still.values()):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(WAIT_POLL_SECONDS)


__all__ = ["GONE_STATES", "RUNNING_STATES", "cancel_and_wait", "running_keys", "task_cancelled"]
