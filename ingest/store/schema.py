"""The canonical store's tables (SQLAlchemy Core). Timestamps are UTC ISO 8601 strings: they sort as
text and read the same on SQLite and PostgreSQL.

raw_documents  one row per landed byte string (the raw zone's index; never changes once written)
documents      the current outcome of each raw document: clean or failed, by which ruleset, in which run
articles       clean articles (a listing yields several), with every metadata field of the clean contract
removed_spans  what the rules cut from each document, with rule and reason (provenance)
embeds         social posts kept as metadata of an article
failures       the current failure of each failed document (stage, type, message)
document_sources every place a raw document was landed from (path, URL, WARC record…): same bytes, many sources
fetch_validators the ETag / Last-Modified of the last fetch of each URL (conditional re-fetch)
runs           one row per run, kept forever: the run history
schema_version applied migrations, in order

Across documents (v4):
near_dups      every stored article's near-duplicate cluster (its earliest member), the article it was
               linked to and how (copy / teaser / contained), and its MinHash signature
near_dup_buckets  LSH band keys and lead-text keys → article (its near_dups.seq, v8), the index new articles
               are looked up in
site_lines     per document, the hashes of the lines at the edges of its articles, by host (what site
               templates are counted from)
site_templates one row per version of a host's learned template (the repeated lines, as JSON)
document_hosts each document's host and the template version it was cleaned with (rerun --outdated)
exports        one row per export: what it covered, so the next one can take only what is new
"""
from __future__ import annotations

from sqlalchemy import (BigInteger, Boolean, Column, Float, Index, Integer, LargeBinary, MetaData, String, Table,
                        Text)

metadata = MetaData()

_ID = 64  # sha256 hex (raw ids); shorter blake2 ids fit too
_TS = 40

