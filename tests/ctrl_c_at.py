"""`ingest ARGS…` as its console script runs it, with a real Ctrl-C at a moment chosen by event, not by clock.

    python ctrl_c_at.py EVENT N ARGS…

sends SIGINT to this process's whole group (what a terminal's Ctrl-C reaches: the run, its sandbox
workers, Prefect's temporary server) at the N-th occurrence of the audit event EVENT (sys.addaudithook:
"import", "open", "sqlite3.connect", "subprocess.Popen", "os.fork", "socket.connect", …) in this process,
counted from the moment `ingest.cli.main` is called. A sleep before a Ctrl-C lands anywhere in a
second of start-up depending on the machine's load; an event is the same moment of the same code on
every machine. N = 0 sends nothing and prints the count of every event at exit (to choose moments).
The line "ctrl_c_at: SIGINT at …" on stderr says the moment was reached.
"""
from __future__ import annotations

import os
import signal
import sys
from collections import Counter


def _run() -> None:
    event, nth, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    me = os.getpid()
    seen: Counter = Counter()
    state = {"armed": False, "sent": False}

    def hook(name: str, details: tuple) -> None:
        if not state["armed"] or os.getpid() != me:  # forked workers inherit the hook: only the run counts
            return
        seen[name] += 1
        if nth and not state["sent"] and name == event and seen[name] == nth:
            state["sent"] = True
            what = str(details[0])[:120] if details else ""
            os.write(2, f"ctrl_c_at: SIGINT at {event} #{nth} ({what})\n".encode())
            os.killpg(os.getpgrp(), signal.SIGINT)

    sys.addaudithook(hook)
    from ingest.cli import main  # noqa: E402 - the console script's own import, before any Ctrl-C

    if not nth:
        import atexit

        atexit.register(lambda: os.write(2, ("ctrl_c_at: events " + " ".join(
            f"{k}={seen[k]}" for k in ("import", "open", "sqlite3.connect", "subprocess.Popen", "os.fork",
                                       "socket.connect", "os.system")) + "\n").encode()))
    state["armed"] = True
    sys.exit(main(args))


# Guarded: a multiprocessing fork server (ingest/batch_processes.py) imports the main script again as
# __mp_main__, and must not run the command a second time there.
if __name__ == "__main__":
    _run()
