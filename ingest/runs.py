"""The store verbs: run, rerun, status, failures, show — library functions that the CLI and the
Prefect flows wrap. A run lands every input in the raw zone, processes it in batches and stores each
document's outcome; what the store already holds for this ruleset is skipped (ids are content
hashes), so re-running is cheap and idempotent.
"""
from __future__ import annotations

import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from .errors import ConfigError, DocumentError, StoreError
from .landing import land, read_landed
from .pipeline import process_raw
from .records import FailedDocument, Outcome, RunSummary
from .rules.registry import RULESET_VERSION
from .settings import Settings
from .sources.files import expand, read_file
from .store import SqlStore, StoredFailure, StoreStatus, queries

T = TypeVar("T")
Progress = Callable[[int], None]  # called with the number of documents just finished


@dataclass
class Tally:
    """Counts of a batch or a run; batches add up. Small and JSON-able, so flow tasks return it."""

    documents: int = 0
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    articles: int = 0
    by_kind: Counter = field(default_factory=Counter)
    removals_by_rule: Counter = field(default_factory=Counter)
    failures_by_reason: Counter = field(default_factory=Counter)

    def add_outcome(self, outcome: Outcome) -> None:
        self.documents += 1
        if isinstance(outcome, FailedDocument):
            self.add_failure(outcome.stage, outcome.error_type, counted=True)
            return
        self.stored += 1
        self.articles += len(outcome.articles)
        self.by_kind[outcome.kind] += 1
        self.removals_by_rule.update(s.rule for s in outcome.removed)

    def add_failure(self, stage: str, error_type: str, *, counted: bool = False) -> None:
        self.documents += not counted
        self.failed += 1
        self.failures_by_reason[f"{stage}:{error_type}"] += 1

    def merge(self, other: "Tally | dict") -> "Tally":
        other = Tally.from_dict(other) if isinstance(other, dict) else other
        for name in ("documents", "stored", "unchanged", "failed", "articles"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("by_kind", "removals_by_rule", "failures_by_reason"):
            getattr(self, name).update(getattr(other, name))
        return self

    def to_dict(self) -> dict:
        return {k: dict(v) if isinstance(v, Counter) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, d: dict) -> "Tally":
        return cls(**{k: Counter(v) if isinstance(v, dict) else v for k, v in d.items()})

    def summary(self, run_id: str, seconds: float) -> RunSummary:
        return RunSummary(run_id, self.documents, self.stored, self.unchanged, self.failed, self.articles,
                          dict(sorted(self.by_kind.items())), dict(self.removals_by_rule.most_common()),
                          dict(self.failures_by_reason.most_common()), round(seconds, 3))


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def new_run_id() -> str:
    """Runs are events, not content: a time-ordered id with a random tail."""
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def open_store(settings: Settings) -> SqlStore:
    return SqlStore(settings.store_url)


def begin_run(store: SqlStore, sources: Sequence[str], *, kind: str = "run", engine: str = "library") -> str:
    run_id = new_run_id()
    store.start_run(run_id, kind=kind, engine=engine, sources=[str(s) for s in sources], ruleset=RULESET_VERSION)
    return run_id


def end_run(store: SqlStore, run_id: str, tally: Tally, started: float) -> RunSummary:
    summary = tally.summary(run_id, time.monotonic() - started)
    store.finish_run(summary)
    return summary


def land_paths(store: SqlStore, paths: Sequence[str], settings: Settings) -> tuple[list[str], Tally]:
    """Read and land files; index them in one transaction. Unreadable files are counted as failed
    (there are no bytes to keep, so there is nothing to re-run from the raw zone)."""
    tally, landed = Tally(), []
    for path in paths:
        try:
            raw = read_file(path)
        except DocumentError as exc:
            tally.add_failure(exc.stage, type(exc).__name__)
            continue
        landed.append(land(raw, settings.raw_zone))
    store.record_landed(landed)
    return [d.raw_id for d in landed], tally


def process_ids(store: SqlStore, raw_ids: Sequence[str], settings: Settings, run_id: str, *,
                force: bool = False) -> Tally:
    """Process landed documents from the raw zone and store their outcomes (one transaction per batch).
    Without `force`, a document already stored by this ruleset is left as it is: counted unchanged, or
    failed again if its stored outcome is a failure (so a summary always shows what still fails)."""
    tally = Tally()
    unique = list(dict.fromkeys(raw_ids))
    duplicates = len(raw_ids) - len(unique)  # the same bytes twice in one batch: stored once
    tally.documents += duplicates
    tally.unchanged += duplicates
    known = {} if force else store.known_outcomes(unique)
    landed = store.landed(unique)
    outcomes = []
    for rid in unique:
        version, failure = known.get(rid, (None, None))
        if version == RULESET_VERSION:  # done by this ruleset: leave it; a failure still counts as failed
            if failure:
                tally.add_failure(*failure.split(":", 1))
            else:
                tally.documents += 1
                tally.unchanged += 1
            continue
        try:
            raw = read_landed(settings.raw_zone, landed[rid])
        except (KeyError, OSError):
            tally.add_failure("raw_zone", "MissingRawDocument")  # not stored: the outcome we have stays
            continue
        outcomes.append(process_raw(raw, settings))
    store.write_outcomes(outcomes, run_id)  # the batch's whole outcomes, in one transaction
    for outcome in outcomes:
        tally.add_outcome(outcome)
    return tally


def run(sources: Sequence[str], settings: Settings, *, progress: Progress | None = None,
        paths: Sequence[str] | None = None) -> RunSummary:
    """Land, clean and store every file of `sources`, in batches of settings.batch_size."""
    started = time.monotonic()
    paths = list(expand(sources)) if paths is None else paths
    with open_store(settings) as store:
        run_id = begin_run(store, sources)
        tally = Tally()
        for chunk in batched(paths, settings.batch_size):
            ids, landed = land_paths(store, chunk, settings)
            tally.merge(landed).merge(process_ids(store, ids, settings, run_id))
            if progress:
                progress(len(chunk))
        return end_run(store, run_id, tally, started)


def select_rerun(store: SqlStore, *, failed: bool = False, ids: Sequence[str] = (),
                 outdated: bool = False) -> list[str]:
    """Raw ids to re-process: failed ones, given ids (raw or article ids, or unique prefixes), and/or
    everything a ruleset other than the current one produced."""
    if not (failed or ids or outdated):
        raise ConfigError("rerun", "choose --failed, --outdated or --id ID")
    chosen = queries.ids_to_rerun(store.engine, failed=failed, outdated_from=RULESET_VERSION if outdated else None)
    chosen += [queries.resolve(store.engine, i) for i in ids]
    return list(dict.fromkeys(chosen))


def rerun(settings: Settings, *, failed: bool = False, ids: Sequence[str] = (), outdated: bool = False,
          progress: Progress | None = None) -> RunSummary:
    """Re-process stored documents from the raw zone (no re-fetch) and replace their outcomes."""
    started = time.monotonic()
    with open_store(settings) as store:
        chosen = select_rerun(store, failed=failed, ids=ids, outdated=outdated)
        run_id = begin_run(store, [f"rerun:{'failed' if failed else ''}{'outdated' if outdated else ''}"
                                   f"{'ids' if ids else ''}"], kind="rerun")
        tally = Tally()
        for chunk in batched(chosen, settings.batch_size):
            tally.merge(process_ids(store, chunk, settings, run_id, force=True))
            if progress:
                progress(len(chunk))
        return end_run(store, run_id, tally, started)


def status(settings: Settings) -> StoreStatus:
    with open_store(settings) as store:
        return queries.status(store.engine, RULESET_VERSION)


def failures(settings: Settings, run_id: str | None = None) -> list[StoredFailure]:
    with open_store(settings) as store:
        return queries.failures(store.engine, run_id)


def flagged(settings: Settings, flag: str | None = None) -> list[queries.FlaggedDocument]:
    with open_store(settings) as store:
        return queries.flagged(store.engine, flag)


def show(settings: Settings, ident: str) -> Outcome:
    """The stored outcome behind a raw id, an article id or a unique prefix."""
    with open_store(settings) as store:
        raw_id = queries.resolve(store.engine, ident)
        outcome = queries.load_outcome(store.engine, raw_id)
    if outcome is None:
        raise StoreError(f"document {raw_id} was landed but not processed yet (ingest rerun --id {raw_id[:12]})")
    return outcome


__all__ = ["Tally", "batched", "begin_run", "end_run", "failures", "flagged", "land_paths", "new_run_id", "open_store",
           "process_ids", "rerun", "run", "select_rerun", "show", "status"]
