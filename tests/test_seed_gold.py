"""The seed gold floor: the five scraped samples in ../shared/eval/seeds stay perfect.

Uses the evaluation's own scorer (stdlib only) on `ingest clean --json`, exactly as the evaluation runs it.
Skips cleanly where ../shared/eval is absent (the gold is not part of this repository).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
pytestmark = pytest.mark.skipif(not (EVAL / "score.py").is_file() or not (EVAL / "seeds").is_dir(),
                                reason="../shared/eval (seed gold) is not beside this checkout")


def test_seed_gold_stays_at_its_floor():
    cmd = f"{sys.executable} -m ingest.cli clean --json"
    out = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "seeds"), "--cmd", cmd],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    score = re.search(r"SCORE mean_f1=([\d.]+) drop_violations=(\d+) keep_misses=(\d+)", out)
    assert score, out
    assert float(score.group(1)) >= 0.995, out
    assert score.group(2) == "0" and score.group(3) == "0", out
    fields = dict(re.findall(r"(\w+)=(\d+/\d+)", out.split("fields:")[1].splitlines()[0]))
    assert fields and all(a == b for a, b in (v.split("/") for v in fields.values())), fields
