"""Prefect flow `reprocess`: re-clean stored documents from the raw zone (no re-fetch) — the failed
ones, given ids, or everything an older ruleset produced — and replace their outcomes."""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling module, however this file is loaded

import run_report  # noqa: E402
from ingest_flow import FLOW_BATCH_SIZE  # noqa: E402
from ingest_tasks import (PROGRESS, make_settings, params, process_batch, report, run_bounded,  # noqa: E402
                          store_for, store_reference, task_runner)
from prefect import flow  # noqa: E402

from ingest import runs  # noqa: E402
from ingest.execution import check_store, choose  # noqa: E402


# PROGRESS is re-exported: `ingest run` hooks its progress bar there.
__all__ = ["PROGRESS", "reprocess", "reprocess_flow"]


def reprocess(failed: bool = False, ids: list[str] | None = None, outdated: bool = False,
              store_url: str | None = None, raw_zone: str | None = None,
              batch_size: int = FLOW_BATCH_SIZE, workers: int | None = None, dask_address: str | None = None,
              store_password_env: str | None = None, **call) -> dict:
    """Run the `reprocess` flow (reprocess_flow), with a password in `store_url` split off before Prefect
    records the parameters, as ingest_flow.ingest does."""
    store_url, store_password_env = store_reference(store_url, store_password_env)
    return reprocess_flow(failed, ids, outdated, store_url, raw_zone, batch_size, workers, dask_address,
                          store_password_env, **call)


@flow(name="reprocess", log_prints=True)
def reprocess_flow(failed: bool = False, ids: list[str] | None = None, outdated: bool = False,
              store_url: str | None = None, raw_zone: str | None = None,
              batch_size: int = FLOW_BATCH_SIZE, workers: int | None = None, dask_address: str | None = None,
              store_password_env: str | None = None) -> dict:
    """Re-process the chosen documents; returns the RunSummary of this rerun. `workers`, `dask_address`
    and `store_password_env` as for the `ingest` flow."""
    started = time.monotonic()
    execution = choose(workers, dask_address)
    settings = make_settings(store_url, raw_zone, batch_size, password_env=store_password_env)
    check_store(execution, settings.store_url)
    store = store_for(settings.store_url)
    chosen = runs.select_rerun(store, failed=failed, ids=ids or (), outdated=outdated)
    label = [name for name, on in (("failed", failed), ("outdated", outdated), ("ids", bool(ids))) if on]
    run_id = runs.begin_run(store, [f"rerun:{'+'.join(label)}"], kind="rerun", engine="prefect")
    run_report.link(store, run_id)
    tally, task_settings = runs.Tally(), params(settings)
    chunks = list(runs.batched(chosen, settings.batch_size))  # ids only: small however many
    jobs = 1  # one core per batch: `workers` batches at once here, or one per Dask worker thread

    def collect(result: dict, chunk: list[str]) -> None:
        batch = runs.Tally.from_dict(result)
        tally.merge(batch)
        report(len(chunk), batch.failed)

    with task_runner(execution) as (submit, in_flight, _, stop):
        work = ((lambda c=c: submit(process_batch, raw_ids=c, run_id=run_id, settings=task_settings, force=True,
                                    jobs=jobs), c) for c in chunks)
        run_bounded(work, in_flight, collect, stop)
    summary = runs.end_run(store, run_id, tally, started)
    run_report.publish(store, summary, settings, kind="rerun")
    return summary.to_dict()


if __name__ == "__main__":
    print(reprocess(failed="--failed" in sys.argv, outdated="--outdated" in sys.argv))
