"""SqlStore: the canonical store on SQLite or PostgreSQL. Writes are upserts keyed by content-hash
ids; a document's whole outcome commits in one transaction."""
from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from ..errors import StoreUnavailable
from ..ids import article_id, text_hash
from ..landing import LandedDocument
from ..records import CleanDocument, Embed, FailedDocument, Outcome, RunSummary
from . import near_dups, site_templates
from . import schema as t
from .clock import utc_now
from ..collector import collector_paused
from .engine import check_ingest_store, make_engine, redacted, store_cause, upsert, writing
from .migrations import migrate

if TYPE_CHECKING:  # the Keyed of index_keys (annotations only)
    from .. import dedup


@dataclass(frozen=True, slots=True)
class KnownOutcome:
    """What the store holds of one document: enough to decide whether to clean it again, and to count
    it as stored by this run when a retried batch finds its own earlier commit (runs.process_ids)."""

    version: str  # processing version of the stored outcome
    failure: str | None  # "stage:error_type" when the outcome is a failure
    cleaned_with: dict | None  # the settings and inputs it was cleaned with (None before they were recorded)
    run_id: str  # the run that stored it
    source_uri: str  # the source it was stored from
    kind: str | None
    article_count: int


class SqlStore:
    """One store URL, one connection pool. Safe to share between threads; open one per process."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        try:
            check_ingest_store(self.engine, url)
            migrate(self.engine)
        except DBAPIError as exc:  # unreachable, corrupt, full, read-only: one line, no internals
            self.engine.dispose()
            raise StoreUnavailable(redacted(url), store_cause(exc, url)) from None
        except StoreUnavailable:
            self.engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "SqlStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- raw zone index -------------------------------------------------------------------------
    def record_landed(self, docs: Sequence[LandedDocument], sources: Sequence[dict] = ()) -> None:
        """Index landed documents; a raw id already known keeps its first row (landing is a no-op).
        `sources` are document_sources rows: every place a document came from is kept, the first
        landing of each (raw id, source) pair wins."""
        with writing(self.engine) as conn:
            upsert(conn, t.raw_documents, [{name: getattr(d, name) for name in _LANDED_FIELDS} for d in docs],
                   update=False)
            upsert(conn, t.document_sources, _unique(sources, ("raw_id", "source_uri")), update=False)

    def sources_of(self, raw_id: str) -> list[dict]:
        """Every place this document was landed from, in landing order."""
        q = (select(t.document_sources).where(t.document_sources.c.raw_id == raw_id)
             .order_by(t.document_sources.c.landed_at, t.document_sources.c.source_uri))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def validators(self, urls: Sequence[str]) -> dict[str, dict]:
        """url → {etag, last_modified, raw_id} of its last fetch (for conditional re-fetch)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.fetch_validators).where(t.fetch_validators.c.url.in_(list(urls)))).mappings()
            return {r["url"]: dict(r) for r in rows}

    def record_validators(self, rows: Sequence[dict]) -> None:
        with writing(self.engine) as conn:
            upsert(conn, t.fetch_validators, _unique(rows, ("url",)))

    def clear_source_failures(self, raw_ids: Sequence[str]) -> None:
        """Forget failure rows of sources that now landed (their synthetic ids name the source, not bytes)."""
        if raw_ids:
            with writing(self.engine) as conn:
                for table in (t.failures, t.documents):
                    conn.execute(delete(table).where(table.c.raw_id.in_(list(raw_ids))))

    def landed(self, raw_ids: Iterable[str]) -> dict[str, LandedDocument]:
        ids = list(raw_ids)
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.raw_documents).where(t.raw_documents.c.raw_id.in_(ids))).mappings()
            return {r["raw_id"]: LandedDocument(**r) for r in rows}

    def known_outcomes(self, raw_ids: Iterable[str]) -> dict[str, KnownOutcome]:
        """raw id → what is stored of it (KnownOutcome). Absent: never processed."""
        d, f = t.documents, t.failures
        q = (select(d.c.raw_id, d.c.ruleset_version, f.c.stage, f.c.error_type, d.c.cleaned_with, d.c.run_id,
                    d.c.source_uri, d.c.kind, d.c.article_count)
             .join(f, f.c.raw_id == d.c.raw_id, isouter=True).where(d.c.raw_id.in_(list(raw_ids))))
        with self.engine.connect() as conn:
            return {rid: KnownOutcome(version, f"{stage}:{etype}" if stage else None,
                                      json.loads(used) if used else None, run_id, source, kind,
                                      articles or 0)
                    for rid, version, stage, etype, used, run_id, source, kind, articles in conn.execute(q)}

    # --- outcomes -------------------------------------------------------------------------------
    def write_outcome(self, outcome: Outcome, run_id: str) -> None:
        """Replace one document's outcome (articles + spans + embeds, or a failure row) atomically."""
        self.write_outcomes([outcome], run_id)

    def write_outcomes(self, outcomes: Sequence[Outcome], run_id: str,
                       cleaned_with: Mapping[str, dict] | None = None,
                       hosts: Mapping[str, site_templates.HostRecord] | None = None,
                       index_keys: Mapping[str, Sequence[tuple[str, dedup.Keyed]]] | None = None) -> None:
        """Replace the outcomes of a batch of documents in one transaction.

        Each document's outcome is whole or absent, never partial: a batch commits or rolls back as a
        unit, and a rolled-back batch is simply re-run (ids are content hashes). Committing per batch
        rather than per document makes storing ~6x cheaper (one commit and one statement per table for
        200 documents), which is what keeps `ingest run` within 15% of cleaning alone. Previous
        outcomes are locked (PostgreSQL: FOR UPDATE, in raw-id order so concurrent runs cannot
        deadlock; SQLite: BEGIN IMMEDIATE) and deleted first. `cleaned_with` maps raw ids to the
        settings and inputs each was cleaned with (stored so a re-run reproduces them). `hosts` (from
        site_templates.apply_templates) maps raw ids to their site and edge lines: given, the batch's
        site rows are replaced and the templates of those hosts recounted. `index_keys` (from the
        sandbox workers: ingest.sandbox.index_keys) maps raw ids to (text, near-duplicate keys) of each
        article as cleaned: used for an article whose text is still that one, computed here otherwise."""
        by_id = {o.raw_id: o for o in outcomes}  # the same document twice: the last outcome wins
        ids = sorted(by_id)
        if not ids:
            return
        # Tens of thousands of rows, tuples and lists live until the batch commits: the collector's
        # generations kept being triggered and found nothing to free, each older pass walking the whole
        # heap (~0.1 ms a small document, a third of its storing). The rows hold no cycles.
        with collector_paused():
            now = utc_now()
            docs, failed, articles, embeds, spans = [], [], [], [], []
            for rid in ids:
                o = by_id[rid]
                docs.append(_document_row(o, run_id, now, (cleaned_with or {}).get(rid)))
                if isinstance(o, FailedDocument):
                    failed.append(_failure_row(o, run_id, now))
                    continue
                a, e = _article_rows(o, run_id, now)
                articles += a
                embeds += e
                spans += [{"raw_id": rid, "position": i, "rule": s.rule, "reason": s.reason, "start_offset": s.start,
                           "end_offset": s.end, "text": s.text} for i, s in enumerate(o.removed)]
            with writing(self.engine) as conn:
                if articles or hosts:  # before any row lock: see near_dups.lock
                    near_dups.lock(conn)
                existing = list(conn.scalars(select(t.documents.c.raw_id).where(t.documents.c.raw_id.in_(ids))
                                             .order_by(t.documents.c.raw_id).with_for_update()))
                if existing:
                    for table in (t.embeds, t.articles, t.removed_spans, t.failures):
                        conn.execute(delete(table).where(table.c.raw_id.in_(existing)))
                for table, rows in ((t.documents, docs), (t.failures, failed), (t.articles, articles),
                                    (t.embeds, embeds), (t.removed_spans, spans)):
                    upsert(conn, table, rows)
                if existing:
                    near_dups.forget(conn, existing, keep=(a["article_id"] for a in articles))
                near_dups.index_articles(conn, _index_entries(articles, outcomes, index_keys or {}))
                if hosts is not None:
                    site_templates.record(conn, ids, hosts)
                    site_templates.refresh(conn, {r.host for r in hosts.values()})

    # --- runs -----------------------------------------------------------------------------------
    def start_run(self, run_id: str, *, kind: str, engine: str, sources: Sequence[str], ruleset: str,
                  owner: str | None = None) -> None:
        now = utc_now()
        row = {"run_id": run_id, "kind": kind, "engine": engine, "status": "running", "ruleset_version": ruleset,
               "sources": json.dumps(list(sources)), "started_at": now, "owner": owner, "heartbeat_at": now}
        with writing(self.engine) as conn:
            upsert(conn, t.runs, [row], update=False)

    def heartbeat(self, run_id: str) -> None:
        """The run's process is alive (written after each batch)."""
        with writing(self.engine) as conn:
            conn.execute(update(t.runs).where(t.runs.c.run_id == run_id).values(heartbeat_at=utc_now()))

    def running_runs(self) -> list[tuple[str, str | None, str | None]]:
        """(run id, owner, heartbeat) of every run still marked running."""
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(t.runs.c.run_id, t.runs.c.owner, t.runs.c.heartbeat_at)
                                                    .where(t.runs.c.status == "running"))]

    def mark_interrupted(self, run_ids: Sequence[str]) -> None:
        """End runs whose process is gone: status `interrupted`, finished at the time it was noticed."""
        if not run_ids:
            return
        with writing(self.engine) as conn:
            conn.execute(update(t.runs).where(t.runs.c.run_id.in_(list(run_ids)), t.runs.c.status == "running")
                         .values(status="interrupted", finished_at=utc_now()))

    def finish_run(self, summary: RunSummary) -> None:
        values = {"status": "completed", "finished_at": utc_now(), "documents": summary.documents,
                  "stored": summary.stored, "unchanged": summary.unchanged, "failed": summary.failed,
                  "articles": summary.articles, "summary": json.dumps(summary.to_dict(), sort_keys=True)}
        with writing(self.engine) as conn:
            conn.execute(update(t.runs).where(t.runs.c.run_id == summary.run_id).values(**values))

    def link_flow_run(self, run_id: str, flow_run_id: str) -> None:
        """Record which Prefect flow run executes this ingest run."""
        with writing(self.engine) as conn:
            conn.execute(update(t.runs).where(t.runs.c.run_id == run_id).values(flow_run_id=flow_run_id))

    def interrupt_run(self, run_id: str) -> None:
        """Status `interrupted`, with the counts its committed batches left in the store."""
        d = t.documents.c
        with writing(self.engine) as conn:
            stored = conn.scalar(select(func.count()).where(d.run_id == run_id, d.status == "clean"))
            failed = conn.scalar(select(func.count()).where(d.run_id == run_id, d.status == "failed"))
            articles = conn.scalar(select(func.count()).where(t.articles.c.run_id == run_id))
            conn.execute(update(t.runs).where(t.runs.c.run_id == run_id, t.runs.c.status == "running").values(
                status="interrupted", finished_at=utc_now(), stored=stored, failed=failed, articles=articles))


