"""`clean`: process sources in memory and return their outcomes, storing nothing.

Sources are read through the same dispatcher as `ingest run` (files, directories, globs, WARC,
JSONL, URLs, feeds, `-` for stdin): one outcome per document record, in input order. Reading happens
here (regular files only, opened non-blocking, so a FIFO or device is refused, never read); cleaning
happens in sandbox workers within the time/memory budget."""
from __future__ import annotations

import os
from collections import Counter, deque
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .ids import source_failure_id
from .pipeline import process_raw
from .records import FailedDocument, Outcome, RawDocument
from .settings import Settings
from .sources.base import Item, Skipped, SourceFailure, Unchanged
from .sources.dispatch import SourceContext, check_specs, iter_items


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def outcome_of(item: RawDocument | SourceFailure, settings: Settings) -> Outcome:
    """A document's outcome; a source that yielded no bytes is a FailedDocument naming it."""
    if isinstance(item, SourceFailure):
        return FailedDocument(source_failure_id(item.source_uri), item.source_uri, item.stage, item.reason,
                              item.message, url=item.url)
    return process_raw(item, settings)


def clean_file(path: str | Path, settings: Settings) -> Outcome:
    """The first document of one input (a file, or the first record of a WARC/JSONL), cleaned in this
    process; an unreadable input is a FailedDocument, never an exception."""
    for outcome in clean([str(path)], settings, isolated=False):
        return outcome
    return FailedDocument(source_failure_id(str(path)), str(path), "read", "no_document",
                          f"{path}: no document in this input")


def _path_list(paths: Iterable[str | Path] | str | Path) -> list[str | Path]:
    if isinstance(paths, (str, os.PathLike)):
        if isinstance(paths, str) and ("<" in paths or "\n" in paths):  # content, not a name (Path() is a name)
            raise TypeError("ingest.clean() takes file paths; for a page in a string use ingest.clean_html(html) "
                            "or ingest.clean_text(text)")
        return [paths]
    if isinstance(paths, bytes):
        raise TypeError("ingest.clean() takes file paths; for page bytes use ingest.clean_html(content)")
    return list(paths)


def _documents(items: Iterable[Item], on_skip: Callable[[str], None] | None) -> Iterator[RawDocument | SourceFailure]:
    for item in items:
        if isinstance(item, (Skipped, Unchanged)):
            if on_skip:
                on_skip(item.reason if isinstance(item, Skipped) else "not_modified")
            continue
        yield item


def clean(sources: Iterable[str | Path], settings: Settings | None = None, *, jobs: int = 1,
          isolated: bool = True, skipped: Counter | None = None) -> Iterator[Outcome]:
    """One outcome per document, in input order, each yielded as soon as it and the ones before it are done.

    Each document is cleaned in a worker process (ingest.sandbox) within settings.budget: one that
    overruns it ends as its own FailedDocument and the others go on. `jobs` workers clean in parallel
    (the output is the same as with one). `isolated=False` cleans in this process, without a budget.
    Records left out by design (WARC request records, non-HTML payloads) are counted in `skipped`."""
    settings = settings or Settings()
    sources = [str(s) for s in _path_list(sources)]
    check_specs(sources, must_exist=False)
    ctx = SourceContext(settings)
    on_skip = (lambda reason: skipped.update([reason])) if skipped is not None else None
    try:
        docs = _documents(iter_items(sources, ctx), on_skip)
        if not isolated:
            for item in docs:
                yield outcome_of(item, settings)
            return
        yield from _in_sandbox(docs, settings, jobs)
    finally:
        ctx.close()


def _in_sandbox(docs: Iterator[RawDocument | SourceFailure], settings: Settings, jobs: int) -> Iterator[Outcome]:
    """Raw documents go to the sandbox; source failures are slotted back in input order."""
    from .sandbox import Sandbox

    order: deque = deque()  # input order: a SourceFailure, or None for a document sent to the sandbox

    def raws() -> Iterator[RawDocument]:
        for item in docs:
            if isinstance(item, SourceFailure):
                order.append(item)
                continue
            order.append(None)
            yield item

    with Sandbox(settings, jobs=max(1, jobs)) as box:
        for outcome in box.process(raws()):
            while order and order[0] is not None:
                yield outcome_of(order.popleft(), settings)
            order.popleft()
            yield outcome
    while order:
        yield outcome_of(order.popleft(), settings)
