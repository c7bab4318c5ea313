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


def _screen(argv: list[str], cwd: Path, flow: bool = False) -> str:
    """What the terminal received on stderr, escape sequences removed; the library path, or with `flow`
    the Prefect flow on the test session's server (prefect_test_harness must be active)."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    env.update(COLUMNS="160", TERM="xterm")
    if flow:
        from prefect.settings import PREFECT_API_URL

        env.update(PREFECT_API_URL=PREFECT_API_URL.value(), INGEST_WORKERS="2")
    else:
        env.update(INGEST_NO_FLOW="1")
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


@pytest.mark.parametrize("flow", [False, True], ids=["library", "flow"])
def test_the_bar_moves_per_batch_with_rate_and_failures(tmp_path, flow, request):
    """Both paths: the library's and the Prefect flow's (its batch tasks report to the bar through
    flows' PROGRESS hook, from the batch processes of --workers 2)."""
    if flow:
        request.getfixturevalue("prefect_harness")
    pages = tmp_path / "pages"
    pages.mkdir()
    rng = random.Random(3)
    for i in range(GOOD):
        (pages / f"p{i:03d}.txt").write_text(f"Story {i}\n\n" + "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "." for _ in range(4)), encoding="utf-8")
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    screen = _screen([INGEST, "run", str(pages), "--store", f"sqlite:///{tmp_path / 'x.db'}", "--raw-zone",
                      str(tmp_path / "zone"), "--batch-size", str(BATCH)], tmp_path, flow)
    frames = [f for f in re.split(r"[\r\n]", screen) if f.startswith("ingest run")]
    total = GOOD + BAD  # a directory: its files are counted before the run gets far (ingest/progress_total.py)
    counts = sorted({int(m.group(1)) for f in frames for m in [re.search(rf" (\d+)/{total}\b", f)] if m})
    assert counts and counts[-1] == total, screen[-2000:]
    # a frame per finished batch (the bar is drawn on each, not only on rich's timer: 7 batches finishing
    # inside one tick of a fast CI box showed only [32]), never one jump at the end
    assert len(counts) >= -(-total // BATCH), counts
    last = frames[-1]
    assert re.search(r"\d docs/s", last) and f"{BAD} failed" in last, last
    assert re.search(r"\d:\d\d:\d\d left", screen), screen[-2000:]  # a real ETA: the input's size is known


def _jsonl(path: Path, n: int) -> Path:
    import json

    rng = random.Random(4)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = f"Story {i}\n\n" + " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "."
            out.write(json.dumps({"url": f"https://example.org/{i}", "text": text}) + "\n")
    return path


def test_a_jsonl_input_shows_its_line_count_and_a_time_left(tmp_path):
    n = 40
    data = _jsonl(tmp_path / "pages.jsonl", n)
    screen = _screen([INGEST, "run", str(data), "--store", f"sqlite:///{tmp_path / 'x.db'}", "--raw-zone",
                      str(tmp_path / "zone"), "--batch-size", str(BATCH)], tmp_path)
    assert re.search(rf" {n}/{n}\b", screen), screen[-2000:]
    assert re.search(r"\d:\d\d:\d\d left", screen), screen[-2000:]


def test_the_pre_count_gives_up_on_inputs_too_large_to_measure_quickly(tmp_path):
    """Over its byte budget (or time budget) the pre-count says 'unknown': no ETA, never a slow start."""
    from ingest.progress_total import measure

    data = _jsonl(tmp_path / "pages.jsonl", 50)
    assert measure([str(data)]).total_items == 50
    assert measure([str(data)], max_bytes=1000) is None
    assert measure([str(data)], seconds=0.0) is None
    assert measure(["https://example.org/a"]) is None  # fetched: how many documents is not known


def test_a_warc_is_measured_by_bytes_read(tmp_path):
    """A WARC's records are not counted (that would read it all): the position is a record's offset."""
    from ingest.clean import clean
    from ingest.progress_total import measure
    from ingest.settings import Settings
    from sources.builders import write_many_warc

    path = tmp_path / "crawl.warc.gz"
    write_many_warc(path, 30)
    total = measure([str(path)])
    assert total is not None and total.total_items is None and total.total_bytes == path.stat().st_size
    outcomes = list(clean([str(path)], Settings(), jobs=1))
    fractions = []
    for start in range(0, len(outcomes), 10):
        total.advance([o for o in outcomes[start:start + 10]])
        fractions.append(total.fraction())
    assert fractions == sorted(fractions) and 0 < fractions[0] < fractions[-1] <= 1, fractions
    assert fractions[-1] > 0.9, fractions


def test_rerun_shows_the_number_of_documents_it_selected_and_a_time_left(tmp_path):
    """`ingest rerun` knows what it will re-process before it starts (the store's selection): the bar
    shows N/TOTAL and a time left (before: N/? and none, as for a streamed input)."""
    import sqlite3

    pages = tmp_path / "pages"
    pages.mkdir()
    rng = random.Random(6)
    for i in range(GOOD):
        (pages / f"p{i:03d}.txt").write_text(f"Story {i}\n\n" + "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "." for _ in range(4)), encoding="utf-8")
    db = tmp_path / "x.db"
    where = ["--store", f"sqlite:///{db}", "--raw-zone", str(tmp_path / "zone")]
    _screen([INGEST, "run", str(pages), *where], tmp_path)
    with sqlite3.connect(db) as conn:
        chosen = [r[0] for r in conn.execute("SELECT raw_id FROM documents ORDER BY raw_id LIMIT 12")]
    assert len(chosen) == 12
    screen = _screen([INGEST, "rerun", *(a for i in chosen for a in ("--id", i)), *where, "--batch-size", "3"], tmp_path)
    frames = [f for f in re.split(r"[\r\n]", screen) if f.startswith("ingest rerun")]
    counts = sorted({int(m.group(1)) for f in frames for m in [re.search(r" (\d+)/12\b", f)] if m})
    assert counts and counts[-1] == 12, screen[-2000:]
    assert not any(re.search(r" \d+/\?", f) for f in frames), screen[-2000:]
    assert re.search(r"\d:\d\d:\d\d left", screen), screen[-2000:]