def _index_entries(articles: list[dict], outcomes: Sequence[Outcome],
                   index_keys: Mapping[str, Sequence[tuple[str, dedup.Keyed]]]) -> list[near_dups.Entry]:
    """The batch's articles for the near-duplicate index, in the order the documents came (what
    "earliest" means within a batch), then by position; each with the keys its worker computed when
    they are of the text stored (a site template cut nothing from it)."""
    order = {o.raw_id: i for i, o in reversed(list(enumerate(outcomes)))}
    rows = sorted(articles, key=lambda a: (order[a["raw_id"]], a["position"]))
    return [near_dups.Entry(a["article_id"], a["raw_id"], a["text"], bool(a["truncated"]),
                            _keys_for(index_keys.get(a["raw_id"], ()), a["position"], a["text"])) for a in rows]


def _keys_for(prepared: Sequence[tuple[str, dedup.Keyed]], position: int, text: str) -> dedup.Keyed | None:
    """The precomputed keys of an article, None unless they were computed from exactly this text."""
    if position < len(prepared) and prepared[position][0] == text:
        return prepared[position][1]
    return None


def _unique(rows: Iterable[dict], keys: tuple[str, ...]) -> list[dict]:
    """One row per key (the first): one statement may not touch the same row twice on PostgreSQL."""
    out: dict[tuple, dict] = {}
    for r in rows:
        out.setdefault(tuple(r[k] for k in keys), r)
    return list(out.values())


