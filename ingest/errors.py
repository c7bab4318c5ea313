"""Exception tree of ingest. Every exception carries the facts; the message is built from them.

    IngestError
    ├── DocumentError(source, stage, reason, raw_id)   one document could not be processed
    │   ├── UnreadableInput    empty, binary, undecodable, over the size limit, unsupported type
    │   ├── ExtractionFailed   the extractor returned nothing usable
    │   └── RuleFailed         a cleaning rule raised (carries the rule name)
    ├── StoreError
    │   ├── StoreUnavailable   cannot connect (URL shown without its password)
    │   └── SchemaMismatch     the store was written by a newer schema
    ├── MissingDependency      the installation lacks a package (names it and the pip command)
    ├── ConfigError            a setting is invalid (names the setting)
    ├── UnknownReference       an id or run id that matches nothing in the store (a bad argument)
    └── RunInterrupted         the user stopped the run (Ctrl-C; ingest/interrupt.py)

Only `pipeline.process_raw` catches DocumentError (and unexpected exceptions) per document and
turns them into a FailedDocument; nothing below it swallows errors.
"""
from __future__ import annotations


class IngestError(Exception):
    """Base of every error this package raises on purpose."""


class DocumentError(IngestError):
    """One document failed at one stage; the message names the document and the reason."""

    stage = "process"

    def __init__(self, source: str, reason: str, *, raw_id: str | None = None, stage: str | None = None):
        self.source = source
        self.reason = reason
        self.raw_id = raw_id
        if stage:
            self.stage = stage
        super().__init__(f"{source}: {reason}")


class UnreadableInput(DocumentError):
    """The bytes cannot be turned into text: empty, binary, undecodable or too large."""

    stage = "decode"


class ExtractionFailed(DocumentError):
    """The extractor produced no usable content."""

    stage = "extract"


class RuleFailed(DocumentError):
    """A cleaning rule raised; the document is recorded as failed, the others go on."""

    stage = "clean"

    def __init__(self, source: str, rule: str, error: BaseException, *, raw_id: str | None = None):
        self.rule = rule
        super().__init__(source, f"rule {rule} raised {type(error).__name__}: {error}", raw_id=raw_id)


class StoreError(IngestError):
    """The canonical store failed."""


class StoreUnavailable(StoreError):
    """Cannot connect to the store; the URL is shown without its password."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"store {url} unavailable: {reason}")


class SchemaMismatch(StoreError):
    """The store's schema version is newer than this code understands."""

    def __init__(self, found: int, expected: int):
        self.found = found
        self.expected = expected
        super().__init__(f"store schema version {found} is newer than this ingest ({expected}); upgrade ingest")


class ConfigError(IngestError):
    """A setting has an invalid value; names the setting."""

    def __init__(self, setting: str, reason: str):
        self.setting = setting
        self.reason = reason
        super().__init__(f"setting {setting}: {reason}")


class UnknownReference(IngestError):
    """An id, prefix or run id given by the user matches nothing (or more than one thing) in the store."""

    def __init__(self, what: str, value: str, reason: str):
        self.what = what
        self.value = value
        self.reason = reason
        super().__init__(f"{what} {value!r}: {reason}")


class MissingDependency(IngestError):
    """A module the pipeline needs cannot be imported: an installation problem, never a document's."""

    def __init__(self, module: str, package: str, reason: str):
        self.module = module
        self.package = package
        super().__init__(f"cannot import {module} ({reason}); the installation is incomplete: "
                         f"pip install -c constraints.txt -e . (or pip install {package})")
