"""Python's cyclic garbage collector paused around work that allocates many short-lived, acyclic objects."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off inside the block, back on after only if it was on (so a caller that
    turned it off keeps it off, and only the caller that found it on turns it back on). Callers say
    in their own words why their objects hold no cycles worth reclaiming mid-work."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