def _document_row(outcome: Outcome, run_id: str, now: str, cleaned_with: dict | None = None) -> dict:
    clean = isinstance(outcome, CleanDocument)
    return {"raw_id": outcome.raw_id, "status": "clean" if clean else "failed", "source_uri": outcome.source_uri,
            "kind": outcome.kind if clean else None, "input_format": outcome.input_format if clean else None,
            "extractor": outcome.extractor if clean else None, "ruleset_version": outcome.ruleset_version,
            "run_id": run_id, "article_count": len(outcome.articles) if clean else 0,
            "removed_count": len(outcome.removed) if clean else 0, "processed_at": now,
            "notes": json.dumps([[n.step, n.code, n.detail] for n in outcome.notes]) if clean else "[]",
            "flags": " ".join(outcome.flags) if clean else "",
            "cleaned_with": json.dumps(cleaned_with, sort_keys=True) if cleaned_with is not None else None,
            "url": outcome.url, "fetched_at": outcome.fetched_at}


def _failure_row(f: FailedDocument, run_id: str, now: str) -> dict:
    return {"raw_id": f.raw_id, "source_uri": f.source_uri, "stage": f.stage, "error_type": f.error_type,
            "message": f.message, "ruleset_version": f.ruleset_version, "run_id": run_id, "failed_at": now}


