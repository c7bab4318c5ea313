"""Worker processes that clean documents within a time and memory budget, and are replaced when a
document overruns it.

A runaway C-level parse (lxml on a hostile page) or regex cannot be interrupted from inside Python, so
every document is cleaned in a worker process that the parent watches; one that overruns is killed
and replaced, its document becomes a FailedDocument, and the batch goes on (datatrove's extractor
sandbox works the same way).

API (both run the documents through `pipeline.process_raw` and keep input order; reading the sources is
the caller's: ingest.sources refuses FIFOs and devices before any read, so nothing here reads a file):

    with Sandbox(settings, jobs=2) as box:             # starts `jobs` worker processes
        for outcome in box.process(raws):               # Iterable[RawDocument] -> Iterator[Outcome]
            ...                                          # streamed: each yielded as soon as it and all
                                                         # before it are done
    process_all(raws, settings, jobs=1) -> list[Outcome] # one call, one sandbox

The budget is `settings.budget` (ingest.settings.Budget): CPU seconds and RSS growth of the worker over
its idle size, both scaled by the document's size. Failures it produces (stage "sandbox"):
  timeout              CPU budget spent (or wall time WALL_FACTOR times it: a worker blocked, not computing)
  too_large_in_memory  the worker grew past the memory budget
  worker_crashed       the worker died (a segfault in a C library, the kernel's OOM killer)
Works from threads (Prefect task runners) and from daemonic pool or Dask worker processes; a worker dies
with the process that started it (Linux), so a killed run leaves none behind.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Iterable, Iterator, Sequence

from . import dedup, interrupt
from .pipeline import process_raw
from .piped_child import PipedChild, requests
from .procstat import STIME, UTIME, stat_fields
from .records import CleanDocument, FailedDocument, Outcome, RawDocument
from .settings import Budget, Settings
from .version import PROCESSING_VERSION

# A document blocked without using CPU (a read that never returns) is stopped at this many times its
# CPU budget in wall time; under load a healthy document's wall time is at most ~4x its CPU time on this
# project's 2-core, 8-session test machine.
WALL_FACTOR = 4.0
# How often the parent checks its workers' CPU time and memory: 1/20 s keeps the memory overshoot of an
# allocation burst small (Python allocates well under 1 GB/s) at a negligible cost (two /proc reads).
POLL_SECONDS = 0.05
# A worker whose idle size grew this far past its start (Python keeps freed memory) is replaced after
# its document, so the next document's memory budget is measured from a fresh worker.
RECYCLE_GROWTH_BYTES = 256 * 1024 * 1024
# Documents queued ahead of the oldest unfinished one: bounds the memory held for in-order output.
LOOKAHEAD_PER_JOB = 4
# An idle worker asked to stop is given this long to exit before it is killed: it only has to leave
# its receive loop, which takes milliseconds.
STOP_SECONDS = 1.0
# The modules every worker needs, imported once before forking so each worker starts warm.
_PRELOAD = ("ingest.extract.html", "ingest.extract.text")
# Lazily loaded models, loaded once before forking for the same reason: py3langid's model takes
# 0.6-1.2 s of CPU to load, which every fresh worker (a sandbox per batch) paid on its first document.
_WARM = (("ingest.language", "_identifier"),)

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _rss(pid: int) -> int | None:
    """Resident bytes of a process (Linux /proc), None where unavailable."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return None


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process (Linux /proc), None where unavailable."""
    fields = stat_fields(pid)
    return None if fields is None else (int(fields[UTIME]) + int(fields[STIME])) / _TICKS


def index_keys(outcome: Outcome) -> tuple[tuple[str, dedup.Keyed], ...]:
    """(text, near-duplicate keys) of each article of a clean document: what the store's index needs,
    computed where the document was cleaned so that the run's driver, which stores every batch under
    one GIL, does not (dedup.prepare is ~0.35 ms an article, a tenth of what the driver spent per
    small document). The text goes along so the store can tell whether a site template changed it."""
    if not isinstance(outcome, CleanDocument):
        return ()
    return tuple((a.text, dedup.prepare(a.text)) for a in outcome.articles)


def _worker_main(conn: Connection, settings: Settings, parent: int, keys: bool = False) -> None:
    """Worker loop: receive a RawDocument, send back its Outcome (with its index keys when `keys`);
    None ends the loop."""
    interrupt.ignore_sigint_in_child()  # Ctrl-C is the parent's to handle: it stops its workers itself
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the death signal was armed
        return
    conn.send(("ready", _rss(os.getpid())))
    for msg in requests(conn):
        outcome = process_raw(msg, settings)
        try:
            prepared = index_keys(outcome) if keys else ()
        except Exception:  # noqa: BLE001 - never this document's failure: the store computes them itself
            prepared = ()
        conn.send(("done", outcome, prepared))


@dataclass
class _Job:
    index: int
    raw: RawDocument
    size: int
    source: str
    raw_id: str


class _Worker(PipedChild):
    """One worker process and the job it is running."""

    def __init__(self, ctx, settings: Settings, keys: bool = False):
        super().__init__(ctx, _worker_main, (settings, os.getpid(), keys), start=_start_even_if_daemonic)
        self.idle_rss: int | None = None
        self.job: _Job | None = None
        self.started = 0.0
        self.cpu_at_start = 0.0

    def wait_ready(self) -> None:
        kind, rss = self.conn.recv()
        self.idle_rss = rss

    def start(self, job: _Job) -> None:
        self.job, self.started = job, time.monotonic()
        self.cpu_at_start = _cpu_seconds(self.proc.pid) or 0.0
        self.conn.send(job.raw)

    def stop(self, grace_seconds: float = STOP_SECONDS) -> None:
        super().stop(grace_seconds)


def _context():
    """fork where the platform has it: a worker starts as a warm copy of this process in ~10 ms, so
    replacing one after an overrun is cheap. A lock some other thread of this process held at the
    fork stays held in the worker; CPython re-initialises its own (logging, imports), and a worker
    that blocks on any other is stopped by its wall-time budget like any blocked document."""
    if "fork" in multiprocessing.get_all_start_methods():
        warm()
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def warm() -> None:
    """Import what every worker needs and load the lazy models, so that forks of this process start warm."""
    for name in _PRELOAD:
        __import__(name)
    for module, function in _WARM:
        getattr(__import__(module, fromlist=[function]), function)()


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the process that started it dies (even by SIGKILL), so a
    killed run leaves no worker behind, even one stuck in a runaway parse."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


class Sandbox:
    """A pool of `jobs` worker processes that clean documents within `settings.budget` (see module doc)."""

    def __init__(self, settings: Settings, *, jobs: int = 1, keys: bool = False):
        self.settings, self.budget = settings, settings.budget
        self.jobs = max(1, jobs)
        # keys=True: the workers also compute each clean document's near-duplicate keys (index_keys),
        # kept here by raw id for the store (runs.process_ids); a document that failed has none.
        self.keys = keys
        self.index_keys: dict[str, tuple[tuple[str, dedup.Keyed], ...]] = {}
        self._ctx = _context()
        self._idle: list[_Worker] = []
        self._closed = False

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def reuse(self) -> None:
        """Ready for another batch of documents: index keys of the last one dropped, and any idle worker
        that died meanwhile (the OOM killer) forgotten, so a new one is started in its place."""
        self.index_keys.clear()
        for w in [w for w in self._idle if not w.proc.is_alive()]:
            self._idle.remove(w)
            w.kill()

    def prestart(self) -> None:
        """Start the workers now (they start on the first document otherwise): a batch process does it
        while the flow starts (ingest/batch_processes.py BatchProcesses.start), so its first batch does
        not wait for the fork and the worker's first set-up."""
        while len(self._idle) < self.jobs:
            self._idle.append(self._spawn())

    def close(self) -> None:
        for w in self._idle:
            w.stop()
        self._idle.clear()
        self._closed = True

    def process(self, raws: Iterable[RawDocument]) -> Iterator[Outcome]:
        """process_raw of each document, in input order, each within its budget."""
        return self._run(_Job(i, r, len(r.content), r.source_uri, r.raw_id) for i, r in enumerate(raws))

    # -- the scheduler --------------------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.settings, self.keys)
        w.wait_ready()
        return w

    def _run(self, jobs: Iterator[_Job]) -> Iterator[Outcome]:
        if self._closed:
            raise RuntimeError("sandbox is closed")
        pending: deque[_Job] = deque()
        busy: list[_Worker] = []
        done: dict[int, Outcome] = {}
        next_out, exhausted = 0, False
        lookahead = self.jobs * LOOKAHEAD_PER_JOB
        try:
            while True:
                interrupt.check()  # Ctrl-C: the documents in hand are dropped, the workers killed (finally)
                while not exhausted and len(pending) + len(busy) + len(done) < lookahead:
                    job = next(jobs, None)
                    if job is None:
                        exhausted = True
                    else:
                        pending.append(job)
                while pending and len(busy) < self.jobs:
                    w = self._idle.pop() if self._idle else self._spawn()
                    w.start(pending.popleft())
                    busy.append(w)
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                if not busy:
                    if exhausted and not pending:
                        return
                    continue
                ready = wait([w.conn for w in busy], timeout=POLL_SECONDS)
                for w in list(busy):
                    outcome = self._collect(w) if w.conn in ready else self._check(w)
                    if outcome is not None:
                        busy.remove(w)
                        done[w.job.index] = outcome
                        w.job = None
                        if w.proc.is_alive():
                            self._idle.append(w)
        finally:
            for w in busy:  # the consumer stopped early: nothing running may outlive it
                w.kill()

    def _collect(self, w: _Worker) -> Outcome:
        try:
            kind, outcome, keys = w.conn.recv()
        except (EOFError, OSError):
            w.kill()
            code = w.proc.exitcode
            return self._failure(w, "worker_crashed", f"the worker cleaning it died (exit code {code})")
        rss = _rss(w.proc.pid)
        if rss is not None and w.idle_rss is not None and rss - w.idle_rss > RECYCLE_GROWTH_BYTES:
            w.stop()  # keep its result, not its heap
        if keys:
            self.index_keys[outcome.raw_id] = keys
        return outcome

    def _check(self, w: _Worker) -> Outcome | None:
        """A failure when the running document overran its budget (the worker is killed), else None."""
        job = w.job
        elapsed = time.monotonic() - w.started
        allowed = self.budget.seconds(job.size)
        cpu = _cpu_seconds(w.proc.pid)
        used = (cpu - w.cpu_at_start) if cpu is not None else elapsed
        if used > allowed or elapsed > allowed * WALL_FACTOR:
            w.kill()
            return self._failure(w, "timeout", f"timeout: stopped after {elapsed:.1f} s ({used:.1f} s CPU; "
                                               f"budget {allowed:.1f} s CPU for {job.size / 1e6:.2f} MB)")
        rss = _rss(w.proc.pid)
        limit = self.budget.memory_bytes(job.size)
        if rss is not None and w.idle_rss is not None and rss - w.idle_rss > limit:
            w.kill()
            return self._failure(w, "too_large_in_memory",
                                 f"too_large_in_memory: stopped at {(rss - w.idle_rss) / 2**20:.0f} MB over the "
                                 f"worker's idle size after {elapsed:.1f} s (budget {limit / 2**20:.0f} MB for "
                                 f"{job.size / 1e6:.2f} MB)")
        return None

    def _failure(self, w: _Worker, error_type: str, reason: str) -> FailedDocument:
        job = w.job
        return FailedDocument(job.raw_id, job.source, "sandbox", error_type,
                              f"{job.source}: {reason}", PROCESSING_VERSION)


def _start_even_if_daemonic(proc) -> None:
    """Start a worker from a daemonic process too (a Dask or multiprocessing pool worker): multiprocessing
    refuses children there only so that they cannot outlive it, and these cannot (_die_with_parent)."""
    config = multiprocessing.current_process()._config  # noqa: SLF001 - the flag Process.start checks
    daemonic = config.pop("daemon", None)
    try:
        proc.start()
    finally:
        if daemonic is not None:
            config["daemon"] = daemonic


def process_all(raws: Sequence[RawDocument] | Iterable[RawDocument], settings: Settings, *,
                jobs: int = 1) -> list[Outcome]:
    """process_raw of every document in a sandbox of `jobs` workers; the outcomes in input order."""
    with Sandbox(settings, jobs=jobs) as box:
        return list(box.process(raws))


__all__ = ["Budget", "Sandbox", "index_keys", "process_all", "warm"]
