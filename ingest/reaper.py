"""A watcher that stops what this process started when this process is killed.

`ingest run` in flow mode starts Prefect's temporary server as a child process; Prefect stops it at
exit, but a `kill -9` of `ingest run` skips every exit handler and left the server running forever,
reparented to init. `watch_children()` forks a small watcher that remembers this process's
descendants (every POLL_SECONDS) and, once this process is gone (its end of a pipe closes, however it
died), terminates the ones still running. Linux (/proc); elsewhere it does nothing.
"""
from __future__ import annotations

import os
import select
import signal
import time

from .procstat import PPID, STARTTIME, stat_fields

# How often the watcher records descendants: a child that lives less than this may be missed, and it
# costs one /proc scan (~2 ms for 300 processes).
POLL_SECONDS = 0.5
# Between SIGTERM and SIGKILL: a server shuts down in well under this.
GRACE_SECONDS = 5.0

_started = False


def _proc_table() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, start time) of every process."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        fields = stat_fields(name)
        if fields is not None:
            table[int(name)] = (int(fields[PPID]), fields[STARTTIME].decode())
    return table


def descendants(pid: int, table: dict[int, tuple[int, str]] | None = None) -> dict[int, str]:
    """pid → start time of every process below `pid`."""
    table = _proc_table() if table is None else table
    children: dict[int, list[int]] = {}
    for child, (parent, _) in table.items():
        children.setdefault(parent, []).append(child)
    found, todo = {}, list(children.get(pid, ()))
    while todo:
        p = todo.pop()
        if p in table and p not in found:
            found[p] = table[p][1]
            todo += children.get(p, ())
    return found


def _alive(seen: dict[int, str]) -> list[int]:
    table = _proc_table()
    return [p for p, start in seen.items() if p in table and table[p][1] == start]


def _watch(parent: int, fd: int) -> None:
    seen: dict[int, str] = {}
    me = os.getpid()
    while True:
        ready, _, _ = select.select([fd], [], [], POLL_SECONDS)
        if ready and not os.read(fd, 1):
            break  # the parent is gone: its end of the pipe closed
        seen.update({p: s for p, s in descendants(parent).items() if p != me})
    left = _alive(seen)
    for sig, wait in ((signal.SIGTERM, GRACE_SECONDS), (signal.SIGKILL, 0)):
        for p in left:
            try:
                os.kill(p, sig)
            except OSError:
                pass
        deadline = time.monotonic() + wait
        while left and time.monotonic() < deadline:
            time.sleep(0.1)
            left = _alive({p: seen[p] for p in left})
        if not left:
            break


def watch_children() -> None:
    """Start the watcher (once per process; call before starting the children to be watched)."""
    global _started
    if _started or not os.path.isdir("/proc") or not hasattr(os, "fork"):
        return
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the watcher
        try:
            os.close(write_end)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the run; the watcher cleans up after it
            os.setpgrp()  # not in the terminal's process group: a group kill of the run spares the watcher
            _watch(parent, read_end)
        finally:
            os._exit(0)
    os.close(read_end)
    _started = True
    _WRITE_END.append(write_end)  # held open for this process's life; closed by the kernel when it dies


_WRITE_END: list[int] = []
