"""What the scale-out tests share: comparing a run with a reference run, killing a worker while a batch
is landed but not yet stored, checking every document was stored exactly once, and watching which
child processes a run starts (tests/flows/test_scale_out.py, tests/flows/test_batch_processes.py)."""
from __future__ import annotations

import multiprocessing
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

from sqlalchemy import func, select

from ingest.store import SqlStore, schema
from snapshot_support import store_snapshot

# Summary fields that differ between two runs of the same inputs by design.
UNTIMED = ("run_id", "seconds", "steps")
# How often the watchers look at the run's children and the store; a batch of a few documents takes
# tens of milliseconds to clean.
POLL_SECONDS = 0.01
# The killer gives up after this long without seeing a batch landed and not yet stored.
KILL_WINDOW_SECONDS = 300


def counts(summary: dict) -> dict:
    """A run summary without what differs between runs by design (UNTIMED)."""
    return {k: v for k, v in summary.items() if k not in UNTIMED}


def assert_same_run(summary: dict, url: str, reference: dict, reference_url: str) -> None:
    """The run stored what the reference run stored: the same counts, the same rows."""
    assert counts(summary) == counts(reference)
    assert store_snapshot(url) == store_snapshot(reference_url)


def kill_mid_batch(url: str, kill: Callable[[], int | None], killed: list[int], stop: threading.Event) -> None:
    """Call kill() (it SIGKILLs a busy worker and returns its pid, or None when none is busy yet) as soon
    as the store at `url` holds a batch landed and not yet stored; its pid goes to `killed`."""
    with SqlStore(url) as store, store.engine.connect() as conn:
        deadline = time.monotonic() + KILL_WINDOW_SECONDS
        while not stop.is_set() and time.monotonic() < deadline:
            landed = conn.scalar(select(func.count()).select_from(schema.raw_documents))
            stored = conn.scalar(select(func.count()).select_from(schema.documents))
            conn.rollback()  # a fresh snapshot next time
            if landed > stored:
                pid = kill()
                if pid is not None:
                    killed.append(pid)
                    return
            time.sleep(POLL_SECONDS)


@contextmanager
def killing_mid_batch(url: str, kill: Callable[[], int | None]) -> Iterator[list[int]]:
    """kill_mid_batch in a thread for the duration of the block; yields the list of killed pids."""
    killed: list[int] = []
    stop = threading.Event()
    killer = threading.Thread(target=kill_mid_batch, args=(url, kill, killed, stop))
    killer.start()
    try:
        yield killed
    finally:
        stop.set()
        killer.join()


def assert_stored_exactly_once(url: str, n: int) -> None:
    """n documents landed, stored and with their article, none of them twice."""
    with SqlStore(url) as store, store.engine.connect() as conn:
        def count(table, column=None):
            return conn.scalar(select(func.count(func.distinct(column)) if column is not None else func.count())
                               .select_from(table))

        assert count(schema.documents) == count(schema.documents, schema.documents.c.raw_id) == n
        assert count(schema.articles) == count(schema.articles, schema.articles.c.article_id) == n
        assert count(schema.raw_documents) == n


@contextmanager
def children_seen() -> Iterator[set[str]]:
    """The names of this process's child processes seen while the block runs (a watcher thread)."""
    seen: set[str] = set()
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.update(p.name for p in multiprocessing.active_children())
            time.sleep(POLL_SECONDS)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield seen
    finally:
        stop.set()
        watcher.join()


__all__ = ["KILL_WINDOW_SECONDS", "POLL_SECONDS", "UNTIMED", "assert_same_run", "assert_stored_exactly_once",
           "children_seen", "counts", "kill_mid_batch", "killing_mid_batch"]
