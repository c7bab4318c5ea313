"""WARC files written by warcio (gzip per record and uncompressed) read and landed: what became a
document, what was skipped by design and why, what failed, and nothing else lost."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from ingest import runs
from ingest.clean import clean
from ingest.records import CleanDocument, FailedDocument, RawDocument
from ingest.settings import Settings
from ingest.sources.base import Skipped, SourceFailure
from ingest.sources.dispatch import SourceContext, iter_items
from ingest.store import SqlStore, schema

from .builders import write_warc


def _items(path):
    return list(iter_items([str(path)], SourceContext(Settings())))


@pytest.mark.parametrize("gzip_records", [True, False], ids=["warc.gz", "warc"])
def test_every_record_is_a_document_a_skip_or_a_failure(tmp_path, gzip_records):
    path = tmp_path / ("crawl.warc.gz" if gzip_records else "crawl.warc")
    plan = write_warc(path, gzip_records=gzip_records, truncate_last=True)
    items = _items(path)
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert {d.url for d in docs} == set(plan.documents)
    assert Counter(i.reason for i in items if isinstance(i, Skipped)) == plan.skipped
    [failure] = [i for i in items if isinstance(i, SourceFailure)]
    assert failure.reason in ("truncated_record", "corrupt_record") and failure.stage == "read"
    assert failure.source_uri.startswith(f"{path}@")
    assert len(items) == len(plan.documents) + sum(plan.skipped.values()) + 1  # nothing else
    by_url = {d.url: d for d in docs}
    first = by_url["https://news.example/en/0"]
    assert first.fetched_at == "2024-03-05T10:20:00Z" and first.kind == "warc"
    assert first.origin == first.source_uri and first.source_uri.startswith(f"{path}@")
    offset = int(first.source_uri.rsplit("@", 1)[1])
    raw = path.read_bytes()
    assert raw[offset:offset + 2] == b"\x1f\x8b" if gzip_records else raw[offset:offset + 5] == b"WARC/"
    # HTTP encodings undone: the landed bytes are the page, not gzip or chunk framing
    assert by_url["https://news.example/de/gz"].content.startswith(b"<!DOCTYPE html>")
    assert by_url["https://news.example/en/chunked"].content.endswith(b"</html>")
    assert by_url["https://news.example/fr/budget"].charset == "iso-8859-1"


def test_clean_prints_one_outcome_per_document_with_url_and_time(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    plan = write_warc(path, gzip_records=True)
    skipped = Counter()
    outcomes = list(clean([path], Settings(), skipped=skipped))
    assert skipped == Counter(plan.skipped)
    assert [o.url for o in outcomes] == list(plan.documents)
    for o in outcomes:
        assert isinstance(o, CleanDocument) and o.kind == "article", o
        assert plan.documents[o.url] in o.articles[0].text
        assert o.to_dict()["url"] == o.url and o.to_dict()["fetched_at"] == o.fetched_at
        assert o.articles[0].url == o.url  # the page names no canonical URL: the fetched one stands
    fr = next(o for o in outcomes if o.url.endswith("/fr/budget"))
    assert "médiathèque" in fr.articles[0].text  # decoded with the HTTP header's charset


def test_run_stores_documents_failures_and_counts_skips(tmp_path, store_url):
    path = tmp_path / "crawl.warc.gz"
    plan = write_warc(path, gzip_records=True, truncate_last=True)
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone", batch_size=4)
    first = runs.run([str(path)], settings)
    assert first.stored == len(plan.documents) and first.failed == 1
    assert first.skipped_by_reason == plan.skipped and first.skipped == sum(plan.skipped.values())
    assert set(first.failures_by_reason) <= {"read:truncated_record", "read:corrupt_record"}
    [failure] = runs.failures(settings)
    assert failure.stage == "read" and failure.source_uri.startswith(f"{path}@")
    assert runs.status(settings).failures_by_reason == first.failures_by_reason
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        rows = conn.execute(select(schema.raw_documents.c.url, schema.raw_documents.c.fetched_at)).all()
        assert {u for u, _ in rows} == set(plan.documents) and all(f for _, f in rows)
        arts = conn.execute(select(schema.articles.c.url, schema.articles.c.fetched_at)).all()
        assert {u for u, _ in arts} == set(plan.documents) and all(f for _, f in arts)
        assert conn.scalar(select(func.count()).select_from(schema.document_sources)) == len(plan.documents)
    second = runs.run([str(path)], settings)  # the same crawl again: nothing new
    assert second.stored == 0 and second.unchanged == len(plan.documents) and second.failed == 1
    one = next(iter(plan.documents))
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        rid = conn.scalar(select(schema.raw_documents.c.raw_id).where(schema.raw_documents.c.url == one))
    outcome = runs.show(settings, rid)
    assert outcome.url == one and outcome.fetched_at
    [src] = runs.sources_of(settings, rid)
    assert src["kind"] == "warc" and src["url"] == one and src["source_uri"].startswith(f"{path}@")


def test_same_bytes_from_a_file_and_a_warc_keep_both_sources(tmp_path, store_url):
    warc = tmp_path / "crawl.warc"
    write_warc(warc, gzip_records=False)
    page = next(i for i in _items(warc) if isinstance(i, RawDocument))
    copy = tmp_path / "saved" / "page.html"
    copy.parent.mkdir()
    copy.write_bytes(page.content)
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone")
    runs.run([str(warc)], settings)
    summary = runs.run([str(copy)], settings)
    assert summary.unchanged == 1 and summary.stored == 0
    sources = runs.sources_of(settings, page.raw_id)
    assert [(s["kind"], s["source_uri"]) for s in sources] == [("warc", page.source_uri), ("file", str(copy))]


def test_a_file_that_is_not_a_warc_at_all_is_a_failure_row(tmp_path):
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"\x1f\x8b" + b"\x00garbage" * 50)
    outcomes = list(clean([bad], Settings()))
    assert len(outcomes) == 1 and isinstance(outcomes[0], FailedDocument)
    assert outcomes[0].stage == "read" and str(bad) in outcomes[0].message
