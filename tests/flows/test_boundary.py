"""Prefect stays at the edge: the library and its CLI import without it."""
from __future__ import annotations

import subprocess
import sys


def test_the_library_never_imports_prefect():
    code = ("import sys, pkgutil, importlib, ingest\n"
            "for m in pkgutil.walk_packages(ingest.__path__, 'ingest.'):\n"
            "    importlib.import_module(m.name)\n"
            "from ingest import cli; cli.build_parser()\n"
            "bad = sorted(n for n in sys.modules if n == 'prefect' or n.startswith('prefect.'))\n"
            "assert not bad, bad[:5]\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
