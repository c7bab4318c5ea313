"""The canonical store, on a real SQLite file and a real PostgreSQL database (same test bodies)."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import insert, select, text

from ingest import runs
from ingest.errors import SchemaMismatch, StoreUnavailable
from ingest.pipeline import process_raw
from ingest.records import CleanDocument, FailedDocument, Note
from ingest.settings import Settings
from ingest.sources.files import read_files
from ingest.store import SqlStore, queries, schema
from ingest.store.migrations import SCHEMA_VERSION


def _settings(store_url, tmp_path, **kw):
    return Settings(store_url=store_url, raw_zone=tmp_path / "landing", **kw)


def _rows(store: SqlStore, table, drop=("run_id", "stored_at", "processed_at", "failed_at", "landed_at")):
    """Every row of a table, without the columns that say *when* or *which run* (sorted, comparable)."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(table)).mappings().all()
    return sorted(tuple((k, v) for k, v in r.items() if k not in drop) for r in rows)


def test_stored_outcome_reads_back_as_the_pipeline_produced_it(store_url, tmp_path, corpus):
    _, paths = corpus
    settings = _settings(store_url, tmp_path)
    with SqlStore(store_url) as store:
        outcomes = [process_raw(raw, settings) for raw in read_files([str(p) for p in paths])]
        assert any(isinstance(o, FailedDocument) for o in outcomes)
        assert any(isinstance(o, CleanDocument) and o.removed and o.articles[0].embeds for o in outcomes)
        for o in outcomes:
            store.write_outcome(o, "run-1")
        for o in outcomes:
            assert queries.load_outcome(store.engine, o.raw_id) == o


def test_running_the_same_sources_twice_changes_nothing(store_url, tmp_path, corpus):
    directory, paths = corpus
    settings = _settings(store_url, tmp_path)
    first = runs.run([str(directory)], settings)
    assert (first.documents, first.failed) == (len(paths), 2)
    with SqlStore(store_url) as store:
        before = queries.table_counts(store.engine)
        snapshot = {t.name: _rows(store, t, drop=()) for t in queries.TABLES if t.name != "runs"}
    second = runs.run([str(directory)], settings)
    # Failures stay failures (and say so in every summary) until a fix and a rerun.
    assert (second.stored, second.unchanged, second.failed) == (0, len(paths) - 2, 2)
    assert second.failures_by_reason == first.failures_by_reason
    with SqlStore(store_url) as store:
        after = queries.table_counts(store.engine)
        assert {t.name: _rows(store, t, drop=()) for t in queries.TABLES if t.name != "runs"} == snapshot
    assert after == {**before, "runs": before["runs"] + 1}


def test_a_new_ruleset_replaces_outcomes_and_keeps_run_history(store_url, tmp_path, corpus, monkeypatch):
    directory, paths = corpus
    settings = _settings(store_url, tmp_path)
    runs.run([str(directory)], settings)
    with SqlStore(store_url) as store:
        before = queries.table_counts(store.engine)
        assert runs.select_rerun(store, outdated=True) == []
    for module in ("ingest.pipeline", "ingest.runs"):
        monkeypatch.setattr(f"{module}.PROCESSING_VERSION", "test+next")
    with SqlStore(store_url) as store:
        assert len(runs.select_rerun(store, outdated=True)) == len(paths)
    summary = runs.run([str(directory)], settings)
    assert summary.unchanged == 0 and summary.stored + summary.failed == len(paths)
    with SqlStore(store_url) as store:
        after = queries.table_counts(store.engine)
        with store.engine.connect() as conn:
            versions = set(conn.scalars(select(schema.documents.c.ruleset_version)))
            versions |= set(conn.scalars(select(schema.articles.c.ruleset_version)))
            run_ids = list(conn.scalars(select(schema.runs.c.run_id)))
    assert versions == {"test+next"}
    assert after == {**before, "runs": 2}
    assert len(set(run_ids)) == 2


def test_one_document_outcome_is_one_transaction(store_url, tmp_path, corpus):
    _, paths = corpus
    settings = _settings(store_url, tmp_path)
    raw = next(read_files([str(p) for p in paths if p.suffix == ".txt" and p.stat().st_size > 0]))
    clean = process_raw(raw, settings)
    assert isinstance(clean, CleanDocument) and clean.articles[0].embeds
    with SqlStore(store_url) as store:
        store.write_outcome(clean, "r1")
        failed = FailedDocument(raw.raw_id, raw.source_uri, "clean", "RuleFailed", "boom", "v")
        store.write_outcome(failed, "r2")
        assert queries.load_outcome(store.engine, raw.raw_id) == failed
        counts = queries.table_counts(store.engine)
        assert (counts["articles"], counts["embeds"], counts["removed_spans"], counts["failures"]) == (0, 0, 0, 1)
        store.write_outcome(clean, "r3")
        assert queries.load_outcome(store.engine, raw.raw_id) == clean
        # A write that breaks half-way (NOT NULL text) leaves the previous outcome whole.
        broken = dataclasses.replace(clean, articles=(dataclasses.replace(clean.articles[0], text=None),))
        with pytest.raises(Exception):
            store.write_outcome(broken, "r4")
        assert queries.load_outcome(store.engine, raw.raw_id) == clean
        assert queries.table_counts(store.engine)["failures"] == 0


