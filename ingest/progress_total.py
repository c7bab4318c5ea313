"""How much of a run's input is done, for the progress bar's ETA: a bounded pre-count of the sources,
then the position of each finished batch's last items in it.

`ingest run` streams its sources (a 100k-record WARC never sits in memory), so it has no total unless
one is measured. What is measured, in a thread beside the run's start-up, and only if it is cheap:

  a file of one document       1 document, its size in bytes
  a directory or glob          its files, walked as the run walks them (files.expand), each as above
  a JSONL file                 its lines (the run's items), counted by reading it; its size
  a WARC file                  its size: the run's position in it is a record's byte offset
  an URL, a URL list, a feed, a sitemap, stdin: unknown (no ETA, as before)
  `ingest rerun`               the documents it selects (rerun_total: the store's ids, one query)

A pre-count that takes over PRECOUNT_SECONDS or PRECOUNT_BYTES of reading gives up: huge inputs get
no ETA rather than a slow start. The run is never held back: the count runs while Prefect starts and
the bar shows its total once it is known.

Progress is a fraction of the input's bytes: a finished document file counts its size, a JSONL line
`path:N` counts N/lines of the file's size, a WARC item `path@OFFSET` counts OFFSET. The documents
total (M of N) is shown when every source has a count of items (not for WARC: records are not counted).
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable, Sequence

# Wall seconds the pre-count may take before it gives up (the run starts meanwhile: Prefect's own
# start-up is ~8 s; a directory of 100k files is walked in ~0.5 s on this project's test box).
PRECOUNT_SECONDS = 3.0
# Bytes the pre-count may read (counting JSONL lines): ~1 s of reading a plain file on the test box.
PRECOUNT_BYTES = 512 * 1024 * 1024
# Read size when counting lines.
_CHUNK = 1 << 20


class _GiveUp(Exception):
    pass


@dataclass
class _Unit:
    """One input file: its size, its kind, the items it yields (None: not counted)."""

    size: int
    kind: str  # "document" | "jsonl" | "warc"
    items: int | None
    lines: int = 0


@dataclass
class InputTotal:
    """What a run's input holds; `position` follows the finished batches."""

    units: dict[str, _Unit] = field(default_factory=dict)
    extra_items: int = 0  # skipped or refused entries of a directory walk: an item each, no bytes
    done: dict[str, int] = field(default_factory=dict)  # unit path -> bytes of it finished

    @property
    def total_bytes(self) -> int:
        return sum(u.size for u in self.units.values())

    @property
    def total_items(self) -> int | None:
        if any(u.items is None for u in self.units.values()):
            return None
        return sum(u.items for u in self.units.values()) + self.extra_items

    def advance(self, items: Iterable) -> None:
        """Move past the items of a finished batch (their `origin` or `source_uri` says where they were)."""
        for item in items:
            where = getattr(item, "origin", None) or getattr(item, "source_uri", "")
            path, done = self._position(str(where))
            if path is not None:
                self.done[path] = max(self.done.get(path, 0), done)

    def _position(self, where: str) -> tuple[str | None, int]:
        unit = self.units.get(where)
        if unit is not None:
            return where, unit.size  # a whole file (a document; a JSONL or WARC named by itself has failed)
        path, sep, rest = where.rpartition("@")
        if sep and rest.isdigit() and (unit := self.units.get(path)) and unit.kind == "warc":
            return path, min(int(rest), unit.size)
        path, sep, rest = where.rpartition(":")
        if sep and rest.isdigit() and (unit := self.units.get(path)) and unit.kind == "jsonl" and unit.lines:
            return path, min(unit.size, unit.size * int(rest) // unit.lines)
        return None, 0

    def fraction(self) -> float:
        total = self.total_bytes
        if not total:
            return 1.0 if self.units or self.extra_items else 0.0
        return min(1.0, sum(self.done.values()) / total)


def measure(specs: Sequence[str], follow_symlinks: bool = False, *, seconds: float = PRECOUNT_SECONDS,
            max_bytes: int = PRECOUNT_BYTES) -> InputTotal | None:
    """The input's total, or None when it is not knowable cheaply (see the module docstring)."""
    from .sources.dispatch import is_url
    from .sources.files import expand

    deadline = time.monotonic() + seconds
    budget = [max_bytes]
    total = InputTotal()
    try:
        for spec in map(str, specs):
            if spec == "-" or is_url(spec):
                return None
            for entry in expand([spec], follow_symlinks=follow_symlinks):
                if time.monotonic() > deadline:
                    return None
                if not isinstance(entry, str):
                    total.extra_items += 1
                    continue
                unit = _unit(entry, deadline, budget)
                if unit is None:
                    return None
                total.units[entry] = unit
    except (_GiveUp, OSError, ValueError):
        return None
    except Exception:  # noqa: BLE001 - a source error is the run's to report; the bar just has no total
        return None
    return total


def _unit(path: str, deadline: float, budget: list[int]) -> _Unit | None:
    from .sources.files import media_type
    from .sources.sniff import HEAD_BYTES, compression, decompressed_head, kind_of, open_decompressed

    size = os.stat(path).st_size
    if media_type(path) is not None:  # a page by its name (`.html`, `.txt`, `.html.gz`): one document
        return _Unit(size, "document", 1)
    with open(path, "rb") as fh:
        raw_head = fh.read(HEAD_BYTES)
        kind = kind_of(decompressed_head(raw_head))
        if kind == "warc":
            return _Unit(size, "warc", None)
        if kind == "jsonl":
            fh.seek(0)
            stream = open_decompressed(fh, raw_head) if compression(raw_head) else fh
            lines = _count_lines(stream, deadline, budget)
            return _Unit(size, "jsonl", lines, lines)
        if kind in ("urls", "feed", "sitemap"):
            return None  # the documents are fetched: how many is not known before
    return _Unit(size, "document", 1)


def _count_lines(stream, deadline: float, budget: list[int]) -> int:
    """Lines of a JSONL stream (a last line without a newline counts), within the time and bytes budget."""
    lines, last = 0, b"\n"
    while chunk := stream.read(_CHUNK):
        budget[0] -= len(chunk)
        if budget[0] < 0 or time.monotonic() > deadline:
            raise _GiveUp
        lines += chunk.count(b"\n")
        last = chunk[-1:]
    return lines + (last != b"\n")


def rerun_total(settings, *, failed: bool = False, ids: Sequence[str] = (), outdated: bool = False) -> int | None:
    """How many documents `ingest rerun` will re-process: the same selection the rerun makes (ids only,
    one query), or None when it cannot be made (the rerun itself reports why: an unknown id, the store)."""
    from .errors import IngestError
    from .runs import open_store, select_rerun

    try:
        with open_store(settings) as store:
            return len(select_rerun(store, failed=failed, ids=ids, outdated=outdated))
    except IngestError:
        return None


class Background:
    """measure() in a daemon thread: `result` is None until it is done (or for ever, if it gave up)."""

    def __init__(self, specs: Sequence[str], follow_symlinks: bool = False):
        self.result: InputTotal | None = None
        self._thread = threading.Thread(target=self._run, args=(list(specs), follow_symlinks),
                                        name="ingest-precount", daemon=True)
        self._thread.start()

    def _run(self, specs: list[str], follow_symlinks: bool) -> None:
        self.result = measure(specs, follow_symlinks)

    def join(self, timeout: float | None = None) -> InputTotal | None:
        self._thread.join(timeout)
        return self.result


__all__ = ["Background", "InputTotal", "PRECOUNT_BYTES", "PRECOUNT_SECONDS", "measure", "rerun_total"]
