"""Prefect flow `ingest`: sources → land → clean in batches → store → run summary.

Thin on purpose: every step is an ingest library function (ingest.runs), so the flow stores exactly
what `ingest run --no-flow` stores. Deployments: flows/prefect.yaml; one box: flows/serve.py.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling module, however this file is loaded

import run_report  # noqa: E402
from ingest_tasks import (PROGRESS, ingest_batch, make_settings, params, prepared, report,  # noqa: E402
                          run_bounded, store_for, store_reference, task_runner)
from prefect import flow  # noqa: E402

from ingest import runs  # noqa: E402
from ingest.execution import check_store, choose  # noqa: E402
from ingest.settings import DEFAULT_BATCH_SIZE  # noqa: E402
from ingest.sources.options import SourceOptions  # noqa: E402


# PROGRESS is re-exported: `ingest run` hooks its progress bar there.
__all__ = ["PROGRESS", "ingest", "ingest_flow"]


# Documents per batch task: the library's default, measured and explained in ingest/settings.py.
FLOW_BATCH_SIZE = DEFAULT_BATCH_SIZE


def ingest(sources: list[str], store_url: str | None = None, raw_zone: str | None = None,
           batch_size: int = FLOW_BATCH_SIZE, fetched_at: str | None = None,
           source_options: dict | None = None, workers: int | None = None, dask_address: str | None = None,
           store_password_env: str | None = None, **call) -> dict:
    """Run the `ingest` flow (ingest_flow); what to call from Python. A password in `store_url` is split off
    before Prefect records the parameters (ingest_tasks.store_reference); `call` goes to Prefect
    (e.g. return_state=True)."""
    store_url, store_password_env = store_reference(store_url, store_password_env)
    try:
        task_settings = params(make_settings(store_url, raw_zone, batch_size, fetched_at, store_password_env))
    except Exception:  # noqa: BLE001 - a bad setting: the flow's body raises it, in its flow run
        task_settings = {}
    with prepared(workers, dask_address, task_settings):  # starts while Prefect creates the flow run
        return ingest_flow(sources, store_url, raw_zone, batch_size, fetched_at, source_options, workers,
                           dask_address, store_password_env, **call)


@flow(name="ingest", log_prints=True)
def ingest_flow(sources: list[str], store_url: str | None = None, raw_zone: str | None = None,
           batch_size: int = FLOW_BATCH_SIZE, fetched_at: str | None = None,
           source_options: dict | None = None, workers: int | None = None, dask_address: str | None = None,
           store_password_env: str | None = None) -> dict:
    """Land, clean and store every document of `sources` (files, directories, globs, WARC, JSONL, URLs,
    URL lists, feeds, sitemaps); returns the RunSummary.

    `workers` (batches cleaned at once on this box, one core each; default $INGEST_WORKERS, else every core) or
    `dask_address` (default $INGEST_DASK_ADDRESS: the batches run on that Dask cluster) say where. `store_url` should carry no password: give the name
    of the variable holding it as `store_password_env` (flow parameters are saved by Prefect); the wrapper
    `ingest` does that split for callers."""
    started = time.monotonic()
    execution = choose(workers, dask_address)
    settings = make_settings(store_url, raw_zone, batch_size, fetched_at, store_password_env).with_(
        sources=SourceOptions.from_dict(source_options))
    check_store(execution, settings.store_url)
    store = store_for(settings.store_url)
    run_id = runs.begin_run(store, sources, engine="prefect")
    run_report.link(store, run_id)
    tally = runs.Tally()
    jobs = 1  # one core per batch: `workers` batches at once here, or one per Dask worker thread
    task_settings = params(settings)

    def collect(result: dict, batch: runs.SourceBatch) -> None:
        done = runs.Tally.from_dict(result)
        runs.record_validators(store, batch)
        tally.merge(done)
        report(len(batch.items), done.failed, batch.items)

    with task_runner(execution) as (submit, in_flight, at_once, stop):
        # The driver reads the sources as a stream; each batch's items go to one task that lands, cleans
        # and stores them where it runs: in a thread here (`workers` at once), or on a Dask worker. The
        # last batch is cut in `at_once` parts, so the workers share the end of the run.
        batches = runs.read_batches(store, sources, settings, tail_parts=at_once)
        work = ((lambda b=b: submit(ingest_batch, items=b.items, run_id=run_id, settings=task_settings, jobs=jobs), b)
                for b in batches)
        run_bounded(work, in_flight, collect, stop)
    summary = runs.end_run(store, run_id, tally, started)
    run_report.publish(store, summary, settings)
    return summary.to_dict()


if __name__ == "__main__":
    print(ingest(sys.argv[1:] or ["raw/samples"]))
