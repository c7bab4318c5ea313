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
from ingest_tasks import PROGRESS, land_batch, make_settings, params, process_batch, report, store_for  # noqa: E402
from prefect import flow  # noqa: E402

from ingest import runs  # noqa: E402
from ingest.settings import DEFAULT_BATCH_SIZE  # noqa: E402
from ingest.sources.files import expand  # noqa: E402


# PROGRESS is re-exported: `ingest run` hooks its progress bar there.
__all__ = ["PROGRESS", "ingest"]


# Documents per batch task: the library's default, measured and explained in ingest/settings.py.
FLOW_BATCH_SIZE = DEFAULT_BATCH_SIZE


@flow(name="ingest", log_prints=True)
def ingest(sources: list[str], store_url: str | None = None, raw_zone: str | None = None,
           batch_size: int = FLOW_BATCH_SIZE, fetched_at: str | None = None) -> dict:
    """Land, clean and store every .html/.htm/.txt file under `sources`; returns the RunSummary."""
    started = time.monotonic()
    settings = make_settings(store_url, raw_zone, batch_size, fetched_at)
    store = store_for(settings.store_url)
    paths = list(expand(sources))  # paths only: a few MB at a million files
    run_id = runs.begin_run(store, sources, engine="prefect")
    run_report.link(store, run_id)
    tally, task_settings = runs.Tally(), params(settings)
    # One land + one process task per batch; batch k+1 lands (file I/O, in a worker thread) while
    # batch k is cleaned. For a Dask cluster, submit the process tasks too.
    landing, size = None, 0
    for chunk in [*runs.batched(paths, batch_size), None]:
        upcoming = land_batch.submit(chunk, task_settings) if chunk else None
        if landing is not None:
            landed = landing.result()
            batch = runs.Tally.from_dict(landed["tally"]).merge(process_batch(landed["ids"], run_id, task_settings))
            tally.merge(batch)
            report(size, batch.failed)
        landing, size = upcoming, len(chunk or ())
    summary = runs.end_run(store, run_id, tally, started)
    run_report.publish(store, summary, settings)
    return summary.to_dict()


if __name__ == "__main__":
    print(ingest(sys.argv[1:] or ["raw/samples"]))
