"""`ingest run crawl.warc.gz` killed with SIGKILL in the middle, then run again: every record is
stored exactly once (ids are content hashes; batches commit whole)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, func, select, text

from ingest import runs
from ingest.settings import Settings
from ingest.store import SqlStore, schema

from .builders import write_many_warc

pytestmark = pytest.mark.slow


def _documents(db) -> int:
    if not db.exists():
        return 0
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return conn.execute(text("select count(*) from documents")).scalar() or 0
    except Exception:  # noqa: BLE001 - the store is still being created
        return 0
    finally:
        engine.dispose()


def test_kill_mid_warc_then_rerun_stores_every_record_once(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    urls = write_many_warc(warc, 300)
    db, zone = tmp_path / "s.db", tmp_path / "zone"
    args = [sys.executable, "-m", "ingest.cli", "run", "--no-flow", "--batch-size", "20", "--store", f"sqlite:///{db}",
            "--raw-zone", str(zone), str(warc)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _documents(db) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _documents(db)
    assert 0 < partial < len(urls)
    summary = runs.run([str(warc)], Settings(store_url=f"sqlite:///{db}", raw_zone=zone))
    assert summary.failed == 0 and summary.stored + summary.unchanged == len(urls)
    with SqlStore(f"sqlite:///{db}") as store, store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(schema.documents)) == len(urls)
        assert conn.scalar(select(func.count(func.distinct(schema.raw_documents.c.url)))) == len(urls)
        assert conn.scalar(select(func.count()).select_from(schema.document_sources)) == len(urls)
