"""Batch processes: on one box with --workers N (N >= 2), each batch task of a run is landed, cleaned
and stored by one of N long-lived worker processes, so the per-document work (landing in the raw
zone, taking outcomes back from the sandbox, storing rows) runs on N cores instead of in the flow's
driver under one GIL. The driver only reads the sources, submits batches and adds up their tallies.

Why processes of a fork server and not forks of the driver: every fork of the big, many-threaded
driver (a sandbox per batch, as before) made the driver pay copy-on-write page faults afterwards
(landing a batch cost 1.4 ms a document in the flow against 0.06 alone). The fork server is one clean
Python process started once per driver process with the cleaning modules and the language model
loaded (ingest/_fork_server_preload.py), and it forks each batch process in milliseconds, with no
store connection of the driver's inside it. Each batch process keeps its own store (connection pool)
across batches (ingest.worker.store_for); its sandbox forks from it, a single-threaded process.

Faults and Ctrl-C:
  - a batch process that dies mid-batch (SIGKILL, the OOM killer) raises BatchProcessDied in the task,
    which Prefect retries (flows/ingest_tasks.RETRY) on a fresh process; the dead one's transaction
    was never committed, landing and storing are idempotent, so nothing is lost or stored twice.
  - batch processes ignore SIGINT (a terminal sends it to the whole group); after Ctrl-C the driver
    kills the batch processes that are still working (their batches are dropped, uncommitted: a
    batch is stored whole or not at all) and raises RunInterrupted.
  - each dies with its parent, the fork server, which exits when the driver does (even by SIGKILL).
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import traceback
import uuid
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection
from typing import Any, Callable

from . import interrupt
from .errors import IngestError
from .piped_child import PipedChild, requests

# What the fork server imports before forking any batch process: the program's main module (once,
# there, instead of once in every child, which multiprocessing does otherwise), and the preload module,
# which loads the lazily loaded models and makes the server, hence its children, deaf to Ctrl-C.
PRELOAD = ["__main__", "ingest._fork_server_preload"]
# How often a task thread waiting for its batch process looks whether Ctrl-C asked the run to stop.
POLL_SECONDS = 0.1
# A batch process asked to stop is given this long to exit before it is killed.
STOP_SECONDS = 2.0

# INGEST_BATCH_PROCESSES=0: --workers N runs its batch tasks' landing and storing in the run's own
# process again (threads, a sandbox per batch, as before batch processes): for a debugger or a patched
# function in the run's process, and for bench/bench_run.py to measure one against the other.
ENV = "INGEST_BATCH_PROCESSES"

_POOLS: dict[str, "BatchProcesses"] = {}
_IN_BATCH_PROCESS = False  # set in a batch process: it runs one batch at a time, never two at once
_GUARD = threading.Lock()


class BatchProcessDied(IngestError):
    """The process running a batch died before it answered (killed, out of memory): the batch is retried."""


class BatchFailed(IngestError):
    """A batch raised an error that could not be sent back as itself; the message carries its traceback."""


def _context():
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def _main(conn: Connection) -> None:
    """A batch process: receive (function, keyword arguments, the driver's environment), send back ("ok",
    result) or ("error", exc, traceback text); None or a closed pipe ends it."""
    from .sandbox import _die_with_parent  # noqa: PLC0415 - in the child only

    global _IN_BATCH_PROCESS
    _IN_BATCH_PROCESS = True
    _die_with_parent()
    # The ~75,000 objects the fork server preloaded (modules, the language model's tables) live as long
    # as the process: moved out of the cyclic collector's reach, its full passes no longer walk them (nor
    # write their headers, which copy-on-write would turn into page copies), here and in the sandbox
    # workers forked from here, which inherit it. Cleaning bench_run's pages in one process: collector
    # time 0.15-0.26 -> 0.05 ms a page. The collector stays on for what the batches make.
    gc.freeze()
    for fn, kwargs, env in requests(conn):
        if env != os.environ:  # as a thread of the driver would see it (a store password, S3 endpoint, settings)
            os.environ.clear()
            os.environ.update(env)
        try:
            reply: tuple = ("ok", fn(**kwargs))
        except BaseException as exc:  # noqa: BLE001 - every error goes back to the task that waits
            # as (class, args, attributes): the project's errors build their message in __init__ from
            # named facts, so pickle's way (calling the class with .args) cannot rebuild them
            args = exc.args
            if isinstance(exc, OSError) and exc.errno is not None:  # its filename is not in .args
                args = (exc.errno, exc.strerror, exc.filename, None, exc.filename2)
            reply = ("error", (type(exc), args, exc.__dict__), traceback.format_exc())
        try:
            conn.send(reply)
        except Exception:  # noqa: BLE001 - an error that does not pickle: send its text
            conn.send(("error", None, reply[2] if len(reply) > 2 else repr(reply)))


class _Process(PipedChild):
    # a request sent ahead (BatchProcesses.start's warm-up) whose reply is still to be read: the next
    # call reads it first, so replies never get out of step with requests
    pending = False

    def __init__(self, ctx):
        # multiprocessing's resource tracker, started by the first fork server start, unblocks SIGINT in
        # this thread after starting itself (CPython's resource_tracker.ensure_running), which undid the
        # SIGINT block around the start (PipedChild) before the fork server was spawned: a Ctrl-C then
        # hit the server's imports as a KeyboardInterrupt traceback. Started first, it is a no-op inside
        # the block, and the fork server it may start is born deaf to Ctrl-C.
        resource_tracker.ensure_running()
        super().__init__(ctx, _main, name="ingest-batch")

    def stop(self, grace_seconds: float = STOP_SECONDS) -> None:
        super().stop(grace_seconds)


class BatchProcesses:
    """`workers` batch processes, each running one batch at a time; started on first use, stopped by
    close(). Thread-safe: the flow's task threads call call() concurrently, at most `workers` run at once
    and the others wait for a free process."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self.key = uuid.uuid4().hex
        self._ctx = _context()
        self._slots = threading.BoundedSemaphore(self.workers)
        self._lock = threading.Lock()
        self._idle: list[_Process] = []
        self._busy: set[_Process] = set()
        with _GUARD:
            _POOLS[self.key] = self

    def __enter__(self) -> "BatchProcesses":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self, warm: Callable[..., Any] | None = None, **kwargs: Any) -> None:
        """Start every batch process now, not at its first batch, and have each run warm(**kwargs)
        (e.g. start its sandbox) meanwhile: the flow calls this before Prefect creates the flow run
        (~0.3-0.4 s of API round trips), so the forks and the first batch's start-up (~0.1 s of each
        process's first batch: its sandbox's fork, first imports) overlap it instead of delaying the
        first batch. The warm-up's outcome is read, and dropped, by the first call() that gets the
        process: an error in it (the same as the first batch would meet) is the batch's to raise."""
        with self._lock:
            missing = self.workers - len(self._idle) - len(self._busy)
        for _ in range(max(0, missing)):
            worker = _Process(self._ctx)
            if warm is not None:
                try:
                    worker.conn.send((warm, kwargs, dict(os.environ)))
                    worker.pending = True
                except OSError:  # died at birth: the first call finds it dead and raises BatchProcessDied
                    pass
            with self._lock:
                self._idle.append(worker)

    def call(self, fn: Callable[..., Any], **kwargs: Any) -> Any:
        """fn(**kwargs) in one of the batch processes (fn and kwargs must pickle: a module-level function),
        with this process's environment as it is now."""
        with self._slots:
            interrupt.check()
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            worker = worker or _Process(self._ctx)
            with self._lock:
                self._busy.add(worker)
            try:
                reply = self._wait(worker, fn, kwargs)
            except BaseException:
                worker.kill()  # dead, interrupted or out of step: never reused
                raise
            finally:
                with self._lock:
                    self._busy.discard(worker)
            with self._lock:
                self._idle.append(worker)
        if reply[0] == "ok":
            return reply[1]
        _, parts, text = reply
        if parts is None:
            raise BatchFailed(f"the batch process raised:\n{text}")
        raise _rebuilt(*parts)

    def _wait(self, worker: _Process, fn: Callable[..., Any], kwargs: dict) -> tuple:
        if worker.pending:  # the warm-up's reply comes first (start)
            self._reply(worker)
            worker.pending = False
        return self._reply(worker, (fn, kwargs, dict(os.environ)))

    def _reply(self, worker: _Process, request: tuple | None = None) -> tuple:
        """Send `request` (None: only read the reply to the one sent before) and wait for the reply."""
        try:
            if request is not None:
                worker.conn.send(request)
            while not worker.conn.poll(POLL_SECONDS):
                interrupt.check()  # Ctrl-C: the batch is dropped (its process killed, nothing committed)
                if not worker.proc.is_alive() and not worker.conn.poll(0):
                    raise EOFError
            return worker.conn.recv()
        except (EOFError, OSError, ConnectionError):
            worker.proc.join(timeout=1)
            raise BatchProcessDied(f"the batch process {worker.proc.pid} died mid-batch "
                                   f"(exit code {worker.proc.exitcode}): the batch is retried") from None
        except interrupt.RunInterrupted:
            raise
        except Exception as exc:  # noqa: BLE001 - the reply did not unpickle (an exception class of its own)
            raise BatchFailed(f"the batch process's reply could not be read: {exc!r}") from None

    @property
    def closed(self) -> bool:
        with _GUARD:
            return self.key not in _POOLS

    def close(self) -> None:
        with _GUARD:
            _POOLS.pop(self.key, None)
        with self._lock:
            idle, busy = list(self._idle), list(self._busy)
            self._idle.clear()
        for worker in idle:
            worker.stop()
        for worker in busy:  # a task still waiting (the run is ending early): its batch is dropped
            worker.kill()


