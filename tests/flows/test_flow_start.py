"""What a flow call starts before Prefect creates its flow run (ingest/flow_start.py): on a temporary
Prefect server of this process, no flow-run heartbeats (whose thread's 1 s sleep step each flow call
waited for at its end); on another server, heartbeats as configured."""
from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "flows"))


def _heartbeat_threads() -> list[threading.Thread]:
    """Prefect 3.8's flow-run heartbeat thread (flow_engine._send_heartbeats: target heartbeat_loop)."""
    return [t for t in threading.enumerate()
            if any(getattr(a, "__name__", "") == "heartbeat_loop" for a in getattr(t, "_args", ()))]


def test_prefects_engine_starts_a_heartbeat_thread_unless_the_frequency_is_none(prefect_harness):
    """The pin: Prefect runs a heartbeat thread per flow run, and none with heartbeat_frequency None."""
    from prefect import flow
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    @flow
    def look():
        return len(_heartbeat_threads())

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 180}):
        assert look() == 1
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        assert look() == 0


def test_the_ingest_flow_on_this_processes_temporary_server_runs_without_heartbeats(prefect_harness, tmp_path,
                                                                                   write_docs):
    import ingest_flow

    from ingest import flow_start

    assert flow_start.on_own_temporary_server()  # the session's prefect_test_harness
    seen: list[int] = []

    def look(done, failed=0, items=()):  # called in the flow's body after each batch
        seen.append(len(_heartbeat_threads()))

    docs = tmp_path / "docs"
    write_docs(docs, 4, bad=False)
    ingest_flow.PROGRESS.append(look)
    try:
        summary = ingest_flow.ingest([str(docs)], f"sqlite:///{tmp_path / 'h.db'}", str(tmp_path / "zone"), 2,
                                     workers=1)
    finally:
        ingest_flow.PROGRESS.remove(look)
    assert summary["stored"] == 4
    assert seen and set(seen) == {0}, seen


def test_on_another_prefect_server_heartbeats_stay_as_configured(prefect_harness):
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from ingest import flow_start

    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}):  # not a server of this process
        assert not flow_start.on_own_temporary_server()
        with flow_start.no_heartbeats_on_own_server():
            assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == 180
