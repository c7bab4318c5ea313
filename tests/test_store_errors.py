"""Store and disk errors end as one line naming the store or zone and the cause, exit 1, no traceback
(`--debug` shows it): a corrupt SQLite file, a database that is not ours, a full disk (a real, tiny
tmpfs), a read-only raw zone (a tmpfs remounted read-only), and the same through the Prefect flow."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import run_console_script as run_cli


def _one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.stdout[-300:], done.stderr[-3000:])
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture
def small_fs(tmp_path, request):
    """A real file system of a few hundred KB (tmpfs); remount(ro=True) makes it read-only. Its size
    is the test's indirect parameter (default 384k: smaller than the clean text of _big_corpus(12, 48))."""
    mount = tmp_path / "fs"
    mount.mkdir()
    size = getattr(request, "param", "384k")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a tmpfs under CI: {done.stderr.decode()}")
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")

    def remount(ro: bool) -> None:
        subprocess.run(["mount", "-o", f"remount,{'ro' if ro else 'rw'}", str(mount)], check=True)

    try:
        yield mount, remount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _big_corpus(directory: Path, n: int, kb: int) -> None:
    """n distinct text documents of about `kb` KB each."""
    directory.mkdir(parents=True, exist_ok=True)
    para = ("The harbour authority published the timetable for the new ferry line on Monday, and the "
            "council said the first boats would sail in spring. ")
    for i in range(n):
        body = "\n\n".join(f"{para} Paragraph {i}.{j}." for j in range(kb * 1024 // len(para)))
        (directory / f"doc-{i:03d}.txt").write_text(f"Ferry timetable {i}\n\n{body}\n", encoding="utf-8")


def test_a_corrupt_sqlite_store_is_one_line_and_debug_shows_the_traceback(tmp_path):
    db = tmp_path / "ingest.db"
    db.write_bytes(os.urandom(64 * 1024))
    for verb in (("status",), ("failures",), ("run", str(tmp_path))):
        line = _one_line(run_cli(*verb, "--store", f"sqlite:///{db}", cwd=tmp_path))
        assert str(db) in line and "not an ingest store" in line, line
    debug = run_cli("status", "--debug", "--store", f"sqlite:///{db}", cwd=tmp_path)
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "not an ingest store" in debug.stderr


def test_someone_elses_database_is_not_an_ingest_store(tmp_path):
    import sqlite3

    db = tmp_path / "crm.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    _big_corpus(tmp_path / "in", 1, 2)
    line = _one_line(run_cli("run", str(tmp_path / "in"), "--store", f"sqlite:///{db}", cwd=tmp_path))
    assert "not an ingest store" in line and "customers" in line
    with sqlite3.connect(db) as conn:  # nothing of ours was added to it
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["customers"]


def test_a_full_raw_zone_disk_is_one_line_and_leaves_no_partial_file(tmp_path, small_fs):
    mount, _ = small_fs
    _big_corpus(tmp_path / "in", 12, 48)  # ~580 KB onto 384 KB
    zone = mount / "landing"
    done = run_cli("run", str(tmp_path / "in"), "--store", f"sqlite:///{tmp_path / 'ingest.db'}",
                   "--raw-zone", str(zone), cwd=tmp_path)
    line = _one_line(done)
    assert f"raw zone {zone}" in line and "disk full" in line, line
    assert not [p for p in zone.rglob(".*.tmp")], "a partial file was left behind"


def test_a_full_store_disk_is_one_line(tmp_path, small_fs):
    mount, _ = small_fs
    _big_corpus(tmp_path / "in", 12, 48)  # the clean text alone is more than the 384 KB disk
    db = mount / "ingest.db"
    done = run_cli("run", str(tmp_path / "in"), "--store", f"sqlite:///{db}", "--raw-zone", str(tmp_path / "z"),
                   cwd=tmp_path)
    line = _one_line(done)
    assert f"store sqlite:///{db}" in line and "disk full" in line, line


def test_a_read_only_raw_zone_is_one_line(tmp_path, small_fs):
    mount, remount = small_fs
    (mount / "landing").mkdir()
    remount(True)
    _big_corpus(tmp_path / "in", 2, 2)
    line = _one_line(run_cli("run", str(tmp_path / "in"), "--store", f"sqlite:///{tmp_path / 'ingest.db'}",
                             "--raw-zone", str(mount / "landing"), cwd=tmp_path))
    assert f"raw zone {mount / 'landing'}" in line and "read-only" in line, line


@pytest.mark.parametrize("small_fs", ["8m"], indirect=True)  # room for a whole store before it turns read-only
def test_a_read_only_store_is_one_line(tmp_path, small_fs):
    mount, remount = small_fs
    _big_corpus(tmp_path / "in", 2, 2)
    db = mount / "ingest.db"
    assert run_cli("run", str(tmp_path / "in"), "--store", f"sqlite:///{db}", "--raw-zone", str(tmp_path / "z"),
                   cwd=tmp_path).returncode == 0
    _big_corpus(tmp_path / "more", 3, 3)
    remount(True)
    line = _one_line(run_cli("run", str(tmp_path / "more"), "--store", f"sqlite:///{db}",
                             "--raw-zone", str(tmp_path / "z"), cwd=tmp_path))
    assert f"sqlite:///{db}" in line and "read-only" in line, line


@pytest.mark.slow
def test_flow_mode_store_errors_show_no_prefect_traceback(tmp_path, small_fs, prefect_harness):
    """Through the Prefect flow (the default), a read-only raw zone is still our one line."""
    mount, remount = small_fs
    (mount / "landing").mkdir()
    remount(True)
    _big_corpus(tmp_path / "in", 2, 2)
    done = run_cli("run", str(tmp_path / "in"), "--store", f"sqlite:///{tmp_path / 'ingest.db'}",
                   "--raw-zone", str(mount / "landing"), cwd=tmp_path, flow=True)
    line = _one_line(done)
    assert "read-only" in line and "raw zone" in line, line


def test_prefects_queue_drain_warnings_never_reach_stderr():
    # Prefect's events/log queues warn "Still processing items…" while they drain at exit on a loaded
    # machine: after the CLI loaded a flow, their warnings are silenced (errors still show).
    code = ("import logging, sys; from ingest import cli_store; cli_store._load_flow('ingest_flow'); "
            "[logging.getLogger(n).warning('Still processing items: 2 items remaining...') for n in "
            "('EventsWorker', 'APILogWorker')]; logging.getLogger('EventsWorker').error('queue failed'); "
            "sys.stderr.flush()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PREFECT_API_URL": ""})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Still processing items" not in done.stderr
    assert "queue failed" in done.stderr
