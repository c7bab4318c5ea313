"""CLI verbs over the canonical store: run, status, failures, flagged, rerun, export, show (+ explain ID).

`ingest run` and `ingest rerun` go through the Prefect flows in flows/ when Prefect is installed and
the flows are next to this package (a checkout) — the product's main job, visible in the Prefect UI
when PREFECT_API_URL points at a server, otherwise on a temporary local server (~8 s to start).
`--no-flow` (or INGEST_NO_FLOW=1) runs the same library functions directly: same store, same rows,
no orchestration overhead. Prefect is only ever imported here, at the edge, and only for those verbs.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .errors import IngestError
from .records import RunSummary
from .settings import Settings


def _runs():
    """The store verbs' library (imported on use: SQLAlchemy costs ~0.25 s, and `ingest clean` needs none of it)."""
    from . import runs

    return runs


FLOWS_DIR = Path(__file__).resolve().parent.parent / "flows"


def _settings(args: argparse.Namespace) -> Settings:
    given = {"store_url": getattr(args, "store", None), "raw_zone": getattr(args, "raw_zone", None),
             "batch_size": getattr(args, "batch_size", None), "fetched_at": getattr(args, "fetched_at", None)}
    return Settings(**{k: v for k, v in given.items() if v is not None})  # raw_zone: a folder or a URL


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="URL", help="store URL: sqlite:///FILE or postgresql://user:pw@host/db "
                                                  "(default $INGEST_STORE_URL or sqlite:///clean/ingest.db)")


def _existing_store(args: argparse.Namespace) -> Settings:
    """Settings of a read-only verb: the store must exist already (reading never creates one)."""
    from .store.engine import require_existing

    settings = _settings(args)
    require_existing(settings.store_url)
    return settings


def _use_flow(args: argparse.Namespace) -> bool:
    if args.no_flow or os.environ.get("INGEST_NO_FLOW") == "1":
        return False
    return importlib.util.find_spec("prefect") is not None and (FLOWS_DIR / "ingest_flow.py").is_file()


# Seconds Prefect's temporary server gets to start (Prefect's own default is 20). Measured on this
# project's 2-core machine: ~8 s idle, 73 s at load average 12 (Prefect counts only its 0.1 s sleeps,
# so its "seconds" run slower than the clock under load); the test harness timed out at 180 while 8
# sessions ran their suites on the same 2 cores. 300 leaves a margin; past it the run
# stops with a one-line error saying what to do instead (FlowServerUnavailable).
EPHEMERAL_SERVER_STARTUP_SECONDS = 300


# Prefect's background queues (events, API logs) warn "Still processing items: N items remaining..." on
# stderr while they drain at exit, which a loaded machine makes seconds long: noise after our summary (and
# a second stderr line after a one-line error). Only errors of theirs are shown.
PREFECT_QUEUE_SERVICES = ("EventsWorker", "APILogWorker")


