"""The store verbs: run, rerun, status, failures, show — library functions that the CLI and the
Prefect flows wrap. A run lands every input in the raw zone, processes it in batches and stores each
document's outcome; what the store already holds for this ruleset is skipped (ids are content
hashes), so re-running is cheap and idempotent.
"""
from __future__ import annotations

import os
import secrets
import socket
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from itertools import islice
from typing import Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from . import interrupt
from .errors import ConfigError, StoreError
from .ids import source_failure_id
from .landing import LandedDocument, land_many, read_landed_many
from .procstat import process_alive, process_start
from .raw_zone import ZoneRefused, open_zone
from .records import FailedDocument, Outcome, RawDocument, RunSummary
from .cleaning_slots import cleaning_slot
from .sandbox import Sandbox
from .settings import Settings
from .sources.base import Item, Skipped, SourceFailure, Unchanged
from .sources.dispatch import SourceContext, check_specs, file_items, iter_items
from .store import SqlStore, StoredFailure, StoreStatus, queries, site_templates
from .version import PROCESSING_VERSION

T = TypeVar("T")
Progress = Callable[..., None]  # progress(done, failed=0, items=()): documents just finished, how many failed, the items

# Runs begun in this process and not ended yet: what a Ctrl-C marks `interrupted` (cli_store).
ACTIVE_RUNS: set[str] = set()


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
    steps: dict = field(default_factory=dict)  # step → [documents, spans, chars, seconds]
    skipped: int = 0
    skipped_by_reason: Counter = field(default_factory=Counter)

    def add_skip(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_by_reason[reason] += 1

    def add_outcome(self, outcome: Outcome) -> None:
        self.documents += 1
        if isinstance(outcome, FailedDocument):
            self.add_failure(outcome.stage, outcome.error_type, counted=True)
            return
        self.stored += 1
        self.articles += len(outcome.articles)
        self.by_kind[outcome.kind] += 1
        self.removals_by_rule.update(s.rule for s in outcome.removed)
        for st in outcome.steps:
            self._add_step(st.step, [1, st.spans, st.chars, st.seconds])

    def add_stored(self, kind: str | None, articles: int) -> None:
        """A document this run already stored (a batch retried after its first try committed and its
        worker died): counted as stored, as that try would have; its rule and step figures died with it."""
        self.documents += 1
        self.stored += 1
        self.articles += articles
        self.by_kind[kind or ""] += 1

    def _add_step(self, step: str, row: list) -> None:
        mine = self.steps.setdefault(step, [0, 0, 0, 0.0])
        for i, v in enumerate(row):
            mine[i] += v

    def add_failure(self, stage: str, error_type: str, *, counted: bool = False) -> None:
        self.documents += not counted
        self.failed += 1
        self.failures_by_reason[f"{stage}:{error_type}"] += 1

    def merge(self, other: "Tally | dict") -> "Tally":
        other = Tally.from_dict(other) if isinstance(other, dict) else other
        for name in ("documents", "stored", "unchanged", "failed", "articles", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("by_kind", "removals_by_rule", "failures_by_reason", "skipped_by_reason"):
            getattr(self, name).update(getattr(other, name))
        for step, row in other.steps.items():
            self._add_step(step, row)
        return self

    def to_dict(self) -> dict:
        return {k: dict(v) if isinstance(v, Counter) else v for k, v in self.__dict__.items()}  # steps: JSON lists

    @classmethod
    def from_dict(cls, d: dict) -> "Tally":
        return cls(**{k: Counter(v) if isinstance(v, dict) and k != "steps" else v for k, v in d.items()})

    def summary(self, run_id: str, seconds: float) -> RunSummary:
        return RunSummary(run_id, self.documents, self.stored, self.unchanged, self.failed, self.articles,
                          dict(sorted(self.by_kind.items())), dict(self.removals_by_rule.most_common()),
                          dict(self.failures_by_reason.most_common()), round(seconds, 3), self.skipped,
                          dict(self.skipped_by_reason.most_common()),
                          {step: {"documents": n, "spans": spans, "chars": chars, "seconds": round(secs, 3)}
                           for step, (n, spans, chars, secs) in sorted(self.steps.items())})


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


# A batch also closes at this many bytes of bodies. The unit of parallelism is a batch, so a batch of
# 500 page-size documents (20-200 KB, ~40 ms each to clean) would be ~20 s of one core, and an input
# of a few hundred pages one batch on one core whatever --workers says. 8 MB is ~120 such pages, ~5 s
# of cleaning per task. Each task also costs Prefect ~35-70 ms of CPU (its server and the flow's
# process, on a 2-core box): at 4 MB that was ~1.2 ms of every page's ~12 ms (bench/bench_run.py's
# 2,000 pages, 33 tasks); 8 MB halves it while a progress bar on 2 workers still moves every ~2.5 s
# and the last batch is cut in one part per worker. 500 small documents (~3 KB) stay one batch.
BATCH_MAX_BYTES = 8 * 1024 * 1024


def _weight(item: Item) -> int:
    return len(item.content) if isinstance(item, RawDocument) else 0


def batched_by_size(items: Iterable[Item], size: int, max_bytes: int = BATCH_MAX_BYTES,
                    tail_parts: int = 1) -> Iterator[list[Item]]:
    """Batches of at most `size` items, each closed once its bodies reach `max_bytes` (a batch holds
    one item at least, however large); items without a body (skips, 304s, source failures) weigh nothing.

    `tail_parts` > 1: the last batch of the input is cut into that many parts of about equal weight
    (split_evenly), so that as many workers share the end of a run instead of one of them cleaning the
    whole last batch while the others idle (the unit of parallelism is a batch). A closed batch is then handed on only once the next item is read, to know whether it is the last."""
    chunk: list[Item] = []
    held: list[Item] | None = None  # a closed batch, kept until the next item says it is not the last
    weight = 0
    for item in items:
        if held is not None:
            yield held
            held = None
        chunk.append(item)
        weight += _weight(item)
        if len(chunk) >= size or weight >= max_bytes:
            if tail_parts > 1:
                held = chunk
            else:
                yield chunk
            chunk, weight = [], 0
    last = held if held is not None else chunk
    if last:
        yield from split_evenly(last, tail_parts)


def split_evenly(items: list[Item], parts: int) -> list[list[Item]]:
    """`items` in order, cut into at most `parts` non-empty runs of about equal weight (bodies' bytes;
    an item without a body counts as one byte, so a batch of them is cut by count)."""
    parts = max(1, min(parts, len(items)))
    if parts == 1:
        return [items]
    weights = [max(1, _weight(i)) for i in items]
    total = sum(weights)
    out: list[list[Item]] = [[]]
    done = 0
    for item, w in zip(items, weights):
        # a part closes once the weight so far reaches its share (the last part takes what is left)
        if out[-1] and len(out) < parts and done >= total * len(out) / parts:
            out.append([])
        out[-1].append(item)
        done += w
    return out


def new_run_id() -> str:
    """Runs are events, not content: a time-ordered id with a random tail."""
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def open_store(settings: Settings) -> SqlStore:
    """The store, with runs whose process is gone ended as `interrupted` (see end_stale_runs)."""
    store = SqlStore(settings.store_url)
    try:
        end_stale_runs(store)
    except Exception:
        store.close()
        raise
    return store


# A run owned by another host cannot be checked by process id: it is stale when its last heartbeat
# (written after each batch) is this old. A batch of 500 documents takes ~2 s; even 500 documents each
# at the sandbox's 10 s floor take under 90 minutes.
STALE_HEARTBEAT_SECONDS = 6 * 3600


def run_owner(pid: int | None = None) -> str:
    """"host:pid:start" of the process that owns a run."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{process_start(pid)}"


def _owner_alive(owner: str) -> bool | None:
    """True/False for a run owned on this host; None when it cannot be told (another host, no owner)."""
    host, _, rest = owner.partition(":")
    pid, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    return process_alive(int(pid), start)


def end_stale_runs(store: SqlStore) -> list[str]:
    """Mark `interrupted` every run still `running` whose owning process is gone (or, on another host,
    whose heartbeat is older than STALE_HEARTBEAT_SECONDS); returns their ids."""
    stale = []
    now = datetime.now(timezone.utc)
    for run_id, owner, heartbeat in store.running_runs():
        alive = _owner_alive(owner) if owner else None
        if alive is None and heartbeat:
            age = (now - datetime.fromisoformat(heartbeat)).total_seconds()
            alive = age < STALE_HEARTBEAT_SECONDS
        if alive is False:
            stale.append(run_id)
    store.mark_interrupted(stale)
    return stale


def begin_run(store: SqlStore, sources: Sequence[str], *, kind: str = "run", engine: str = "library") -> str:
    interrupt.check()  # a Ctrl-C while the run started (Prefect's engine, the store): no run row is made
    run_id = new_run_id()
    store.start_run(run_id, kind=kind, engine=engine, sources=[str(s) for s in sources],
                    ruleset=PROCESSING_VERSION, owner=run_owner())
    ACTIVE_RUNS.add(run_id)
    return run_id


def end_run(store: SqlStore, run_id: str, tally: Tally, started: float) -> RunSummary:
    summary = tally.summary(run_id, time.monotonic() - started)
    store.finish_run(summary)
    ACTIVE_RUNS.discard(run_id)
    return summary


# Settings that change a document's output (besides the code and libraries: ingest/version.py). They are
# stored with each document, together with its per-document input fetched_at.
OUTPUT_SETTINGS = ("max_bytes", "detect_language", "split_listings")


def cleaned_with(settings: Settings, fetched_at: str | None) -> dict:
    """The settings and inputs a document is cleaned with, as stored in documents.cleaned_with."""
    return {**{name: getattr(settings, name) for name in OUTPUT_SETTINGS}, "fetched_at": fetched_at}


def document_fetched_at(settings: Settings, previous: dict | None, landed_fetched_at: str | None) -> str | None:
    """The fetched_at a document is cleaned with: the one given to this run, else the one it was last
    cleaned with (so `rerun` reproduces it), else the one recorded when it landed."""
    if settings.fetched_at:
        return settings.fetched_at
    if previous and previous.get("fetched_at"):
        return previous["fetched_at"]
    return landed_fetched_at


def mark_interrupted(settings: Settings, run_id: str):
    """End a run stopped by the user: status `interrupted`, counts of what its finished batches
    stored (each batch committed whole, so those documents are done; a re-run skips them)."""
    with open_store(settings) as store:
        store.interrupt_run(run_id)
        row = next(r for r in queries.status(store.engine, PROCESSING_VERSION).runs if r.run_id == run_id)
    ACTIVE_RUNS.discard(run_id)
    return row


def source_row(raw: RawDocument, doc: LandedDocument) -> dict:
    """The document_sources row of one landing: every place a document came from is kept."""
    return {"raw_id": raw.raw_id, "source_uri": raw.source_uri, "kind": raw.kind, "url": raw.url,
            "fetched_at": raw.fetched_at, "origin": raw.origin, "landed_at": doc.landed_at}


def source_failure(f: SourceFailure) -> FailedDocument:
    """A source that yielded no bytes, as a failure row (its id names the source: there are no bytes)."""
    return FailedDocument(source_failure_id(f.source_uri), f.source_uri, f.stage, f.reason, f.message,
                          PROCESSING_VERSION, f.url)


def zone_failure(doc: LandedDocument, exc: ZoneRefused) -> FailedDocument:
    """The failure row of a landed document the raw zone refused to give back (stage `read`)."""
    return FailedDocument(doc.raw_id, doc.source_uri, exc.stage, exc.reason, str(exc), PROCESSING_VERSION, doc.url)


def land_items(store: SqlStore, items: Iterable[Item], settings: Settings, run_id: str = "") -> tuple[list[str], Tally]:
    """Land a batch of source items in the raw zone and index them (one transaction); failures of the
    sources become failure rows (stage read/fetch), skips and 304s are counted. Returns the landed raw
    ids, to be processed."""
    tally, raws, failed = Tally(), [], []
    for item in items:
        if isinstance(item, RawDocument):
            raws.append(item)
        elif isinstance(item, Skipped):
            tally.add_skip(item.reason)
        elif isinstance(item, Unchanged):
            tally.documents += 1
            tally.unchanged += 1
        else:
            failed.append(source_failure(item))
            tally.add_failure(item.stage, item.reason)
    # --fetched-at overrides what the source says (stored, so reruns keep it); the source row keeps the
    # source's own time
    landed = land_many([replace(r, fetched_at=settings.fetched_at) for r in raws] if settings.fetched_at else raws,
                       settings.raw_zone)
    sources = [source_row(item, doc) for item, doc in zip(raws, landed)]
    store.record_landed(landed, sources)
    store.clear_source_failures([source_failure_id(r["source_uri"]) for r in sources])  # it reads now
    store.write_outcomes(failed, run_id or "landing")
    return [d.raw_id for d in landed], tally


def land_paths(store: SqlStore, paths: Sequence[str], settings: Settings, run_id: str = "") -> tuple[list[str], Tally]:
    """Read and land files (each through the source its content calls for)."""
    ctx = SourceContext(settings)
    try:
        return land_items(store, (item for path in paths for item in file_items(path, ctx)), settings, run_id)
    finally:
        ctx.close()


@dataclass
class SourceBatch:
    """One batch of items read from the sources, with the fetch validators (ETag, Last-Modified) of
    the URLs among them: recorded only once the bytes they stand for are landed."""

    items: list[Item]
    validators: list[dict] = field(default_factory=list)


def read_batches(store: SqlStore, sources: Sequence[str], settings: Settings,
                 tail_parts: int = 1) -> Iterator[SourceBatch]:
    """Read every source as a stream, batch by batch (settings.batch_size items, or BATCH_MAX_BYTES of
    bodies), so a 100k-record WARC or a 1M-line URL list never sits in memory (the reader holds one
    batch; the caller decides how many it keeps in flight). `tail_parts`: the last batch is cut into
    that many (batched_by_size). Each fetch validator goes with the batch that holds its bytes."""
    open_zone(settings.raw_zone).sweep()  # temp files a killed run left behind
    ctx = SourceContext(settings, validators=lambda url: store.validators([url]).get(url))
    try:
        for chunk in batched_by_size(iter_items(sources, ctx), settings.batch_size, tail_parts=tail_parts):
            interrupt.check()  # Ctrl-C: no further batch is read
            yield SourceBatch(chunk, _take_validators(ctx.fetched, chunk))
    finally:
        ctx.close()


def _take_validators(fetched: list[dict], chunk: list[Item]) -> list[dict]:
    """The validators in `fetched` of the bytes in `chunk`, taken out of it. The others stay for a later
    batch: read ahead of this one (batched_by_size's look-ahead, a split last batch), they must not be
    recorded before their bytes are landed, or a later run's 304 would find bytes that never landed."""
    ids = {item.raw_id for item in chunk if isinstance(item, RawDocument)}
    mine = [v for v in fetched if v["raw_id"] in ids]
    fetched[:] = [v for v in fetched if v["raw_id"] not in ids]
    return mine


def record_validators(store: SqlStore, batch: SourceBatch) -> None:
    """Remember the batch's fetch validators (after its bytes are landed: a 304 must find them)."""
    if batch.validators:
        store.record_validators(batch.validators)


def land_stream(store: SqlStore, sources: Sequence[str], settings: Settings,
                run_id: str) -> Iterator[tuple[list[str], Tally, int]]:
    """Read every source as a stream and land it batch by batch: yields (raw ids, tally, items read)
    per batch, so a 100k-record WARC or a 1M-line URL list never sits in memory as bodies."""
    for batch in read_batches(store, sources, settings):
        ids, tally = land_items(store, batch.items, settings, run_id)
        record_validators(store, batch)
        yield ids, tally, len(batch.items)


def land_and_process(store: SqlStore, items: Sequence[Item], settings: Settings, run_id: str, *,
                     jobs: int = 1, cleaners: int | None = None, sandbox: Sandbox | None = None) -> Tally:
    """Land a batch of source items, clean its documents from the bytes in hand (no second read of the
    raw zone) and store every outcome: the one unit of work a run hands to a worker. Landing and storing
    are idempotent (content-hash ids), so a batch that is run again (a retry, a worker killed mid-batch)
    leaves the store as one run would."""
    ids, tally = land_items(store, items, settings, run_id)
    raws = [item for item in items if isinstance(item, RawDocument)]
    contents = {item.raw_id: item.content for item in raws}
    sources = {item.raw_id: item.source_uri for item in reversed(raws)}  # the first source of the bytes
    return tally.merge(process_ids(store, ids, settings, run_id, jobs=jobs, contents=contents, cleaners=cleaners,
                                   sources=sources, sandbox=sandbox))


def sandbox_settings(settings: Settings) -> Settings:
    """The settings a batch's sandbox cleans with: each raw document carries its own fetched_at."""
    return settings.with_(fetched_at=None)


@contextmanager
def _sandbox_for(settings: Settings, jobs: int, sandbox: Sandbox | None) -> Iterator[Sandbox]:
    """The caller's sandbox, readied for this batch (kept open), or a new one for the batch alone."""
    if sandbox is not None:
        sandbox.reuse()
        yield sandbox
        return
    # the workers also compute the near-duplicate keys (off this GIL)
    with Sandbox(sandbox_settings(settings), jobs=jobs, keys=True) as box:
        yield box


def process_ids(store: SqlStore, raw_ids: Sequence[str], settings: Settings, run_id: str, *,
                force: bool = False, jobs: int = 1, contents: Mapping[str, bytes] | None = None,
                cleaners: int | None = None, sources: Mapping[str, str] | None = None,
                sandbox: Sandbox | None = None) -> Tally:
    """Process landed documents from the raw zone and store their outcomes (one transaction per batch).

    Each document is cleaned in a sandbox worker within settings.budget (a document that overruns it is
    a failure row, the batch goes on), with the fetched_at of document_fetched_at; what it was cleaned
    with is stored beside it. Without `force`, a document already stored by this processing version with
    the same settings and inputs is left as it is: counted unchanged, or failed again if its stored
    outcome is a failure (so a summary always shows what still fails). `contents` holds bodies the
    caller has in hand (just landed): those are not read back from the raw zone; `sources` maps them to the
    source each came from in this batch. `cleaners`: at most that many batches of this process clean at once
    (ingest.cleaning_slots; None: no limit). `sandbox`: a Sandbox(sandbox_settings(settings), jobs=jobs,
    keys=True) that the caller keeps across its batches (one at a time), instead of one started per batch."""
    tally = Tally()
    unique = list(dict.fromkeys(raw_ids))
    duplicates = len(raw_ids) - len(unique)  # the same bytes twice in one batch: stored once
    tally.documents += duplicates
    tally.unchanged += duplicates
    known = store.known_outcomes(unique)
    landed = store.landed(unique)
    to_read, used = [], {}
    for rid in unique:
        stored = known.get(rid)
        previous = stored.cleaned_with if stored else None
        doc = landed.get(rid)
        inputs = cleaned_with(settings, document_fetched_at(settings, previous, doc.fetched_at if doc else None))
        if not force and stored and stored.version == PROCESSING_VERSION and previous == inputs:
            # nothing that matters changed
            if stored.failure:
                tally.add_failure(*stored.failure.split(":", 1))
            elif stored.run_id == run_id and sources and sources.get(rid) == stored.source_uri:
                # this run stored it from this very source: a retried batch whose first try committed (the
                # same bytes from another source, e.g. a copy in a later batch, stay `unchanged`)
                tally.add_stored(stored.kind, stored.article_count)
            else:
                tally.documents += 1
                tally.unchanged += 1
            continue
        if doc is None:
            tally.add_failure("raw_zone", "MissingRawDocument")  # not stored: the outcome we have stays
            continue
        to_read.append(doc)
        used[rid] = inputs
    in_hand = {doc.raw_id: RawDocument(doc.raw_id, doc.source_uri, contents[doc.raw_id], doc.media_type,
                                       doc.fetched_at, doc.url, doc.charset)
               for doc in to_read if contents and doc.raw_id in contents}  # just read: no read-back
    from_zone = [doc for doc in to_read if doc.raw_id not in in_hand]
    read = dict(zip((doc.raw_id for doc in from_zone), read_landed_many(settings.raw_zone, from_zone)))
    raws, refused = [], []
    for doc in to_read:
        raw = in_hand.get(doc.raw_id) or read[doc.raw_id]
        if isinstance(raw, ZoneRefused):  # corrupt, or a path out of the zone: a failure row, never cleaned
            refused.append(zone_failure(doc, raw))
            del used[doc.raw_id]  # no inputs recorded: the next run tries the zone again
        elif isinstance(raw, FileNotFoundError):
            tally.add_failure("raw_zone", "MissingRawDocument")  # not stored: the outcome we have stays
            del used[doc.raw_id]
        elif isinstance(raw, BaseException):
            raise raw  # the zone failed (unreachable, I/O error), not this document: the batch stops
        else:
            raws.append(replace(raw, fetched_at=used[doc.raw_id]["fetched_at"]))
    # each raw carries its fetched_at
    with cleaning_slot(cleaners), _sandbox_for(settings, jobs, sandbox) as box:
        outcomes = refused + list(box.process(raws))
    outcomes, hosts = site_templates.apply_templates(store.engine, outcomes)  # per-site template lines go
    store.write_outcomes(outcomes, run_id, used, hosts, box.index_keys)  # the batch, in one transaction
    store.heartbeat(run_id)
    for outcome in outcomes:
        tally.add_outcome(outcome)
    return tally


def run(sources: Sequence[str], settings: Settings, *, progress: Progress | None = None, jobs: int = 1) -> RunSummary:
    """Land, clean and store every document of `sources` (files, directories, globs, WARC, JSONL,
    URLs, URL lists, feeds, sitemaps), in batches of settings.batch_size, cleaning on `jobs` cores."""
    started = time.monotonic()
    check_specs(sources)
    with open_store(settings) as store:
        run_id = begin_run(store, sources)
        tally = Tally()
        for source_batch in read_batches(store, sources, settings):
            batch = land_and_process(store, source_batch.items, settings, run_id, jobs=jobs)
            record_validators(store, source_batch)
            tally.merge(batch)
            if progress:
                progress(len(source_batch.items), batch.failed, source_batch.items)
        return end_run(store, run_id, tally, started)


def select_rerun(store: SqlStore, *, failed: bool = False, ids: Sequence[str] = (),
                 outdated: bool = False) -> list[str]:
    """Raw ids to re-process: failed ones, given ids (raw or article ids, or unique prefixes), and/or
    everything a ruleset other than the current one produced."""
    if not (failed or ids or outdated):
        raise ConfigError("rerun", "choose what to re-run: --failed, --outdated or --id ID")
    chosen = queries.ids_to_rerun(store.engine, failed=failed, outdated_from=PROCESSING_VERSION if outdated else None)
    chosen += [queries.resolve(store.engine, i) for i in ids]
    return list(dict.fromkeys(chosen))


def rerun(settings: Settings, *, failed: bool = False, ids: Sequence[str] = (), outdated: bool = False,
          progress: Progress | None = None, jobs: int = 1) -> RunSummary:
    """Re-process stored documents from the raw zone (no re-fetch) and replace their outcomes."""
    started = time.monotonic()
    with open_store(settings) as store:
        chosen = select_rerun(store, failed=failed, ids=ids, outdated=outdated)
        run_id = begin_run(store, [f"rerun:{'failed' if failed else ''}{'outdated' if outdated else ''}"
                                   f"{'ids' if ids else ''}"], kind="rerun")
        tally = Tally()
        for chunk in batched(chosen, settings.batch_size):
            interrupt.check()
            batch = process_ids(store, chunk, settings, run_id, force=True, jobs=jobs)
            tally.merge(batch)
            if progress:
                progress(len(chunk), batch.failed)
        return end_run(store, run_id, tally, started)


def status(settings: Settings) -> StoreStatus:
    with open_store(settings) as store:
        return queries.status(store.engine, PROCESSING_VERSION)


def failures(settings: Settings, run_id: str | None = None) -> list[StoredFailure]:
    with open_store(settings) as store:
        return queries.failures(store.engine, run_id)


def flagged(settings: Settings, flag: str | None = None) -> list[queries.FlaggedDocument]:
    with open_store(settings) as store:
        return queries.flagged(store.engine, flag)


def sources_of(settings: Settings, ident: str) -> list[dict]:
    """Every place the document behind `ident` was landed from (paths, URLs, WARC records)."""
    with open_store(settings) as store:
        return store.sources_of(queries.resolve(store.engine, ident))


def show(settings: Settings, ident: str) -> Outcome:
    """The stored outcome behind a raw id, an article id or a unique prefix."""
    with open_store(settings) as store:
        raw_id = queries.resolve(store.engine, ident)
        outcome = queries.load_outcome(store.engine, raw_id)
    if outcome is None:
        raise StoreError(f"document {raw_id} was landed but not processed yet (ingest rerun --id {raw_id[:12]})")
    return outcome


__all__ = ["ACTIVE_RUNS", "BATCH_MAX_BYTES", "SourceBatch", "Tally", "batched", "batched_by_size", "split_evenly", "begin_run", "cleaned_with", "end_run", "end_stale_runs", "failures", "flagged", "land_and_process", "land_items", "land_paths", "land_stream", "mark_interrupted", "new_run_id", "open_store", "process_ids", "read_batches", "record_validators", "rerun", "run", "sandbox_settings", "select_rerun", "show", "sources_of", "status"]