raw_documents = Table(
    "raw_documents", metadata,
    Column("raw_id", String(_ID), primary_key=True),
    Column("source_uri", Text, nullable=False),
    Column("media_type", String(100)),
    Column("size", BigInteger, nullable=False),
    Column("path", Text, nullable=False),  # relative to the raw zone, so the zone can move
    Column("fetched_at", String(_TS)),
    Column("landed_at", String(_TS), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("raw_id", String(_ID), primary_key=True),
    Column("status", String(10), nullable=False),  # "clean" | "failed"
    Column("source_uri", Text, nullable=False),
    Column("kind", String(20)),
    Column("input_format", String(10)),
    Column("extractor", String(40)),
    Column("ruleset_version", String(40), nullable=False),
    Column("run_id", String(40), nullable=False),
    Column("article_count", Integer, nullable=False),
    Column("removed_count", Integer, nullable=False),
    Column("processed_at", String(_TS), nullable=False),
    Index("ix_documents_status", "status"),
    Index("ix_documents_ruleset", "ruleset_version"),
)

articles = Table(
    "articles", metadata,
    Column("article_id", String(_ID), primary_key=True),
    Column("raw_id", String(_ID), nullable=False),
    Column("position", Integer, nullable=False),
    Column("source_uri", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("title", Text), Column("author", Text), Column("published", String(_TS)),
    Column("updated", String(_TS)), Column("dateline", Text), Column("language", String(20)),
    Column("truncated", Boolean, nullable=False), Column("site_name", Text), Column("url", Text),
    Column("text", Text, nullable=False),
    Column("text_hash", String(_ID), nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("sources", Text, nullable=False),  # JSON list of [field, value, source]
    Column("conflicts", Text, nullable=False),  # JSON list of field names
    Column("ruleset_version", String(40), nullable=False),
    Column("run_id", String(40), nullable=False),
    Column("stored_at", String(_TS), nullable=False),
    Index("ix_articles_raw_id", "raw_id"),
    Index("ix_articles_text_hash", "text_hash"),
    Index("ix_articles_stored_at", "stored_at"),
)

removed_spans = Table(
    "removed_spans", metadata,
    Column("raw_id", String(_ID), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("rule", String(80), nullable=False),
    Column("reason", String(80), nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

embeds = Table(
    "embeds", metadata,
    Column("article_id", String(_ID), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("raw_id", String(_ID), nullable=False),
    Column("platform", String(40), nullable=False),
    Column("author", Text, nullable=False), Column("handle", Text, nullable=False),
    Column("date", String(_TS), nullable=False), Column("url", Text, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_embeds_raw_id", "raw_id"),
)

failures = Table(
    "failures", metadata,
    Column("raw_id", String(_ID), primary_key=True),
    Column("source_uri", Text, nullable=False),
    Column("stage", String(20), nullable=False),
    Column("error_type", String(80), nullable=False),
    Column("message", Text, nullable=False),
    Column("ruleset_version", String(40), nullable=False),
    Column("run_id", String(40), nullable=False),
    Column("failed_at", String(_TS), nullable=False),
    Index("ix_failures_run_id", "run_id"),
)

runs = Table(
    "runs", metadata,
    Column("run_id", String(40), primary_key=True),
    Column("kind", String(20), nullable=False),  # "run" | "rerun"
    Column("engine", String(20), nullable=False),  # "library" | "prefect"
    Column("status", String(20), nullable=False),  # "running" | "completed" | "interrupted"
    Column("ruleset_version", String(40), nullable=False),
    Column("sources", Text, nullable=False),  # JSON list
    Column("started_at", String(_TS), nullable=False),
    Column("finished_at", String(_TS)),
    Column("documents", Integer), Column("stored", Integer), Column("unchanged", Integer),
    Column("failed", Integer), Column("articles", Integer),
    Column("summary", Text),  # JSON of RunSummary
)

document_sources = Table(
    "document_sources", metadata,
    Column("raw_id", String(_ID), primary_key=True),
    Column("source_uri", Text, primary_key=True),  # path, URL, or "<warc file>#<offset>": one row per place
    Column("kind", String(20), nullable=False),  # file | warc | jsonl | url | stdin
    Column("url", Text),
    Column("fetched_at", String(_TS)),
    Column("origin", Text),  # the container it came from (WARC or JSONL file), with record offset / line
    Column("landed_at", String(_TS), nullable=False),
)

fetch_validators = Table(
    "fetch_validators", metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("raw_id", String(_ID), nullable=False),  # what the URL served last time (a 304 means these bytes)
    Column("fetched_at", String(_TS), nullable=False),
)

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String(_TS), nullable=False),
)

V1_TABLES = (raw_documents, documents, articles, removed_spans, embeds, failures, runs)

# Columns added after v1 (migration v2), declared here so queries see them; `migrations._v2_structure`
# adds them to an existing store. JSON-list columns hold "[]" when empty.
V2_COLUMNS = (
    ("articles", Column("markdown", Text)),  # the article with its structure, as Markdown
    ("articles", Column("description", Text)),
    ("articles", Column("categories", Text)),  # JSON list of str
    ("articles", Column("tags", Text)),  # JSON list of str
    ("documents", Column("notes", Text)),  # JSON list of [step, code, detail]
)
for _table, _column in V2_COLUMNS:
    metadata.tables[_table].append_column(_column)

# Migration v3: space-separated outcome flags ("guard.kept_doubtful"); "" or NULL (older rows) when none.
V3_COLUMNS = (("documents", Column("flags", Text)),)
# --- v4: across documents --------------------------------------------------------------------------

near_dups = Table(
    "near_dups", metadata,
    Column("article_id", String(_ID), primary_key=True),
    Column("raw_id", String(_ID), nullable=False),
    Column("cluster_id", String(_ID), nullable=False),  # the earliest member's article id
    Column("first_seen", String(_TS), nullable=False),  # kept across reruns: what "earliest" means
    Column("linked_to", String(_ID)),  # the stored article this one matched (null: none)
    Column("relation", String(20)),  # "copy" | "teaser" | "contained"
    Column("jaccard", Float), Column("containment", Float),
    Column("shingles", Integer, nullable=False),
    Column("signature", LargeBinary),  # MinHash values (uint64, little-endian); null when too short
    Index("ix_near_dups_raw_id", "raw_id"),
    Index("ix_near_dups_cluster", "cluster_id"),
)

# Shape since v8 (v4 had article_id in place of seq, and an index on it): 16 bytes a row, one B-tree on
# SQLite (WITHOUT ROWID), so storing an article's 33 keys touches as few pages as it can.
near_dup_buckets = Table(
    "near_dup_buckets", metadata,
    Column("bucket", BigInteger, primary_key=True),  # signed 64-bit hash of (band, band values) or lead key
    Column("seq", BigInteger, primary_key=True),  # near_dups.seq of the article holding it
    sqlite_with_rowid=False,
)

site_lines = Table(
    "site_lines", metadata,
    Column("raw_id", String(_ID), primary_key=True),
    Column("line_hash", BigInteger, primary_key=True),
    Column("band", String(4), primary_key=True),  # "head" | "tail"
    Column("host", String(255), nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_site_lines_host_hash", "host", "line_hash"),
)

site_templates = Table(
    "site_templates", metadata,
    Column("host", String(255), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("pages", Integer, nullable=False),  # documents of the host counted
    Column("lines", Text, nullable=False),  # JSON list of {hash, band, text, pages}
    Column("digest", String(_ID), nullable=False),
    Column("created_at", String(_TS), nullable=False),
)

document_hosts = Table(
    "document_hosts", metadata,
    Column("raw_id", String(_ID), primary_key=True),
    Column("host", String(255), nullable=False),
    Column("template_version", Integer, nullable=False),  # 0: cleaned without a template
    Index("ix_document_hosts_host", "host"),
)

exports = Table(
    "exports", metadata,
    Column("export_id", String(40), primary_key=True),
    Column("started_at", String(_TS), nullable=False),
    Column("watermark", String(_TS), nullable=False),  # the next `--new` export starts here
    Column("since", String(_TS)),  # what this one started from (null: everything)
    Column("format", String(10), nullable=False),
    Column("path", Text, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("dedup", Boolean, nullable=False),
)

V4_TABLES = (near_dups, near_dup_buckets, site_lines, site_templates, document_hosts, exports)

# Columns added by migration v4 (see V2_COLUMNS).
V4_COLUMNS = (
    ("articles", Column("language_score", Float)),  # the language identifier's probability for `language`
)
for _table, _column in (*V3_COLUMNS, *V4_COLUMNS):
    metadata.tables[_table].append_column(_column)

# Migration v5: what each document was cleaned with (JSON: output-affecting settings and its fetched_at,
# so a re-run reproduces them), and who owns a run (so a run whose process is gone ends `interrupted`).
V5_COLUMNS = (
    ("documents", Column("cleaned_with", Text)),
    ("runs", Column("owner", String(200))),  # "host:pid:process start"
    ("runs", Column("heartbeat_at", String(_TS))),  # last sign of life of the owning process
)
for _table, _column in V5_COLUMNS:
    metadata.tables[_table].append_column(_column)

# v6: the Prefect flow run that executed an ingest run (null without Prefect): `ingest status` ↔ Prefect UI.
V6_COLUMNS = (("runs", Column("flow_run_id", String(40))),)
for _table, _column in V6_COLUMNS:
    metadata.tables[_table].append_column(_column)

# --- v7: sources ------------------------------------------------------------------------------------
V7_TABLES = (document_sources, fetch_validators)
V7_COLUMNS = (
    ("raw_documents", Column("url", Text)),  # the URL the bytes came from (WARC-Target-URI, JSONL url, a fetch)
    ("raw_documents", Column("charset", String(60))),  # the transport's charset (HTTP Content-Type): decoding hint
    ("documents", Column("url", Text)),
    ("documents", Column("fetched_at", String(_TS))),
    ("articles", Column("fetched_at", String(_TS))),  # when its page was fetched
)
for _table, _column in V7_COLUMNS:
    metadata.tables[_table].append_column(_column)

# --- v8: the near-duplicate index's compact keys ----------------------------------------------------
V8_COLUMNS = (
    ("near_dups", Column("seq", BigInteger)),  # order of indexing (1, 2, …): what near_dup_buckets points at
    ("near_dups", Column("lead_key", BigInteger)),  # its lead-text key, so its buckets can be found again
)
for _table, _column in V8_COLUMNS:
    metadata.tables[_table].append_column(_column)
NEAR_DUPS_SEQ_INDEX = Index("ix_near_dups_seq", near_dups.c.seq, unique=True)

# --- v9: site template counts kept up to date by each batch's delta ---------------------------------
# Recounting a host's template from site_lines read every counted line of the host on every batch (cost
# grew with the host); these hold the running counts, so a batch reads only its own rows and the lines
# that may qualify (ix_site_line_counts_pages: a range, bounded by 1 / MIN_LINE_SHARE x the edge lines
# of a page).
site_line_counts = Table(
    "site_line_counts", metadata,
    Column("host", String(255), primary_key=True),
    Column("line_hash", BigInteger, primary_key=True),
    Column("pages", Integer, nullable=False),  # distinct documents of the host with the line (head or tail)
    Column("text", Text, nullable=False),  # the smallest of its texts (min(site_lines.text)), as before
    Index("ix_site_line_counts_pages", "host", "pages"),
)
site_host_pages = Table(
    "site_host_pages", metadata,
    Column("host", String(255), primary_key=True),
    Column("pages", Integer, nullable=False),  # documents of the host (document_hosts rows)
)
V9_TABLES = (site_line_counts, site_host_pages)
