"""The processing version: one short string that changes whenever the output of cleaning could change.

It is derived from
  - the code of the whole cleaning path: every module of the `ingest` package except those listed in
    OFF_PATH (storage, orchestration, command line), hashed as syntax trees without docstrings, so a
    comment or a docstring edit does not re-clean a store, while any code change does;
  - the versions of the installed libraries the cleaning path runs on: the runtime requirements of the
    `ingest` distribution and theirs, transitively (trafilatura pulls in htmldate, courlan, justext…),
    except the storage/orchestration ones in OFF_PATH_DISTRIBUTIONS;
  - the Python minor version and its Unicode database (regexes and normalisation depend on both).
Settings and per-document inputs (fetched_at, the URL) are not part of it: they are stored with each
document (`ingest.runs.output_settings`), so a re-run reproduces them and a change of them is seen per
document.

Bump PROCESSING_SERIES by hand for behaviour changes worth announcing.
"""
from __future__ import annotations

import ast
import hashlib
import os
import re
import sys
import unicodedata
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Mapping

PROCESSING_SERIES = "2"
PACKAGE_ROOT = Path(__file__).resolve().parent

# Modules (paths relative to the package) that never change a document's outcome. Anything not listed
# counts, so a new module is on the cleaning path until someone says otherwise.
OFF_PATH = frozenset({
    "cli.py", "cli_store.py", "runs.py", "landing.py", "raw_zone.py", "export.py", "explain.py", "clean.py", "sandbox.py",
    "version.py", "__init__.py", "store", "sources", "fetch", "procstat.py", "reaper.py", "health.py",
    "stepstats.py", "interrupt.py", "dask_stop.py", "worker.py", "progress_total.py",
    "batch_processes.py", "piped_child.py", "_fork_server_preload.py", "cleaning_slots.py",
})
OFF_PATH_DISTRIBUTIONS = frozenset({"sqlalchemy", "rich", "pyarrow", "psycopg", "psycopg-binary", "prefect",
                                    "fastapi", "greenlet", "typing-extensions", "markdown-it-py", "pygments",
                                    "mdurl"})


def cleaning_modules(root: Path = PACKAGE_ROOT) -> list[Path]:
    """The source files of the cleaning path, in a stable order."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in OFF_PATH or str(rel) in OFF_PATH:
            continue
        found.append(path)
    return found


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def code_fingerprint(paths: list[Path], root: Path = PACKAGE_ROOT) -> str:
    """Hash of the code (not comments or docstrings) of `paths`; data files beside them count as bytes."""
    h = hashlib.blake2b(digest_size=5)
    for path in paths:
        h.update(str(path.relative_to(root)).encode())
        tree = _strip_docstrings(ast.parse(path.read_bytes()))
        h.update(ast.dump(tree, include_attributes=False).encode())
    data = root / "data"
    if data.is_dir():
        for path in sorted(p for p in data.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _requirement_name(spec: str) -> str | None:
    if ";" in spec and "extra" in spec.split(";", 1)[1]:
        return None  # an optional extra (postgres, flows, dev) is not on the cleaning path
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    return m.group(1).lower().replace("_", "-") if m else None


def library_versions(top: str = "ingest") -> dict[str, str]:
    """name → installed version of every runtime dependency of `top`, transitively, on the cleaning path."""
    versions: dict[str, str] = {}
    todo = [top]
    while todo:
        name = todo.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if name != top:
            versions[name] = dist.version
        for spec in dist.requires or []:
            dep = _requirement_name(spec)
            if dep and dep not in versions and dep not in OFF_PATH_DISTRIBUTIONS and dep != top:
                todo.append(dep)
                versions.setdefault(dep, "")  # placeholder: visited once
    return {k: v for k, v in sorted(versions.items()) if v}


def processing_version(code: str, libraries: Mapping[str, str], series: str = PROCESSING_SERIES) -> str:
    """The version string for a code fingerprint and a library → version map."""
    h = hashlib.blake2b(digest_size=4)
    for name, version in sorted(libraries.items()):
        h.update(f"{name}=={version}\n".encode())
    h.update(f"python {sys.version_info[0]}.{sys.version_info[1]} unicode {unicodedata.unidata_version}".encode())
    return f"{series}+{code}.{h.hexdigest()}"


def _cache_key(paths: list[Path]) -> str:
    """Changes when a module of the cleaning path or the installed libraries may have changed: the
    modules' size and mtime, and the mtime of each site-packages directory (installing, upgrading or
    removing a distribution adds or removes a *.dist-info entry there)."""
    h = hashlib.blake2b(digest_size=8)
    for path in paths:
        st = path.stat()
        h.update(f"{path}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    for entry in sys.path:
        try:
            h.update(f"{entry}:{os.stat(entry).st_mtime_ns}\n".encode())
        except OSError:
            continue
    h.update(PROCESSING_SERIES.encode() + sys.version.encode())
    return h.hexdigest()


def _cache_dir() -> Path:
    return Path(os.environ.get("INGEST_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                / "ingest")


@lru_cache(maxsize=1)
def current() -> str:
    """The version of the running code and libraries. Computing it parses the cleaning path (~0.3 s), so
    it is cached on disk under a key that changes whenever it could (see _cache_key)."""
    paths = cleaning_modules()
    cached = _cache_dir() / f"processing-version-{_cache_key(paths)}"
    try:
        return cached.read_text().strip()
    except OSError:
        pass
    version = processing_version(code_fingerprint(paths), library_versions())
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(version)
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only home: computed each time
    return version


PROCESSING_VERSION = current()
