"""At most N batches cleaning at once in this process: what `--workers 1` means on one box, where the
batch tasks run in this process (with 2+ workers each batch process cleans one batch at a time anyway:
ingest/batch_processes.py).

The flow keeps one batch more than the workers in flight (ingest/execution.py LOCAL_EXTRA_IN_FLIGHT),
each in a thread of Prefect's pool with its own sandbox: without a limit, `--workers 1` cleaned on two
processes. A batch takes a slot only around its cleaning, so the extra batch is read and landed, and a
finished one stores, while N others clean.
"""
from __future__ import annotations

import threading
from contextlib import nullcontext
from typing import ContextManager

_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_GUARD = threading.Lock()


def _semaphore(limit: int) -> threading.BoundedSemaphore:
    """One semaphore per limit per process: runs of one process with the same N share the N cores."""
    with _GUARD:
        return _SLOTS.setdefault(limit, threading.BoundedSemaphore(limit))


def cleaning_slot(limit: int | None) -> ContextManager[object]:
    """Wait for one of `limit` cleaning slots (None or 0: no limit, e.g. a Dask worker thread, which
    runs one batch at a time anyway)."""
    if not limit:
        return nullcontext()
    return _semaphore(limit)  # a semaphore is itself the context: acquire on enter, release on exit


__all__ = ["cleaning_slot"]
