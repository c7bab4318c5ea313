"""Reading /proc/<pid>/stat (Linux): one parser for the run owner check, the sandbox's CPU budget and
the reaper's process tree."""
from __future__ import annotations

import os

# Indexes into the fields after the command name (proc(5) numbers them from 1, with 3 for `state`).
PPID, UTIME, STIME, STARTTIME = 1, 11, 12, 19


def stat_fields(pid: int | str) -> list[bytes] | None:
    """The fields of /proc/<pid>/stat after `(comm)` (a command name may hold spaces and parentheses),
    or None when the process is gone or /proc is not there."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields if len(fields) > STARTTIME else None


def process_start(pid: int) -> str:
    """When a process started (clock ticks since boot): a pid reused by a later process differs here;
    "?" when it cannot be told (the process is gone, or no /proc)."""
    fields = stat_fields(pid)
    return "?" if fields is None else fields[STARTTIME].decode()


def process_alive(pid: int, start: str = "?") -> bool:
    """True while process `pid` of this host runs and, when its start time is known ("?" or "" when
    not), is the same process that started then: a pid reused after its owner died reads as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by another user
    return start in ("?", "") or process_start(pid) in ("?", start)
