"""Connecting to the store, and the one function where SQLite and PostgreSQL differ (upsert)."""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from ..errors import ConfigError, StoreUnavailable

# Writers wait for each other instead of failing: one document's transaction takes milliseconds, so
# 60 s only runs out when something is truly stuck.
SQLITE_BUSY_TIMEOUT_MS = 60_000
WRITE_OPTION = "ingest_write"  # execution option: this connection writes (SQLite: BEGIN IMMEDIATE)


def redacted(url: str) -> str:
    """The URL as it may be shown to people: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable store URL>"


def check_url(url: str):
    """The parsed URL, or ConfigError when it is not a SQLite or PostgreSQL URL (fail before any work)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError("store_url", f"not a database URL: {redacted(url)}") from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError("store_url", f"unsupported database {backend!r} (use sqlite:/// or postgresql+psycopg://)")
    return parsed


def make_engine(url: str) -> Engine:
    """An Engine for `url`; SQLite gets WAL, a busy timeout and write-locking transactions."""
    parsed = check_url(url)
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed)
        return create_engine(parsed, pool_pre_ping=True, pool_size=2, max_overflow=4)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreUnavailable(redacted(url), f"driver missing ({exc}); pip install 'ingest[postgres]'") from None


def _sqlite_engine(parsed) -> Engine:
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL + NORMAL survives a killed process (only power loss can drop the last commits) and
        # saves an fsync per document transaction.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock at BEGIN: a deferred transaction that reads and then writes
        # cannot be retried by the busy handler when another process wrote in between
        # (SQLITE_BUSY_SNAPSHOT). Readers stay deferred and never wait for writers (WAL).
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")

    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction (committed on success, rolled back on error)."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


def upsert(conn: Connection, table: Table, rows: Sequence[dict], *, update: bool = True) -> None:
    """Insert rows; on a primary-key conflict update them (or leave them, update=False).

    The only place where the SQL dialects differ."""
    if rows:
        conn.execute(_upsert_statement(conn.dialect.name, table, update), list(rows))


@lru_cache(maxsize=64)
def _upsert_statement(dialect: str, table: Table, update: bool):
    # Built once per table: constructing ON CONFLICT clauses costs more than executing them.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table)
    keys = [c.name for c in table.primary_key.columns]
    if not update:
        return stmt.on_conflict_do_nothing(index_elements=keys)
    return stmt.on_conflict_do_update(
        index_elements=keys, set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys})
