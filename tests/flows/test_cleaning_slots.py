"""`--workers N` cleans on N processes at once, not N + the extra batch kept in flight: the child
processes of this process are counted while the flow runs (with 1 worker the batch tasks' sandboxes,
with 2 the batch processes, each cleaning one batch at a time in a sandbox of its own)."""
from __future__ import annotations

import multiprocessing
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "flows"))

# How often the watcher counts live sandbox workers; a batch of 6 documents cleans for tens of ms.
POLL_SECONDS = 0.002


@pytest.fixture(scope="module")
def flow(prefect_harness):
    import ingest_flow

    return ingest_flow.ingest


def _pages(directory: Path, n: int) -> Path:
    directory.mkdir()
    for i in range(n):
        paras = "".join(f"<p>Paragraph {j} of page {i} says the council met on Tuesday about the budget.</p>"
                        for j in range(8))
        (directory / f"p{i:03d}.html").write_text(
            f"<html><head><title>Page {i}</title></head><body><article><h1>Page {i}</h1>{paras}</article></body></html>")
    return directory


def _peak_cleaners(flow, tmp_path: Path, workers: int) -> tuple[int, dict]:
    """The most sandbox workers alive at once during a flow run with `workers`, and its summary."""
    source = _pages(tmp_path / f"docs{workers}", 60)
    peak, stop = [0], threading.Event()

    def watch() -> None:
        while not stop.is_set():
            alive = multiprocessing.active_children()  # sandboxes or batch processes: nothing else here forks
            peak[0] = max(peak[0], len(alive))
            time.sleep(POLL_SECONDS)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        summary = flow([str(source)], f"sqlite:///{tmp_path / f'w{workers}.db'}", str(tmp_path / f"zone{workers}"),
                       batch_size=6, workers=workers)
    finally:
        stop.set()
        watcher.join()
    return peak[0], summary


def test_one_worker_cleans_one_batch_at_a_time(flow, tmp_path):
    peak, summary = _peak_cleaners(flow, tmp_path, 1)
    assert summary["stored"] == 60
    assert peak == 1


def test_two_workers_clean_two_batches_at_once(flow, tmp_path):
    """The watcher sees overlap where there is some (so the test above would see it too)."""
    peak, summary = _peak_cleaners(flow, tmp_path, 2)
    assert summary["stored"] == 60
    assert peak == 2
