"""Prefect flow `reprocess`: re-clean stored documents from the raw zone (no re-fetch) — the failed
ones, given ids, or everything an older ruleset produced — and replace their outcomes."""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling module, however this file is loaded

import run_report  # noqa: E402
from ingest_flow import FLOW_BATCH_SIZE  # noqa: E402
from ingest_tasks import PROGRESS, make_settings, params, process_batch, report, store_for  # noqa: E402
from prefect import flow  # noqa: E402

from ingest import runs  # noqa: E402


# PROGRESS is re-exported: `ingest run` hooks its progress bar there.
__all__ = ["PROGRESS", "reprocess"]


@flow(name="reprocess", log_prints=True)
def reprocess(failed: bool = False, ids: list[str] | None = None, outdated: bool = False,
              store_url: str | None = None, raw_zone: str | None = None,
              batch_size: int = FLOW_BATCH_SIZE) -> dict:
    """Re-process the chosen documents; returns the RunSummary of this rerun."""
    started = time.monotonic()
    settings = make_settings(store_url, raw_zone, batch_size)
    store = store_for(settings.store_url)
    chosen = runs.select_rerun(store, failed=failed, ids=ids or (), outdated=outdated)
    label = [name for name, on in (("failed", failed), ("outdated", outdated), ("ids", bool(ids))) if on]
    run_id = runs.begin_run(store, [f"rerun:{'+'.join(label)}"], kind="rerun", engine="prefect")
    run_report.link(store, run_id)
    tally, task_settings = runs.Tally(), params(settings)
    for chunk in runs.batched(chosen, settings.batch_size):
        batch = runs.Tally.from_dict(process_batch(chunk, run_id, task_settings, force=True))
        tally.merge(batch)
        report(len(chunk), batch.failed)
    summary = runs.end_run(store, run_id, tally, started)
    run_report.publish(store, summary, settings, kind="rerun")
    return summary.to_dict()


if __name__ == "__main__":
    print(reprocess(failed="--failed" in sys.argv, outdated="--outdated" in sys.argv))
