"""Connecting to the store, and the one function where SQLite and PostgreSQL differ (upsert)."""
from __future__ import annotations

import errno
import os
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence

from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from ..errors import ConfigError, StoreError, StoreUnavailable

# Writers wait for each other instead of failing: one document's transaction takes milliseconds, so
# 60 s only runs out when something is truly stuck.
SQLITE_BUSY_TIMEOUT_MS = 60_000
# Page cache per SQLite connection. The near-duplicate index reads 33 bucket rows per new article
# from a table of 33 rows per stored one; with SQLite's default 2 MB cache those reads miss from
# about 50k stored articles on, and the index cost per article grew 2.6x from 10k to 100k stored
# (bench/bench_dedup.py). 64 MB keeps the hot part of the bucket index resident: 1.19 -> 0.82 ms
# CPU per article at 100k, the same at 10k, measured in one run. It is a ceiling, not an allocation.
SQLITE_CACHE_MB = 64
WRITE_OPTION = "ingest_write"  # execution option: this connection writes (SQLite: BEGIN IMMEDIATE)


# scheme://userinfo@rest — userinfo runs to the LAST "@" before the path, so a password holding an
# unescaped "@" (or "/", ":") is still recognised as the password, never shown as part of the host.
_CREDENTIALS = re.compile(r"^(?P<scheme>[A-Za-z][\w+.-]*://)(?P<userinfo>[^?#]*)@(?P<rest>[^@]*)$")
# A password holding "?" or "#" (people type them unescaped) hides the "@" from that pattern: then the
# userinfo runs to the last "@" followed by a host and a path (/db), and, for showing a URL only, to the
# last "@" of all (hiding too much beats showing a secret).
_LOOSE_CREDENTIALS = re.compile(r"^(?P<scheme>[A-Za-z][\w+.-]*://)(?P<userinfo>.*)@(?P<rest>[^@/?#]*/[^@]*)$", re.DOTALL)
_ANY_CREDENTIALS = re.compile(r"^(?P<scheme>[A-Za-z][\w+.-]*://)(?P<userinfo>.*)@(?P<rest>[^@]*)$", re.DOTALL)
_QUERY_SECRET = re.compile(r"(?i)([?&](?:password|passwd|pwd|sslpassword)=)[^&#]*")
# The driver the project installs for PostgreSQL (psycopg 3); SQLAlchemy's plain scheme means psycopg2.
POSTGRES_DRIVER = "postgresql+psycopg"
_PLAIN_POSTGRES = ("postgresql", "postgres")


def credentials_match(url: str) -> re.Match | None:
    """scheme, userinfo and the rest of a URL whose userinfo part can be told apart (see _CREDENTIALS)."""
    return _CREDENTIALS.match(url) or _LOOSE_CREDENTIALS.match(url)


def redacted(url: str) -> str:
    """The URL as it may be shown to people: the password replaced by ***, whatever it contains."""
    m = credentials_match(url) or _ANY_CREDENTIALS.match(url)
    if m:
        user = m["userinfo"].split(":", 1)[0]
        url = f"{m['scheme']}{user}{':***' if ':' in m['userinfo'] else ''}@{m['rest']}"
    return _QUERY_SECRET.sub(r"\1***", url)


def _escaped_userinfo(url: str) -> str:
    """The URL with characters that would end the password early (@ / ? #) percent-escaped."""
    m = credentials_match(url)
    if not m or ":" not in m["userinfo"]:
        return url
    user, password = m["userinfo"].split(":", 1)
    for ch, code in (("@", "%40"), ("/", "%2F"), ("?", "%3F"), ("#", "%23")):
        password = password.replace(ch, code)
    return f"{m['scheme']}{user}:{password}@{m['rest']}"


def check_url(url: str) -> URL:
    """The parsed URL, or ConfigError when it is not a SQLite or PostgreSQL URL (fail before any work).
    `postgresql://` and `postgres://` mean the psycopg driver the project installs."""
    try:
        parsed = make_url(_escaped_userinfo(url))
    except ArgumentError:
        raise ConfigError("store_url", f"not a database URL: {redacted(url)}") from None
    if parsed.drivername in _PLAIN_POSTGRES:
        parsed = parsed.set(drivername=POSTGRES_DRIVER)
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError("store_url", f"unsupported database {backend!r} (use sqlite:/// or postgresql://)")
    return parsed


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other databases and for :memory:)."""
    parsed = check_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def require_existing(url: str) -> None:
    """For read-only verbs: StoreError when there is no store at `url` yet (nothing is created)."""
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise StoreError(f"no store at {path} yet (ingest run SOURCES creates it; --store URL for another)")


def check_ingest_store(engine: Engine, url: str) -> None:
    """Refuse a database that holds tables but none of ours: never add ingest's tables to someone
    else's database, and say so instead of failing later."""
    try:
        names = set(inspect(engine).get_table_names())
    except SQLAlchemyError:  # busy (another process creating the store) or worse: migrate retries or says why
        return
    if names and "schema_version" not in names:
        raise StoreUnavailable(redacted(url), f"not an ingest store (it holds other tables: {', '.join(sorted(names)[:5])})")


