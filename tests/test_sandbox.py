"""The sandbox: a document that overruns its time or memory budget, or kills its worker, fails on its
own (named, with the elapsed time) and every other document of the batch is cleaned, in input order."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest import sandbox
from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument, FailedDocument
from ingest.sandbox import Sandbox, process_all
from ingest.settings import Budget, Settings

ARTICLE = ("Night trains return to the valley\n\n"
           "The regional rail authority confirmed on Tuesday that the night service between the two border towns "
           "will resume in March, after three years in which the line carried only freight.\n\n"
           "Local councils had campaigned for the return, arguing that hotel bookings fell by a fifth once the late "
           "connection was cut and that students had no way home after evening lectures.\n")


def _raw(text: str, name: str):
    return raw_from_bytes(text.encode(), name, media_type="text/plain")


def _page(mb: float) -> str:
    para = ("Die Gemeinde berichtet über den Ausbau der Radwege entlang des Flusses und über neue Brücken, "
            "die im kommenden Frühjahr eröffnet werden sollen, sagte die Bürgermeisterin am Abend.\n\n")
    return para * int(mb * 1_000_000 / len(para.encode()))


def test_outcomes_equal_in_process_outcomes_in_input_order():
    raws = [_raw(ARTICLE.replace("March", m), f"{m}.txt") for m in ("March", "April", "May", "June", "July")]
    settings = Settings()
    assert process_all(raws, settings, jobs=2) == [process_raw(r, settings) for r in raws]


def test_a_cpu_overrun_is_a_timeout_failure_and_the_batch_goes_on():
    big = _raw(_page(3), "big.txt")
    small = [_raw(ARTICLE, "a.txt"), _raw(ARTICLE.replace("Tuesday", "Friday"), "b.txt")]
    # 0.1 s of CPU for 3 MB: far too little (this page takes ~0.5 s of CPU); the articles get the 0.1 s floor
    started = time.monotonic()
    [a, b, c] = process_all([small[0], big, small[1]], Settings(budget=Budget(min_seconds=0.1, seconds_per_mb=0.03)))
    assert isinstance(a, CleanDocument) and isinstance(c, CleanDocument)
    assert isinstance(b, FailedDocument) and b.error_type == "timeout" and b.stage == "sandbox"
    assert b.raw_id == big.raw_id and b.source_uri == "big.txt"
    assert "big.txt: timeout: stopped after" in b.message and "budget 0.1 s CPU for 3.00 MB" in b.message
    assert time.monotonic() - started < 30


def test_a_document_that_blocks_is_stopped_by_wall_time(monkeypatch):
    def blocks(raw, settings):
        if raw.source_uri == "hang.txt":
            time.sleep(600)  # no CPU used: only the wall-time limit can stop it
        return process_raw(raw, settings)

    monkeypatch.setattr(sandbox, "process_raw", blocks)
    budget = Budget(min_seconds=0.5)
    started = time.monotonic()
    out = process_all([_raw(ARTICLE, "a.txt"), _raw(ARTICLE + "x", "hang.txt"), _raw(ARTICLE + "y", "c.txt")],
                      Settings(budget=budget), jobs=2)
    elapsed = time.monotonic() - started
    assert [o.source_uri for o in out] == ["a.txt", "hang.txt", "c.txt"]
    assert isinstance(out[0], CleanDocument) and isinstance(out[2], CleanDocument)
    assert out[1].error_type == "timeout"
    assert 0.5 * sandbox.WALL_FACTOR <= elapsed < 0.5 * sandbox.WALL_FACTOR + 10


def test_a_document_over_its_memory_budget_fails_too_large_in_memory():
    budget = Budget(memory_floor_mb=20, memory_per_input_byte=5, min_seconds=60)
    big = _raw(_page(4), "big.txt")  # needs far more than 5x its 4 MB size to clean
    [a, b] = process_all([big, _raw(ARTICLE, "a.txt")], Settings(budget=budget))
    assert isinstance(a, FailedDocument) and a.error_type == "too_large_in_memory", a
    assert "big.txt: too_large_in_memory: stopped at" in a.message
    assert isinstance(b, CleanDocument)


def test_a_worker_that_dies_fails_its_document_only(monkeypatch):
    def dies(raw, settings):
        if raw.source_uri == "crash.txt":
            os._exit(3)
        return process_raw(raw, settings)

    monkeypatch.setattr(sandbox, "process_raw", dies)
    out = process_all([_raw(ARTICLE + "z", "crash.txt"), _raw(ARTICLE, "a.txt")], Settings())
    assert out[0].error_type == "worker_crashed" and "exit code 3" in out[0].message
    assert isinstance(out[1], CleanDocument)


def test_output_streams_while_a_later_document_is_still_running(monkeypatch):
    def slow(raw, settings):
        if raw.source_uri == "slow.txt":
            time.sleep(600)
        return process_raw(raw, settings)

    monkeypatch.setattr(sandbox, "process_raw", slow)
    with Sandbox(Settings(budget=Budget(min_seconds=2)), jobs=1) as box:
        it = box.process([_raw(ARTICLE, "first.txt"), _raw(ARTICLE + "s", "slow.txt")])
        started = time.monotonic()
        first = next(it)
        assert first.source_uri == "first.txt" and time.monotonic() - started < 2 * sandbox.WALL_FACTOR
        assert next(it).error_type == "timeout"


def test_no_worker_outlives_a_killed_parent(tmp_path):
    """A run killed with SIGKILL while its worker is busy leaves no worker process behind."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, time\n"
        "from ingest import sandbox\n"
        "from ingest.settings import Settings\n"
        "from ingest.pipeline import raw_from_bytes\n"
        "def spin(raw, settings):\n"
        "    while True: pass\n"
        "sandbox.process_raw = spin\n"
        "box = sandbox.Sandbox(Settings())\n"
        "it = box.process([raw_from_bytes(b'some words here', 'x.txt')])\n"
        "import threading\n"
        "def report():\n"
        "    time.sleep(1.5)\n"
        "    print(' '.join(str(p) for p in os.popen(f'pgrep -P {os.getpid()}').read().split()), flush=True)\n"
        "threading.Thread(target=report, daemon=True).start()\n"
        "next(it)\n")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    children = proc.stdout.readline().split()
    assert children, "the parent should have had a worker"
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{c}").exists() and _not_zombie(c) for c in children):
        time.sleep(0.1)
    assert not any(Path(f"/proc/{c}").exists() and _not_zombie(c) for c in children)


