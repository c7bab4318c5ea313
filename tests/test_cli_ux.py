"""What a new user meets first: version, help, every option explained, directories for `clean`,
`export --out -`, read-only verbs that never create a store, status as JSON, plain postgresql://
URLs, ids matched literally, passwords never printed."""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_support import run_cli_in_process as _cli
from ingest import __version__, cli

INGEST = str(Path(sys.executable).parent / "ingest")


def _all_parsers():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [("ingest", parser), *sub.choices.items()]


def test_version_and_bare_ingest_print_something_useful():
    code, out, _ = _cli("--version")
    assert code == 0 and out.startswith(f"ingest {__version__} (ruleset ")
    code, out, _ = _cli()
    assert code == 0 and "usage: ingest" in out and "export" in out and "exit codes" in out


def test_every_option_and_argument_has_help_text():
    missing = [f"{name} {a.dest}" for name, p in _all_parsers() for a in p._actions
               if not isinstance(a, argparse._SubParsersAction) and not (a.help or "").strip()]
    assert missing == []


def test_the_readme_cli_table_lists_every_verb_of_ingest_help():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Command line", 1)[1].split("\n\n", 2)[1]
    in_readme = {line.split("`ingest ", 1)[1].split()[0].rstrip("`") for line in table.splitlines()
                 if line.startswith("| `ingest ")}
    verbs = {name for name, _ in _all_parsers()} - {"ingest"}
    assert in_readme == verbs
    for name, p in _all_parsers()[1:]:  # every option a row shows exists on that verb
        row_opts = {o.strip("`.,[]|") for line in table.splitlines() if line.startswith(f"| `ingest {name} ")
                    for o in line.split("|")[1].split() if o.strip("`[").startswith("--")}
        known = {s for a in p._actions for s in a.option_strings}
        assert {o.split("=")[0] for o in row_opts} <= known, name


def test_clean_a_directory_gives_one_line_per_file_in_order(tmp_path, write_docs):
    paths = write_docs(tmp_path / "d", n=5, bad=False)
    code, out, _ = _cli("clean", "--json", str(tmp_path / "d"))
    assert code == 0
    assert [json.loads(line)["source"] for line in out.splitlines()] == sorted(str(p) for p in paths)
    assert all("error" not in json.loads(line) for line in out.splitlines())


