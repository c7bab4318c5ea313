"""`ingest run` in its default flow mode on Prefect's temporary server: it starts on a saturated CPU, a
server that cannot start in time is one clear line, and a killed run leaves no server behind."""
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest import reaper

pytestmark = pytest.mark.slow

ARTICLE = ("Council approves the new tram depot\n\n"
           "The city council approved the tram depot on the eastern edge of the city on Thursday, ending a debate "
           "that had run for two years over noise, traffic and the cost of moving the allotments on the site.\n\n"
           "Construction is due to start in the spring and the depot should house forty trams by the end of the "
           "decade, the transport department said in a statement after the vote.\n")


def _env(tmp_path: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "INGEST_NO_FLOW"}
    return {**env, "PREFECT_HOME": str(tmp_path / "prefect-home"), "DO_NOT_TRACK": "1", **extra}


def _docs(tmp_path: Path, n: int = 3) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    for i in range(n):
        (d / f"doc{i}.txt").write_text(ARTICLE.replace("forty", str(40 + i)), encoding="utf-8")
    return d


def _spin() -> None:
    while True:
        pass


def _saturated(n: int):
    procs = [multiprocessing.get_context("fork").Process(target=_spin, daemon=True) for _ in range(n)]
    for p in procs:
        p.start()
    return procs


def _run(tmp_path: Path, docs: Path, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ingest.cli", "run", "--json", str(docs), "--store",
                           f"sqlite:///{tmp_path / 'ingest.db'}", "--raw-zone", str(tmp_path / "zone")],
                          capture_output=True, text=True, env=env, timeout=timeout, cwd=tmp_path)


def test_the_flow_runs_with_every_core_saturated(tmp_path):
    docs = _docs(tmp_path)
    spinners = _saturated(2 * (os.cpu_count() or 1))
    try:
        proc = _run(tmp_path, docs, _env(tmp_path))
    finally:
        for p in spinners:
            p.kill()
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.splitlines()[-1])["stored"] == 3


def test_a_server_that_cannot_start_in_time_is_one_clear_line(tmp_path):
    proc = _run(tmp_path, _docs(tmp_path), _env(tmp_path, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="1"))
    assert proc.returncode == 1
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines[-1].startswith("ingest: Prefect's temporary server did not start within 1 s")
    assert "--no-flow" in lines[-1] and "Traceback" not in proc.stderr


def test_a_killed_run_leaves_no_prefect_server_behind(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "ingest.cli", "run", str(_docs(tmp_path)), "--store",
                             f"sqlite:///{tmp_path / 'ingest.db'}", "--raw-zone", str(tmp_path / "zone")],
                            env=_env(tmp_path), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = None
    deadline = time.monotonic() + 300
    while server is None and time.monotonic() < deadline and proc.poll() is None:
        for pid in reaper.descendants(proc.pid):
            try:
                if b"uvicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    server = pid
            except OSError:
                continue
        time.sleep(0.2)
    assert server is not None, "the run should have started Prefect's temporary server"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _running(server):
        time.sleep(0.2)
    assert not _running(server)


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