def _load_flow(name: str):
    """Load flows/<name>.py by path (flows/ is a deployment directory, not part of the package)."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # our progress bar and summary are the output
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(EPHEMERAL_SERVER_STARTUP_SECONDS))
    for service in PREFECT_QUEUE_SERVICES:  # their loggers are named by class, outside PREFECT_LOGGING_LEVEL's "prefect"
        logging.getLogger(service).setLevel(logging.ERROR)
    from .reaper import watch_children

    watch_children()  # a killed `ingest run` must not leave Prefect's temporary server running
    spec = importlib.util.spec_from_file_location(f"ingest_flows_{name}", FLOWS_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # Prefect's import, 1-10 s: a Ctrl-C meanwhile stops the run here
    from .interrupt import check

    check()
    return module


# How often the wait for Prefect's temporary server looks whether Ctrl-C asked the run to stop.
SERVER_WAIT_POLL_SECONDS = 0.1


def _start_temporary_server() -> None:
    """Start Prefect's temporary server (when no PREFECT_API_URL is set) before the flow asks for it,
    with SIGINT blocked from its birth: a Ctrl-C goes to the terminal's whole process group, and a
    server that took it shut down under the flow, which then hung on its API calls. Prefect stops the
    server at exit (SIGTERM), the reaper after a kill. The flow's client finds this server running
    (Prefect keeps one temporary server per process). The start (8 s idle, over a minute under load)
    runs in a thread while this one waits for it or for a Ctrl-C (ingest/interrupt.py: the handler
    raises nothing, so the wait must look)."""
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        return
    import threading

    from prefect.server.api.server import SubprocessASGIServer

    from .interrupt import RunInterrupted, check, requested, sigint_blocked

    server = SubprocessASGIServer()
    launch = getattr(server, "_run_uvicorn_command", None)
    if server.running or launch is None:  # already up, or a Prefect that starts it another way
        return

    def launch_deaf_to_ctrl_c():
        if requested():  # stopped before the server was launched: launch none
            raise RunInterrupted()
        with sigint_blocked():
            return launch()

    server._run_uvicorn_command = launch_deaf_to_ctrl_c  # noqa: SLF001 - the one Popen of the server
    outcome: list[BaseException] = []

    def start() -> None:
        try:
            server.start()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread as it is
            outcome.append(exc)

    starter = threading.Thread(target=start, name="prefect-temporary-server", daemon=True)
    starter.start()
    while starter.is_alive():
        check()  # Ctrl-C: the run stops; Prefect's atexit (or the reaper) stops a server already launched
        starter.join(SERVER_WAIT_POLL_SECONDS)
    if outcome:
        raise outcome[0]


@contextmanager
def _hooked(flow_module, advance) -> Iterator[None]:
    """Feed the flow's per-batch progress into our bar (flows called in-process share this process)."""
    flow_module.PROGRESS.append(advance)
    try:
        yield
    finally:
        flow_module.PROGRESS.remove(advance)


def _console():
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160)


