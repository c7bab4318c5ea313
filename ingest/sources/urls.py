"""URLs → fetched documents: `https://…` arguments, URL-list files, and the URLs that feeds and
sitemaps list (a fetched body that is a feed or sitemap is expanded, not stored). Every fetch goes
through fetch.client.Fetcher (security and politeness live there); a failed URL is a SourceFailure
with stage `fetch` and its reason; a 304 answer to a conditional re-fetch is Unchanged."""
from __future__ import annotations

import re
from typing import BinaryIO, Iterable, Iterator

from ..pipeline import raw_from_bytes
from ..records import RawDocument
from .base import Item, Skipped, SourceFailure, Unchanged
from .feeds import MAX_LISTING_BYTES, Listed, parse_feed, parse_sitemap
from .sniff import decompressed_head, kind_of, open_decompressed
from .warc import is_document_type

# Sitemap index → sitemap → pages: deeper nesting is not in the protocol, and bounds a loop.
MAX_LISTING_DEPTH = 3
LISTING_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
                 "application/x-gzip", "application/gzip", "application/octet-stream")


def _keep(listed: Listed, since: str | None, pattern: re.Pattern | None) -> bool:
    if listed.is_sitemap:
        return True  # child sitemaps are always read; their pages are filtered
    if pattern and not pattern.search(listed.url):
        return False
    return not (since and listed.date and listed.date < since)


class UrlList:
    kind = "url"

    def __init__(self, urls: Iterable[str], ctx, *, origin: str | None, depth: int = 0):
        self.urls, self.ctx, self.origin, self.depth = urls, ctx, origin, depth

    def items(self) -> Iterator[Item]:
        fetcher = self.ctx.fetcher()
        for result in fetcher.fetch_many(self.urls, self.ctx.validators):
            yield from self._items(result)

    def _items(self, r) -> Iterator[Item]:
        if r.not_modified:
            known = self.ctx.validators(r.url) or {}
            yield Unchanged(r.url, known.get("raw_id", ""))
            return
        if not r.ok:
            yield SourceFailure(r.url, "fetch", r.reason or "fetch_failed", r.message, url=r.url)
            return
        media = (r.content_type or "").split(";", 1)[0].strip().lower()
        kind = kind_of(decompressed_head(r.body[:8192]))
        if kind in ("feed", "sitemap") and (not media or media in LISTING_TYPES or "xml" in media):
            yield from self._expand(r, kind)
            return
        if not is_document_type(media):
            yield Skipped(r.url, "not_html")
            return
        raw = raw_from_bytes(r.body, r.url, media_type=media or None, fetched_at=r.fetched_at, url=r.final_url,
                             charset=r.charset, origin=self.origin, kind="url")
        if r.etag or r.last_modified:
            self.ctx.fetched.append({"url": r.url, "etag": r.etag, "last_modified": r.last_modified,
                                     "raw_id": raw.raw_id, "fetched_at": r.fetched_at})
        yield raw

    def _expand(self, r, kind: str) -> Iterator[Item]:
        if self.depth >= MAX_LISTING_DEPTH:
            yield SourceFailure(r.url, "fetch", "listing_too_deep", f"{r.url}: sitemaps nested too deep")
            return
        import io

        content = open_decompressed(io.BytesIO(r.body), r.body[:4]).read(MAX_LISTING_BYTES)
        yield from expand_listing(r.url, kind, content, self.ctx, self.depth + 1)


def expand_listing(where: str, kind: str, content: bytes, ctx, depth: int) -> Iterator[Item]:
    """The items of the URLs a feed or sitemap lists (filtered by --since and --url-pattern)."""
    opts = ctx.settings.sources
    try:
        listed = parse_sitemap(content) if kind == "sitemap" else parse_feed(content)
    except Exception as exc:  # noqa: BLE001 - a parser's own error types vary; the listing fails, named
        yield SourceFailure(where, "read", "bad_listing", f"{where}: cannot parse {kind}: {exc}")
        return
    pattern = re.compile(opts.url_pattern) if opts.url_pattern else None
    kept = [x for x in listed if _keep(x, opts.since, pattern)]
    for n in range(len(listed) - len(kept)):
        yield Skipped(where, "filtered_out")
    yield from UrlList([x.url for x in kept], ctx, origin=where, depth=depth).items()


class UrlFile:
    """A local URL list (one per line, `#` comments), feed or sitemap file (plain or compressed)."""

    kind = "url"

    def __init__(self, path: str, kind: str, stream: BinaryIO, ctx):
        self.path, self.listing, self.stream, self.ctx = path, kind, stream, ctx

    def items(self) -> Iterator[Item]:
        if self.listing != "urls":
            with self.stream:
                content = self.stream.read(MAX_LISTING_BYTES)
            yield from expand_listing(self.path, self.listing, content, self.ctx, 1)
            return
        pattern = re.compile(self.ctx.settings.sources.url_pattern) if self.ctx.settings.sources.url_pattern else None
        skipped: list[str] = []

        def lines() -> Iterator[str]:
            with self.stream:
                for raw in self.stream:
                    url = raw.decode("utf-8", "replace").strip()
                    if not url or url.startswith("#"):
                        continue
                    if pattern and not pattern.search(url):
                        skipped.append(url)
                        continue
                    yield url

        for item in UrlList(lines(), self.ctx, origin=self.path).items():
            while skipped:
                skipped.pop()
                yield Skipped(self.path, "filtered_out")
            yield item
        for _ in skipped:
            yield Skipped(self.path, "filtered_out")


__all__ = ["RawDocument", "UrlFile", "UrlList", "expand_listing"]
