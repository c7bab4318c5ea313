"""Export stored articles for consumers: JSON Lines or Parquet, one row per article.

The schema below is a contract: columns are only ever added (at the end), never renamed or retyped.
Plain Arrow types only (strings, ints, bool, lists of structs), so `pyarrow.parquet.read_table`,
pandas and `datasets.load_dataset("parquet", data_files=...)` read it as is.

    article_id      str   content-hash id of the article (stable across runs)
    raw_id          str   sha256 of the raw bytes it came from (file in the raw zone)
    source_uri      str   where the raw document came from
    position        int   index of the article in its document (listings yield several)
    kind            str   article | listing | forum | non_article
    title author published updated dateline language site_name url   str or null
    truncated       bool  a listing teaser, not the full article
    text            str   clean text, paragraphs separated by a blank line
    text_hash       str   hash of text (exact duplicates share it)
    word_count      int
    embeds          list<struct<platform, author, handle, date, url, text: str>>
    sources         list<struct<field, value, source: str>>   where each metadata value came from
    conflicts       list<str>   metadata fields whose sources disagreed
    ruleset_version str   the rules that produced it
    run_id          str   the run that stored it
    stored_at       str   UTC ISO 8601; what --since compares against
    markdown        str or null   the article with its structure (headings, lists, tables, quotes)
    description     str or null   the page's own summary
    categories      list<str>     sections the publisher files it under
    tags            list<str>     keywords / topic tags
    fetched_at      str   when its page was fetched (WARC-Date, JSONL, HTTP fetch, --fetched-at) or null
    cluster_id      str   its near-duplicate cluster: the article id of the cluster's earliest member
                          (its own id when it duplicates nothing stored before it)
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Literal

from .errors import ConfigError
from .runs import batched, open_store
from .settings import Settings
from .store import queries
from .store.clock import normalize_since

Format = Literal["jsonl", "parquet"]
DEFAULT_DIR = Path("clean/exports")
_STR = ("title", "author", "published", "updated", "dateline", "language", "site_name", "url")
ROW_GROUP = 5000  # rows per Parquet row group: bounded memory, large enough for fast scans


def arrow_schema():
    import pyarrow as pa

    s = pa.string()
    embed = pa.struct([(k, s) for k in ("platform", "author", "handle", "date", "url", "text")])
    source = pa.struct([("field", s), ("value", s), ("source", s)])
    return pa.schema([
        ("article_id", s), ("raw_id", s), ("source_uri", s), ("position", pa.int32()), ("kind", s),
        *[(k, s) for k in _STR[:6]], ("truncated", pa.bool_()), *[(k, s) for k in _STR[6:]],
        ("text", s), ("text_hash", s), ("word_count", pa.int32()), ("embeds", pa.list_(embed)),
        ("sources", pa.list_(source)), ("conflicts", pa.list_(s)), ("ruleset_version", s), ("run_id", s),
        ("stored_at", s), ("markdown", s), ("description", s), ("categories", pa.list_(s)), ("tags", pa.list_(s)),
        ("fetched_at", s), ("cluster_id", s),
    ])


COLUMNS = ("article_id", "raw_id", "source_uri", "position", "kind", *_STR[:6], "truncated", *_STR[6:], "text",
           "text_hash", "word_count", "embeds", "sources", "conflicts", "ruleset_version", "run_id", "stored_at",
           "markdown", "description", "categories", "tags", "fetched_at", "cluster_id")
_JSON_LISTS = ("conflicts", "categories", "tags")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int
    format: str


def _record(row: dict) -> dict:
    out = {k: row[k] for k in COLUMNS if k not in ("sources", "truncated", *_JSON_LISTS)}
    out["truncated"] = bool(row["truncated"])
    out["sources"] = [{"field": f, "value": v, "source": s} for f, v, s in json.loads(row["sources"])]
    for k in _JSON_LISTS:
        out[k] = json.loads(row[k] or "[]")
    return {k: out[k] for k in COLUMNS}


def default_path(fmt: Format) -> Path:
    return DEFAULT_DIR / f"articles-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}.{fmt}"


def export(settings: Settings, fmt: Format = "jsonl", out: str | Path | BinaryIO | None = None,
           since: str | None = None) -> ExportResult:
    """Write every stored article (stored at or after `since`, if given) to `out`: a path, or an open
    binary stream such as sys.stdout.buffer (the result's path is then "-")."""
    if fmt not in ("jsonl", "parquet"):
        raise ConfigError("format", f"{fmt!r} is not jsonl or parquet")
    try:
        since_norm = normalize_since(since) if since else None
    except ValueError:
        raise ConfigError("since", f"not an ISO 8601 date or datetime: {since!r}") from None
    stream = out if hasattr(out, "write") else None
    path = Path("-") if stream else Path(out) if out else default_path(fmt)
    if not stream:
        path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(settings) as store:
        records = (_record(r) for r in queries.iter_articles(store.engine, since_norm))
        target = stream or path
        rows = _write_parquet(records, target) if fmt == "parquet" else _write_jsonl(records, target)
    if stream:
        stream.flush()
    return ExportResult(path, rows, fmt)


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
