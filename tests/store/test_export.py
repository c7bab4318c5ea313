"""Export for NLP users, on a real SQLite file and a real PostgreSQL database: typed timestamps, host,
input format, cluster id and schema version in the Parquet metadata; one article per cluster with
--dedup; incremental exports by run and since the last export (recorded)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select

from cli_support import run_cli_in_process as _cli
from ingest import runs
from ingest.export import COLUMNS, EXPORT_SCHEMA_VERSION, arrow_schema
from ingest.settings import Settings
from ingest.store import SqlStore, schema
from store.test_near_dups import OTHER_DE, REEDITED_EN, STORY_EN


def _jsonl(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _export(store_url, tmp_path, *args, fmt="jsonl"):
    out = tmp_path / f"out-{len(list(tmp_path.glob('out-*')))}.{fmt}"
    code, msg, err = _cli("export", "--format", fmt, "--out", str(out), "--store", store_url, *args)
    assert code == 0, err
    if fmt == "parquet":
        return pq.read_table(out), msg
    return [json.loads(line) for line in out.read_text().splitlines()], msg


def test_parquet_export_is_typed_and_says_its_schema_version(store_url, tmp_path):
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone")
    _jsonl(tmp_path / "in.jsonl", [
        {"url": "https://www.westmere.example/quay", "text": STORY_EN, "fetched_at": "2026-11-30T08:15:00Z"},
        {"url": "https://kleinau.example/bad", "html": f"<html><body><article><p>{OTHER_DE}</p></article></body></html>"}])
    runs.run([str(tmp_path / "in.jsonl")], settings)
    table, _ = _export(store_url, tmp_path, fmt="parquet")
    assert table.schema == arrow_schema() and tuple(table.column_names) == COLUMNS
    meta = pq.read_schema(next(tmp_path.glob("out-*.parquet"))).metadata
    assert meta[b"ingest.export_schema"] == str(EXPORT_SCHEMA_VERSION).encode()
    assert table.schema.field("stored_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("fetched_at").type == pa.timestamp("us", tz="UTC")
    rows = {r["host"]: r for r in table.to_pylist()}
    assert set(rows) == {"westmere.example", "kleinau.example"}
    quay = rows["westmere.example"]
    assert quay["fetched_at"] == datetime(2026, 11, 30, 8, 15, tzinfo=timezone.utc)
    assert quay["input_format"] == "text" and rows["kleinau.example"]["input_format"] == "html"
    assert quay["cluster_id"] == quay["article_id"] and rows["kleinau.example"]["fetched_at"] is None
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        stored = conn.scalar(select(schema.articles.c.stored_at).where(schema.articles.c.article_id == quay["article_id"]))
    assert quay["stored_at"] == datetime.fromisoformat(stored)


def test_dedup_writes_the_longest_article_of_each_cluster(store_url, tmp_path):
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone")
    for name, text in (("copy.txt", REEDITED_EN), ("story.txt", STORY_EN), ("other.txt", OTHER_DE)):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
        runs.run([str(tmp_path / "in" / name)], settings)  # the shorter copy first: it is the earliest
    everything, _ = _export(store_url, tmp_path)
    assert len(everything) == 3 and len({r["cluster_id"] for r in everything}) == 2
    one_each, msg = _export(store_url, tmp_path, "--dedup")
    assert "one per near-duplicate cluster" in msg
    assert sorted(r["source_uri"].rsplit("/", 1)[1] for r in one_each) == ["other.txt", "story.txt"]
    copy = next(r for r in everything if r["source_uri"].endswith("copy.txt"))
    assert {r["cluster_id"] for r in one_each} == {copy["article_id"], next(
        r["article_id"] for r in everything if r["source_uri"].endswith("other.txt"))}


def test_incremental_exports_by_run_and_since_the_last_export(store_url, tmp_path):
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text(STORY_EN, encoding="utf-8")
    first = runs.run([str(tmp_path / "a")], settings)
    rows, _ = _export(store_url, tmp_path, "--new")  # no export yet: everything
    assert len(rows) == 1
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "other.txt").write_text(OTHER_DE, encoding="utf-8")
    second = runs.run([str(tmp_path / "b")], settings)
    rows, _ = _export(store_url, tmp_path, "--new")
    assert [r["source_uri"].rsplit("/", 1)[1] for r in rows] == ["other.txt"] and rows[0]["run_id"] == second.run_id
    assert _export(store_url, tmp_path, "--new")[0] == []  # nothing new since
    rows, msg = _export(store_url, tmp_path, "--since-run", second.run_id)
    assert [r["run_id"] for r in rows] == [second.run_id] and "stored since" in msg
    assert len(_export(store_url, tmp_path, "--since-run", first.run_id)[0]) == 2
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        recorded = conn.execute(select(schema.exports.c.rows, schema.exports.c.since)
                                .order_by(schema.exports.c.started_at)).all()
    assert [n for n, _ in recorded] == [1, 1, 0, 1, 2] and recorded[0][1] is None
    code, _, err = _cli("export", "--since-run", "no-such-run", "--out", str(tmp_path / "x.jsonl"), "--store", store_url)
    assert code == 2 and "no such run" in err
    code, _, err = _cli("export", "--new", "--since", "2026-01-01", "--out", str(tmp_path / "x.jsonl"),
                        "--store", store_url)
    assert code == 2 and "at most one" in err