# What the database or the OS says → the cause a person reads. Checked in order, lower-cased.
_DB_CAUSES = (
    ("file is not a database", "not an ingest store (the file is not a SQLite database)"),
    ("database disk image is malformed", "not an ingest store (the SQLite file is corrupt)"),
    ("database or disk is full", "disk full"),
    ("no space left on device", "disk full"),
    ("readonly database", "read-only"),
    ("read-only", "read-only"),
    ("unable to open database file", "cannot open the database file"),
)
_OS_CAUSES = {errno.ENOSPC: "disk full", errno.EDQUOT: "disk quota exceeded", errno.EROFS: "read-only",
              errno.EACCES: "permission denied", errno.EPERM: "permission denied"}


def store_cause(exc: BaseException, url: str | None = None) -> str:
    """The cause of a database error in a few words (SQLite's "unable to open" is made precise)."""
    orig = getattr(exc, "orig", None) or exc
    text = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    low = text.lower()
    cause = next((cause for key, cause in _DB_CAUSES if key in low), text)
    path = sqlite_path(url) if url else None
    if path is not None and "unable to open" in low:
        cause = _unopenable(path) or cause
    return cause


def _unopenable(path: Path) -> str | None:
    """Why SQLite cannot open `path` (it also writes <file>-wal and -shm next to it)."""
    directory = path.parent if path.parent.exists() else None
    if directory is None:
        return f"directory {path.parent} does not exist"
    try:
        if os.statvfs(directory).f_flag & os.ST_RDONLY:
            return "read-only (the file system is mounted read-only)"
    except OSError:
        return None
    return None if os.access(directory, os.W_OK) else "permission denied"


def describe_failure(exc: BaseException, settings=None) -> str:
    """One line naming what failed (the store, the raw zone, a path) and the cause, without internals."""
    if isinstance(exc, OSError):
        cause = _OS_CAUSES.get(exc.errno or 0, exc.strerror or type(exc).__name__)
        where = exc.filename
        zone = getattr(settings, "raw_zone", None)
        if where and zone is not None and _inside(Path(where), Path(zone)):
            return f"raw zone {zone}: {cause} (writing {where})"
        return f"{where}: {cause}" if where else cause
    url = settings.store_url if settings is not None else None
    return f"store {redacted(url) if url else ''}: {store_cause(exc, url)}"


def _inside(path: Path, directory: Path) -> bool:
    try:
        path.resolve().relative_to(directory.resolve())
        return True
    except (ValueError, OSError):
        return False


def make_engine(url: str) -> Engine:
    """An Engine for `url`; SQLite gets WAL, a busy timeout and write-locking transactions."""
    parsed = check_url(url)
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed)
        return create_engine(parsed, pool_pre_ping=True, pool_size=2, max_overflow=4)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreUnavailable(redacted(url), f"driver missing ({exc}); pip install 'psycopg[binary]'") from None


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
        cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_MB * 1024}")  # negative: KiB, not pages
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

    The only place where the SQL dialects differ. The rows go to the driver's executemany as tuples
    through one SQL text built per (table, columns): SQLAlchemy's compiled-statement path spent more
    per row (parameter processing, ~0.3 ms per document of ~41 rows, GIL-held in the run's driver)
    than SQLite spends inserting it. Every column is String, Text, Integer, Float, Boolean or
    LargeBinary, which both drivers take as Python values, so the stored values are the same."""
    if rows:
        keys = tuple(rows[0])
        sql = _upsert_sql(conn.dialect, table, update, keys)
        conn.exec_driver_sql(sql, [tuple(r[k] for k in keys) for r in rows])


def _upsert_sql(dialect: Any, table: Table, update: bool, keys: tuple[str, ...]) -> str:
    return _upsert_text(dialect.name, dialect.paramstyle, dialect.identifier_preparer, table, update, keys)


@lru_cache(maxsize=256)
def _upsert_text(name: str, paramstyle: str, preparer: Any, table: Table, update: bool, keys: tuple[str, ...]) -> str:
    # INSERT … ON CONFLICT (primary key) DO NOTHING / DO UPDATE SET every other column = excluded's
    # (as SQLAlchemy's on_conflict_do_update with every non-key column), same text on both dialects.
    quote = preparer.quote
    marker = "?" if paramstyle == "qmark" else "%s"
    pk = [c.name for c in table.primary_key.columns]
    head = (f"INSERT INTO {preparer.format_table(table)} ({', '.join(quote(k) for k in keys)}) "
            f"VALUES ({', '.join(marker for _ in keys)}) ON CONFLICT ({', '.join(quote(k) for k in pk)}) ")
    if not update:
        return head + "DO NOTHING"
    rest = [c.name for c in table.columns if c.name not in pk]
    if not rest:
        return head + "DO NOTHING"
    return head + "DO UPDATE SET " + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in rest)
