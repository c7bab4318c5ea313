"""Ordered schema migrations. Append a function to MIGRATIONS for every schema change; never edit
an applied one. A store written by a newer ingest raises SchemaMismatch instead of being damaged."""
from __future__ import annotations

from typing import Callable

from sqlalchemy import Connection, Engine, func, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError

from ..errors import SchemaMismatch
from . import schema
from .clock import utc_now
from .engine import writing


def _v1_initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.V1_TABLES), checkfirst=True)


def _v2_structure(conn: Connection) -> None:
    """Markdown, description, categories/tags per article; decision notes per document."""
    _add_missing(conn, schema.V2_COLUMNS)


def _add_missing(conn: Connection, columns) -> None:
    """ALTER TABLE … ADD COLUMN for each (table, column) the table lacks (a store created just now has
    them all: create_all builds tables from the current metadata)."""
    for table, column in columns:
        have = {c["name"] for c in inspect(conn).get_columns(table)}
        if column.name not in have:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column.name} {column.type.compile(conn.dialect)}"))


def _v3_document_flags(conn: Connection) -> None:
    """documents.flags: outcome flags an operator filters on (`ingest flagged`)."""
    _add_missing(conn, schema.V3_COLUMNS)


def _v4_across_documents(conn: Connection) -> None:
    """Near-duplicate index, site templates, export history; articles gain a language score."""
    schema.metadata.create_all(conn, tables=list(schema.V4_TABLES), checkfirst=True)
    _add_missing(conn, schema.V4_COLUMNS)


def _v5_reproducible_runs(conn: Connection) -> None:
    """documents.cleaned_with (settings + fetched_at per document); runs.owner/heartbeat_at (stale runs)."""
    _add_missing(conn, schema.V5_COLUMNS)


def _v6_runs_flow_run_id(conn: Connection) -> None:
    """runs.flow_run_id: which Prefect flow run executed the ingest run."""
    _add_missing(conn, schema.V6_COLUMNS)


def _v7_sources(conn: Connection) -> None:
    """URL, charset and fetch time on documents and articles; every source of a document; fetch validators."""
    schema.metadata.create_all(conn, tables=list(schema.V7_TABLES), checkfirst=True)
    _add_missing(conn, schema.V7_COLUMNS)


def _v8_near_dup_keys(conn: Connection) -> None:
    """near_dups.seq and lead_key; near_dup_buckets keyed by seq (16-byte rows, one B-tree): a store
    whose buckets have the v4 shape gets them rebuilt from the stored signatures and texts."""
    from . import near_dups

    _add_missing(conn, schema.V8_COLUMNS)
    schema.NEAR_DUPS_SEQ_INDEX.create(conn, checkfirst=True)
    if "article_id" in {c["name"] for c in inspect(conn).get_columns("near_dup_buckets")}:
        conn.execute(text("DROP TABLE near_dup_buckets"))
        schema.near_dup_buckets.create(conn)
        near_dups.rebuild_keys(conn)


def _v9_site_counts(conn: Connection) -> None:
    """site_line_counts and site_host_pages, filled once from site_lines and document_hosts; from
    then on each batch updates them by its delta (store/site_templates.record)."""
    from . import site_templates

    schema.metadata.create_all(conn, tables=list(schema.V9_TABLES), checkfirst=True)
    site_templates.rebuild_counts(conn)


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_v1_initial, _v2_structure, _v3_document_flags,
                                                         _v4_across_documents, _v5_reproducible_runs,
                                                         _v6_runs_flow_run_id, _v7_sources, _v8_near_dup_keys,
                                                         _v9_site_counts)
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    schema.schema_version.create(conn, checkfirst=True)
    return conn.scalar(select(func.max(schema.schema_version.c.version))) or 0


def migrate(engine: Engine, attempts: int = 3) -> int:
    """Bring the store to SCHEMA_VERSION; returns the version found before.

    Two processes may migrate a fresh store at once: DDL is transactional, so the loser's transaction
    rolls back and it re-reads the version the winner wrote."""
    for attempt in range(attempts):
        try:
            with writing(engine) as conn:
                found = current_version(conn)
                if found > SCHEMA_VERSION:
                    raise SchemaMismatch(found, SCHEMA_VERSION)
                for version in range(found + 1, SCHEMA_VERSION + 1):
                    MIGRATIONS[version - 1](conn)
                    conn.execute(insert(schema.schema_version).values(version=version, applied_at=utc_now()))
                return found
        except DBAPIError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
