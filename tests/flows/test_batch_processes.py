"""`--workers N` (N >= 2) on one box: each batch is landed, cleaned and stored by one of N batch
processes (ingest/batch_processes.py), not by the flow's driver; the same rows as `--workers 1` (the
in-process path), and nothing lost or stored twice when a batch process is SIGKILLed mid-batch."""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from pathlib import Path

import pytest

from ingest import execution, runs, worker
from ingest.batch_processes import BatchProcessDied, BatchProcesses
from ingest.errors import ConfigError
from ingest.settings import Settings
from ingest.sources.dispatch import SourceContext, iter_items
from ingest.store import SqlStore
from run_support import assert_same_run, assert_stored_exactly_once, children_seen, killing_mid_batch

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "flows"))


@pytest.fixture(scope="module")
def flow(prefect_harness):
    import ingest_flow

    return ingest_flow.ingest


def _batch_processes() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.name == "ingest-batch"]


def test_two_workers_store_in_batch_processes_exactly_what_one_process_stores(flow, store_url, tmp_path,
                                                                              write_docs):
    docs = tmp_path / "docs"
    n = 24
    write_docs(docs, n, bad=True)
    # the reference: the library's run in this process (one thread, its sandbox per batch), what
    # `--workers 1` and `ingest run --no-flow` store
    one_url = f"sqlite:///{tmp_path / 'one.db'}"
    one = runs.run([str(docs)], Settings(store_url=one_url, raw_zone=tmp_path / "zone1", batch_size=4)).to_dict()
    with children_seen() as seen:  # the driver's own children while the 2-worker run goes
        two = flow([str(docs)], store_url, str(tmp_path / "zone2"), 4, workers=2)
    # the batches ran in batch processes; the driver forked no sandbox of its own (those are the
    # batch processes' children)
    assert seen == {"ingest-batch"}, seen
    assert_same_run(two, store_url, one, one_url)
    assert two["stored"] == n and two["failed"] > 0  # write_docs adds inputs that fail
    assert not _batch_processes(), "batch processes outlived the run"


def _kill_a_busy_batch_process() -> int | None:
    busy = _batch_processes()
    if not busy:
        return None
    os.kill(busy[0].pid, signal.SIGKILL)
    return busy[0].pid


def test_a_batch_process_killed_mid_batch_loses_nothing_and_stores_nothing_twice(flow, store_url, tmp_path,
                                                                                 write_docs):
    docs = tmp_path / "docs"
    n = 40
    write_docs(docs, n, bad=False)
    SqlStore(store_url).close()  # the schema exists before the killer reads it
    with killing_mid_batch(store_url, _kill_a_busy_batch_process) as killed:
        summary = flow([str(docs)], store_url, str(tmp_path / "zone"), 4, workers=2)
    assert killed, "no batch was caught between landing and storing"
    assert summary["documents"] == n and summary["failed"] == 0
    assert (summary["stored"], summary["unchanged"]) == (n, 0)  # the summary adds up across retries
    assert_stored_exactly_once(store_url, n)


def test_errors_come_back_as_themselves_and_a_dead_process_is_replaced():
    with BatchProcesses(1) as processes:
        first = processes.call(os.getpid)
        assert first != os.getpid()
        with pytest.raises(ConfigError, match="not a Dask scheduler address"):
            processes.call(execution.check_address, address="bogus://x")
        with pytest.raises(FileNotFoundError) as raised:  # with its file name (describe_failure shows it)
            processes.call(os.stat, path="/nonexistent/ingest-test")
        assert raised.value.filename == "/nonexistent/ingest-test" and raised.value.errno
        assert processes.call(os.getpid) == first  # an error is the batch's, the process stays
        os.kill(first, signal.SIGKILL)
        with pytest.raises(BatchProcessDied):
            processes.call(os.getpid)
        assert processes.call(os.getpid) not in (first, os.getpid())


def _collector_state() -> tuple[int, bool, int]:
    import gc

    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    garbage = [[]]
    garbage[0].append(garbage)  # a cycle made by a batch is still the collector's to free
    del garbage
    return frozen, enabled, gc.collect()


def test_a_batch_process_keeps_the_preloaded_objects_out_of_the_collectors_passes():
    """The fork server's preloaded objects (modules, models: tens of thousands) are frozen in a batch
    process, so its collections (and its sandbox's, forked from it) do not walk them; cycles made by
    batches are still collected."""
    with BatchProcesses(1) as processes:
        frozen, enabled, collected = processes.call(_collector_state)
    assert frozen > 20_000, frozen
    assert enabled and collected >= 1


def test_a_batch_process_sees_the_drivers_environment_as_it_is_now(monkeypatch):
    with BatchProcesses(1) as processes:
        processes.call(os.getpid)  # started before the variable is set
        monkeypatch.setenv("INGEST_TEST_BATCH_ENV", "set later")
        assert processes.call(os.getenv, key="INGEST_TEST_BATCH_ENV") == "set later"


