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


def _path_list(paths: Iterable[str | Path] | str | Path) -> list[str | Path]:
    if isinstance(paths, (str, os.PathLike)):
        if isinstance(paths, str) and ("<" in paths or "\n" in paths):  # content, not a name (Path() is a name)
            raise TypeError("ingest.clean() takes file paths; for a page in a string use ingest.clean_html(html) "
                            "or ingest.clean_text(text)")
        return [paths]
    if isinstance(paths, bytes):
        raise TypeError("ingest.clean() takes file paths; for page bytes use ingest.clean_html(content)")
    return list(paths)


def clean(paths: Iterable[str | Path], settings: Settings | None = None, *, jobs: int = 1,
          isolated: bool = True) -> Iterator[Outcome]:
    """One outcome per path, in input order, each yielded as soon as it and the ones before it are done.

    Each file is read and cleaned in a worker process (ingest.sandbox) within settings.budget: a
    document that overruns it (a runaway parse, a read that blocks) ends as its own FailedDocument and
    the others go on. `jobs` workers clean files in parallel (the output is the same as with one).
    `isolated=False` cleans in this process, without a budget (for debugging and profiling). A single
    str or Path is one path; page content in a string goes to clean_html / clean_text instead."""
    settings = settings or Settings()
    paths = _path_list(paths)
    if not isolated:
        for path in paths:
            yield clean_file(path, settings)
        return
    from .sandbox import Sandbox

    paths = list(paths)
    jobs = max(1, min(jobs, len(paths)))
    with Sandbox(settings, jobs=jobs) as box:
        yield from box.clean_files(paths)
