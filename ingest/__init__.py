"""ingest: scraped web pages → clean article text with metadata and provenance.

    import ingest
    doc = ingest.clean_html(html, url="https://example.org/a")   # or ingest.clean_text(text)
    doc.articles[0].text, doc.articles[0].title, doc.removed      # a FailedDocument says why instead

`ingest.clean(paths)` cleans files. The library never imports Prefect; flows/ wraps it.
"""
from .api import clean_html, clean_text
from .clean import clean
from .errors import (ConfigError, DocumentError, ExtractionFailed, IngestError, MissingDependency, RuleFailed,
                     SchemaMismatch, StoreError, StoreUnavailable, UnknownReference, UnreadableInput)
from .pipeline import process_raw, raw_from_bytes
from .records import (CleanArticle, CleanDocument, Embed, FailedDocument, FieldSource, Outcome, RawDocument,
                      RemovedSpan, RunSummary)
from .settings import Settings

__version__ = "0.1.0"

__all__ = sorted([
    "CleanArticle", "CleanDocument", "ConfigError", "DocumentError", "Embed", "ExtractionFailed",
    "FailedDocument", "FieldSource", "IngestError", "Outcome", "RawDocument", "RemovedSpan", "RuleFailed",
    "RunSummary", "SchemaMismatch", "Settings", "StoreError", "StoreUnavailable", "UnknownReference",
    "MissingDependency", "UnreadableInput", "clean", "clean_html", "clean_text", "process_raw", "raw_from_bytes",
])