def test_landing_the_same_bytes_twice_is_a_no_op(store_url, tmp_path, corpus):
    _, paths = corpus
    settings = _settings(store_url, tmp_path)
    copy = tmp_path / "copy.html"
    copy.write_bytes(paths[0].read_bytes())
    with SqlStore(store_url) as store:
        ids, _ = runs.land_paths(store, [str(paths[0])], settings)
        landed_file = settings.raw_zone / store.landed(ids)[ids[0]].path
        mtime = landed_file.stat().st_mtime_ns
        ids2, _ = runs.land_paths(store, [str(copy), str(paths[0])], settings)
        assert ids2 == ids * 2
        assert landed_file.stat().st_mtime_ns == mtime and landed_file.read_bytes() == paths[0].read_bytes()
        row = store.landed(ids)[ids[0]]
        assert row.source_uri == str(paths[0]) and row.size == paths[0].stat().st_size
        assert row.media_type == "text/html"
        assert queries.table_counts(store.engine)["raw_documents"] == 1
    assert [p.name for p in settings.raw_zone.rglob("*") if p.is_file()] == [ids[0]]


def test_a_store_written_by_a_newer_schema_is_refused(store_url):
    with SqlStore(store_url) as store:
        with store.engine.begin() as conn:
            conn.execute(insert(schema.schema_version).values(version=SCHEMA_VERSION + 1, applied_at="x"))
    with pytest.raises(SchemaMismatch, match="newer"):
        SqlStore(store_url)


def test_migrations_are_recorded_once(store_url):
    SqlStore(store_url).close()
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        assert list(conn.scalars(select(schema.schema_version.c.version))) == list(range(1, SCHEMA_VERSION + 1))
        assert conn.execute(text("select count(*) from articles")).scalar() == 0


def test_unreachable_store_names_the_url_without_its_password():
    with pytest.raises(StoreUnavailable) as err:
        SqlStore("postgresql+psycopg://ingest:s3cret-pw@127.0.0.1:9/nowhere")
    assert "s3cret-pw" not in str(err.value) and "127.0.0.1:9/nowhere" in str(err.value)


def test_sqlite_store_creates_its_directory(tmp_path):
    SqlStore(f"sqlite:///{tmp_path / 'a' / 'b' / 'ingest.db'}").close()
    assert (tmp_path / "a" / "b" / "ingest.db").is_file()


def test_sqlite_connections_are_configured_for_concurrent_writers_and_a_large_index(tmp_path):
    """WAL (readers never block the writer), a busy timeout (writers wait, not fail) and a page cache
    big enough that the near-duplicate bucket index stays resident (engine.SQLITE_CACHE_MB)."""
    from ingest.store.engine import SQLITE_BUSY_TIMEOUT_MS, SQLITE_CACHE_MB

    with SqlStore(f"sqlite:///{tmp_path / 'ingest.db'}") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_MB * 1024
        assert SQLITE_CACHE_MB >= 32  # the default 2 MB made the index cost grow 2.6x from 10k to 100k


def test_a_v1_store_gains_the_v2_columns_and_round_trips_them(store_url, tmp_path, corpus):
    """A store written before Markdown/description/categories/notes existed: the migration adds the
    columns, and outcomes carrying them read back equal."""
    with SqlStore(store_url) as store, store.engine.begin() as conn:
        for table, column in schema.V2_COLUMNS:
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column.name}"))
        conn.execute(text("DELETE FROM schema_version WHERE version > 1"))
    _, paths = corpus
    settings = _settings(store_url, tmp_path)
    outcomes = [process_raw(raw, settings) for raw in read_files([str(p) for p in paths])]
    doc = next(o for o in outcomes if isinstance(o, CleanDocument) and o.input_format == "html")
    art = dataclasses.replace(doc.articles[0], markdown="# Head\n\n- one", description="A summary.",
                              categories=("Politics",), tags=("budget", "city hall"))
    doc = dataclasses.replace(doc, articles=(art, *doc.articles[1:]),
                              notes=(Note("decode", "utf8_with_replacement", "2 invalid bytes"),))
    with SqlStore(store_url) as store:
        with store.engine.connect() as conn:
            assert max(conn.scalars(select(schema.schema_version.c.version))) == SCHEMA_VERSION
        store.write_outcome(doc, "run-1")
        assert queries.load_outcome(store.engine, doc.raw_id) == doc
def test_a_v2_store_gains_the_flags_column_and_keeps_its_rows(store_url):
    """Migration 3 on a store written before flags existed: old rows read back with no flags."""
    plain = CleanDocument("p" * 64, "plain.txt", "article", (), ())
    with SqlStore(store_url) as store:
        store.write_outcome(plain, "run-1")
        with store.engine.begin() as conn:
            for table, column in schema.V3_COLUMNS:
                conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column.name}"))
            conn.execute(text("DELETE FROM schema_version WHERE version > 2"))
    with SqlStore(store_url) as store:
        with store.engine.connect() as conn:
            assert max(conn.scalars(select(schema.schema_version.c.version))) == SCHEMA_VERSION
        assert queries.load_outcome(store.engine, plain.raw_id) == plain
        assert queries.flagged(store.engine) == []


def test_flagged_documents_are_stored_read_back_and_listed(store_url):
    flagged = CleanDocument("f" * 64, "doubtful.txt", "article", (), (), flags=("guard.kept_doubtful",))
    plain = CleanDocument("p" * 64, "plain.txt", "article", (), ())
    with SqlStore(store_url) as store:
        store.write_outcomes([flagged, plain], "run-1")
        assert queries.load_outcome(store.engine, flagged.raw_id) == flagged
        assert queries.load_outcome(store.engine, plain.raw_id).flags == ()
        assert [f.source_uri for f in queries.flagged(store.engine)] == ["doubtful.txt"]
        assert [f.flags for f in queries.flagged(store.engine, "guard.kept_doubtful")] == ["guard.kept_doubtful"]
        assert queries.flagged(store.engine, "guard.kept") == []  # a whole flag, not a prefix