@contextmanager
def _progress(total: int | None, label: str, flow: bool, sources: list[str] | None = None) -> Iterator:
    """A progress bar on stderr (terminals only): done (of the total when known), documents/s,
    failures so far, elapsed, and the time left when the input's size is known (a total given, or
    `sources` measured by ingest/progress_total.py in a thread meanwhile; none for streamed URLs or
    inputs too large to measure quickly). Yields advance(done, failed=0, items=()), called per batch."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = [TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"),
               TextColumn("{task.fields[rate]}"), TextColumn("[red]{task.fields[failed]}"), TimeElapsedColumn(),
               TextColumn("{task.fields[left]}")]
    measuring = None
    if console.is_terminal and sources is not None and not total:
        from .progress_total import Background

        measuring = Background(sources)
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        start = "starting Prefect…" if flow and not os.environ.get("PREFECT_API_URL") else label
        task = bar.add_task(start, total=None, count="", rate="", failed="", left="")
        state = {"done": 0, "failed": 0, "since": None, "first": None}

        def advance(done: int, failed: int = 0, items=()) -> None:
            now = time.monotonic()
            state["since"] = state["since"] or now - 1e-3  # rate counts from the first batch, not from start-up
            state["done"] += done
            state["failed"] += failed
            rate = state["done"] / max(now - state["since"], 1e-3)
            measured = measuring.result if measuring else None
            if measured is not None:
                measured.advance(items)
            of = total or (measured.total_items if measured else None)
            fraction = (min(1.0, state["done"] / total) if total else measured.fraction() if measured else None)
            bar.update(task, description=label, count=f"{state['done']}/{of}" if of else f"{state['done']}/?",
                       rate=f"{rate:,.0f} docs/s", failed=f"{state['failed']} failed" if state["failed"] else "",
                       left=_time_left(state, fraction, now), total=1.0 if fraction is not None else None,
                       completed=fraction or 0)
            # A frame per batch: rich's timer draws 10 frames a second, and small batches that finish
            # together inside one tick (a fast box, a flow collecting several at once) showed one jump.
            bar.refresh()

        yield advance


def _time_left(state: dict, fraction: float | None, now: float) -> str:
    """'0:01:23 left' from the pace since the first finished batch (start-up does not count), or ''."""
    if fraction is None:
        return ""
    if state["first"] is None:
        state["first"] = (now, fraction)
        return ""
    t0, f0 = state["first"]
    if fraction <= f0 or now <= t0:
        return ""
    seconds = int((1.0 - fraction) * (now - t0) / (fraction - f0))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d} left"


def _check_before_work(settings: Settings) -> None:
    """Fail in one line before any work (and before Prefect starts): a bad store URL, a store that
    cannot be opened (unreachable, corrupt, full, read-only, not an ingest store), a raw zone that
    cannot be reached, no HTML support."""
    from .health import check_html_support
    from .raw_zone import open_zone

    check_html_support()
    _runs().open_store(settings).close()
    open_zone(settings.raw_zone).check()  # an unreachable bucket, before Prefect starts


def cmd_run(args: argparse.Namespace) -> int:
    from .sources.args import source_options
    from .sources.dispatch import check_specs
    from .store.engine import check_url

    started = time.monotonic()
    settings = _settings(args).with_(sources=source_options(args))
    check_url(settings.store_url)
    flow = _use_flow(args)
    execution = _execution(args, settings, flow)
    check_specs(args.sources)
    _check_before_work(settings)
    with _interruptible(settings), _progress(None, "ingest run", flow, list(args.sources)) as advance:
        if flow:
            mod = _load_flow("ingest_flow")
            with _flow_errors():
                _start_temporary_server()
            from .store.credentials import reference

            store = reference(settings.store_url)  # the password stays in this process (Prefect saves parameters)
            with _hooked(mod, advance), _flow_errors(), _quiet_prefect(args):
                summary = RunSummary(**mod.ingest(list(args.sources), store.url, str(settings.raw_zone),
                                                  args.batch_size or mod.FLOW_BATCH_SIZE, settings.fetched_at,
                                                  settings.sources.to_dict(), **_flow_execution(execution),
                                                  store_password_env=store.password_env))
        else:
            summary = _runs().run(args.sources, settings, progress=advance, jobs=execution.workers)
    return _report(summary, settings, args, "prefect flow" if flow else "library", started)


def cmd_rerun(args: argparse.Namespace) -> int:
    if not (args.failed or args.ids or args.outdated):  # a usage error, before anything starts
        args.parser.error("choose what to re-run: --failed, --outdated or --id ID")
    started = time.monotonic()
    settings = _existing_store(args)
    flow = _use_flow(args)
    execution = _execution(args, settings, flow)
    _check_before_work(settings)
    with _interruptible(settings), _progress(_rerun_total(args, settings), "ingest rerun", flow) as advance:
        if flow:
            mod = _load_flow("reprocess_flow")
            with _flow_errors():
                _start_temporary_server()
            from .store.credentials import reference

            store = reference(settings.store_url)
            with _hooked(mod, advance), _flow_errors(), _quiet_prefect(args):
                summary = RunSummary(**mod.reprocess(args.failed, args.ids or None, args.outdated, store.url,
                                                     str(settings.raw_zone), args.batch_size or mod.FLOW_BATCH_SIZE,
                                                     **_flow_execution(execution),
                                                     store_password_env=store.password_env))
        else:
            summary = _runs().rerun(settings, failed=args.failed, ids=args.ids or (), outdated=args.outdated,
                                    progress=advance, jobs=execution.workers)
    return _report(summary, settings, args, "prefect flow" if flow else "library", started)


def _rerun_total(args: argparse.Namespace, settings: Settings) -> int | None:
    """The documents the rerun selects, for the bar's N/TOTAL and time left; counted only when the bar
    is shown (a terminal): the selection is one query of ids, which the rerun then makes again."""
    from rich.console import Console

    from .progress_total import rerun_total

    if not Console(stderr=True).is_terminal:
        return None
    return rerun_total(settings, failed=args.failed, ids=args.ids or (), outdated=args.outdated)


def _execution(args: argparse.Namespace, settings: Settings, flow: bool):
    """Where the batches run (--workers / --dask, else the environment, else every core), refused in
    one line when the store cannot be shared by its workers or the cluster needs the flow."""
    from .errors import ConfigError
    from .execution import check_store, choose

    execution = choose(args.workers, args.dask)
    check_store(execution, settings.store_url)
    if execution.remote and not flow:
        raise ConfigError("dask", "a Dask cluster runs the batch tasks of the Prefect flow: drop --no-flow "
                                  "(and INGEST_NO_FLOW), or --dask / INGEST_DASK_ADDRESS")
    return execution


def _flow_execution(execution) -> dict:
    return {"workers": None if execution.remote else execution.workers, "dask_address": execution.dask_address}


class FlowServerUnavailable(IngestError):
    """Prefect's temporary server did not come up in time (a very busy machine)."""


