"""One box, no work pool: serve both flows with their schedules from this process.

    .venv/bin/prefect server start                        # terminal 1 (UI on http://127.0.0.1:4200)
    PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python flows/serve.py raw/inbox   # terminal 2

Same schedules as prefect.yaml, under names of their own (`*-served`): a deployment name shared with
prefect.yaml's would be taken over by whichever registered last, and the work pool's runs would then
look for this process's files (FileNotFoundError …/ingest_flow.py). Stop with Ctrl-C.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_flow import ingest_flow  # noqa: E402
from prefect import serve  # noqa: E402
from reprocess_flow import reprocess_flow  # noqa: E402

if __name__ == "__main__":
    sources = sys.argv[1:] or ["raw/inbox"]
    serve(
        ingest_flow.to_deployment(name="inbox-hourly-served", cron="15 * * * *", parameters={"sources": sources}),
        reprocess_flow.to_deployment(name="failed-nightly-served", cron="30 2 * * *", parameters={"failed": True}),
        reprocess_flow.to_deployment(name="outdated-weekly-served", cron="0 3 * * 0", parameters={"outdated": True}),
    )
