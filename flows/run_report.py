"""What an ingest run did, shown where a Prefect user looks: a markdown artifact on the flow run and
one log line, both with the counts, the failures by reason, the ingest run id and where the data went;
the artifact also lists the failed documents. The store's runs row records the flow-run id, so
`ingest status` and the Prefect UI point at each other.

The flows call `link(store, run_id)` after `runs.begin_run` and `publish(store, summary, settings)`
after `runs.end_run`; nothing else of the flows changes.
"""
from __future__ import annotations

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from ingest.records import RunSummary
from ingest.settings import Settings
from ingest.store import SqlStore, queries
from ingest.store.engine import redacted

# Failed documents listed in the artifact; the rest are one `ingest failures --run ID` away.
MAX_FAILURE_ROWS = 50
# Artifacts with one key form a history in the Prefect UI (one version per run).
ARTIFACT_KEYS = {"run": "ingest-run-summary", "rerun": "ingest-rerun-summary"}


def link(store: SqlStore, run_id: str) -> str | None:
    """Store the id of the flow run executing `run_id` on its runs row; returns it (None outside a flow)."""
    flow_run_id = flow_run.get_id()
    if flow_run_id:
        store.link_flow_run(run_id, str(flow_run_id))
    return flow_run_id


def summary_line(summary: RunSummary, settings: Settings) -> str:
    reasons = ", ".join(f"{r} {n}" for r, n in summary.failures_by_reason.items()) or "none"
    return (f"ingest run {summary.run_id}: {summary.documents} documents — {summary.stored} stored, "
            f"{summary.unchanged} unchanged, {summary.failed} failed ({reasons}); {summary.articles} articles; "
            f"{summary.seconds:.1f} s; store {redacted(settings.store_url)}, raw zone {settings.raw_zone}")


def markdown(summary: RunSummary, settings: Settings, failed: list[queries.StoredFailure]) -> str:
    """The artifact: counts, failures by reason, where the data went, the failed documents."""
    rows = [
        f"# ingest run `{summary.run_id}`",
        "",
        f"{summary.documents} documents in {summary.seconds:.1f} s.",
        "",
        "| documents | count |", "| --- | ---: |",
        f"| stored | {summary.stored} |", f"| unchanged | {summary.unchanged} |", f"| failed | {summary.failed} |",
        *[f"| stored as {kind} | {n} |" for kind, n in summary.by_kind.items()],
        "",
        f"**Articles stored:** {summary.articles}",
        "",
        f"**Store:** `{redacted(settings.store_url)}`  ",
        f"**Raw zone:** `{settings.raw_zone}`  ",
        f"**Look closer:** `ingest status`, `ingest failures --run {summary.run_id}`, `ingest export`",
        "",
        "## Failures by reason",
        "",
    ]
    if summary.failures_by_reason:
        rows += ["| stage:error | documents |", "| --- | ---: |",
                 *[f"| {reason} | {n} |" for reason, n in summary.failures_by_reason.items()]]
    else:
        rows.append("None.")
    if failed:
        rows += ["", "## Failed documents", "", "| raw id | source | stage:error | message |",
                 "| --- | --- | --- | --- |"]
        rows += [f"| `{f.raw_id[:12]}` | {_cell(f.source_uri)} | {f.stage}:{f.error_type} | {_cell(f.message)} |"
                 for f in failed[:MAX_FAILURE_ROWS]]
        if len(failed) > MAX_FAILURE_ROWS:
            rows.append(f"\n… and {len(failed) - MAX_FAILURE_ROWS} more: `ingest failures --run {summary.run_id}`")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:300]


def publish(store: SqlStore, summary: RunSummary, settings: Settings, kind: str = "run") -> None:
    """Log the summary line and attach the markdown artifact to the current flow run."""
    failed = queries.failures(store.engine, summary.run_id)
    line = summary_line(summary, settings)
    get_run_logger().info(line)
    create_markdown_artifact(markdown=markdown(summary, settings, failed), key=ARTIFACT_KEYS[kind],
                             description=line[:500])
