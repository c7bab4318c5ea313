"""SqlStore: the canonical store on SQLite or PostgreSQL. Writes are upserts keyed by content-hash
ids; a document's whole outcome commits in one transaction."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Iterable, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError

from ..errors import StoreUnavailable
from ..ids import article_id, text_hash
from ..landing import LandedDocument
from ..records import CleanDocument, FailedDocument, Outcome, RunSummary
from . import schema as t
from .clock import utc_now
from .engine import make_engine, redacted, upsert, writing
from .migrations import migrate


class SqlStore:
    """One store URL, one connection pool. Safe to share between threads; open one per process."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        try:
            migrate(self.engine)
        except OperationalError as exc:
            self.engine.dispose()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise StoreUnavailable(redacted(url), reason) from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "SqlStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- raw zone index -------------------------------------------------------------------------
    def record_landed(self, docs: Sequence[LandedDocument]) -> None:
        """Index landed documents; a raw id already known keeps its first row (landing is a no-op)."""
        with writing(self.engine) as conn:
            upsert(conn, t.raw_documents, [asdict(d) for d in docs], update=False)

    def landed(self, raw_ids: Iterable[str]) -> dict[str, LandedDocument]:
        ids = list(raw_ids)
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.raw_documents).where(t.raw_documents.c.raw_id.in_(ids))).mappings()
            return {r["raw_id"]: LandedDocument(**r) for r in rows}

    def known_outcomes(self, raw_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """raw id → (ruleset version of its stored outcome, "stage:error_type" if that outcome is a
        failure). Absent: never processed."""
        d, f = t.documents, t.failures
        q = (select(d.c.raw_id, d.c.ruleset_version, f.c.stage, f.c.error_type)
             .join(f, f.c.raw_id == d.c.raw_id, isouter=True).where(d.c.raw_id.in_(list(raw_ids))))
        with self.engine.connect() as conn:
            return {rid: (version, f"{stage}:{etype}" if stage else None)
                    for rid, version, stage, etype in conn.execute(q)}

    # --- outcomes -------------------------------------------------------------------------------
    def write_outcome(self, outcome: Outcome, run_id: str) -> None:
        """Replace the document's outcome (articles + spans + embeds, or a failure row) atomically.

        The documents row is written first: on PostgreSQL its row lock serialises two writers of the
        same document; on SQLite BEGIN IMMEDIATE already does."""
        now = utc_now()
        rid = outcome.raw_id
        with writing(self.engine) as conn:
            upsert(conn, t.documents, [_document_row(outcome, run_id, now)])
            conn.execute(delete(t.embeds).where(t.embeds.c.raw_id == rid))
            conn.execute(delete(t.articles).where(t.articles.c.raw_id == rid))
            conn.execute(delete(t.removed_spans).where(t.removed_spans.c.raw_id == rid))
            conn.execute(delete(t.failures).where(t.failures.c.raw_id == rid))
            if isinstance(outcome, FailedDocument):
                upsert(conn, t.failures, [_failure_row(outcome, run_id, now)])
                return
            articles, embeds = _article_rows(outcome, run_id, now)
            upsert(conn, t.articles, articles)
            upsert(conn, t.embeds, embeds)
            upsert(conn, t.removed_spans, [
                {"raw_id": rid, "position": i, "rule": s.rule, "reason": s.reason, "start_offset": s.start,
                 "end_offset": s.end, "text": s.text} for i, s in enumerate(outcome.removed)])

    # --- runs -----------------------------------------------------------------------------------
    def start_run(self, run_id: str, *, kind: str, engine: str, sources: Sequence[str], ruleset: str) -> None:
        row = {"run_id": run_id, "kind": kind, "engine": engine, "status": "running", "ruleset_version": ruleset,
               "sources": json.dumps(list(sources)), "started_at": utc_now()}
        with writing(self.engine) as conn:
            upsert(conn, t.runs, [row], update=False)

    def finish_run(self, summary: RunSummary) -> None:
        values = {"status": "completed", "finished_at": utc_now(), "documents": summary.documents,
                  "stored": summary.stored, "unchanged": summary.unchanged, "failed": summary.failed,
                  "articles": summary.articles, "summary": json.dumps(summary.to_dict(), sort_keys=True)}
        with writing(self.engine) as conn:
            conn.execute(update(t.runs).where(t.runs.c.run_id == summary.run_id).values(**values))


def _document_row(outcome: Outcome, run_id: str, now: str) -> dict:
    clean = isinstance(outcome, CleanDocument)
    return {"raw_id": outcome.raw_id, "status": "clean" if clean else "failed", "source_uri": outcome.source_uri,
            "kind": outcome.kind if clean else None, "input_format": outcome.input_format if clean else None,
            "extractor": outcome.extractor if clean else None, "ruleset_version": outcome.ruleset_version,
            "run_id": run_id, "article_count": len(outcome.articles) if clean else 0,
            "removed_count": len(outcome.removed) if clean else 0, "processed_at": now}


def _failure_row(f: FailedDocument, run_id: str, now: str) -> dict:
    return {"raw_id": f.raw_id, "source_uri": f.source_uri, "stage": f.stage, "error_type": f.error_type,
            "message": f.message, "ruleset_version": f.ruleset_version, "run_id": run_id, "failed_at": now}


def _article_rows(doc: CleanDocument, run_id: str, now: str) -> tuple[list[dict], list[dict]]:
    articles, embeds = [], []
    for i, a in enumerate(doc.articles):
        aid = article_id(doc.raw_id, i)
        articles.append({
            "article_id": aid, "raw_id": doc.raw_id, "position": i, "source_uri": doc.source_uri,
            "kind": doc.kind, "title": a.title, "author": a.author, "published": a.published,
            "updated": a.updated, "dateline": a.dateline, "language": a.language, "truncated": a.truncated,
            "site_name": a.site_name, "url": a.url, "text": a.text, "text_hash": text_hash(a.text),
            "word_count": a.word_count, "sources": json.dumps([[s.field, s.value, s.source] for s in a.sources]),
            "conflicts": json.dumps(list(a.conflicts)), "ruleset_version": doc.ruleset_version,
            "run_id": run_id, "stored_at": now})
        embeds += [{"article_id": aid, "position": j, "raw_id": doc.raw_id, **e.to_dict()}
                   for j, e in enumerate(a.embeds)]
    return articles, embeds