def _not_zombie(pid: str) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_clean_streams_and_a_hanging_input_ends_as_its_own_error_line(tmp_path):
    """`ingest clean --json good FIFO good2`: a line per input in order, the first before the FIFO is given
    up on, and the FIFO's own line an error (refused up front, or stopped by its budget)."""
    good, good2, fifo = tmp_path / "good.txt", tmp_path / "good2.txt", tmp_path / "pipe.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    good2.write_text(ARTICLE.replace("March", "April"), encoding="utf-8")
    os.mkfifo(fifo)
    env = {**os.environ, "INGEST_BUDGET_MIN_SECONDS": "1"}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "ingest.cli", "clean", "--json", "--jobs", "1", str(good),
                             str(fifo), str(good2)], stdout=subprocess.PIPE, text=True, env=env)
    first = json.loads(proc.stdout.readline())
    first_at = time.monotonic() - started
    rest = [json.loads(line) for line in proc.stdout]
    assert proc.wait(timeout=60) == 0
    assert [r["source"] for r in [first, *rest]] == [str(good), str(fifo), str(good2)]
    assert first["kind"] == "article" and rest[1]["kind"] == "article"
    assert rest[0]["error"]["type"] in {"timeout", "not_a_regular_file"}
    assert first_at < sandbox.WALL_FACTOR * 1 + 5  # streamed: not held back until the FIFO is given up on


@pytest.mark.parametrize("name", ["INGEST_BUDGET_MIN_SECONDS"])
def test_a_bad_budget_setting_is_a_config_error(monkeypatch, name):
    from ingest.errors import ConfigError

    monkeypatch.setenv(name, "soon")
    with pytest.raises(ConfigError, match=name):
        Settings()


def test_a_sandbox_kept_for_another_batch_replaces_an_idle_worker_that_died_meanwhile():
    settings = Settings()
    first, second = _raw(ARTICLE, "first.txt"), _raw(ARTICLE.replace("March", "April"), "second.txt")
    with Sandbox(settings, keys=True) as box:
        assert list(box.process([first])) == [process_raw(first, settings)]
        assert first.raw_id in box.index_keys
        (idle,) = box._idle
        os.kill(idle.proc.pid, 9)  # the OOM killer, between two batches
        idle.proc.join()
        box.reuse()
        assert box.index_keys == {}  # the last batch's keys are not carried into the next
        assert list(box.process([second])) == [process_raw(second, settings)]  # not a crashed worker's failure
