"""Typed records that flow through the pipeline. Frozen: a stage returns new records, never edits."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Kind = Literal["article", "listing", "forum", "non_article"]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document exactly as it arrived: the bytes are never modified."""

    raw_id: str  # content hash of `content` (ids.raw_id)
    source_uri: str
    content: bytes
    media_type: str | None = None  # hint only ("text/html", "text/plain"); content decides
    fetched_at: str | None = None  # ISO 8601, when the source was fetched (if known)
    url: str | None = None  # the URL the bytes were served from (WARC-Target-URI, JSONL url, a fetch)
    charset: str | None = None  # charset the transport declared (HTTP Content-Type): a decoding hint
    origin: str | None = None  # the container it was read from: "crawl.warc.gz@1234", "pages.jsonl:17"
    kind: str = "file"  # which source produced it: file | warc | jsonl | url | stdin


@dataclass(frozen=True, slots=True)
class RemovedSpan:
    """One piece of text a rule removed, with who removed it and why (provenance)."""

    rule: str  # "family.rule", e.g. "tickers.quote_run"
    reason: str  # stable snake_case code
    start: int  # offsets into the normalised input text the rules saw
    end: int
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Embed:
    """A social post embedded in the page: removed from the body, kept as metadata."""

    platform: str  # twitter, instagram, youtube, facebook, tiktok, bluesky, ...
    author: str = ""
    handle: str = ""
    date: str = ""  # ISO date when parseable, else as written
    url: str = ""
    text: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class FieldSource:
    """Where one metadata value came from (e.g. field=published, source=byline)."""

    field: str
    value: str
    source: str  # "byline", "dateline", "text_dump.heading", "json_ld", "og", ...


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """One clean article (or one teaser of a listing page) with its metadata."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    updated: str | None = None
    dateline: str | None = None
    language: str | None = None
    truncated: bool = False
    embeds: tuple[Embed, ...] = ()
    word_count: int = 0
    site_name: str | None = None
    url: str | None = None
    sources: tuple[FieldSource, ...] = ()  # where each metadata value came from
    conflicts: tuple[str, ...] = ()  # metadata fields whose sources disagreed
    description: str | None = None  # the page's own summary (meta description, og:description)
    categories: tuple[str, ...] = ()  # sections the publisher files the article under
    tags: tuple[str, ...] = ()  # keywords / topic tags
    markdown: str | None = None  # the same article with its structure (headings, lists, tables, quotes)
    # py3langid's probability for `language` on the document's text sample, in (0, 1]; None with no
    # language (or when language detection is off, or the code is one the identifier does not know)
    language_score: float | None = None

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "updated": self.updated,
            "language": self.language,
            "language_score": self.language_score,
            "truncated": self.truncated,
            "dateline": self.dateline,
            "site_name": self.site_name,
            "url": self.url,
            "word_count": self.word_count,
            "text": self.text,
            "embeds": [e.to_dict() for e in self.embeds],
            "sources": {s.field: s.source for s in self.sources},
            "conflicts": list(self.conflicts),
            "description": self.description,
            "categories": list(self.categories),
            "tags": list(self.tags),
            "markdown": self.markdown,
        }


@dataclass(frozen=True, slots=True)
class Note:
    """A decision a step made that changed no text but must be visible (a charset chosen despite bad
    bytes, a guard that kept a block, layout tables unwrapped): provenance beside the removals."""

    step: str  # "decode", "html_prepass.guard", "dom_tables", ...
    code: str  # stable snake_case code
    detail: str  # for a person: what, how much, where

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class CleanDocument:
    """The successful outcome of one raw document: its articles and everything removed."""

    raw_id: str
    source_uri: str
    kind: Kind
    articles: tuple[CleanArticle, ...]
    removed: tuple[RemovedSpan, ...]
    input_format: Literal["text", "html"] = "text"
    ruleset_version: str = ""
    extractor: str = "text"
    notes: tuple[Note, ...] = ()
    # Marks an operator should look at, e.g. "guard.kept_doubtful": cleaning would have removed most
    # of the document's prose, so the doubtful blocks were kept (ingest flagged lists them).
    flags: tuple[str, ...] = ()
    url: str | None = None  # where the page was fetched from (None for a plain file)
    fetched_at: str | None = None  # when (ISO 8601), from the source or --fetched-at
    # Per-step figures (ingest.stepstats.StepStat) of this processing: for the run summary, not part
    # of the outcome (not stored, not compared).
    steps: tuple = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict:
        return {
            "source": self.source_uri,
            "raw_id": self.raw_id,
            "url": self.url,
            "fetched_at": self.fetched_at,
            "kind": self.kind,
            "format": self.input_format,
            "ruleset_version": self.ruleset_version,
            "flags": list(self.flags),
            "articles": [a.to_dict() for a in self.articles],
            "removed": [{"rule": s.rule, "reason": s.reason, "start": s.start, "end": s.end, "text": s.text}
                        for s in self.removed],
            "notes": [n.to_dict() for n in self.notes],
        }


@dataclass(frozen=True, slots=True)
class FailedDocument:
    """A document that could not be processed: recorded as data, never raised past the pipeline."""

    raw_id: str
    source_uri: str
    stage: str
    error_type: str
    message: str
    ruleset_version: str = ""
    url: str | None = None
    fetched_at: str | None = None

    def to_dict(self) -> dict:
        return {
            "source": self.source_uri,
            "raw_id": self.raw_id,
            "url": self.url,
            "fetched_at": self.fetched_at,
            "kind": None,
            "flags": [],
            "articles": [],
            "removed": [],
            "error": {"type": self.error_type, "stage": self.stage, "message": self.message},
        }


Outcome = CleanDocument | FailedDocument


@dataclass(frozen=True, slots=True)
class RunSummary:
    """Counts of one run: what was stored, skipped, failed, and what each rule removed."""

    run_id: str
    documents: int = 0
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    articles: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    removals_by_rule: dict[str, int] = field(default_factory=dict)
    failures_by_reason: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    skipped: int = 0  # records left out by design (WARC request/revisit records, non-HTML…), not failures
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    # step ("rule:<name>" | "stage:<name>") → {"documents", "spans", "chars", "seconds"}
    steps: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)
