"""Imported by the fork server of the batch processes (ingest/batch_processes.py) before it forks
any, and meant for nothing else: the server ignores the terminal's Ctrl-C from here on (its children
inherit that; the driver decides what an interrupt means and stops them itself) and loads the modules
and models every batch process needs, once, so each batch process starts warm in milliseconds."""
from __future__ import annotations

from . import interrupt

interrupt.ignore_sigint_in_child()  # the server was started with SIGINT blocked: ignore it, then unblock

from . import sandbox, worker  # noqa: E402,F401 - loaded here so the forks inherit them

sandbox.warm()
