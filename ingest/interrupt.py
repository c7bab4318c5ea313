"""A run stopped by the user (Ctrl-C), cooperatively: one SIGINT handler, installed by the CLI the
moment `ingest.cli.main` starts, sets one flag, and the run checks it at points where stopping is safe
(before the run row is made, between batches, between documents, while waiting for a batch or for
Prefect's temporary server).

Why not Python's KeyboardInterrupt: it lands in the main thread at any bytecode (inside Prefect's
engine, a SQLAlchemy commit, an import that pydantic wraps into another exception, the progress bar),
while the batches run in other threads that never see it, so the run went on in the background (the
bar kept ticking) and a second Ctrl-C ended it with a traceback. The handler never raises: nothing
is torn in half, and a Ctrl-C that comes before the run has begun (the command line still read, the
store checked, Prefect importing) is honoured by the first check, so none is lost. With the flag, the
sandbox stops its workers within one poll, the batch in hand is not stored (a batch is stored whole or
not at all), the finished batches stay, and the run ends `interrupted` (ingest/cli_store.py). A second
Ctrl-C quits at once.

A process started with SIGINT ignored (a background job of a non-interactive shell: the shell does that
so that the terminal's Ctrl-C spares it) keeps ignoring it, from start to end, as Python itself and
Unix tools do. Before, such a run ignored a Ctrl-C during its start-up (Python keeps an inherited
SIG_IGN) and obeyed one later: a Ctrl-C in its first second was lost and the run completed (exit 0).

    install()       the CLI's handler, from the first moment (returns a function that removes it)
    keyboard_interrupt()  back to Python's own Ctrl-C, for verbs with nothing to keep (`clean`, `status`)
    request()       stop the run in this process
    requested()     has a stop been asked for?
    check()         raise RunInterrupted if so (the safe points)
    add_probe()     another source of "stop" for a thread's work (a cancelled Dask task)
    reset()         a new run in this process starts unstopped
    sigint_blocked()  a context in which SIGINT is held back (for starting child processes)
"""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from .errors import IngestError

_STOP = threading.Event()


class RunInterrupted(IngestError):
    """The user asked the run to stop (Ctrl-C): the batch in hand is dropped, finished ones stay."""

    def __init__(self) -> None:
        super().__init__("interrupted by the user (Ctrl-C): finished batches are stored")


# Other ways the work of a stopped run hears of it than this process's Ctrl-C: functions of no
# arguments, true when the calling thread's work should stop (ingest/dask_stop.py: a batch on a Dask
# worker whose task the interrupted driver cancelled). Checked wherever the flag is.
_PROBES: list[Callable[[], bool]] = []


def request() -> None:
    _STOP.set()


def requested() -> bool:
    return _STOP.is_set() or any(probe() for probe in _PROBES)


def reset() -> None:
    _STOP.clear()


def check() -> None:
    if requested():
        raise RunInterrupted()


def add_probe(probe: Callable[[], bool]) -> None:
    """Also stop the calling thread's work when probe() is true (once per probe)."""
    if probe not in _PROBES:
        _PROBES.append(probe)


# What the terminal is told, once per run (not by each worker: they ignore SIGINT).
FIRST_MESSAGE = b"\ninterrupted: stopping after the documents in hand (Ctrl-C again to quit at once)\n"
SECOND_MESSAGE = b"\ninterrupted again: quitting now (the run is marked interrupted by the next command)\n"
EXIT_INTERRUPTED = 130


def _on_sigint(_signum, _frame) -> None:
    """First Ctrl-C: set the flag and say so (never raise: see the module's docstring). Second: exit now."""
    if _STOP.is_set():
        quit_now()
    _STOP.set()
    os.write(2, FIRST_MESSAGE)


def quit_now(_signum=None, _frame=None) -> None:
    os.write(2, SECOND_MESSAGE)
    os._exit(EXIT_INTERRUPTED)


def install() -> Callable[[], None]:
    """From now on a Ctrl-C in this process sets the stop flag (a second one quits at once), wherever
    the main thread is. Returns a function that puts the previous handler back. Does nothing outside
    the main thread (signals are the main thread's) or when SIGINT is ignored (see the docstring)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGINT)
    if previous == signal.SIG_IGN:
        return lambda: None
    reset()
    signal.signal(signal.SIGINT, _on_sigint)

    def restore() -> None:
        if signal.getsignal(signal.SIGINT) is _on_sigint:
            signal.signal(signal.SIGINT, previous)
    return restore


def quit_on_sigint() -> None:
    """While the program exits (its verb is done): a Ctrl-C quits at once, without a traceback."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is _on_sigint:
        signal.signal(signal.SIGINT, quit_now)


def keyboard_interrupt() -> None:
    """For a command with nothing to keep: Python's own Ctrl-C (KeyboardInterrupt) from now on, and one
    that came since install() is raised here."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is _on_sigint:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if _STOP.is_set():
        raise KeyboardInterrupt


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


__all__ = ["EXIT_INTERRUPTED", "RunInterrupted", "add_probe", "check", "ignore_sigint_in_child", "install", "keyboard_interrupt",
           "quit_now", "quit_on_sigint", "request", "requested", "reset", "sigint_blocked"]
