"""A run stopped by the user (Ctrl-C), cooperatively: the CLI's SIGINT handler sets one flag, and the
loops that do a run's work check it between documents and between batches.

Why not Python's KeyboardInterrupt: it lands in the main thread at any bytecode (inside Prefect's
engine, a SQLAlchemy commit, the progress bar), while the batches run in other threads that never see
it, so the run went on in the background (the bar kept ticking) and a second Ctrl-C ended it with a
traceback. With the flag, the sandbox stops its workers within one poll, the batch in hand is not
stored (a batch is stored whole or not at all), the finished batches stay, and the run ends
`interrupted` (ingest/cli_store.py).

    request()       the CLI's handler: stop the run in this process
    requested()     has a stop been asked for?
    check()         raise RunInterrupted if so (between documents, between batches)
    reset()         a new run in this process starts unstopped
    sigint_blocked()  a context in which SIGINT is held back (for starting child processes)
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from .errors import IngestError

_STOP = threading.Event()


class RunInterrupted(IngestError):
    """The user asked the run to stop (Ctrl-C): the batch in hand is dropped, finished ones stay."""

    def __init__(self) -> None:
        super().__init__("interrupted by the user (Ctrl-C): finished batches are stored")


def request() -> None:
    _STOP.set()


def requested() -> bool:
    return _STOP.is_set()


def reset() -> None:
    _STOP.clear()


def check() -> None:
    if _STOP.is_set():
        raise RunInterrupted()


@contextmanager
def sigint_blocked() -> Iterator[None]:
    """Hold SIGINT back in this thread for the duration. A process forked or started meanwhile is born
    with SIGINT blocked (the signal mask is inherited across fork and exec), so a Ctrl-C sent to the
    terminal's whole process group at that moment cannot land in its start-up code (Python's at-fork
    hooks print "Exception ignored … KeyboardInterrupt" there). A SIGINT for this process that arrives
    meanwhile is delivered to another thread, or here when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ignore_sigint_in_child() -> None:
    """In a child started under sigint_blocked(): ignore Ctrl-C (the parent decides what an interrupt
    means and stops its children itself), then take the block off (a pending SIGINT is discarded)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


__all__ = ["RunInterrupted", "check", "ignore_sigint_in_child", "request", "requested", "reset", "sigint_blocked"]
