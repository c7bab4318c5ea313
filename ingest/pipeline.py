"""process_raw: the one document boundary. Everything below raises; only here is a failure caught
and turned into a FailedDocument, so one bad document never stops the others."""
from __future__ import annotations

from dataclasses import replace

from . import stepstats
from .decode import check_size, decode_text, looks_like_html
from .errors import DocumentError
from .ids import raw_id as make_raw_id
from .records import CleanDocument, FailedDocument, Outcome, RawDocument
from .settings import Settings
from .version import PROCESSING_VERSION


def raw_from_bytes(content: bytes, source_uri: str, *, media_type: str | None = None,
                   fetched_at: str | None = None, url: str | None = None, charset: str | None = None,
                   origin: str | None = None, kind: str = "file") -> RawDocument:
    return RawDocument(make_raw_id(content), source_uri, content, media_type, fetched_at, url, charset, origin, kind)


def process_raw(raw: RawDocument, settings: Settings) -> Outcome:
    """Raw bytes → CleanDocument, or FailedDocument naming the stage and the reason."""
    fetched_at = settings.fetched_at or raw.fetched_at
    try:
        return _process(raw, settings)
    except DocumentError as exc:
        return FailedDocument(raw.raw_id, raw.source_uri, exc.stage, type(exc).__name__, str(exc), PROCESSING_VERSION,
                              raw.url, fetched_at)
    except ImportError:  # the installation, not this document: stop loudly (ingest.health says what to install)
        raise
    except Exception as exc:  # noqa: BLE001 - the boundary: an unexpected bug fails this document only
        return FailedDocument(raw.raw_id, raw.source_uri, "process", type(exc).__name__,
                              f"{raw.source_uri}: unexpected {type(exc).__name__}: {exc}", PROCESSING_VERSION,
                              raw.url, fetched_at)


def _process(raw: RawDocument, settings: Settings) -> CleanDocument:
    check_size(raw.content, raw.source_uri, settings.max_bytes)
    if raw.fetched_at and not settings.fetched_at:  # --fetched-at, when given, overrides the source's time
        settings = settings.with_(fetched_at=raw.fetched_at)
    with stepstats.recording() as steps:
        if looks_like_html(raw.content, raw.media_type or raw.source_uri):
            from .extract.html import clean_html

            with stepstats.stage("html"):
                cleaned = clean_html(raw.content, raw.source_uri, settings, charset=raw.charset)
                fmt, extractor = "html", "trafilatura"
        else:
            from .extract.text import clean_text

            with stepstats.stage("decode"):
                text = decode_text(raw.content, raw.source_uri, charset=raw.charset)
            with stepstats.stage("text"):
                cleaned, fmt, extractor = clean_text(text, settings, source=raw.source_uri), "text", "text"
    articles = cleaned.articles
    if raw.url and cleaned.kind == "article":  # the page's own URL when it names none (canonical, og:url)
        articles = tuple(a if a.url else replace(a, url=raw.url) for a in articles)
    return CleanDocument(raw.raw_id, raw.source_uri, cleaned.kind, articles, cleaned.removed,
                         fmt, PROCESSING_VERSION, extractor, cleaned.notes, cleaned.flags,
                         raw.url, settings.fetched_at, steps=tuple(steps))