@contextmanager
def _flow_errors() -> Iterator[None]:
    """Prefect's start-up timeout as one line that says what to do, not a 44-line traceback."""
    try:
        yield
    except RuntimeError as exc:
        if "ephemeral Prefect API server" not in str(exc):
            raise
        limit = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")
        raise FlowServerUnavailable(
            f"Prefect's temporary server did not start within {limit} s (is the machine very busy?); run with "
            "--no-flow, point PREFECT_API_URL at a running server (prefect server start), or raise "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") from None


@contextmanager
def _quiet_prefect(args: argparse.Namespace) -> Iterator[None]:
    """An error inside the flow ends as our one line (cli.main), not as Prefect's logged traceback
    first; --debug keeps Prefect's logs."""
    import logging

    loggers = [logging.getLogger(name) for name in ("prefect.flow_runs", "prefect.task_runs", "prefect.engine")]
    levels = [lg.level for lg in loggers]
    if not getattr(args, "debug", False):
        for lg in loggers:
            lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


@contextmanager
def _interruptible(settings: Settings) -> Iterator[None]:
    """Ctrl-C (ingest/interrupt.py: the flag cli.main's handler sets): the run stops at the next safe point
    (nothing of an unfinished batch is stored, the finished batches stay), its row ends `interrupted`, and
    cli.main exits 130. A Ctrl-C that came before (the command line read, the store checked) stops it
    here, before anything starts."""
    from .interrupt import RunInterrupted, check

    try:
        check()
        yield
    except RunInterrupted:
        for run_id in list(_runs().ACTIVE_RUNS):
            row = _runs().mark_interrupted(settings, run_id)
            print(f"run {run_id} interrupted: {row.stored} stored, {row.failed} failed in finished batches; "
                  f"the same command again continues (stored documents are skipped)", file=sys.stderr)
        raise


def _report(summary: RunSummary, settings: Settings, args: argparse.Namespace, engine: str,
            started: float) -> int:
    total = time.monotonic() - started
    if args.json:
        print(json.dumps({**summary.to_dict(), "total_seconds": round(total, 3)}, ensure_ascii=False))
    else:
        _print_summary(summary, _runs().failures(settings, summary.run_id), engine, settings, total)
    return 1 if (args.strict and summary.failed) else 0


def cmd_status(args: argparse.Namespace) -> int:
    st = _runs().status(_existing_store(args))
    if args.json:
        print(json.dumps(_status_dict(st), ensure_ascii=False))
    else:
        _print_status(st)
    return 0


def _status_dict(st) -> dict:
    return {"counts": st.counts, "outdated": st.outdated, "failures_by_reason": st.failures_by_reason,
            "runs": [{k: getattr(r, k) for k in r.__slots__} for r in st.runs]}


def _print_rows(rows, as_json: bool, line: Callable[[object], str], count: str) -> int:
    """Rows of a listing verb: JSON Lines of their slots, or one `line` each and `count` on stderr."""
    for row in rows:
        print(json.dumps({k: getattr(row, k) for k in row.__slots__}, ensure_ascii=False) if as_json else line(row))
    if not as_json:
        print(count, file=sys.stderr)
    return 0


def cmd_failures(args: argparse.Namespace) -> int:
    rows = _runs().failures(_existing_store(args), args.run)
    return _print_rows(rows, args.json,
                       lambda f: f"{f.raw_id[:12]}  {f.stage}:{f.error_type}  {f.source_uri}\n    {f.message}",
                       f"{len(rows)} failed document(s)" + (f" in run {args.run}" if args.run else ""))


def cmd_flagged(args: argparse.Namespace) -> int:
    rows = _runs().flagged(_existing_store(args), args.flag)
    return _print_rows(rows, args.json, lambda f: f"{f.raw_id[:12]}  {f.flags}  {f.source_uri}",
                       f"{len(rows)} flagged document(s)")


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    settings = _existing_store(args)
    to_stdout = args.out == "-"
    result = export(settings, args.format, sys.stdout.buffer if to_stdout else args.out, args.since,
                    since_run=args.since_run, new=args.new, dedup=args.dedup)
    since = f", stored since {result.since}" if result.since else ""
    print(f"exported {result.rows} article(s) to {'stdout' if to_stdout else result.path} ({result.format}"
          f"{', one per near-duplicate cluster' if args.dedup else ''}{since})",
          file=sys.stderr if to_stdout else sys.stdout)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    settings = _existing_store(args)
    outcome = _runs().show(settings, args.id)
    sources = _runs().sources_of(settings, outcome.raw_id)
    clusters, site = _clusters(settings, outcome.raw_id)
    if args.json:
        print(json.dumps({**outcome.to_dict(), "document_sources": sources,
                          "near_duplicates": [c.to_dict() for c in clusters], "site_template": site},
                         ensure_ascii=False, indent=2))
    else:
        from .explain import explain

        explain(outcome)
        _print_sources(outcome, sources)
        if site:
            print(f"site {site['host']}: cleaned with template v{site['version']} (latest v{site['latest'] or 0})"
                  + ("  outdated: ingest rerun --outdated" if (site["latest"] or 0) > site["version"] else ""))
        _print_clusters(clusters)
        for a in getattr(outcome, "articles", ()):
            print(("\n" + a.title + "\n" if a.title else "\n") + a.text)
    return 0


def _print_sources(outcome, sources: list[dict]) -> None:
    if outcome.url or outcome.fetched_at:
        print(f"url {outcome.url or '-'}  fetched {outcome.fetched_at or '-'}")
    print(f"sources ({len(sources)}):")
    for s in sources:
        extra = "  ".join(x for x in (s["url"] or "", s["fetched_at"] or "") if x)
        print(f"  {s['kind']:6} {s['source_uri']}" + (f"  {extra}" if extra else ""))


def _clusters(settings: Settings, raw_id: str) -> tuple[list, dict | None]:
    """The document's near-duplicate clusters, and its site's template (host, version used, latest)."""
    from .store import queries, site_templates

    with _runs().open_store(settings) as store:
        with store.engine.connect() as conn:
            site = site_templates.template_of(conn, raw_id)
        return queries.clusters_of(store.engine, raw_id), (
            dict(zip(("host", "version", "latest"), site)) if site else None)


def _print_clusters(clusters: list) -> None:
    """Each article's near-duplicate cluster: its id (the earliest member) and the other members."""
    for c in clusters:
        how = (f"  linked to {c.linked_to[:12]} as {c.relation} (jaccard {c.jaccard:.2f}, containment "
               f"{c.containment:.2f})") if c.linked_to else ""
        print(f"article {c.position}: near-duplicate cluster {c.cluster_id[:12]} ({c.size} article(s)){how}")
        for m in c.members:
            role = "earliest" if m.article_id == c.cluster_id else (m.relation or "-")
            print(f"    {role:9} {m.article_id[:12]}  {m.source_uri}" + ("  (teaser)" if m.truncated else ""))
        if c.size - 1 > len(c.members):
            print(f"    … {c.size - 1 - len(c.members)} more")


def explain_stored(target: str, args: argparse.Namespace) -> int:
    """`ingest explain ID`: provenance of a stored document, rebuilt from the store."""
    from .explain import explain

    explain(_runs().show(_existing_store(args), target))
    return 0


def _print_summary(summary: RunSummary, failed: list, engine: str, settings: Settings, total: float) -> None:
    from rich.table import Table

    from .store.engine import redacted

    console = _console()
    startup = max(0.0, total - summary.seconds)
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    console.print(f"[bold]run {summary.run_id}[/] ({engine}): {summary.documents} document(s) in {total:.1f} s "
                  f"({startup:.1f} s start-up, {summary.seconds:.1f} s processing, {rate:,.0f} documents/s)")
    table = Table("documents", "count", header_style="bold")
    for name, n in (("stored", summary.stored), ("unchanged", summary.unchanged), ("failed", summary.failed)):
        table.add_row(name, str(n))
    for kind, n in summary.by_kind.items():
        table.add_row(f"  stored as {kind}", str(n), style="dim")
    console.print(table)
    console.print(f"articles stored: {summary.articles} (a listing page yields one per teaser)")
    console.print(f"store: {redacted(settings.store_url)}   raw zone: {settings.raw_zone}   "
                  f"read it: ingest export --format parquet | ingest show ID")
    if summary.removals_by_rule:
        rules = Table("rule", "removed spans", header_style="bold")
        for rule, n in summary.removals_by_rule.items():
            rules.add_row(rule, str(n))
        console.print(rules)
    if summary.steps:
        steps = Table("step", "documents", "spans", "chars", "seconds", header_style="bold")
        for step, row in sorted(summary.steps.items(), key=lambda kv: -kv[1]["seconds"]):
            steps.add_row(step, str(row["documents"]), str(row["spans"]), str(row["chars"]), f"{row['seconds']:.3f}")
        console.print(steps)
    for reason, n in summary.failures_by_reason.items():
        console.print(f"[red]failed[/] {reason}: {n}")
    if summary.skipped:
        console.print(f"skipped by design: {summary.skipped} "
                      f"({', '.join(f'{r} {n}' for r, n in summary.skipped_by_reason.items())})", style="dim")
    for f in failed[:20]:
        console.print(f"  [red]✗[/] {f.raw_id[:12]} {f.source_uri}: [dim]{f.message}[/]")
    if len(failed) > 20:
        console.print(f"  … {len(failed) - 20} more: ingest failures --run {summary.run_id}")


def _print_status(st) -> None:
    from rich.table import Table

    console = _console()
    console.print("  ".join(f"{name}={n}" for name, n in st.counts.items()))
    if st.outdated:
        console.print(f"[yellow]{st.outdated} document(s) processed by an older ruleset[/] (ingest rerun --outdated)")
    table = Table("run", "kind", "engine", "status", "started", "docs", "stored", "unchanged", "failed",
                  header_style="bold")
    for r in st.runs:
        table.add_row(r.run_id, r.kind, r.engine, r.status, r.started_at[:19],
                      *(str(v) if v is not None else "-" for v in (r.documents, r.stored, r.unchanged, r.failed)))
    console.print(table)
    for reason, n in st.failures_by_reason.items():
        console.print(f"[red]failures[/] {reason}: {n}")


def _iso_since(value: str) -> str:
    from .store.clock import normalize_since

    try:
        normalize_since(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date or datetime: {value!r}") from None
    return value


def _execution_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, metavar="N",
                   help="batches cleaned at once on this box, one core each (default $INGEST_WORKERS or every core)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run the batches on the Dask cluster at ADDRESS, e.g. tcp://host:8786 (default "
                        "$INGEST_DASK_ADDRESS); needs a PostgreSQL store")


def register(sub) -> None:
    p = sub.add_parser("run", help="land, clean and store files, dirs, globs, WARC, JSONL, URLs, feeds; print a run summary")
    p.set_defaults(parser=p)
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="file, directory, glob, WARC, JSONL, URL, URL list, feed or sitemap (- = stdin)")
    _store_arg(p)
    p.add_argument("--raw-zone", metavar="DIR|URL", help="raw zone: a directory or an fsspec URL such as "
                                                          "s3://bucket/prefix (default $INGEST_RAW_ZONE or raw/landing)")
    p.add_argument("--batch-size", type=int, metavar="N",
                   help="documents per batch (default: 500 in the flow, 200 without)")
    p.add_argument("--fetched-at", metavar="ISO", help="when the pages were fetched (resolves relative dates)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any document failed")
    p.add_argument("--no-flow", action="store_true", help="run the library directly, without Prefect")
    p.add_argument("--json", action="store_true", help="print the run summary as JSON")
    _execution_args(p)
    from .sources.args import add_source_arguments

    add_source_arguments(p)
    p.set_defaults(func=cmd_run, cooperative_ctrl_c=True)  # Ctrl-C: finished batches kept (ingest/interrupt.py)

    p = sub.add_parser("rerun", help="re-clean stored documents from the raw zone (failed, outdated or by id)")
    p.set_defaults(parser=p)
    what = p.add_argument_group("what to re-run (at least one)")
    what.add_argument("--failed", action="store_true", help="documents whose last outcome is a failure")
    what.add_argument("--outdated", action="store_true", help="documents processed by another ruleset version")
    what.add_argument("--id", dest="ids", action="append", metavar="ID", help="raw or article id (or prefix)")
    _store_arg(p)
    p.add_argument("--raw-zone", metavar="DIR|URL", help="raw zone: a directory or an fsspec URL such as "
                                                          "s3://bucket/prefix (default $INGEST_RAW_ZONE or raw/landing)")
    p.add_argument("--batch-size", type=int, metavar="N", help="documents per batch (default 500)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any document failed")
    p.add_argument("--no-flow", action="store_true", help="run the library directly, without Prefect")
    p.add_argument("--json", action="store_true", help="print the run summary as JSON")
    _execution_args(p)
    p.set_defaults(func=cmd_rerun, cooperative_ctrl_c=True)

    p = sub.add_parser("status", help="runs, table sizes, failures by reason, outdated documents")
    p.add_argument("--json", action="store_true", help="the status as one JSON object")
    _store_arg(p)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("failures", help="documents whose last outcome is a failure")
    p.add_argument("--run", metavar="RUN_ID", help="only failures recorded by this run")
    p.add_argument("--json", action="store_true", help="one JSON object per failure")
    _store_arg(p)
    p.set_defaults(func=cmd_failures)

    p = sub.add_parser("flagged", help="clean documents an operator should check (e.g. guard.kept_doubtful)")
    p.add_argument("--flag", metavar="FLAG", help="only documents with this flag")
    p.add_argument("--json", action="store_true", help="one JSON object per document")
    _store_arg(p)
    p.set_defaults(func=cmd_flagged)

    p = sub.add_parser("export", help="write stored articles as JSON Lines or Parquet")
    p.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl", help="file format (default jsonl)")
    p.add_argument("--since", metavar="ISO", type=_iso_since,
                   help="only articles stored at or after this date/time (UTC)")
    p.add_argument("--since-run", metavar="RUN_ID", help="only articles stored by this run or a later one")
    p.add_argument("--new", action="store_true", help="only articles stored since the last export (recorded)")
    p.add_argument("--dedup", action="store_true",
                   help="one article per near-duplicate cluster: the longest (a full article before its teasers)")
    p.add_argument("--out", metavar="PATH",
                   help="output file, - for stdout (default clean/exports/articles-<time>.<format>)")
    _store_arg(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("show", help="a stored document (raw id, article id or unique prefix)")
    p.add_argument("id", metavar="ID", help="raw id, article id, or a unique prefix (6+ characters) of either")
    p.add_argument("--json", action="store_true", help="the stored outcome as JSON (same shape as clean --json)")
    _store_arg(p)
    p.set_defaults(func=cmd_show)
