"""The progress display of `ingest run` on a terminal (a real pseudo-terminal, a real run): it moves
batch by batch (not in 500-document steps), shows the rate and the failures so far, and never shows a
time left it does not know (streamed sources have no total: "0:00:01 left" was the elapsed time)."""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")
INGEST = str(Path(sys.executable).parent / "ingest")
BATCH = 5
GOOD, BAD = 30, 2
WORDS = "harbour council ferry pier vote budget school river market station".split()


def _screen(argv: list[str], cwd: Path) -> str:
    """What the terminal received on stderr, escape sequences removed."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    env.update(INGEST_NO_FLOW="1", COLUMNS="160", TERM="xterm")
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the run closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.communicate(timeout=600)
    os.close(master)
    assert proc.returncode == 0
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode(errors="replace"))


def test_the_bar_moves_per_batch_with_rate_and_failures(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    rng = random.Random(3)
    for i in range(GOOD):
        (pages / f"p{i:03d}.txt").write_text(f"Story {i}\n\n" + "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "." for _ in range(4)), encoding="utf-8")
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    screen = _screen([INGEST, "run", str(pages), "--store", f"sqlite:///{tmp_path / 'x.db'}", "--raw-zone",
                      str(tmp_path / "zone"), "--batch-size", str(BATCH)], tmp_path)
    frames = [f for f in re.split(r"[\r\n]", screen) if f.startswith("ingest run")]
    counts = sorted({int(m.group(1)) for f in frames for m in [re.search(r" (\d+)/\?", f)] if m})
    assert counts and counts[-1] == GOOD + BAD, screen[-2000:]
    assert len(counts) >= 4, counts  # several frames, one per batch or two (batches finish together)
    last = frames[-1]
    assert re.search(r"\d docs/s", last) and f"{BAD} failed" in last, last
    assert "left" not in screen, last
