"""What a Prefect user sees of a run, on a real flow run (prefect_test_harness): a markdown artifact and
a log line with the counts, the failures by reason, the ingest run id and where the data went, the
artifact with the failed documents; the store's runs row names the flow run."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from ingest.store import SqlStore, schema

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "flows"))
# Prefect ships logs to its server in batches (every 2 s by default); a loaded box may take longer.
LOGS_WITHIN_SECONDS = 60


def test_a_flow_run_shows_its_summary_failures_and_run_id_in_prefect(prefect_harness, corpus, tmp_path):
    import ingest_flow
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    directory, _ = corpus
    url = f"sqlite:///{tmp_path / 'ingest.db'}"
    zone = tmp_path / "zone"
    state = ingest_flow.ingest([str(directory)], url, str(zone), 5, return_state=True)
    assert state.is_completed()
    summary = state.result()
    flow_run_id = state.state_details.flow_run_id
    assert summary["failed"] == 2  # the corpus's two bad inputs
    with SqlStore(url) as store, store.engine.connect() as conn:
        linked = conn.execute(select(schema.runs.c.flow_run_id).where(schema.runs.c.run_id == summary["run_id"])).scalar()
    assert linked == str(flow_run_id)

    APILogHandler().flush()  # logs reach the server in the background
    with get_client(sync_client=True) as client:
        (artifact,) = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
        deadline = time.monotonic() + LOGS_WITHIN_SECONDS
        while True:
            logs = [log.message for log in client.read_logs(log_filter=LogFilter(
                flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))]
            if any(m.startswith("ingest run ") for m in logs) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    text = artifact.data
    assert artifact.type == "markdown" and artifact.key == "ingest-run-summary"
    assert f"# ingest run `{summary['run_id']}`" in text
    assert f"| stored | {summary['stored']} |" in text and f"| failed | {summary['failed']} |" in text
    for reason, n in summary["failures_by_reason"].items():
        assert f"| {reason} | {n} |" in text
    failed_rows = [r for r in text.split("## Failed documents", 1)[1].splitlines() if r.startswith("| `")]
    assert len(failed_rows) == 2 and all(f"| {directory}" in r for r in failed_rows)  # one row per failed document
    assert f"`{url}`" in text and f"`{zone}`" in text  # where the data went
    (line,) = [m for m in logs if m.startswith(f"ingest run {summary['run_id']}:")]
    assert f"{summary['stored']} stored" in line and f"{summary['failed']} failed (" in line
    assert all(reason in line for reason in summary["failures_by_reason"]) and url in line and str(zone) in line
