"""The ingest flow on a real Dask cluster (a LocalCluster of 2 worker processes, reached by its address
as `ingest run --dask ADDRESS` reaches a remote one) against the real PostgreSQL: the same rows as one
worker, and nothing lost or stored twice when a worker process is killed mid-batch. And the README's
several-machines commands, run on one box (`dask scheduler`, `dask worker`, `prefect server start`,
`ingest run --dask`), with only the reader's placeholders filled in."""
from __future__ import annotations

import importlib.util
import os
import signal
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest.store import SqlStore, queries, schema
from run_support import assert_same_run, assert_stored_exactly_once, killing_mid_batch

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "flows"))


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
    assert_same_run(two, pg_url, one, other_pg_url)
    assert (two["documents"], two["stored"], two["unchanged"], two["failed"]) == (13, 10, 1, 2)
    zone = {p.relative_to(tmp_path / "zone-2") for p in (tmp_path / "zone-2").rglob("*") if p.is_file()}
    assert zone == {p.relative_to(tmp_path / "zone-1") for p in (tmp_path / "zone-1").rglob("*") if p.is_file()}
    # `ingest rerun --dask`: the failed documents again, one batch each, read back from the raw zone
    again = reprocess(failed=True, store_url=pg_url, raw_zone=str(tmp_path / "zone-2"), batch_size=1,
                      dask_address=address)
    assert (again["documents"], again["failed"], again["failures_by_reason"]) == (2, 2, two["failures_by_reason"])
    with SqlStore(pg_url) as store:
        assert [(r.kind, r.engine) for r in queries.status(store.engine, "").runs] == [("rerun", "prefect"),
                                                                                       ("run", "prefect")]


def _busy_worker_killer(client):
    """kill() for run_support.kill_mid_batch: SIGKILL one worker process that is running a task."""
    def kill() -> int | None:
        busy = [w for w, keys in client.processing().items() if keys]
        if not busy:
            return None
        pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        return pid

    return kill


def test_a_worker_killed_mid_batch_loses_nothing_and_stores_nothing_twice(flow, cluster, pg_url, tmp_path,
                                                                         write_docs):
    address, client = cluster
    docs = tmp_path / "docs"
    n = 16
    write_docs(docs, n, bad=False)
    with killing_mid_batch(pg_url, _busy_worker_killer(client)) as killed:
        summary = flow([str(docs)], pg_url, str(tmp_path / "zone"), 4, dask_address=address)
    assert killed, "no batch was caught between landing and storing"
    assert summary["documents"] == n and summary["failed"] == 0
    # the summary adds up across workers and retries: a fresh store, so every document is newly stored by
    # this run, also those of a retried batch whose first try had committed (tests/test_retry_summary.py)
    assert (summary["stored"], summary["unchanged"]) == (n, 0)
    assert_stored_exactly_once(pg_url, n)
    with SqlStore(pg_url) as store, store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).where(schema.documents.c.status == "clean")) == n


def _several_machines_block() -> str:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"<!-- needs: several-machines[^>]*-->\n```bash\n(.*?)^```", readme, flags=re.S | re.M)
    return block


def _parts(block: str) -> dict[str, str]:
    """The block's commands by the box they run on (its '# box A', '# every box', '# anywhere' comments),
    continuation lines joined."""
    parts: dict[str, list[str]] = {}
    current = None
    for line in block.replace("\\\n", " ").splitlines():
        if line.startswith("# "):
            current = line[2:].split(":")[0].strip()
            parts[current] = []
        elif line.strip():
            parts[current].append(line)
    return {k: "\n".join(v) for k, v in parts.items()}


def test_the_readmes_several_machines_commands_run_on_one_box(tmp_path, pg_url, write_docs):
    """The README's several-machines block, each line as printed but for what names a machine of the
    reader's (README_PLACEHOLDERS): box A's `dask scheduler` and `prefect server start --host 0.0.0.0`,
    a `dask worker --nworkers -1 --nthreads 1` that has the store password only in its own environment,
    and the `ingest run --dask` with a password in its store URL. The run stores every document."""
    import socket
    import subprocess
    import time
    import urllib.request

    import psycopg
    from cli_support import stop_process_groups
    from distributed import Client
    from sqlalchemy.engine import make_url

    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    pg = make_url(pg_url)
    password = "several-Machines-pw"
    with psycopg.connect(host=pg.host, port=pg.port, user=pg.username, dbname=pg.database, autocommit=True) as conn:
        try:  # the README's store user (the test server trusts loopback: the password travels, unchecked)
            conn.execute(f"CREATE ROLE ingest LOGIN PASSWORD '{password}'")
        except psycopg.errors.DuplicateObject:
            pass
        conn.execute(f'ALTER DATABASE "{pg.database}" OWNER TO ingest')
    scheduler_port, prefect_port = free_port(), free_port()
    box = tmp_path / "box"
    box.mkdir()
    (box / ".venv").symlink_to(ROOT / ".venv")
    n = 8
    write_docs(box / "crawl", n, bad=False)
    # What the README leaves to the reader (a machine's name, a password, its paths), and the ports that may
    # be taken on a shared machine; everything else is run as printed.
    placeholders = {"tcp://A:8786": f"tcp://127.0.0.1:{scheduler_port}", "--port 8786": f"--port {scheduler_port}",
                    "http://A:4200/api": f"http://127.0.0.1:{prefect_port}/api",
                    "INGEST_STORE_PASSWORD='…'": f"INGEST_STORE_PASSWORD='{password}'",
                    "ingest:PASSWORD@A:5432/ingest": f"ingest:{password}@{pg.host}:{pg.port}/{pg.database}",
                    "/mnt/shared/raw": str(tmp_path / "shared-raw")}
    parts = _parts(_several_machines_block())
    assert set(parts) == {"box A", "every box", "anywhere"}, parts
    for key, value in placeholders.items():
        assert any(key in part for part in parts.values()), f"the README block no longer has {key!r}"
        parts = {k: v.replace(key, value) for k, v in parts.items()}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "INGEST_"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_API_PORT=str(prefect_port),
               DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    procs, logs = [], {}

    def start(name: str, script: str) -> subprocess.Popen:
        logs[name] = tmp_path / f"{name.replace(' ', '-')}.log"
        procs.append(subprocess.Popen(["bash", "-c", script + "\nwait"], cwd=box, env=env, stdout=logs[name].open("wb"),
                                      stderr=subprocess.STDOUT, start_new_session=True))
        return procs[-1]

    def log(name: str) -> str:
        return logs[name].read_text(errors="replace")[-3000:]

    try:
        server = start("box A", parts["box A"])
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{prefect_port}/api/health", timeout=5)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log("box A")
                time.sleep(1)
        start("every box", parts["every box"])
        from dask.system import CPU_COUNT

        with Client(f"tcp://127.0.0.1:{scheduler_port}", timeout=120) as client:
            client.wait_for_workers(CPU_COUNT, timeout=180)  # --nworkers -1: one per core
            assert set(client.nthreads().values()) == {1}
        done = subprocess.run(["bash", "-c", parts["anywhere"]], cwd=box, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-3000:], log("every box"))
        assert "Traceback" not in done.stderr, done.stderr[-3000:]
        assert "(prefect flow)" in done.stdout and password not in done.stdout + done.stderr, done.stdout[-2000:]
        assert "Traceback" not in log("every box"), log("every box")
    finally:
        stop_process_groups(procs)
    with SqlStore(pg_url) as store, store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(schema.documents)) == n
        assert conn.execute(select(schema.runs.c.status, schema.runs.c.stored)).all() == [("completed", n)]