# Embed's and LandedDocument's fields, all strings and numbers: their rows are read off them
# (dataclasses.asdict, a deep copy, was ~0.04 ms of a small document's storing for the embeds and 19 µs
# against 1.3 µs per landed document; the values are the same objects).
_EMBED_FIELDS = tuple(f.name for f in fields(Embed))
_LANDED_FIELDS = tuple(f.name for f in fields(LandedDocument))


def _article_rows(doc: CleanDocument, run_id: str, now: str) -> tuple[list[dict], list[dict]]:
    articles, embeds = [], []
    for i, a in enumerate(doc.articles):
        aid = article_id(doc.raw_id, i)
        articles.append({
            "article_id": aid, "raw_id": doc.raw_id, "position": i, "source_uri": doc.source_uri,
            "kind": doc.kind, "title": a.title, "author": a.author, "published": a.published,
            "updated": a.updated, "dateline": a.dateline, "language": a.language,
            "language_score": a.language_score, "truncated": a.truncated,
            "site_name": a.site_name, "url": a.url, "text": a.text, "text_hash": text_hash(a.text),
            "word_count": a.word_count, "sources": json.dumps([[s.field, s.value, s.source] for s in a.sources]),
            "conflicts": json.dumps(list(a.conflicts)), "ruleset_version": doc.ruleset_version,
            "markdown": a.markdown, "description": a.description, "categories": json.dumps(list(a.categories)),
            "tags": json.dumps(list(a.tags)),
            "run_id": run_id, "stored_at": now, "fetched_at": doc.fetched_at})
        embeds += [{"article_id": aid, "position": j, "raw_id": doc.raw_id,
                    **{name: getattr(e, name) for name in _EMBED_FIELDS}} for j, e in enumerate(a.embeds)]
    return articles, embeds
