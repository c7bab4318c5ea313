"""`clean`: process files in memory and return their outcomes, storing nothing."""
from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Iterable, Iterator

from .errors import UnreadableInput
from .pipeline import process_raw, raw_from_bytes
from .records import FailedDocument, Outcome
from .settings import Settings

# Below this many files per worker, starting workers costs more than it saves.
_MIN_FILES_PER_JOB = 8


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def clean_file(path: str | Path, settings: Settings) -> Outcome:
    """One file → its outcome; an unreadable file is a FailedDocument, never an exception."""
    source = str(path)
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        err = UnreadableInput(source, f"cannot read file: {exc.strerror or exc}")
        return FailedDocument("", source, err.stage, type(err).__name__, str(err))
    return process_raw(raw_from_bytes(content, source), settings)


def clean(paths: Iterable[str | Path], settings: Settings | None = None, *, jobs: int = 1) -> Iterator[Outcome]:
    """One outcome per path, in input order. With jobs > 1, files are cleaned by that many worker
    processes (each document is independent, so the output is the same as with one)."""
    settings = settings or Settings()
    paths = list(paths)
    jobs = min(jobs, len(paths) // _MIN_FILES_PER_JOB)
    if jobs <= 1:
        for path in paths:
            yield clean_file(path, settings)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ctx.Pool(jobs) as pool:
        yield from pool.imap(partial(clean_file, settings=settings), paths, chunksize=4)
