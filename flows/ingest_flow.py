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
from ingest_tasks import PROGRESS, make_settings, params, process_batch, report, store_for  # noqa: E402
from prefect import flow  # noqa: E402

from ingest import runs  # noqa: E402
from ingest.settings import DEFAULT_BATCH_SIZE  # noqa: E402
from ingest.sources.options import SourceOptions  # noqa: E402


# PROGRESS is re-exported: `ingest run` hooks its progress bar there.
__all__ = ["PROGRESS", "ingest"]


# Documents per batch task: the library's default, measured and explained in ingest/settings.py.
FLOW_BATCH_SIZE = DEFAULT_BATCH_SIZE


@flow(name="ingest", log_prints=True)
def ingest(sources: list[str], store_url: str | None = None, raw_zone: str | None = None,
           batch_size: int = FLOW_BATCH_SIZE, fetched_at: str | None = None,
           source_options: dict | None = None) -> dict:
    """Land, clean and store every document of `sources` (files, directories, globs, WARC, JSONL, URLs,
    URL lists, feeds, sitemaps); returns the RunSummary."""
    started = time.monotonic()
    settings = make_settings(store_url, raw_zone, batch_size, fetched_at).with_(
        sources=SourceOptions.from_dict(source_options))
    store = store_for(settings.store_url)
    run_id = runs.begin_run(store, sources, engine="prefect")
    run_report.link(store, run_id)
    tally, task_settings = runs.Tally(), params(settings)
    # Sources are read as a stream and landed here batch by batch (bodies go to the raw zone, never
    # into a task's inputs); each batch's ids go to a process task, which cleans batch k while
    # batch k+1 is read and landed. For a Dask cluster, the process tasks run there.
    processing, size = None, 0

    def collect(result, done: int) -> None:
        batch = runs.Tally.from_dict(result) if isinstance(result, dict) else result
        tally.merge(batch)
        report(done, batch.failed)

    for ids, landed, read in runs.land_stream(store, sources, settings, run_id):
        upcoming = process_batch.submit(ids, run_id, task_settings)
        tally.merge(landed)
        if processing is not None:
            collect(processing.result(), size)
        processing, size = upcoming, read
    if processing is not None:
        collect(processing.result(), size)
    summary = runs.end_run(store, run_id, tally, started)
    run_report.publish(store, summary, settings)
    return summary.to_dict()


if __name__ == "__main__":
    print(ingest(sys.argv[1:] or ["raw/samples"]))
