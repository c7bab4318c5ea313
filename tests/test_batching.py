"""Batches close at a count or at a weight of bodies: page-size inputs give batches enough for every
worker (the unit of parallelism is a batch), small ones stay batches of `batch_size`."""
from __future__ import annotations

from ingest import runs
from ingest.ids import raw_id
from ingest.records import RawDocument
from ingest.settings import Settings
from ingest.sources.base import Skipped
from ingest.store import SqlStore


def _raw(i: int, size: int) -> RawDocument:
    body = (f"<p>page {i} " + "x" * size + "</p>").encode()
    return RawDocument(raw_id(body), f"p{i}.html", body)


def test_a_batch_closes_at_the_count_or_the_bytes_whichever_comes_first():
    small = [_raw(i, 100) for i in range(10)]
    assert [len(b) for b in runs.batched_by_size(small, 4, max_bytes=10_000)] == [4, 4, 2]
    big = [_raw(i, 3000) for i in range(10)]  # ~3 KB each: 10 KB holds four
    assert [len(b) for b in runs.batched_by_size(big, 500, max_bytes=10_000)] == [4, 4, 2]
    assert [len(b) for b in runs.batched_by_size([_raw(0, 50_000)], 500, max_bytes=10_000)] == [1]


def test_items_without_a_body_weigh_nothing_and_nothing_is_lost():
    items = [Skipped(f"s{i}", "robots") if i % 2 else _raw(i, 3000) for i in range(12)]
    batches = list(runs.batched_by_size(items, 500, max_bytes=10_000))
    assert [len(b) for b in batches] == [7, 5]
    assert [x for b in batches for x in b] == items


def test_read_batches_splits_page_size_files_by_bytes(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    page = "<p>" + "word " * (runs.BATCH_MAX_BYTES // 500) + "</p>"  # ~100 pages make a batch's weight
    count = runs.BATCH_MAX_BYTES // len(page) + 5  # more than one batch's weight
    for i in range(count):
        (docs / f"p{i:04d}.html").write_text(f"<html><body>{i}{page}</body></html>")
    settings = Settings(store_url=f"sqlite:///{tmp_path / 's.db'}", raw_zone=tmp_path / "zone")
    with SqlStore(settings.store_url) as store:
        sizes = [len(b.items) for b in runs.read_batches(store, [str(docs)], settings)]
    assert sum(sizes) == count and len(sizes) == 2
    assert sizes[0] < settings.batch_size


def test_the_last_batch_is_cut_so_every_worker_shares_the_end_of_a_run():
    big = [_raw(i, 3000) for i in range(10)]
    assert [len(b) for b in runs.batched_by_size(big, 500, max_bytes=10_000, tail_parts=2)] == [4, 4, 1, 1]
    eight = big[:8]  # the last batch is a full one: it is cut too
    batches = list(runs.batched_by_size(eight, 500, max_bytes=10_000, tail_parts=2))
    assert [len(b) for b in batches] == [4, 2, 2]
    assert [x for b in batches for x in b] == eight  # in order, nothing lost or repeated
    assert [len(b) for b in runs.batched_by_size(big[:1], 500, tail_parts=4)] == [1]  # never an empty part
    assert list(runs.batched_by_size([], 500, tail_parts=2)) == []


def test_a_cut_batch_is_cut_by_the_weight_of_its_bodies():
    items = [_raw(0, 10_000), _raw(1, 1000), _raw(2, 1000), _raw(3, 1000), Skipped("s", "robots"), _raw(4, 6000)]
    parts = runs.split_evenly(items, 2)
    assert [len(p) for p in parts] == [1, 5]  # ~10 KB and ~9 KB, not 3 items and 3 items
    assert [x for p in parts for x in p] == items
    assert [len(p) for p in runs.split_evenly([Skipped(f"s{i}", "robots") for i in range(6)], 3)] == [2, 2, 2]


def test_a_fetch_validator_goes_with_the_batch_that_holds_its_bytes():
    first, later = _raw(0, 100), _raw(1, 100)
    fetched = [{"url": "https://a.example/1", "raw_id": first.raw_id},
               {"url": "https://a.example/2", "raw_id": later.raw_id}]  # read ahead of the first batch
    assert runs._take_validators(fetched, [first]) == [{"url": "https://a.example/1", "raw_id": first.raw_id}]
    assert fetched == [{"url": "https://a.example/2", "raw_id": later.raw_id}]  # kept for its own batch
    assert runs._take_validators(fetched, [Skipped("s", "robots"), later]) == [
        {"url": "https://a.example/2", "raw_id": later.raw_id}]
    assert fetched == []
