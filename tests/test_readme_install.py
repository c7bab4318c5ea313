"""The README's install without `make`, exactly as printed (the bash block marked `# needs: fresh-clone`),
on a new clone with the machine's python3 and the pip it bundles (Python 3.11: pip 23.2.1, which skipped
the `lxml[html_clean]` extra: every HTML page failed, `stored 4, failed 2`, exit 0). Then every bundled
sample is stored and none fails; and an installation without lxml.html.clean stops a run with one line
and exit 1 instead of storing failures.

Slow (a venv and a full install from the package index): runs only with INGEST_TEST_FRESH_CLONE=1
(.ci/run sets it). It clones the committed HEAD, as a new user's `git clone` would.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What pip says when there is no network to the package index (the install cannot be tried then).
OFFLINE = ("Failed to establish a new connection", "Temporary failure in name resolution", "Network is unreachable")
SAMPLES = len(list((ROOT / "raw" / "samples").iterdir()))
# The pip Python 3.11's ensurepip bundles (3.11.7 here and on CI), which installed without the
# `lxml[html_clean]` extra a dependency asks for: the case the README's line must survive. (Since
# pyproject.toml requires lxml_html_clean itself, the line passes on it even without its pip upgrade:
# checked 2026-12-03, the upgrade removed from the README, this test passed.)
ISSUE_PIP = "23.2.1"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.environ.get("INGEST_TEST_FRESH_CLONE") != "1",
                                                   reason="creates a venv and installs (minutes): "
                                                          "INGEST_TEST_FRESH_CLONE=1 runs it (.ci/run does)")]


def readme_block(marker: str) -> str:
    """The README's fenced bash block carrying `# needs: <marker>`."""
    blocks = re.findall(r"^```bash\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S | re.M)
    found = [b for b in blocks if re.search(rf"^# needs: {re.escape(marker)}\b", b, flags=re.M)]
    assert len(found) == 1, f"expected one README bash block marked '# needs: {marker}', found {len(found)}"
    return found[0]


def _user_env() -> dict:
    """A new user's shell: no virtual environment active, nothing of ours configured."""
    venv = os.environ.get("VIRTUAL_ENV")
    path = [p for p in os.environ["PATH"].split(os.pathsep) if not (venv and p.startswith(venv)) and ".venv" not in p]
    drop = ("VIRTUAL_ENV", "PYTHONPATH", "INGEST_STORE_URL", "INGEST_RAW_ZONE", "INGEST_NO_FLOW", "PREFECT_API_URL")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, "PATH": os.pathsep.join(path)}


def test_the_manual_install_line_works_on_the_bundled_pip(tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=300)
    env = {**_user_env(), "PREFECT_HOME": str(tmp_path / "prefect-home")}
    bundled = subprocess.run(["python3", "-c", "import ensurepip; print(ensurepip.version())"], capture_output=True,
                             text=True, env=env, check=True).stdout.strip()
    # The README's `python3 -m venv .venv` gives the new venv this pip (nothing upgrades it behind our back:
    # a pip.conf, PIP_* settings), and under CI it is the issue's case: 23.2.1, which drops the extra
    probe = tmp_path / "probe"
    subprocess.run(["python3", "-m", "venv", str(probe)], env=env, check=True, timeout=300)
    first_pip = subprocess.run([str(probe / "bin" / "pip"), "--version"], capture_output=True, text=True, env=env,
                               check=True).stdout.split()[1]
    assert first_pip == bundled, f"python3 -m venv gave pip {first_pip}, not the bundled {bundled}"
    if os.environ.get("CI") == "true":
        assert bundled == ISSUE_PIP, f"python3 bundles pip {bundled}: CI must try the README line on {ISSUE_PIP}"
    block = readme_block("fresh-clone")
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=clone, env=env, capture_output=True,
                          text=True, timeout=1800)
    if done.returncode and any(s in done.stderr for s in OFFLINE):
        pytest.skip(f"the package index is unreachable from here: {done.stderr.strip().splitlines()[-1]}")
    assert done.returncode == 0, f"pip {bundled}\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    assert "Traceback" not in done.stderr, done.stderr

    def ingest(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(clone / ".venv" / "bin" / "ingest"), *args], cwd=clone, env=env,
                              capture_output=True, text=True, timeout=900)

    status = json.loads(ingest("status", "--json").stdout)
    assert status["failures_by_reason"] == {}, status
    (run,) = status["runs"]
    assert (run["documents"], run["stored"], run["failed"]) == (SAMPLES, SAMPLES, 0), (status, done.stdout)

    # Without lxml.html.clean the HTML pages cannot be cleaned: the run must stop and say so, not
    # store them as failures and exit 0.
    subprocess.run([str(clone / ".venv" / "bin" / "pip"), "uninstall", "-q", "-y", "lxml_html_clean"], env=env,
                   check=True, capture_output=True, timeout=300)
    broken = ingest("run", "raw/samples", "--no-flow", "--store", f"sqlite:///{tmp_path / 'broken.db'}")
    assert broken.returncode == 1, (broken.stdout, broken.stderr)
    assert "lxml_html_clean" in broken.stderr and "Traceback" not in broken.stderr, broken.stderr
    assert "stored" not in broken.stdout
