"""Every code block of the README, run as printed on a fresh copy of the repository, so the README and
the program cannot drift apart.

Each block is fenced (an indented block fails the test: it cannot carry a marker) and is either run
here or says, in a marker, what it needs — an HTML comment on the line before it (`<!-- needs: X -->`,
invisible on GitHub) or a `# needs: X` first line. A block with a need this test cannot supply on
this machine must name the test that covers it, and the test checks that that test exists and reads
that block. A new block with no way to run it fails `test_every_block_has_a_way_to_run`.

  (none), bash    run here, in README order, with `.venv` activated as the README says
  python          run here with `.venv/bin/python`; its records are compared with `ingest clean --json`
  free-port N     run here, with a free port in place of N (N may be taken on a shared machine)
  ci              `make run` / `make test`: .ci/run runs both on a fresh machine (make test *is* the suite)
  fresh-clone     tests/test_readme_install.py (a new venv and a full install: minutes)
  prefect-server  tests/flows/test_deployments.py (a real `prefect server start`, deploy, worker, serve.py)
  several-machines  tests/flows/test_scale_out.py (the block's lines on one box, placeholders filled in:
                  a dask scheduler and workers, a Prefect server, `ingest run --dask` on PostgreSQL)
  bench           benchmarks (minutes each, one heavy run at a time on a shared box): each script's
                  `--help` runs here; the figures they print are in the README's tables
  eval-data       the seed score runs here (when ../shared/eval is present); the others read held-out
                  sets (minutes): their `--help` runs here
  output          an example of output, not a command: its fields are checked against the real output
  not a command   a diagram

Commands written inline rather than in a block: the Sources table's local examples (WARC, JSONL, a
gzip'd page, stdin) run here as printed too; the rows that need network do not.

The fresh copy is the repository's tracked files; it shares this checkout's .venv (set up by `make
setup`; installing is what test_readme_install.py tests) and the test session's Prefect server.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_support import stop_process_groups

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
VENV = Path(sys.executable).parent.parent
# Seconds one block may take (a flow run through the session's Prefect server on a loaded 2-core box).
BLOCK_SECONDS = 300
MARKER = re.compile(r"^<!--\s*(needs:|output:|not a command:)\s*([^>]*?)\s*-->$")


@dataclass
class Block:
    line: int                       # 1-based line of the opening fence
    lang: str
    body: str
    kind: str = "run"               # run | needs | output | not a command
    needs: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"README.md:{self.line} ```{self.lang}"


def readme_blocks(text: str = README) -> list[Block]:
    """The fenced blocks of the README with their markers."""
    lines, blocks, i = text.splitlines(), [], 0
    while i < len(lines):
        m = re.match(r"^```(\S*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        block = Block(i + 1, m.group(1), "\n".join(lines[i + 1:end]) + "\n")
        before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        inline = re.match(r"^# needs: (\S+)", block.body)
        marker = MARKER.match(before.strip())
        if marker:
            block.kind = {"needs:": "needs"}.get(marker.group(1), marker.group(1).rstrip(":"))
            block.needs = marker.group(2).split()
        elif inline:
            block.kind, block.needs = "needs", [inline.group(1)]
        blocks.append(block)
        i = end + 1
    return blocks


def indented_blocks(text: str = README) -> list[int]:
    """Lines that start an indented code block (4 spaces after a blank line, outside fences and lists)."""
    found, fence, prev, in_list = [], False, "", False
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            fence = not fence
        elif not fence:
            if re.match(r"^\s*([-*]|\d+\.) ", line):
                in_list = True
            elif not line.strip():
                pass
            elif not line.startswith(" "):
                in_list = False
            if line.startswith("    ") and not prev.strip() and not in_list:
                found.append(n)
        prev = line
    return found


BLOCKS = readme_blocks()
# need → the test that covers it, and what that test must contain to show it reads the block.
COVERED_BY = {
    "fresh-clone": ("tests/test_readme_install.py", 'readme_block("fresh-clone")'),
    "prefect-server": ("tests/flows/test_deployments.py", '_blocks("prefect-server")'),
    "several-machines": ("tests/flows/test_scale_out.py", "_several_machines_block()"),
}
RUN_HERE = {"free-port", "bench", "eval-data", "ci"}


def test_every_block_has_a_way_to_run():
    assert not indented_blocks(), f"indented code blocks (make them fenced, with a marker if needed): " \
                                  f"README.md lines {indented_blocks()}"
    assert len(BLOCKS) >= 10, "the README parser found too few blocks"
    wrong = []
    for b in BLOCKS:
        if b.kind == "run" and b.lang not in ("bash", "python"):
            wrong.append(f"{b}: no marker and not bash/python: say what it needs (<!-- needs: X -->)")
        elif b.kind == "needs" and not b.needs[0] in COVERED_BY.keys() | RUN_HERE:
            wrong.append(f"{b}: unknown need {b.needs[0]!r} (known: {sorted(COVERED_BY.keys() | RUN_HERE)})")
        elif b.kind == "not a command" and b.lang != "text":
            wrong.append(f"{b}: a diagram is ```text")
        elif b.kind == "output" and b.lang != "json":
            wrong.append(f"{b}: only JSON output examples are checked")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("need", sorted(COVERED_BY))
def test_blocks_covered_elsewhere_are_read_by_the_test_named(need):
    path, reads = COVERED_BY[need]
    blocks = [b for b in BLOCKS if b.kind == "needs" and b.needs[0] == need]
    assert blocks, f"no README block needs {need}: drop it from COVERED_BY"
    source = (ROOT / path).read_text(encoding="utf-8")
    assert reads in source, f"{path} no longer reads the README blocks marked {need}"
    for b in blocks:  # the marker names the test, for a reader of the README source
        marker = README.splitlines()[b.line - 2] + b.body.splitlines()[0]
        assert path in marker, f"{b}: name {path} in its marker"


def test_ci_runs_the_two_make_commands():
    (block,) = [b for b in BLOCKS if b.needs[:1] == ["ci"]]
    commands = [line.split("#")[0].strip() for line in block.body.splitlines() if line.strip()]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands and all(c in ci for c in commands), (commands, ci)


def test_the_json_output_example_has_the_fields_of_the_real_output():
    (block,) = [b for b in BLOCKS if b.kind == "output"]
    example = block.body
    out = subprocess.run([str(VENV / "bin" / "ingest"), "clean", "--json", "raw/samples/en_harbour_ferry.html"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=True).stdout
    real = json.loads(out)
    shown = set(re.findall(r'"([a-z_]+)":', example))
    article, removed, embed = real["articles"][0], real["removed"][0], real["articles"][0]["embeds"][0]
    missing = (set(real) | set(article) | set(removed) | set(embed)) - shown
    unknown = shown - set(real) - set(article) - set(removed) - set(embed) - {"error"}
    assert not unknown, f"the README shows fields ingest clean --json does not print: {sorted(unknown)}"
    assert not missing, f"ingest clean --json prints fields the README example leaves out: {sorted(missing)}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory):
    """The tracked files of this checkout in a new directory (what a clone of it holds, with the
    working tree's README), this checkout's .venv linked in, and ../shared beside it when present."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    top = tmp_path_factory.mktemp("readme")
    copy = top / "repo"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        src = ROOT / name
        if src.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, copy / name)
    (copy / ".venv").symlink_to(VENV)
    if (ROOT.parent / "shared").exists():
        (top / "shared").symlink_to((ROOT.parent / "shared").resolve())
    return copy


