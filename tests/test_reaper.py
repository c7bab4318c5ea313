"""The watcher behind `ingest run`: what a killed run started does not outlive it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="the watcher needs /proc")

# A parent that starts its watcher, starts a child, reports the child's pid, and is killed at once:
# sooner than one poll of the watcher, so only the environment tag can find the child.
PARENT = textwrap.dedent("""
    import subprocess, sys, time
    from ingest import reaper
    reaper.watch_children()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    print(child.pid, flush=True)
    time.sleep(120)
""")


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _running(pid):
        time.sleep(0.1)
    return not _running(pid)


def test_a_child_started_just_before_the_kill_is_stopped_too():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)  # no time for a poll to record the child
    parent.wait()
    try:
        assert _wait_gone(child, 30), "the watcher should stop a child it had not polled yet"
    finally:
        if _running(child):
            os.kill(child, signal.SIGKILL)


def test_a_process_without_the_tag_is_left_alone():
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    try:
        assert _wait_gone(child, 30)
        assert _running(bystander.pid), "a process the run did not start must survive the run's kill"
    finally:
        bystander.kill()
        bystander.wait()
