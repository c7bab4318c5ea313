"""Export stored articles for consumers: JSON Lines or Parquet, one row per article.

The schema below is a contract: columns are only ever added (at the end), never renamed; EXPORT_SCHEMA
_VERSION counts its changes and sits in the Parquet file's metadata (key `ingest.export_schema`), with
the store's schema version and the processing version. Plain Arrow types only (strings, ints, floats,
bool, timestamps, lists of structs), so `pyarrow.parquet.read_table`, pandas and
`datasets.load_dataset("parquet", data_files=...)` read it as is.

    article_id      str   content-hash id of the article (stable across runs)
    raw_id          str   sha256 of the raw bytes it came from (file in the raw zone)
    source_uri      str   where the raw document came from
    position        int   index of the article in its document (listings yield several)
    kind            str   article | listing | forum | non_article
    title author published updated dateline language site_name url   str or null
                          (published/updated stay ISO strings: a page gives a date, or a time with an
                          offset, and a timestamp would invent the missing precision)
    truncated       bool  a listing teaser, not the full article
    text            str   clean text, paragraphs separated by a blank line
    text_hash       str   hash of text (exact duplicates share it)
    word_count      int
    embeds          list<struct<platform, author, handle, date, url, text: str>>
    sources         list<struct<field, value, source: str>>   where each metadata value came from
    conflicts       list<str>   metadata fields whose sources disagreed
    ruleset_version str   the rules that produced it
    run_id          str   the run that stored it
    stored_at       timestamp[us, UTC] (v1: str)   what --since compares against
    markdown        str or null   the article with its structure (headings, lists, tables, quotes)
    description     str or null   the page's own summary
    categories      list<str>     sections the publisher files it under
    tags            list<str>     keywords / topic tags
    fetched_at      timestamp[us, UTC] or null (v1: str)   when its page was fetched (WARC-Date, JSONL,
                          HTTP fetch, --fetched-at)
    cluster_id      str   its near-duplicate cluster: the article id of the cluster's earliest member
                          (its own id when it duplicates nothing stored before it)
    host            str or null   the site: host of the article's or page's URL, without "www."
    input_format    str   html | text
    language_score  float or null   py3langid's probability for `language` on the text, in (0, 1]
                          (ingest.language); null where there is no language, where detection was off,
                          and for articles stored before it existed until `rerun --outdated`

In JSON Lines the timestamps are ISO 8601 strings (UTC). Incremental exports: `since` (a time),
`since_run` (articles stored by that run and every later one), `new` (stored since the watermark of the
last recorded export); every export is recorded in the store's `exports` table.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Literal

from .errors import ConfigError
from .runs import batched, new_run_id, open_store
from .settings import Settings
from .store import queries
from .store import schema as store_schema
from .store.clock import normalize_since, utc_now
from .store.migrations import SCHEMA_VERSION
from .templates import host_of_url
from .version import PROCESSING_VERSION

Format = Literal["jsonl", "parquet"]
DEFAULT_DIR = Path("clean/exports")
_STR = ("title", "author", "published", "updated", "dateline", "language", "site_name", "url")
ROW_GROUP = 5000  # rows per Parquet row group: bounded memory, large enough for fast scans
# 1: the first schema; 2: stored_at/fetched_at as timestamps, cluster_id, host, input_format, language_score.
EXPORT_SCHEMA_VERSION = 2
_TIMESTAMPS = ("stored_at", "fetched_at")


def arrow_schema():
    import pyarrow as pa

    s, ts = pa.string(), pa.timestamp("us", tz="UTC")
    embed = pa.struct([(k, s) for k in ("platform", "author", "handle", "date", "url", "text")])
    source = pa.struct([("field", s), ("value", s), ("source", s)])
    return pa.schema([
        ("article_id", s), ("raw_id", s), ("source_uri", s), ("position", pa.int32()), ("kind", s),
        *[(k, s) for k in _STR[:6]], ("truncated", pa.bool_()), *[(k, s) for k in _STR[6:]],
        ("text", s), ("text_hash", s), ("word_count", pa.int32()), ("embeds", pa.list_(embed)),
        ("sources", pa.list_(source)), ("conflicts", pa.list_(s)), ("ruleset_version", s), ("run_id", s),
        ("stored_at", ts), ("markdown", s), ("description", s), ("categories", pa.list_(s)), ("tags", pa.list_(s)),
        ("fetched_at", ts), ("cluster_id", s), ("host", s), ("input_format", s), ("language_score", pa.float64()),
    ], metadata=parquet_metadata())


def parquet_metadata() -> dict[bytes, bytes]:
    """What a Parquet export says about itself: its schema version, the store's, the processing version."""
    return {b"ingest.export_schema": str(EXPORT_SCHEMA_VERSION).encode(),
            b"ingest.store_schema": str(SCHEMA_VERSION).encode(),
            b"ingest.processing_version": PROCESSING_VERSION.encode()}


