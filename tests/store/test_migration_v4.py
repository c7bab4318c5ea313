"""Schema v4 (near-duplicates, site templates, exports): a v1 store is upgraded in place, rows kept."""
from __future__ import annotations

import sqlalchemy as sa

from ingest.store import SqlStore, schema
from ingest.store.engine import make_engine
from ingest.store.migrations import SCHEMA_VERSION, current_version


def _v1_store(url: str) -> None:
    """A store as ingest 1 left it: v1 tables (without the columns added since), version 1, one row."""
    engine = make_engine(url)  # creates the SQLite file's directory
    old = sa.MetaData()
    added = {(tb, c.name) for tb, c in (*schema.V2_COLUMNS, *schema.V3_COLUMNS, *schema.V4_COLUMNS)}
    with engine.begin() as conn:
        schema.schema_version.create(conn)
        for table in schema.V1_TABLES:
            cols = [sa.Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
                    for c in table.columns if (table.name, c.name) not in added]
            sa.Table(table.name, old, *cols).create(conn)
        conn.execute(sa.insert(schema.schema_version).values(version=1, applied_at="2026-01-01T00:00:00+00:00"))
        conn.execute(sa.insert(old.tables["runs"]).values(
            run_id="r1", kind="run", engine="library", status="completed", ruleset_version="1+x", sources="[]",
            started_at="2026-01-01T00:00:00+00:00"))
    engine.dispose()


def test_v1_store_is_upgraded_to_v4_in_place(store_url):
    _v1_store(store_url)
    with SqlStore(store_url) as store:
        with store.engine.connect() as conn:
            assert current_version(conn) == SCHEMA_VERSION >= 4
            assert "language_score" in {c["name"] for c in sa.inspect(conn).get_columns("articles")}
            assert set(sa.inspect(conn).get_table_names()) >= {t.name for t in schema.V4_TABLES}
            assert conn.scalar(sa.select(schema.runs.c.run_id)) == "r1"
    with SqlStore(store_url) as store:  # opening again applies nothing twice
        with store.engine.connect() as conn:
            assert current_version(conn) == SCHEMA_VERSION
