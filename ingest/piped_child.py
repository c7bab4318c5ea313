"""A child process that its parent talks to over a pipe: born deaf to the terminal's Ctrl-C, asked to
end by a None down the pipe and killed when it does not within a grace time, or killed outright.

The sandbox's cleaning workers (ingest/sandbox.py) and the run's batch processes
(ingest/batch_processes.py) are both such children; only what they run and how long a stop may take
differ, so the starting and ending live here once.
"""
from __future__ import annotations

from multiprocessing.connection import Connection
from typing import Any, Callable, Iterator

from . import interrupt


class PipedChild:
    """One child process (`proc`) and the parent's end of its pipe (`conn`). The child's target gets
    the other end as its first argument; `start` starts the process (a caller may need another way
    than Process.start, e.g. from a daemonic process)."""

    def __init__(self, ctx: Any, target: Callable[..., None], args: tuple = (), *, name: str | None = None,
                 start: Callable[[Any], None] | None = None):
        self.conn: Connection
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=target, args=(child, *args), daemon=True, name=name)
        with interrupt.sigint_blocked():  # born deaf to the terminal's Ctrl-C (see interrupt.sigint_blocked)
            (start or type(self.proc).start)(self.proc)
        child.close()

    def kill(self) -> None:
        """SIGKILL the child (when still alive), reap it and close the pipe."""
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()

    def stop(self, grace_seconds: float) -> None:
        """Ask the child to end (None down the pipe), give it `grace_seconds` to exit, then kill()."""
        try:
            self.conn.send(None)
        except OSError:  # it is gone already, or its pipe is
            pass
        self.proc.join(timeout=grace_seconds)
        self.kill()


def requests(conn: Connection) -> Iterator[Any]:
    """The child's side: each message the parent sends, until its None (stop) or a closed pipe."""
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        yield msg


__all__ = ["PipedChild", "requests"]