COLUMNS = ("article_id", "raw_id", "source_uri", "position", "kind", *_STR[:6], "truncated", *_STR[6:], "text",
           "text_hash", "word_count", "embeds", "sources", "conflicts", "ruleset_version", "run_id", "stored_at",
           "markdown", "description", "categories", "tags", "fetched_at", "cluster_id", "host", "input_format",
           "language_score")
_JSON_LISTS = ("conflicts", "categories", "tags")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int
    format: str
    since: str | None = None  # what it started from (None: everything)
    export_id: str = ""


def _timestamp(value: str | None) -> datetime | None:
    """A stored ISO 8601 time as an aware UTC datetime (naive means UTC, as the store writes it)."""
    if not value:
        return None
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _record(row: dict, typed: bool) -> dict:
    out = {k: row[k] for k in COLUMNS if k in row and k not in ("sources", "truncated", *_JSON_LISTS)}
    out["truncated"] = bool(row["truncated"])
    out["sources"] = [{"field": f, "value": v, "source": s} for f, v, s in json.loads(row["sources"])]
    for k in _JSON_LISTS:
        out[k] = json.loads(row[k] or "[]")
    out["host"] = host_of_url(row["url"] or row["document_url"])
    if typed:
        for k in _TIMESTAMPS:
            out[k] = _timestamp(row[k])
    return {k: out[k] for k in COLUMNS}


def default_path(fmt: Format) -> Path:
    return DEFAULT_DIR / f"articles-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}.{fmt}"


def export(settings: Settings, fmt: Format = "jsonl", out: str | Path | BinaryIO | None = None,
           since: str | None = None, *, since_run: str | None = None, new: bool = False,
           dedup: bool = False) -> ExportResult:
    """Write the stored articles to `out`: a path, or an open binary stream such as sys.stdout.buffer
    (the result's path is then "-"). At most one of `since` (stored at or after this time), `since_run`
    (stored by this run or a later one) and `new` (stored since the last recorded export). `dedup`: one
    article per near-duplicate cluster, the longest (queries.export_choice). The export is recorded
    in the store (exports), with the watermark the next `new` export starts from."""
    if fmt not in ("jsonl", "parquet"):
        raise ConfigError("format", f"{fmt!r} is not jsonl or parquet")
    if sum(x is not None and x is not False for x in (since, since_run, new)) > 1:
        raise ConfigError("since", "give at most one of --since, --since-run and --new")
    try:
        since_norm = normalize_since(since) if since else None
    except ValueError:
        raise ConfigError("since", f"not an ISO 8601 date or datetime: {since!r}") from None
    stream = out if hasattr(out, "write") else None
    path = Path("-") if stream else Path(out) if out else default_path(fmt)
    with open_store(settings) as store:
        if since_run:
            since_norm = queries.run_started(store.engine, since_run)
        elif new:
            since_norm = queries.last_export_watermark(store.engine)
        started = utc_now()
        watermark = queries.export_watermark(store.engine, started)
        if not stream:
            path.parent.mkdir(parents=True, exist_ok=True)
        records = (_record(r, fmt == "parquet") for r in queries.iter_articles(store.engine, since_norm, dedup=dedup))
        target = stream or path
        rows = _write_parquet(records, target) if fmt == "parquet" else _write_jsonl(records, target)
        export_id = new_run_id()
        _record_export(store, {"export_id": export_id, "started_at": started, "watermark": watermark,
                               "since": since_norm, "format": fmt, "path": str(path), "rows": rows, "dedup": dedup})
    if stream:
        stream.flush()
    return ExportResult(path, rows, fmt, since_norm, export_id)


def _record_export(store, row: dict) -> None:
    from .store.engine import upsert, writing

    with writing(store.engine) as conn:
        upsert(conn, store_schema.exports, [row], update=False)


def _write_jsonl(records: Iterable[dict], target: Path | BinaryIO) -> int:
    n = 0
    f = target if hasattr(target, "write") else target.open("wb")
    try:
        for r in records:
            f.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8"))
            n += 1
    finally:
        if f is not target:
            f.close()
    return n


def _write_parquet(records: Iterator[dict], path: Path | BinaryIO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema, n = arrow_schema(), 0
    with pq.ParquetWriter(path, schema) as writer:  # an empty export is still a valid, typed file
        for chunk in batched(records, ROW_GROUP):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n
