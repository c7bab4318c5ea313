"""The README's command line matches the program: the verbs of its "Command line" table are exactly
the verbs `ingest --help` lists, and every option the README writes after `ingest VERB` (in the table,
in code spans, in code blocks) is an option of that verb; a bare `--option` in a code span is an option
of some verb. (The README once quoted `ingest run --jobs`, which `run` does not have.)"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
INGEST = str(Path(sys.executable).parent / "ingest")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
# `ingest VERB …` up to the end of that shell command (a pipe, &&, ;, a closing paren or quote).
COMMAND = re.compile(r"""(?:^|[\s/`("'])ingest (?P<verb>[a-z]+)(?P<rest>[^|;&)"']*)""")
# Options every verb takes (added by argparse or by cli.build_parser to each verb).
COMMON = {"--help", "--debug"}


def _verb_parsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001
    return dict(sub.choices)


def _options(p: argparse.ArgumentParser) -> set[str]:
    return {s for a in p._actions for s in a.option_strings if s.startswith("--")}  # noqa: SLF001


def _table_rows() -> list[str]:
    """The command cells of the README's "Command line" table (escaped pipes are alternatives)."""
    section = README.split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `ingest ")]
    assert rows, "no command table under '## Command line'"
    return [re.match(r"\| `([^`]*)`", row).group(1).replace("\\|", " ") for row in rows]


def _code_texts() -> list[str]:
    """Every inline code span and every line of every code block (fenced or indented) of the README."""
    texts, fence = [], False
    for line in README.splitlines():
        if line.startswith("```"):
            fence = not fence
            continue
        if fence or line.startswith("    "):
            texts.append(re.sub(r"(^|\s)#.*", "", line))  # a shell comment is prose
        else:
            texts += [span.replace("\\|", " ") for span in re.findall(r"`([^`]+)`", line)]
    return texts


def test_the_table_lists_exactly_the_verbs_of_ingest_help():
    help_text = subprocess.run([INGEST, "--help"], capture_output=True, text=True, check=True).stdout
    listed = set(re.findall(r"^    ([a-z]+)\s", help_text, flags=re.M))  # the verb list of --help
    assert listed == set(_verb_parsers()), help_text  # --help shows every verb the parser has
    in_table = {row.split()[1] for row in _table_rows()}
    assert in_table == listed, f"in the table only: {in_table - listed}; in --help only: {listed - in_table}"


@pytest.mark.parametrize("row", _table_rows())
def test_every_option_in_the_table_is_an_option_of_its_verb(row):
    verb = row.split()[1]
    unknown = set(OPTION.findall(row)) - _options(_verb_parsers()[verb]) - COMMON
    assert not unknown, f"`{row}`: `ingest {verb}` has no {sorted(unknown)}"


def test_every_option_written_after_an_ingest_verb_is_an_option_of_that_verb():
    parsers = _verb_parsers()
    wrong = []
    for text in _code_texts():
        for m in COMMAND.finditer(text):
            verb = m.group("verb")
            if verb not in parsers:
                wrong.append(f"{text!r}: no verb {verb!r}")
                continue
            unknown = set(OPTION.findall(m.group("rest"))) - _options(parsers[verb]) - COMMON
            wrong += [f"{text!r}: `ingest {verb}` has no {opt}" for opt in sorted(unknown)]
    assert not wrong, "\n".join(wrong)


def test_every_bare_option_in_a_code_span_is_an_option_of_some_verb():
    known = set().union(*(_options(p) for p in _verb_parsers().values())) | COMMON | {"--version"}
    bare = {OPTION.match(t).group(0) for t in _code_texts() if OPTION.match(t)}
    assert bare, "no `--option` spans found: the README parser is broken"
    assert not bare - known, f"options no verb has: {sorted(bare - known)}"
