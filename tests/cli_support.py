"""Helpers shared by the CLI tests."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from ingest import cli


def run_cli_in_process(*argv) -> tuple[int, str, str]:
    """`ingest ARGV…` in this process (library path): exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:  # argparse errors
            code = exc.code
    return code, out.getvalue(), err.getvalue()


INGEST = str(Path(sys.executable).parent / "ingest")  # the console script of this venv


def run_console_script(*argv: str, cwd: Path, flow: bool = False, timeout: int = 600) -> subprocess.CompletedProcess:
    """`ingest ARGV…` as a user runs it (a subprocess), with no store/zone taken from the environment;
    the library path unless `flow`, which uses the test session's Prefect server (prefect_test_harness)
    rather than a temporary one per call."""
    env = {k: v for k, v in os.environ.items() if k not in ("INGEST_STORE_URL", "INGEST_RAW_ZONE", "INGEST_NO_FLOW")}
    if flow:
        from prefect.settings import PREFECT_API_URL

        env["PREFECT_API_URL"] = PREFECT_API_URL.value()
    else:
        env["INGEST_NO_FLOW"] = "1"
    return subprocess.run([INGEST, *argv], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def stop_process_groups(procs: list[subprocess.Popen], grace: float = 30) -> None:
    """SIGTERM each process's group (started with start_new_session), last started first; SIGKILL what
    has not exited after `grace` seconds. Servers and workers a test starts must not outlive it."""
    for proc in reversed(procs):
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for proc in procs:
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
