"""Which source reads an input: chosen by scheme (`https://…`, `-`) and by content (sniff.py), the
extension only breaking ties. The flow, `ingest run` and `ingest clean` all read inputs through
iter_items(), so they agree on what every input is."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..settings import Settings
from .base import Item, Source, SourceFailure
from .document import DocumentFile, StdinDocument
from .files import ReadRefused, expand, open_regular
from .sniff import HEAD_BYTES, compression, decompressed_head, kind_of, open_decompressed

_URL = re.compile(r"^https?://", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.IGNORECASE)


def is_url(spec: str) -> bool:
    return bool(_URL.match(spec))


@dataclass
class SourceContext:
    """What sources may ask of the run: the last validators of a URL (conditional re-fetch) and where
    to report new ones. Without a store (`ingest clean`) every fetch is unconditional."""

    settings: Settings
    validators: Callable[[str], dict | None] = lambda url: None
    fetched: list[dict] = field(default_factory=list)  # validator rows of this run, drained by the caller
    _fetcher: object | None = None

    def fetcher(self):
        if self._fetcher is None:
            from ..fetch.client import Fetcher

            self._fetcher = Fetcher(self.settings.sources.fetch)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def check_specs(specs: Iterable[str], *, must_exist: bool = True) -> None:
    """Refuse what cannot be a source before any work: an unknown scheme (ftp://, file://), a path
    that does not exist (`ingest run`; `ingest clean` reports it as the input's error line instead)."""
    import os

    from ..errors import ConfigError

    for spec in map(str, specs):
        m = _SCHEME.match(spec)
        if m and m.group(1).lower() not in ("http", "https"):
            raise ConfigError("sources", f"{spec!r}: only http:// and https:// URLs can be fetched")
        if must_exist and not (m or spec == "-" or any(c in spec for c in "*?[") or os.path.lexists(spec)):
            raise ConfigError("sources", f"{spec!r}: no such file or directory")


def iter_items(specs: Iterable[str], ctx: SourceContext) -> Iterator[Item]:
    """Every item of every source, in order, streamed (one body in memory at a time)."""
    specs = [str(s) for s in specs]
    check_specs(specs, must_exist=False)
    urls: list[str] = []
    for spec in specs:
        if is_url(spec):
            urls.append(spec)
            continue
        if urls:  # consecutive URL arguments are fetched together (per-host politeness across them)
            yield from _url_items(urls, ctx)
            urls = []
        if spec == "-":
            yield from StdinDocument(max_bytes=ctx.settings.max_bytes, fetched_at=ctx.settings.fetched_at).items()
            continue
        if not _exists(spec):
            yield SourceFailure(spec, "read", "not_found", f"{spec}: cannot read file: no such file or directory")
            continue
        for entry in expand([spec], follow_symlinks=ctx.settings.sources.follow_symlinks):
            if isinstance(entry, str):
                yield from file_items(entry, ctx)
            else:
                yield entry
    if urls:
        yield from _url_items(urls, ctx)


def _exists(spec: str) -> bool:
    import os

    return any(c in spec for c in "*?[") or os.path.lexists(spec)


def _url_items(urls: list[str], ctx: SourceContext) -> Iterator[Item]:
    from .urls import UrlList

    yield from UrlList(urls, ctx, origin=None).items()


def file_items(path: str, ctx: SourceContext) -> Iterator[Item]:
    try:
        source = open_file_source(path, ctx)
    except ReadRefused as refused:
        yield refused.failure()
        return
    yield from source.items()


def open_file_source(path: str, ctx: SourceContext) -> Source:
    """The source that reads this file, chosen by its (decompressed) first bytes."""
    s = ctx.settings
    stream, size = open_regular(path)
    try:
        raw_head = stream.read(HEAD_BYTES)
        stream.seek(0)
    except OSError as exc:
        stream.close()
        raise ReadRefused(path, "unreadable", f"cannot read file: {exc.strerror or exc}") from None
    head = decompressed_head(raw_head)
    kind = kind_of(head)
    if kind == "warc":
        from .warc import WarcFile

        return WarcFile(path, stream, max_bytes=s.max_bytes)  # FastWARC undoes gzip/zstd itself
    if kind == "jsonl":
        from .jsonl import JsonlFile

        return JsonlFile(path, open_decompressed(stream, raw_head), fields=s.sources.jsonl, max_bytes=s.max_bytes)
    if kind in ("urls", "feed", "sitemap"):
        from .urls import UrlFile

        return UrlFile(path, kind, open_decompressed(stream, raw_head), ctx)
    if compression(raw_head) is None and size > s.max_bytes:  # refused on its size alone: never read
        stream.close()
        raise ReadRefused(path, "too_large", f"too large: {size} bytes (limit {s.max_bytes})")
    return DocumentFile(path, stream, raw_head, max_bytes=s.max_bytes, fetched_at=s.fetched_at)
