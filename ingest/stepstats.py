"""Per-step figures of one document: for each rule and stage, the spans it removed, their characters
and the seconds it took. The pipeline opens a recording per document; the engine and the pipeline add
to it; the figures travel with the CleanDocument and add up in the run summary (runs.Tally)."""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True, slots=True)
class StepStat:
    """One step (`rule:<name>` or `stage:<name>`) on one document."""

    step: str
    spans: int
    chars: int
    seconds: float


_current: list[dict[str, list]] = []  # a stack: the recording of the document being processed


def active() -> bool:
    """Whether a document is being recorded (callers skip computing figures nobody keeps)."""
    return bool(_current)


def add(step: str, seconds: float, spans: int = 0, chars: int = 0) -> None:
    """Count one step on the document being recorded (a no-op outside a recording)."""
    if _current:
        row = _current[-1].setdefault(step, [0, 0, 0.0])
        row[0] += spans
        row[1] += chars
        row[2] += seconds


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        add(f"stage:{name}", time.perf_counter() - started)


@contextmanager
def recording() -> Iterator[list[StepStat]]:
    """Record the steps of one document; the list is filled when the block ends."""
    steps: dict[str, list] = {}
    out: list[StepStat] = []
    _current.append(steps)
    try:
        yield out
    finally:
        _current.pop()
        out.extend(StepStat(k, v[0], v[1], round(v[2], 6)) for k, v in steps.items())
