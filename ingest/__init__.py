"""ingest: scraped web pages → clean article text with metadata and provenance.

    import ingest
    doc = ingest.clean_html(html, url="https://example.org/a")   # or ingest.clean_text(text)
    doc.articles[0].text, doc.articles[0].title, doc.removed      # a FailedDocument says why instead

`ingest.clean(paths)` cleans files. The library never imports Prefect; flows/ wraps it.

Why the functions are loaded on first use (PEP 562) rather than here: the cleaning path hashes its own
code for the processing version when imported (ingest/version.py, ~0.3 s on a first start), and the
`ingest` console script imports this package before its entry point can handle Ctrl-C, so anything
slow here was a window in which Ctrl-C printed a traceback (issue 13). `import ingest` loads only the
record and error types.
"""
from __future__ import annotations

import sys
import types
import importlib as _importlib
import typing as _typing

from .errors import (ConfigError, DocumentError, ExtractionFailed, IngestError, MissingDependency, RuleFailed,
                     SchemaMismatch, StoreError, StoreUnavailable, UnknownReference, UnreadableInput)
from .records import (CleanArticle, CleanDocument, Embed, FailedDocument, FieldSource, Outcome, RawDocument,
                      RemovedSpan, RunSummary)
from .settings import Settings

__version__ = "0.1.0"

# Public functions loaded on first access: name → the submodule that defines it.
_LAZY = {"clean": "clean", "clean_html": "api", "clean_text": "api", "process_raw": "pipeline",
         "raw_from_bytes": "pipeline"}

__all__ = sorted([
    "CleanArticle", "CleanDocument", "ConfigError", "DocumentError", "Embed", "ExtractionFailed",
    "FailedDocument", "FieldSource", "IngestError", "Outcome", "RawDocument", "RemovedSpan", "RuleFailed",
    "RunSummary", "SchemaMismatch", "Settings", "StoreError", "StoreUnavailable", "UnknownReference",
    "MissingDependency", "UnreadableInput", "clean", "clean_html", "clean_text", "process_raw", "raw_from_bytes",
])


class _Package(types.ModuleType):
    """This package's module object. Importing the submodule `ingest.clean` makes Python set the
    package attribute `clean` to that module; `ingest.clean` must stay the function."""

    def __setattr__(self, name: str, value: _typing.Any) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == name:
            return  # the function of that name is loaded by __getattr__ instead
        super().__setattr__(name, value)


def __getattr__(name: str) -> _typing.Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'ingest' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


sys.modules[__name__].__class__ = _Package
