"""The store password never reaches Prefect: `ingest run --store postgresql://user:PASSWORD@…` through
the flow (Prefect's temporary server, its SQLite database under PREFECT_HOME, two batch tasks cleaning
on 2 cores) leaves no trace of the password in that database or in what the run prints."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.store.credentials import PASSWORD_ENV, with_password

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
INGEST = str(Path(sys.executable).parent / "ingest")
# The test server trusts loopback (any password is accepted): what matters is where the password goes.
PASSWORD = "Hunter2-s3cr@t:pw"


def _env_without_prefect_api() -> dict[str, str]:
    """This environment minus any Prefect server, flow switch-off, password variable or Dask address."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("PREFECT_API") and k not in ("INGEST_NO_FLOW", PASSWORD_ENV, "INGEST_DASK_ADDRESS")}


def _assert_no_password_under(home: Path) -> None:
    """The database, its write-ahead log, logs, profiles: no password anywhere under PREFECT_HOME."""
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert PASSWORD.encode() not in data and b"s3cr@t" not in data, path


def test_the_store_password_is_not_saved_in_prefects_database(tmp_path, pg_url, write_docs):
    home = tmp_path / "prefect-home"
    docs = tmp_path / "docs"
    write_docs(docs, 6, bad=False)
    url = with_password(pg_url, PASSWORD)
    env = _env_without_prefect_api()
    # 3 batch tasks on 2 cores: 3 documents, then the last batch cut in one part per worker (2 + 1)
    env.update(PREFECT_HOME=str(home), INGEST_WORKERS="2")
    result = subprocess.run([INGEST, "run", str(docs), "--store", url, "--raw-zone", str(tmp_path / "zone"),
                             "--batch-size", "3"], capture_output=True, text=True, timeout=900, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "(prefect flow)" in result.stdout and "6 document(s)" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr
    assert "postgres:***@" in result.stdout  # the summary names the store, redacted
    database = home / "prefect.db"
    with sqlite3.connect(database) as conn:  # the flow run is there, with the store as a reference
        (parameters,) = conn.execute("SELECT parameters FROM flow_run WHERE name IS NOT NULL").fetchone()
        tasks = conn.execute("SELECT count(*) FROM task_run").fetchone()[0]
    params = json.loads(parameters)
    assert params["store_url"] == pg_url and params["store_password_env"] == PASSWORD_ENV
    assert tasks == 3
    _assert_no_password_under(home)


FLOWS = Path(__file__).resolve().parents[2] / "flows"
# Calls the flow from Python, as a user's script would, with the password in the URL it passes.
_CALL = """
import sys
sys.path.insert(0, sys.argv[1])
from ingest_flow import ingest
summary = ingest([sys.argv[2]], sys.argv[3], sys.argv[4], 3, workers=1)
print("stored", summary["stored"])
"""


def test_a_password_given_to_the_flow_function_is_not_saved_in_prefects_database(tmp_path, pg_url, write_docs):
    home = tmp_path / "prefect-home"
    docs = tmp_path / "docs"
    write_docs(docs, 4, bad=False)
    url = with_password(pg_url, PASSWORD)
    env = _env_without_prefect_api()
    from ingest.cli_store import EPHEMERAL_SERVER_STARTUP_SECONDS  # what `ingest run` gives a busy machine

    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=str(EPHEMERAL_SERVER_STARTUP_SECONDS))
    result = subprocess.run([sys.executable, "-c", _CALL, str(FLOWS), str(docs), url, str(tmp_path / "zone")],
                            capture_output=True, text=True, timeout=900, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "stored 4" in result.stdout  # the flow opened the store with the password it was given
    with sqlite3.connect(home / "prefect.db") as conn:
        (parameters,) = conn.execute("SELECT parameters FROM flow_run WHERE name IS NOT NULL").fetchone()
    params = json.loads(parameters)
    assert params["store_url"] == pg_url and params["store_password_env"] == PASSWORD_ENV
    _assert_no_password_under(home)