@pytest.fixture(scope="module")
def user_env(fresh_copy, tmp_path_factory, prefect_harness):
    """A user's shell: nothing of ours configured, the test session's Prefect server as theirs."""
    from prefect.settings import PREFECT_API_URL

    drop = ("VIRTUAL_ENV", "PYTHONPATH", "INGEST_STORE_URL", "INGEST_RAW_ZONE", "INGEST_NO_FLOW", "INGEST_WORKERS")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("AWS_")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    env["PREFECT_API_URL"] = PREFECT_API_URL.value()
    env["INGEST_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    return env


def _bash(script: str, cwd: Path, env: dict, procs: list) -> subprocess.CompletedProcess:
    """The block in bash after `source .venv/bin/activate` (the README: activate first), in a process
    group of its own: what it leaves running in the background (a server) is stopped afterwards."""
    proc = subprocess.Popen(["bash", "-c", "set -eo pipefail\nsource .venv/bin/activate\n" + script], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    procs.append(proc)
    try:
        out, err = proc.communicate(timeout=BLOCK_SECONDS)
    except subprocess.TimeoutExpired:
        stop_process_groups([proc])
        out, err = proc.communicate()
        pytest.fail(f"not done within {BLOCK_SECONDS} s:\n{script}\n{out[-2000:]}\n{err[-3000:]}")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _runnable(block: Block, port: int) -> str:
    if block.needs[:1] == ["free-port"]:
        return block.body.replace(block.needs[1], str(port))
    return block.body


def test_the_readmes_commands_run_as_printed(fresh_copy, user_env):
    """In README order, on one store: `make run` (what a new user does first), then every bash block
    run here. Each exits 0 with no traceback; what it should have made is there."""
    procs: list = []
    try:
        for name in ("pyproject.toml", "constraints.txt"):  # make must see .venv as set up, not reinstall
            os.utime(fresh_copy / name, (0, 0))
        if shutil.which("make"):
            assert subprocess.run(["make", "-q", "setup"], cwd=fresh_copy, env=user_env).returncode == 0, \
                "make would install into the shared .venv"
            done = _bash("make run", fresh_copy, user_env, procs)
            assert done.returncode == 0 and "Traceback" not in done.stderr, (done.stdout, done.stderr)
        else:  # `make run` is this line (Makefile)
            done = _bash(".venv/bin/ingest run raw/samples", fresh_copy, user_env, procs)
            assert done.returncode == 0, done.stderr
        ran = []
        for block in BLOCKS:
            if block.lang != "bash" or not (block.kind == "run" or block.needs[:1] == ["free-port"]):
                continue
            done = _bash(_runnable(block, _free_port()), fresh_copy, user_env, procs)
            assert done.returncode == 0, f"{block}\n{block.body}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
            assert "Traceback" not in done.stderr, f"{block}\n{done.stderr[-4000:]}"
            ran.append(block)
        assert len(ran) >= 3, [str(b) for b in ran]
        exports = sorted(p.suffix for p in (fresh_copy / "clean" / "exports").iterdir())
        assert exports.count(".parquet") == 2 and ".jsonl" in exports, exports
        s3 = subprocess.run([str(VENV / "bin" / "ingest"), "status", "--json", "--store", "sqlite:///clean/s3-demo.db"],
                            cwd=fresh_copy, env=user_env, capture_output=True, text=True, timeout=120)
        (run,) = json.loads(s3.stdout)["runs"]
        assert (run["stored"], run["failed"]) == (6, 0), run
    finally:
        stop_process_groups(procs)


def _python_blocks() -> list[Block]:
    return [b for b in BLOCKS if b.lang == "python" and b.kind == "run"]


# Appended to a README python block: every outcome it made, as JSON on the last line.
_DUMP = ("\nimport json as _json, ingest as _ingest\nprint('\\n' + _json.dumps({_k: _v.to_dict() for _k, _v in "
         "dict(globals()).items() if isinstance(_v, (_ingest.CleanDocument, _ingest.FailedDocument))}))\n")


def test_the_python_api_example_runs_and_gives_what_the_cli_prints(fresh_copy, user_env):
    """The README's python blocks run as printed; each document they clean is the record `ingest clean
    --json` prints for the same bytes (the file, or the text on stdin), but for the source name."""
    blocks = _python_blocks()
    assert blocks, "the README has no python example of the API"
    for block in blocks:
        shown = subprocess.run([str(fresh_copy / ".venv" / "bin" / "python"), "-"], input=block.body, cwd=fresh_copy,
                               env=user_env, capture_output=True, text=True, timeout=BLOCK_SECONDS)
        assert shown.returncode == 0 and not shown.stderr, f"{block}\n{shown.stderr}"
        done = subprocess.run([str(fresh_copy / ".venv" / "bin" / "python"), "-"], input=block.body + _DUMP,
                              cwd=fresh_copy, env=user_env, capture_output=True, text=True, timeout=BLOCK_SECONDS)
        assert done.returncode == 0, done.stderr
        outcomes = json.loads(done.stdout.splitlines()[-1])
        assert outcomes, f"{block}: cleans nothing"
        for name, record in outcomes.items():
            source = record["source"]
            on_disk = (fresh_copy / source).is_file()
            argv, stdin = ([source], None) if on_disk else (["-"], _text_given(block.body, name))
            cli = subprocess.run([str(fresh_copy / ".venv" / "bin" / "ingest"), "clean", "--json", *argv], input=stdin,
                                 cwd=fresh_copy, env=user_env, capture_output=True, text=True, timeout=300, check=True)
            expected = json.loads(cli.stdout)
            for a in expected.get("articles", []):
                a.pop("near_duplicates")
            if not on_disk:
                expected["source"] = record["source"]  # "-" on the command line, "<text>" in the API
            assert record == expected, f"{block}: `{name}` differs from ingest clean --json {' '.join(argv)}"


def _text_given(body: str, name: str) -> str:
    """The string literal a block passes to clean_text/clean_html for `name` (name = ingest.clean_text("…"))."""
    m = re.search(rf"^{re.escape(name)} = ingest\.clean_(?:text|html)\((\".*?\")\)", body, flags=re.M)
    assert m, f"cannot find the text given for {name}"
    import ast

    return ast.literal_eval(m.group(1))


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.needs[:1] in (["bench"], ["eval-data"])], ids=str)
def test_benchmark_and_evaluation_scripts_start(block, fresh_copy, user_env):
    """A benchmark or an evaluation over a held-out set takes minutes (and a shared box runs one at a
    time): each script must exist and parse its arguments; the seed score (seconds) runs as printed."""
    for line in block.body.splitlines():
        command = line.split("  #")[0].strip()
        if not command:
            continue
        script = command.split()[1]
        if "score.py ../shared/eval/seeds" in command:
            if not (fresh_copy.parent / "shared" / "eval" / "seeds").is_dir():
                continue  # the eval data is kept outside the repository
            done = _bash(command, fresh_copy, user_env, [])
            assert done.returncode == 0, done.stderr
            assert "SCORE mean_f1=1.0000" in done.stdout, done.stdout[-2000:]
            continue
        if script.startswith("../") and not (fresh_copy / script).exists():
            continue
        assert (fresh_copy / script).is_file(), f"{block}: no {script}"
        done = subprocess.run([str(fresh_copy / ".venv" / "bin" / "python"), script, "--help"], cwd=fresh_copy,
                              env=user_env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{script} --help: {done.stderr[-2000:]}"


def _source_examples() -> list[tuple[str, str]]:
    """(kind, command) of each row of the README's Sources table that runs here (not those that need network):
    the first code span of its example cell, as printed (`\\|` is a pipe escaped for the table)."""
    section = README.split("\n## Sources\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) != 2 or cells[0] in ("kind", "---") or "needs network" in cells[0]:
            continue
        rows.append((cells[0], re.match(r"`(.+?)`(?: —|$)", cells[1]).group(1).replace("\\|", "|")))
    return rows


def test_the_sources_table_lists_its_local_examples():
    kinds = [kind for kind, _ in _source_examples()]
    assert len(kinds) == 5, kinds  # files/dirs, WARC, JSONL, gzip'd file, stdin


@pytest.mark.parametrize("kind, command", _source_examples(), ids=[k for k, _ in _source_examples()])
def test_the_sources_tables_examples_run_as_printed(kind, command, fresh_copy, user_env):
    """Each local example of the Sources table (inline, so not a block) runs as printed on the fresh copy:
    exit 0, no traceback, a document cleaned; with --json every line is a record with no error, and a WARC's
    lines name their record (`file@offset`) with the URL and date of the WARC headers, as the table says."""
    done = _bash(command, fresh_copy, user_env, [])
    assert done.returncode == 0 and "Traceback" not in done.stderr, (command, done.stderr[-3000:])
    assert done.stdout.strip(), command
    if "--json" not in command:
        assert "harbour" in done.stdout.lower() or "council" in done.stdout.lower(), done.stdout[:500]
        return
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records and all("error" not in r and r["articles"] for r in records), records
    if "warc" in command:
        assert all(re.fullmatch(r"examples/crawl\.warc\.gz@\d+", r["source"]) and r["url"] and r["fetched_at"]
                   for r in records), [(r["source"], r["url"], r["fetched_at"]) for r in records]
