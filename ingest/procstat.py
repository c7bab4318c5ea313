"""Reading /proc/<pid>/stat (Linux): one parser for the run owner check, the sandbox's CPU budget and
the reaper's process tree."""
from __future__ import annotations

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