def _rebuilt(cls: type[BaseException], args: tuple, attributes: dict) -> BaseException:
    """The exception a batch process raised, as it was there (its __init__ is not called again)."""
    if issubclass(cls, OSError):  # errno, strerror, filename: what describe_failure names
        try:
            exc = cls(*args)
        except Exception:  # noqa: BLE001 - an OSError subclass of another signature
            exc = cls.__new__(cls, *args)
    else:
        exc = cls.__new__(cls, *args)
        exc.args = args
    exc.__dict__.update(attributes)
    return exc


def warm_up(settings: dict, jobs: int = 1) -> None:
    """In a batch process, before its first batch: the sandbox that its batches will clean in
    (ingest.worker.kept_sandbox, for these task settings), with its workers started."""
    from .worker import kept_sandbox, settings_from  # noqa: PLC0415 - worker imports this module

    box = kept_sandbox(settings_from(**settings), jobs)
    if box is not None:
        box.prestart()


def in_batch_process() -> bool:
    """Whether this process is a batch process (its batches come one after another, in one thread)."""
    return _IN_BATCH_PROCESS


def enabled(env=None) -> bool:
    """Whether --workers N (N >= 2) hands its batches to batch processes (unless INGEST_BATCH_PROCESSES=0)."""
    return (os.environ if env is None else env).get(ENV, "").strip() != "0"


def pool(key: str) -> BatchProcesses:
    """The BatchProcesses registered under `key` in this process (a task parameter names it)."""
    with _GUARD:
        found = _POOLS.get(key)
    if found is None:
        raise IngestError(f"no batch processes {key!r} in this process (the run that started them has ended)")
    return found


__all__ = ["ENV", "BatchFailed", "BatchProcessDied", "BatchProcesses", "enabled", "in_batch_process", "pool",
           "warm_up"]
