"""Idempotency under real failure modes: a process killed mid-run, two runs at once, a rule bug."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from contextlib import redirect_stdout

import pytest
from sqlalchemy import func, select

from ingest import cli
from ingest.store import SqlStore, queries, schema

pytestmark = pytest.mark.slow


def _ingest_run(store_url, zone, directory, *extra):
    cmd = [sys.executable, "-m", "ingest.cli", "run", "--no-flow", "--store", store_url, "--raw-zone", str(zone),
           str(directory), *extra]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "INGEST_NO_FLOW": "1"})


def _assert_each_document_once(store_url, n):
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        counts = queries.table_counts(store.engine)
        assert (counts["raw_documents"], counts["documents"], counts["articles"]) == (n, n, n)
        for table, key in ((schema.articles, "raw_id"), (schema.documents, "raw_id"),
                           (schema.removed_spans, "raw_id")):
            dupes = conn.execute(select(table.c[key]).group_by(*[c for c in table.primary_key.columns])
                                 .having(func.count() > 1)).all()
            assert dupes == []
        assert conn.scalar(select(func.count(func.distinct(schema.articles.c.raw_id)))) == n


def test_killed_mid_run_then_rerun_stores_every_document_once(store_url, tmp_path, write_docs):
    n = 120
    directory = tmp_path / "docs"
    write_docs(directory, n, bad=False)
    zone = tmp_path / "landing"
    proc = _ingest_run(store_url, zone, directory, "--batch-size", "5")
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with SqlStore(store_url) as store:
                done = queries.table_counts(store.engine)["documents"]
        except Exception:  # noqa: BLE001 - the store may not exist yet
            done = 0
        if done >= 10:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    with SqlStore(store_url) as store:
        assert 0 < queries.table_counts(store.engine)["documents"] < n  # really killed mid-run
    again = _ingest_run(store_url, zone, directory)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    _assert_each_document_once(store_url, n)


def test_two_runs_at_once_store_no_duplicate(store_url, tmp_path, write_docs):
    n = 40
    directory = tmp_path / "docs"
    write_docs(directory, n, bad=False)
    zone = tmp_path / "landing"
    procs = [_ingest_run(store_url, zone, directory, "--batch-size", "4") for _ in range(2)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    _assert_each_document_once(store_url, n)
    with SqlStore(store_url) as store:
        assert queries.table_counts(store.engine)["runs"] == 2


def _cli(*argv):
    buf = io.StringIO()
    with redirect_stdout(buf):
        code = cli.main(list(argv))
    return code, buf.getvalue()


def test_rule_bug_failures_clear_after_fix_and_rerun_failed(store_url, tmp_path, monkeypatch, write_docs):
    from ingest.rules import tickers

    directory = tmp_path / "docs"
    write_docs(directory, 6, bad=False)
    base = ("--store", store_url, "--raw-zone", str(tmp_path / "landing"))

    def broken(self, view):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(tickers.QuoteRun, "find", broken)
    code, _ = _cli("run", "--no-flow", "--json", *base[:2], "--raw-zone", base[3], str(directory))
    assert code == 0  # failed documents are data
    code, listed = _cli("failures", "--store", store_url)
    assert code == 0 and listed.count("RuleFailed") == 6 and "tickers.quote_run" in listed
    monkeypatch.undo()  # the fix
    code, _ = _cli("rerun", "--failed", "--no-flow", *base)
    assert code == 0
    code, listed = _cli("failures", "--store", store_url)
    assert listed == ""
    _assert_each_document_once(store_url, 6)