def test_export_to_stdout(stored, tmp_path, capfdbinary):
    url, _, summary = stored
    done = subprocess.run([INGEST, "export", "--out", "-", "--store", url], capture_output=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(rows) == summary["articles"] and not (tmp_path / "-").exists()
    assert b"exported" in done.stderr
    done = subprocess.run([INGEST, "export", "--format", "parquet", "--out", "-", "--store", url],
                          capture_output=True, timeout=120, cwd=tmp_path)
    import pyarrow as pa
    import pyarrow.parquet as pq

    assert pq.read_table(pa.BufferReader(done.stdout)).num_rows == summary["articles"]


@pytest.mark.parametrize("argv", [("status",), ("status", "--json"), ("failures",), ("show", "abcdef123456"),
                                  ("explain", "abcdef123456"), ("export", "--out", "x.jsonl"),
                                  ("rerun", "--failed", "--no-flow")])
def test_read_only_verbs_never_create_a_store(tmp_path, argv):
    db = tmp_path / "clean" / "ingest.db"
    code, _, err = _cli(*argv, "--store", f"sqlite:///{db}")
    assert code == 1 and f"no store at {db}" in err
    assert not db.exists() and not db.parent.exists()


def test_status_json(stored):
    url, _, summary = stored
    code, out, _ = _cli("status", "--json", "--store", url)
    st = json.loads(out)
    assert code == 0 and st["runs"][0]["run_id"] == summary["run_id"] and st["runs"][0]["status"] == "completed"
    assert st["counts"]["articles"] == summary["articles"]
    assert st["failures_by_reason"] == {"decode:UnreadableInput": 2}


def test_rerun_without_a_selector_is_a_usage_error_before_prefect_starts(tmp_path):
    started = time.monotonic()
    env = {k: v for k, v in os.environ.items() if k != "INGEST_NO_FLOW"}
    done = subprocess.run([INGEST, "rerun", "--store", f"sqlite:///{tmp_path / 'x.db'}"], capture_output=True,
                          text=True, timeout=120, env=env, cwd=tmp_path)
    assert done.returncode == 2 and "choose what to re-run" in done.stderr
    assert "Traceback" not in done.stderr and "prefect" not in done.stderr.lower()
    assert time.monotonic() - started < 8  # Prefect's temporary server alone takes ~8 s to start
    assert not (tmp_path / "x.db").exists()


def test_plain_postgresql_url_means_the_installed_psycopg_driver():
    from ingest.store.engine import check_url

    assert check_url("postgresql://u:pw@h/db").drivername == "postgresql+psycopg"
    assert check_url("postgres://u@h:5433/db").drivername == "postgresql+psycopg"
    assert check_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


@pytest.mark.postgres
def test_plain_postgresql_url_stores(pg_url, tmp_path, write_docs):
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    assert plain.startswith("postgresql://")
    write_docs(tmp_path / "d", n=2, bad=False)
    code, out, err = _cli("run", "--no-flow", "--json", str(tmp_path / "d"), "--store", plain,
                          "--raw-zone", str(tmp_path / "z"))
    assert code == 0, err
    assert json.loads(out)["stored"] == 2


def test_ids_are_matched_literally_not_as_like_patterns(stored):
    url, _, _ = stored
    code, out, _ = _cli("failures", "--json", "--store", url)
    raw_id = json.loads(out.splitlines()[0])["raw_id"]
    for pattern in (raw_id[:5] + "_", raw_id[:6] + "%", "______", "%%%%%%"):
        code, _, err = _cli("show", pattern, "--store", url)
        assert code == 2 and "no stored document" in err, pattern
    assert _cli("show", raw_id[:8], "--store", url)[0] == 0


@pytest.mark.parametrize("url, secret", [
    ("postgresql+psycopg://ingest:s3cr3t@db.example:5432/ingest", "s3cr3t"),
    ("postgresql://ingest:p@ss@w0rd@db.example/ingest", "ss@w0rd"),       # unescaped @ in the password
    ("postgresql://ingest:a/b:c@db.example/ingest", "a/b:c"),            # / and : in the password
    ("postgresql://ingest:x%40y@db.example/ingest?sslmode=require", "x%40y"),
    ("postgresql://db.example/ingest?user=ingest&password=hunter2", "hunter2"),
])
def test_printed_urls_never_show_the_password(url, secret):
    from ingest.store.engine import check_url, redacted

    shown = redacted(url)
    assert secret not in shown and "***" in shown and "db.example" in shown
    parsed = check_url(url)
    assert parsed.host == "db.example"  # the whole password stays the password


def test_an_unreachable_store_error_does_not_show_the_password(tmp_path):
    url = "postgresql://ingest:p@ss@w0rd@127.0.0.1:1/ingest"
    code, _, err = _cli("run", "--no-flow", str(tmp_path), "--store", url, "--raw-zone", str(tmp_path / "z"))
    assert code == 1 and "unavailable" in err
    assert "w0rd" not in err and "p@ss" not in err and "127.0.0.1" in err


def test_the_run_summary_counts_start_up_says_where_the_data_went_and_keeps_documents_apart(tmp_path, write_docs):
    """The text summary of `ingest run` (issue 13, item 6): its time is the command's, start-up included
    and shown apart; it names the store and the raw zone; the documents table counts documents only
    (articles, one per teaser of a listing, have their own line)."""
    from cli_support import run_console_script

    write_docs(tmp_path / "in", n=6)
    started = time.monotonic()
    done = run_console_script("run", "in", "--store", "sqlite:///x.db", "--raw-zone", "zone", cwd=tmp_path)
    wall = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    m = re.match(r"run \S+ \(library\): 8 document\(s\) in ([\d.]+) s \(([\d.]+) s start-up, ([\d.]+) s processing, "
                 r"[\d,]+ documents/s\)$", lines[0])
    assert m, lines[0]
    total, startup, processing = map(float, m.groups())
    assert abs(total - (startup + processing)) <= 0.15 and startup > 0 and total <= wall, m.groups()
    documents = lines[1:lines.index(next(line for line in lines if line.startswith("└")))]
    rows = {cells[0].strip(): cells[1].strip() for line in documents if line.startswith("│")
            for cells in [line.strip("│").split("│")]}
    assert rows == {"stored": "6", "unchanged": "0", "failed": "2", "stored as article": "6"}, rows
    assert "articles stored: 6 (a listing page yields one per teaser)" in lines
    assert "store: sqlite:///x.db   raw zone: zone   " in done.stdout
