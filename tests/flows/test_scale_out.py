"""The ingest flow on a real Dask cluster (a LocalCluster of 2 worker processes, reached by its address
as `ingest run --dask ADDRESS` reaches a remote one) against the real PostgreSQL: the same rows as one
worker, and nothing lost or stored twice when a worker process is killed mid-batch."""
from __future__ import annotations

import importlib.util
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest.store import SqlStore, queries, schema
from snapshot_support import store_snapshot

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "flows"))

UNTIMED = ("run_id", "seconds", "steps")
# The killer gives up after this long without seeing a batch landed and not yet stored.
KILL_WINDOW_SECONDS = 300


@pytest.fixture(scope="module")
def flow(prefect_harness):
    import ingest_flow

    return ingest_flow.ingest


@pytest.fixture(scope="module")
def reprocess(prefect_harness):
    import reprocess_flow

    return reprocess_flow.reprocess


@pytest.fixture(scope="module")
def cluster(prefect_harness):
    """One LocalCluster for the module (starting one costs seconds): 2 worker processes, 1 thread each,
    started without flows/ on their path, like the workers of a remote cluster (`ingest` installed,
    the flows folder only where the flow runs)."""
    from distributed import Client, LocalCluster

    flows_dir, saved = str(ROOT / "flows"), list(sys.path)
    sys.path[:] = [p for p in sys.path if p != flows_dir]  # what spawned workers start with
    try:
        c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    finally:
        sys.path[:] = saved
    with c, Client(c) as client:
        # (a function of this module would import it there, and with it flows/: ask importlib directly)
        assert set(client.run(importlib.util.find_spec, "ingest_tasks").values()) == {None}
        assert None not in client.run(importlib.util.find_spec, "ingest").values()
        yield c.scheduler_address, client


@pytest.fixture
def other_pg_url(request, pg_url):
    """A second fresh PostgreSQL database in the same test (the conftest fixture gives one per test)."""
    import secrets

    from conftest import _admin, _pg_base_url
    from sqlalchemy.engine import make_url

    name = f"t_{secrets.token_hex(6)}"
    with _admin(_pg_base_url()) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    with _admin(_pg_base_url()) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _snapshot(url: str) -> dict:
    """Every table but runs, without the columns saying when or in which run (those differ by design)."""
    return store_snapshot(url)


def _counts(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k not in UNTIMED}


def test_two_dask_workers_store_exactly_what_one_worker_stores(flow, reprocess, cluster, pg_url, other_pg_url,
                                                               tmp_path, write_docs):
    from distributed import get_task_stream

    address, client = cluster
    docs = tmp_path / "docs"
    paths = write_docs(docs, 10)  # 10 documents in 4 languages + an empty and a binary file (failure rows)
    (docs / "zz-again.html").write_bytes(paths[0].read_bytes())  # the same bytes again, in a later batch
    one = flow([str(docs)], other_pg_url, str(tmp_path / "zone-1"), 3, workers=1)
    with get_task_stream(client) as stream:
        two = flow([str(docs)], pg_url, str(tmp_path / "zone-2"), 3, dask_address=address)
    ran_on = {t["worker"] for t in stream.data}
    assert len(ran_on) == 2, ran_on  # both worker processes cleaned batches
    assert _counts(two) == _counts(one)
    assert (two["documents"], two["stored"], two["unchanged"], two["failed"]) == (13, 10, 1, 2)
    assert _snapshot(pg_url) == _snapshot(other_pg_url)
    zone = {p.relative_to(tmp_path / "zone-2") for p in (tmp_path / "zone-2").rglob("*") if p.is_file()}
    assert zone == {p.relative_to(tmp_path / "zone-1") for p in (tmp_path / "zone-1").rglob("*") if p.is_file()}
    # `ingest rerun --dask`: the failed documents again, one batch each, read back from the raw zone
    again = reprocess(failed=True, store_url=pg_url, raw_zone=str(tmp_path / "zone-2"), batch_size=1,
                      dask_address=address)
    assert (again["documents"], again["failed"], again["failures_by_reason"]) == (2, 2, two["failures_by_reason"])
    with SqlStore(pg_url) as store:
        assert [(r.kind, r.engine) for r in queries.status(store.engine, "").runs] == [("rerun", "prefect"),
                                                                                       ("run", "prefect")]


def _kill_a_busy_worker_mid_batch(client, url: str, killed: list[int], stop: threading.Event) -> None:
    """SIGKILL one worker process while its batch is landed but not yet stored."""
    with SqlStore(url) as store, store.engine.connect() as conn:
        deadline = time.monotonic() + KILL_WINDOW_SECONDS
        while not stop.is_set() and time.monotonic() < deadline:
            landed = conn.scalar(select(func.count()).select_from(schema.raw_documents))
            stored = conn.scalar(select(func.count()).select_from(schema.documents))
            conn.rollback()  # a fresh snapshot next time
            if landed > stored:
                busy = [w for w, keys in client.processing().items() if keys]
                if busy:
                    pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
            time.sleep(0.02)


def test_a_worker_killed_mid_batch_loses_nothing_and_stores_nothing_twice(flow, cluster, pg_url, tmp_path,
                                                                         write_docs):
    address, client = cluster
    docs = tmp_path / "docs"
    n = 16
    write_docs(docs, n, bad=False)
    killed: list[int] = []
    stop = threading.Event()
    killer = threading.Thread(target=_kill_a_busy_worker_mid_batch, args=(client, pg_url, killed, stop))
    killer.start()
    try:
        summary = flow([str(docs)], pg_url, str(tmp_path / "zone"), 4, dask_address=address)
    finally:
        stop.set()
        killer.join()
    assert killed, "no batch was caught between landing and storing"
    assert summary["documents"] == n and summary["failed"] == 0
    # the summary adds up across workers and retries: a fresh store, so every document is newly stored by
    # this run, also those of a retried batch whose first try had committed (tests/test_retry_summary.py)
    assert (summary["stored"], summary["unchanged"]) == (n, 0)
    with SqlStore(pg_url) as store, store.engine.connect() as conn:
        def count(table, column=None):
            return conn.scalar(select(func.count(func.distinct(column)) if column is not None else func.count())
                               .select_from(table))

        assert count(schema.documents) == count(schema.documents, schema.documents.c.raw_id) == n
        assert count(schema.articles) == count(schema.articles, schema.articles.c.article_id) == n
        assert count(schema.raw_documents) == n
        assert conn.scalar(select(func.count()).where(schema.documents.c.status == "clean")) == n
