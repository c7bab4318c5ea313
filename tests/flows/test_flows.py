"""The Prefect flows, run for real on a temporary Prefect server (prefect_test_harness)."""
from __future__ import annotations

import io
import math
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from ingest import cli, execution, runs
from snapshot_support import store_snapshot
from ingest.pipeline import process_raw
from ingest.settings import Settings
from ingest.sources.files import read_files
from ingest.store import SqlStore, queries, schema

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "flows"))



@pytest.fixture(scope="module")
def flows(prefect_harness):
    import ingest_flow
    import reprocess_flow

    return ingest_flow, reprocess_flow


def _snapshot(url: str) -> dict:
    """Every table but runs, without the columns saying when or in which run (those differ by design)."""
    return store_snapshot(url)


def _task_names(flow_run_id) -> list[str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                                      sort=TaskRunSort.EXPECTED_START_TIME_ASC, limit=200)
    return sorted(t.name.rsplit("-", 1)[0] for t in tasks)


def test_the_flow_stores_exactly_what_the_library_produces(flows, store_url, tmp_path, corpus):
    ingest_flow, _ = flows
    directory, paths = corpus
    state = ingest_flow.ingest([str(directory)], store_url, str(tmp_path / "zone"), 5, return_state=True)
    assert state.is_completed()  # two documents failed: failure rows, not a failed flow
    summary = state.result()
    lib_url = f"sqlite:///{tmp_path / 'lib.db'}"
    expected = runs.run([str(directory)], Settings(store_url=lib_url, raw_zone=tmp_path / "lib-zone", batch_size=5))
    ignore = {"run_id", "seconds", "steps"}
    assert {k: v for k, v in summary.items() if k not in ignore} == \
        {k: v for k, v in expected.to_dict().items() if k not in ignore}

    def untimed(steps: dict) -> dict:  # per-step counts agree; seconds are measurements
        return {k: {f: n for f, n in v.items() if f != "seconds"} for k, v in steps.items()}

    assert untimed(summary["steps"]) == untimed(expected.steps) and summary["steps"]
    assert summary["failed"] == 2 and summary["stored"] == len(paths) - 2
    assert _snapshot(store_url) == _snapshot(lib_url)
    with SqlStore(store_url) as store:
        for raw in read_files([str(directory)]):
            assert queries.load_outcome(store.engine, raw.raw_id) == process_raw(raw, Settings())
        with store.engine.connect() as conn:
            assert conn.scalar(select(schema.runs.c.engine)) == "prefect"
    # the last batch is cut in one part per worker (every core by default), so they share the run's end
    last = len(paths) - 5 * (math.ceil(len(paths) / 5) - 1)
    batches = math.ceil(len(paths) / 5) - 1 + min(last, execution.available_cores())
    # sources are read by the flow as a stream; each batch goes to one task that lands, cleans and stores it
    assert _task_names(state.state_details.flow_run_id) == ["ingest-batch"] * batches
    before = _snapshot(store_url)
    again = ingest_flow.ingest([str(directory)], store_url, str(tmp_path / "zone"), 5)
    assert (again["stored"], again["unchanged"], again["failed"]) == (0, len(paths) - 2, 2)
    assert _snapshot(store_url) == before


def test_reprocess_flow_reruns_failed_documents_after_a_fix(flows, tmp_path, write_docs, monkeypatch):
    from ingest.rules import tickers

    ingest_flow, reprocess_flow = flows
    write_docs(tmp_path / "docs", 6, bad=False)
    url, zone = f"sqlite:///{tmp_path / 'ingest.db'}", str(tmp_path / "zone")

    def broken(self, view):
        raise ValueError("simulated rule bug")

    # workers=1: the batches run in this process, where the patched rule is (batch processes of
    # --workers 2 import the code afresh: tests/flows/test_batch_processes.py)
    monkeypatch.setattr(tickers.QuoteRun, "find", broken)
    assert ingest_flow.ingest([str(tmp_path / "docs")], url, zone, workers=1)["failed"] == 6
    assert {f.error_type for f in runs.failures(Settings(store_url=url))} == {"RuleFailed"}
    monkeypatch.undo()
    summary = reprocess_flow.reprocess(failed=True, store_url=url, raw_zone=zone, workers=1)
    assert (summary["stored"], summary["failed"]) == (6, 0)
    assert runs.failures(Settings(store_url=url)) == []


def test_ingest_run_goes_through_the_flow_by_default(flows, tmp_path, corpus):
    directory, paths = corpus
    url = f"sqlite:///{tmp_path / 'ingest.db'}"
    argv = ["run", str(directory), "--store", url, "--raw-zone", str(tmp_path / "zone")]
    with redirect_stdout(io.StringIO()) as out:
        assert cli.main(argv) == 0
        assert cli.main([*argv, "--strict"]) == 1  # the failed documents are still failed
    assert "(prefect flow)" in out.getvalue()
    st = runs.status(Settings(store_url=url))
    assert [r.engine for r in st.runs] == ["prefect", "prefect"]
    assert st.counts["documents"] == len(paths)


def test_prefect_yaml_deployments_point_at_real_flows_with_valid_schedules(flows):
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.flows import load_flow_from_entrypoint

    spec = yaml.safe_load((ROOT / "flows" / "prefect.yaml").read_text())
    names = set()
    for dep in spec["deployments"]:
        flow = load_flow_from_entrypoint(str(ROOT / dep["entrypoint"]))
        names.add(flow.name)
        assert set(dep["parameters"]) <= set(flow.parameters.properties)
        for sched in dep["schedules"]:
            CronSchedule(cron=sched["cron"], timezone=sched["timezone"])
    assert names == {"ingest", "reprocess"}


def test_batch_tasks_retry_with_backoff(flows):
    import ingest_tasks

    for task in (ingest_tasks.ingest_batch, ingest_tasks.process_batch):
        assert task.retries == 3
        delays = task.retry_delay_seconds
        assert list(delays) == sorted(delays) and delays[0] < delays[-1]
