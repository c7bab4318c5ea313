"""Runs whose process is gone end `interrupted` at the next command; live runs are left alone."""
import os
import signal
import subprocess
import sys
import time

from ingest import runs
from ingest.settings import Settings
from ingest.store import SqlStore


def _statuses(settings: Settings) -> dict[str, str]:
    return {r.run_id: r.status for r in runs.status(settings).runs}


def test_a_killed_run_is_interrupted_at_the_next_command_and_a_live_one_is_not(store_url, tmp_path):
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone")
    child = subprocess.Popen([sys.executable, "-c",
                              "import sys, time\n"
                              "from ingest import runs\n"
                              "from ingest.settings import Settings\n"
                              f"store = runs.open_store(Settings(store_url={store_url!r}))\n"
                              "print(runs.begin_run(store, ['inbox']), flush=True)\n"
                              "time.sleep(600)\n"], stdout=subprocess.PIPE, text=True)
    killed = child.stdout.readline().strip()
    with SqlStore(store_url) as store:
        live = runs.begin_run(store, ["mine"])  # owned by this (living) process
    assert _statuses(settings) == {killed: "running", live: "running"}
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _statuses(settings) == {killed: "interrupted", live: "running"}


def test_a_reused_pid_does_not_keep_a_dead_run_alive():
    me = runs.run_owner()
    host, pid, start = me.split(":")
    assert runs._owner_alive(me) is True
    assert runs._owner_alive(f"{host}:{pid}:{int(start) + 1}") is False  # same pid, a later process
    assert runs._owner_alive(f"other-host-{time.time()}:{pid}:{start}") is None  # cannot tell: heartbeat decides


def test_a_v4_store_gains_the_v5_columns(store_url, tmp_path):
    """Migration 5 on a store written before cleaned_with/owner existed: a run afterwards records both."""
    from sqlalchemy import select, text

    from ingest.store import SCHEMA_VERSION, schema

    with SqlStore(store_url) as store, store.engine.begin() as conn:
        for table, column in schema.V5_COLUMNS:
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column.name}"))
        conn.execute(text("DELETE FROM schema_version WHERE version > 4"))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("A short note about the weather in the hills this week, nothing more.\n")
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone", fetched_at="2025-01-02")
    runs.run([str(docs)], settings)
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        assert max(conn.scalars(select(schema.schema_version.c.version))) == SCHEMA_VERSION
        assert '"fetched_at": "2025-01-02"' in conn.scalar(select(schema.documents.c.cleaned_with))
        assert conn.scalar(select(schema.runs.c.owner)) == runs.run_owner()
