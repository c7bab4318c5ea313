"""The README's Prefect deployment steps as printed, on a fresh clone, against a real `prefect server
start` on loopback (own PREFECT_HOME): the work pool, `prefect deploy --prefect-file flows/prefect.yaml
--all`, a `prefect worker start` that runs the hourly deployment to completion, then `flows/serve.py`
on the same server (its deployments must not take over prefect.yaml's: both kinds of run complete).
The one change to the printed commands: the server's port (4200 may be taken on a shared machine)."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from cli_support import stop_process_groups

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# A loaded 2-core box: the server takes ~25 s to answer, a flow run through the worker ~30 s.
WITHIN_SECONDS = 300


def _blocks(marker: str) -> list[str]:
    blocks = re.findall(r"^```bash\n(.*?)^```", README, flags=re.S | re.M)
    return [b for b in blocks if re.search(rf"^# needs: {re.escape(marker)}\b", b, flags=re.M)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(what: str, check, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + WITHIN_SECONDS
    while not check():
        assert proc.poll() is None, f"{what}: the commands ended ({proc.returncode}):\n{log.read_text()[-4000:]}"
        assert time.monotonic() < deadline, f"{what}: not within {WITHIN_SECONDS} s:\n{log.read_text()[-4000:]}"
        time.sleep(1)


@pytest.fixture
def clone(tmp_path):
    """A fresh clone of the committed repository, with this checkout's .venv as its own (set up)."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(repo)], check=True, timeout=300)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    return repo


def test_the_readmes_deployment_steps_and_serve_work_as_printed(clone, tmp_path):
    from prefect.client.orchestration import get_client

    (deploy_block, serve_block) = _blocks("prefect-server")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "INGEST_STORE_URL", "INGEST_RAW_ZONE")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_API_PORT=str(port))  # `prefect server start` listens there, as printed
    api = f"http://127.0.0.1:{port}/api"
    inbox = clone / "raw" / "inbox"  # what the hourly deployment reads: a fresh clone must have it
    assert inbox.is_dir(), "a fresh clone has no raw/inbox/: the hourly deployment would fail"
    shutil.copy(ROOT / "raw" / "samples" / "en_harbour_ferry.html", inbox / "en_harbour_ferry.html")
    logs, procs = [], []

    def start(script: str, name: str) -> subprocess.Popen:
        log = tmp_path / f"{name}.log"
        logs.append(log)
        out = log.open("wb")
        procs.append(subprocess.Popen(["bash", "-c", script.replace("127.0.0.1:4200", f"127.0.0.1:{port}")],
                                      cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
        return procs[-1]

    try:
        worker = start(deploy_block, "deploy")
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: api}):
            def deployments() -> set[str]:
                try:
                    with get_client(sync_client=True) as c:
                        return {d.name for d in c.read_deployments()}
                except Exception:  # noqa: BLE001 - the server is not up yet
                    return set()

            _wait("prefect deploy", lambda: {"inbox-hourly", "failed-nightly", "outdated-weekly"} <= deployments(),
                  worker, logs[0])
            serve = start(_without_server(serve_block), "serve")
            _wait("serve.py", lambda: {"inbox-hourly-served", "failed-nightly-served",
                                       "outdated-weekly-served"} <= deployments(), serve, logs[1])
            with get_client(sync_client=True) as c:
                runs = {}
                # one after the other: two runs at once over the same page may both store it (each its own
                # summary), which would make the "stored once, then unchanged" check below a race
                for flow_name, name in (("ingest", "inbox-hourly"), ("ingest", "inbox-hourly-served")):
                    d = c.read_deployment_by_name(f"{flow_name}/{name}")
                    runs[name] = c.create_flow_run_from_deployment(d.id).id

                    def finished(run_id=runs[name]) -> bool:
                        return c.read_flow_run(run_id).state.is_final()

                    _wait(f"the flow run of {name}", finished, worker, logs[0])
                states = {name: c.read_flow_run(i).state for name, i in runs.items()}
        assert all(s.is_completed() for s in states.values()), (states, logs[0].read_text()[-3000:],
                                                                 logs[1].read_text()[-3000:])
        db = clone / "clean" / "ingest.db"
        assert db.exists()
        out = subprocess.run([str(ROOT / ".venv" / "bin" / "ingest"), "status", "--json"], cwd=clone, env=env,
                             capture_output=True, text=True, timeout=120)
        import json

        status = json.loads(out.stdout)
        assert [r["status"] for r in status["runs"]] == ["completed", "completed"], out
        assert status["failures_by_reason"] == {}
        assert sum(r["stored"] for r in status["runs"]) == 1  # the page, then unchanged
    finally:
        stop_process_groups(procs)


def _without_server(block: str) -> str:
    """The serve block without its `prefect server start &` line: the server of the steps above is up."""
    return "\n".join(line for line in block.splitlines() if "prefect server start" not in line
                     and not line.startswith("until "))
