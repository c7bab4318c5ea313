"""ingest: scraped web pages → clean article text with metadata and provenance.

The library never imports Prefect; flows/ wraps it.
"""
from .clean import clean
from .errors import (ConfigError, DocumentError, ExtractionFailed, IngestError, RuleFailed, SchemaMismatch,
                     StoreError, StoreUnavailable, UnreadableInput)
from .pipeline import process_raw, raw_from_bytes
from .records import (CleanArticle, CleanDocument, Embed, FailedDocument, FieldSource, Outcome, RawDocument,
                      RemovedSpan, RunSummary)
from .settings import Settings

__version__ = "0.1.0"

__all__ = sorted([
    "CleanArticle", "CleanDocument", "ConfigError", "DocumentError", "Embed", "ExtractionFailed",
    "FailedDocument", "FieldSource", "IngestError", "Outcome", "RawDocument", "RemovedSpan", "RuleFailed",
    "RunSummary", "SchemaMismatch", "Settings", "StoreError", "StoreUnavailable", "UnreadableInput", "clean",
    "process_raw", "raw_from_bytes",
])
