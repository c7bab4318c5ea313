"""Fetching from a real HTTP server on loopback: what landed, what failed with which reason, and
that nothing else was lost. The fetcher is allowed 127.0.0.0/8 only (the test server); every other
non-public address stays refused, so no packet leaves loopback."""
from __future__ import annotations

import time
from dataclasses import replace

import pytest

from ingest import runs
from ingest.clean import clean
from ingest.fetch.client import Fetcher
from ingest.fetch.policy import FetchPolicy, blocked_reason
from ingest.records import CleanDocument, FailedDocument
from ingest.settings import Settings
from ingest.sources.options import SourceOptions

from .http_site import SLOW_SECONDS, Site

LOOPBACK = FetchPolicy(allow_networks=("127.0.0.0/8",), per_host_delay=0.0, per_host_concurrency=4,
                       read_timeout=1.0, total_timeout=2.0, max_bytes=1024 * 1024, backoff=0.1)


@pytest.fixture
def site():
    with Site() as s:
        yield s


def _settings(policy=LOOPBACK, **kw) -> Settings:
    return Settings(sources=SourceOptions(fetch=policy, **kw))


def test_addresses_refused_by_default():
    for address in ("127.0.0.1", "10.1.2.3", "192.168.0.5", "169.254.169.254", "224.0.0.1", "::1", "fe80::1",
                    "::ffff:127.0.0.1", "100.64.0.1", "0.0.0.0"):
        assert blocked_reason(address), address
    assert blocked_reason("93.184.216.34") is None
    assert blocked_reason("127.0.0.1", ("127.0.0.0/8",)) is None and blocked_reason("10.0.0.1", ("127.0.0.0/8",))


def test_each_url_lands_or_fails_with_its_reason(site):
    b = site.base
    urls = [f"{b}/page/1", f"{b}/moved", f"{b}/to-private", f"{b}/loop", f"{b}/private/secret", f"{b}/slow",
            f"{b}/big", f"{b}/big-chunked", f"{b}/missing", f"{b}/report.pdf", f"{b}/latin1", "ftp://x.example/a"]
    with pytest.raises(Exception, match="only http"):
        list(clean(urls, _settings()))
    outcomes = list(clean(urls[:-1], _settings()))
    by = {o.source_uri: o for o in outcomes}
    assert set(by) == set(urls[:-2] + [urls[-2]]) - {f"{b}/report.pdf"}  # the PDF is skipped, not lost
    failed = {u: (o.stage, o.error_type) for u, o in by.items() if isinstance(o, FailedDocument)}
    assert failed == {f"{b}/to-private": ("fetch", "blocked_address"), f"{b}/loop": ("fetch", "too_many_redirects"),
                      f"{b}/private/secret": ("fetch", "robots_disallowed"), f"{b}/slow": ("fetch", "timeout"),
                      f"{b}/big": ("fetch", "too_large"), f"{b}/big-chunked": ("fetch", "too_large"),
                      f"{b}/missing": ("fetch", "http_404")}
    page, moved = by[f"{b}/page/1"], by[f"{b}/moved"]
    assert isinstance(page, CleanDocument) and "(Item 1001.)" in page.articles[0].text
    assert page.url == f"{b}/page/1" and page.fetched_at
    assert moved.url == f"{b}/page/1" and moved.raw_id == page.raw_id  # followed, same bytes
    assert "médiathèque" in by[f"{b}/latin1"].articles[0].text  # the HTTP charset decoded it
    assert "/private/secret" not in site.paths() and "/robots.txt" in site.paths()
    assert all(h.get("User-Agent") == LOOPBACK.user_agent for _, h in site.requests)


def test_loopback_is_refused_without_the_setting(site):
    [o] = clean([f"{site.base}/page/1"], Settings())
    assert (o.stage, o.error_type) == ("fetch", "blocked_address") and site.requests == []


def test_429_is_retried_after_retry_after(site):
    started = time.monotonic()
    fetcher = Fetcher(LOOPBACK)
    result = fetcher.fetch(f"{site.base}/busy")
    fetcher.close()
    assert result.ok and time.monotonic() - started >= 1.0  # waited what Retry-After asked
    assert site.paths().count("/busy") == 2


def test_per_host_delay_spaces_requests(site):
    fetcher = Fetcher(replace(LOOPBACK, per_host_delay=0.3, per_host_concurrency=1))
    started = time.monotonic()
    results = list(fetcher.fetch_many([f"{site.base}/page/{n}" for n in range(4)], lambda u: None))
    fetcher.close()
    assert all(r.ok for r in results) and time.monotonic() - started >= 0.9  # robots + 4 pages, 0.3 s apart


def test_run_twice_revalidates_with_etag_and_rerun_never_fetches(site, tmp_path, store_url):
    settings = replace(_settings(), store_url=store_url, raw_zone=tmp_path / "zone")
    urls = [f"{site.base}/page/{n}" for n in (1, 2, 3)]
    first = runs.run(urls, settings)
    assert first.stored == 3 and first.failed == 0
    second = runs.run(urls, settings)
    assert second.stored == 0 and second.unchanged == 3
    conditional = [h for p, h in site.requests[-3:]]
    assert all(h.get("If-None-Match", "").startswith('"v1-') for h in conditional)
    before = len(site.requests)
    rerun = runs.rerun(settings, ids=[_one_id(settings)])
    assert rerun.documents == 1 and len(site.requests) == before  # from the raw zone, no request


def _one_id(settings) -> str:
    from sqlalchemy import select

    from ingest.store import SqlStore, schema

    with SqlStore(settings.store_url) as store, store.engine.connect() as conn:
        return conn.scalar(select(schema.raw_documents.c.raw_id).limit(1))


def test_feeds_and_sitemaps_expand_to_their_pages(site, tmp_path):
    b = site.base
    rss = list(clean([f"{b}/feed.rss"], _settings()))
    assert [o.url for o in rss] == [f"{b}/page/10", f"{b}/page/11"]
    atom = list(clean([f"{b}/feed.atom"], _settings()))
    assert [o.url for o in atom] == [f"{b}/page/20", f"{b}/page/21"]
    maps = list(clean([f"{b}/sitemap_index.xml"], _settings()))
    assert [o.url for o in maps] == [f"{b}/page/{n}" for n in (30, 31, 32)]
    assert all(isinstance(o, CleanDocument) and o.kind == "article" for o in rss + atom + maps)
    recent = list(clean([f"{b}/sitemap_index.xml"], _settings(since="2024-05-01T00:00:00+00:00")))
    assert [o.url for o in recent] == [f"{b}/page/31", f"{b}/page/32"]
    pattern = list(clean([f"{b}/feed.rss"], _settings(url_pattern=r"/page/11$")))
    assert [o.url for o in pattern] == [f"{b}/page/11"]
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# my list\n{b}/page/40\n\n{b}/missing\n")
    listed = list(clean([listing], _settings()))
    assert [(o.source_uri, type(o).__name__) for o in listed] == [(f"{b}/page/40", "CleanDocument"),
                                                                  (f"{b}/missing", "FailedDocument")]
    assert "/slow" not in site.paths() and SLOW_SECONDS
