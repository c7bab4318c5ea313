"""A watcher that stops what this process started when this process is killed.

`ingest run` in flow mode starts Prefect's temporary server as a child process; Prefect stops it at
exit, but a `kill -9` of `ingest run` skips every exit handler and left the server running forever,
reparented to init. `watch_children()` forks a small watcher that remembers this process's
descendants (every POLL_SECONDS) and, once this process is gone (its end of a pipe closes, however it
died), terminates the ones still running. A child started less than one poll before the kill is not in
that record yet, so every child also inherits an environment tag (TAG_VARIABLE) naming this process, and
the watcher terminates whatever still carries the tag. Linux (/proc); elsewhere it does nothing.
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
# Set in this process's environment, so every program it starts afterwards carries it in
# /proc/<pid>/environ: "<pid>:<start time>", unique on the machine.
TAG_VARIABLE = "INGEST_REAPER_TAG"

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


def tagged(tag: bytes, table: dict[int, tuple[int, str]]) -> dict[int, str]:
    """pid → start time of every process whose environment carries `tag` (ours, started by this run)."""
    marker = f"{TAG_VARIABLE}=".encode() + tag + b"\0"
    found = {}
    for pid, (_, start) in table.items():
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                if marker in fh.read():
                    found[pid] = start
        except OSError:  # gone, or another user's process
            continue
    return found


def _watch(parent: int, fd: int, tag: bytes) -> None:
    seen: dict[int, str] = {}
    me = os.getpid()
    while True:
        ready, _, _ = select.select([fd], [], [], POLL_SECONDS)
        if ready and not os.read(fd, 1):
            break  # the parent is gone: its end of the pipe closed
        seen.update({p: s for p, s in descendants(parent).items() if p != me})
    seen.update({p: s for p, s in tagged(tag, _proc_table()).items() if p != me})
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
    fields = stat_fields(str(parent))
    tag = f"{parent}:{fields[STARTTIME].decode() if fields else 0}"
    os.environ[TAG_VARIABLE] = tag
    from .interrupt import ignore_sigint_in_child, sigint_blocked

    with sigint_blocked():  # a Ctrl-C at the fork must not reach the watcher's copy of the run's handler
        pid = os.fork()
    if pid == 0:  # the watcher
        try:
            os.close(write_end)
            ignore_sigint_in_child()  # Ctrl-C is for the run; the watcher cleans up after it
            os.setpgrp()  # not in the terminal's process group: a group kill of the run spares the watcher
            _watch(parent, read_end, tag.encode())
        finally:
            os._exit(0)
    os.close(read_end)
    _started = True
    _WRITE_END.append(write_end)  # held open for this process's life; closed by the kernel when it dies


_WRITE_END: list[int] = []
