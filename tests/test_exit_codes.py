"""Exit codes exactly as documented (README "Exit codes", ingest/cli.py docstring), one row per case,
through the real console script in a subprocess (what a shell sees)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_support import run_console_script as run_cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def box(tmp_path_factory):
    """A working directory with a store holding one run of good and bad documents."""
    from conftest import write_corpus

    cwd = tmp_path_factory.mktemp("exit")
    write_corpus(cwd / "in", n=4)
    write_corpus(cwd / "good", n=2, bad=False)
    done = run_cli("run", "in", "--json", cwd=cwd)
    assert done.returncode == 0, done.stderr
    return cwd


# (argv, exit code, what stderr must say). {corrupt} is a file that is not a SQLite database.
CASES = [
    (("--version",), 0, ""),
    ((), 0, ""),
    (("--help",), 0, ""),
    (("run", "in"), 0, ""),                                   # documents failed: still 0, failures are data
    (("run", "in", "--strict"), 1, ""),                       # --strict: a failed document → 1
    (("run", "good", "--strict"), 0, ""),
    (("clean", "in", "--json"), 0, ""),
    (("clean", "in", "--json", "--strict"), 1, ""),
    (("status",), 0, ""),
    (("status", "--json"), 0, ""),
    (("failures",), 0, ""),
    (("export", "--out", "-"), 0, ""),
    (("rules",), 0, ""),
    (("no-such-verb",), 2, "invalid choice"),
    (("run",), 2, "required"),
    (("run", "no/such/dir"), 2, "no such file or directory"),
    (("run", "in", "--fetched-at", "yesterday"), 2, "not an ISO 8601"),
    (("run", "in", "--store", "mysql://u@h/db"), 2, "unsupported database"),
    (("rerun",), 2, "choose what to re-run"),
    (("show", "ffffffffffff"), 2, "no stored document"),
    (("show", "abc"), 2, "too short"),
    (("explain", "ffffffffffff"), 2, "no stored document"),
    (("rerun", "--id", "ffffffffffff"), 2, "no stored document"),
    (("failures", "--run", "bogus"), 2, "no such run"),
    (("export", "--since", "last tuesday"), 2, "not an ISO 8601"),
    (("status", "--store", "sqlite:///nowhere/x.db"), 1, "no store at"),
    (("status", "--store", "sqlite:///{corrupt}"), 1, "not an ingest store"),
    (("run", "in", "--store", "sqlite:///{corrupt}"), 1, "not an ingest store"),
]


@pytest.mark.parametrize("argv, code, message", CASES, ids=[" ".join(c[0]) or "(bare)" for c in CASES])
def test_exit_code(box, argv, code, message):
    corrupt = box / "corrupt.db"
    corrupt.write_bytes(b"these bytes are not a SQLite database\n" * 200)
    done = run_cli(*[a.format(corrupt=corrupt) for a in argv], cwd=box)
    assert done.returncode == code, (done.stdout[-500:], done.stderr[-2000:])
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    if code != 0:
        assert done.stderr.strip().count("\n") == 0, done.stderr  # one line


def test_the_documented_table_is_the_one_tested():
    """The README and the CLI docstring state the same codes as the table above."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("Exit codes:", 1)[1].split("\n\n", 1)[0]
    assert {int(c) for c in re.findall(r"`(\d+)`", section)} == {0, 1, 2, 130}
    from ingest import cli

    assert (cli.EXIT_OK, cli.EXIT_FAILED, cli.EXIT_USAGE, cli.EXIT_INTERRUPTED) == (0, 1, 2, 130)
    assert {code for _, code, _ in CASES} == {0, 1, 2}  # 130: tests/test_interrupt.py