def test_batch_processes_off_runs_the_batches_in_this_process(flow, tmp_path, write_docs, monkeypatch):
    """INGEST_BATCH_PROCESSES=0: --workers 2 lands and stores in this process (sandboxes its only children)."""
    from ingest.batch_processes import ENV

    docs = tmp_path / "docs"
    write_docs(docs, 12, bad=False)
    monkeypatch.setenv(ENV, "0")
    with children_seen() as seen:
        summary = flow([str(docs)], f"sqlite:///{tmp_path / 'i.db'}", str(tmp_path / "zone"), 4, workers=2)
    assert summary["stored"] == 12
    assert seen and "ingest-batch" not in seen, seen


def _batch_then_children(**batch) -> tuple[dict, list[int]]:
    """In a batch process: one batch (worker.ingest_batch), then the pids of this process's children."""
    return worker.ingest_batch(**batch), sorted(p.pid for p in multiprocessing.active_children())


def test_a_batch_process_keeps_its_sandbox_from_one_batch_to_the_next(tmp_path, write_docs):
    docs = tmp_path / "docs"
    write_docs(docs, 8, bad=False)
    settings = Settings(store_url=f"sqlite:///{tmp_path / 'k.db'}", raw_zone=tmp_path / "zone")
    ctx = SourceContext(settings)
    items = list(iter_items([str(docs)], ctx))
    ctx.close()
    with SqlStore(settings.store_url) as store:
        run_id = runs.begin_run(store, [str(docs)])
    params = worker.task_params(settings)
    with BatchProcesses(1) as processes:
        first, after_first = processes.call(_batch_then_children, items=items[:4], run_id=run_id, settings=params)
        second, after_second = processes.call(_batch_then_children, items=items[4:], run_id=run_id, settings=params)
    # the sandbox's worker outlived the first batch and cleaned the second (a sandbox per batch left none)
    assert after_first and after_second == after_first
    assert (first["stored"], second["stored"]) == (4, 4)
    assert worker.kept_sandbox(settings, 1) is None  # not in a batch process: each batch starts its own


def _children_now() -> list[int]:
    """In a batch process: the pids of its children (its sandbox's workers) at this moment."""
    return sorted(p.pid for p in multiprocessing.active_children())


_WARMED: list[str] = []  # in a batch process: what the warm-up left behind


def _pid_and_marker() -> tuple[int, list[str]]:
    return os.getpid(), list(_WARMED)


def _warm_marker() -> str:
    _WARMED.append("warmed")
    return "the warm-up's reply"


def test_started_batch_processes_warm_up_first_and_replies_stay_in_step():
    """BatchProcesses.start forks the processes before their first batch and runs the warm-up there; the
    first call reads the warm-up's reply before its own, so every call gets its own result."""
    with BatchProcesses(2) as processes:
        processes.start(_warm_marker)
        started = sorted(p.pid for p in _batch_processes())
        assert len(started) == 2  # forked by start(), before any call
        replies = [processes.call(_pid_and_marker), processes.call(_pid_and_marker)]
        assert all(marker == ["warmed"] for _, marker in replies), replies  # not the warm-up's reply
        assert {pid for pid, _ in replies} <= set(started)
    assert not _batch_processes()


def test_a_batch_process_started_with_warm_up_has_its_sandbox_running_before_its_first_batch(tmp_path):
    settings = Settings(store_url=f"sqlite:///{tmp_path / 'w.db'}", raw_zone=tmp_path / "zone")
    from ingest import batch_processes

    with BatchProcesses(1) as processes:
        processes.start(batch_processes.warm_up, settings=worker.task_params(settings), jobs=1)
        assert processes.call(_children_now), "the sandbox's worker was not started by the warm-up"
    with BatchProcesses(1) as processes:  # without it, the sandbox starts on the first document
        assert processes.call(_children_now) == []


def test_a_batch_process_killed_while_warming_up_is_a_died_batch_and_is_replaced():
    with BatchProcesses(1) as processes:
        processes.start(_warm_marker)
        (victim,) = _batch_processes()
        os.kill(victim.pid, signal.SIGKILL)
        with pytest.raises(BatchProcessDied):
            processes.call(os.getpid)
        assert processes.call(os.getpid) not in (victim.pid, os.getpid())


def test_the_flow_call_starts_its_batch_processes_before_the_flow_run_and_closes_them(flow, tmp_path, write_docs,
                                                                                      monkeypatch):
    """ingest_flow.ingest starts the batch processes (prepared) before Prefect creates the flow run; the
    flow's task runner uses those, not new ones, and none outlives the call."""
    import ingest_tasks

    from ingest import flow_start

    used: list = []

    def spy(workers):
        got = flow_start.processes_for(workers)
        used.append((got, flow_start.prepared_processes()))
        return got

    monkeypatch.setattr(ingest_tasks, "processes_for", spy)
    docs = tmp_path / "docs"
    write_docs(docs, 8, bad=False)
    summary = flow([str(docs)], f"sqlite:///{tmp_path / 'p.db'}", str(tmp_path / "zone"), 4, workers=2)
    assert summary["stored"] == 8
    ((got, prepared_one),) = used
    assert got is prepared_one and prepared_one is not None
    assert not _batch_processes(), "batch processes outlived the run"
