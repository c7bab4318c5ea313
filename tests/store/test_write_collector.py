"""Storing a batch runs with Python's cyclic garbage collector paused (collector.collector_paused), and
leaves it as it found it: on after the batch when it was on, off when the caller had turned it off."""
from __future__ import annotations

import gc

import pytest

from ingest.pipeline import process_raw
from ingest.settings import Settings
from ingest.sources.files import read_files
from ingest.store import SqlStore, queries


# Allocations of the call itself before the pause starts and after it ends (the batch's id map, the
# context manager): a handful of collections at threshold 1. Storing the corpus with the collector on
# starts thousands (one per tracked row, tuple or list).
OUTSIDE_THE_PAUSE = 20


@pytest.fixture
def collections():
    """Collections started while the fixture is in use, with the collector made to run at every
    allocation of a tracked object (threshold 1), so any work done with it on shows up."""
    started: list[int] = []

    def note(phase, info):
        if phase == "start":
            started.append(info["generation"])

    thresholds, was_on = gc.get_threshold(), gc.isenabled()
    gc.callbacks.append(note)
    try:
        yield started
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*thresholds)
        gc.enable() if was_on else gc.disable()


def _outcomes(paths, tmp_path):
    settings = Settings(raw_zone=tmp_path / "landing")
    return [process_raw(raw, settings) for raw in read_files([str(p) for p in paths])]


def test_a_batch_is_written_without_collections_and_the_collector_is_on_again(store_url, tmp_path, corpus,
                                                                              collections):
    _, paths = corpus
    outcomes = _outcomes(paths, tmp_path)
    with SqlStore(store_url) as store:
        gc.enable()
        gc.set_threshold(1)
        collections.clear()
        store.write_outcomes(outcomes, "run-1")
        during = len(collections)
        assert gc.isenabled()
        after = [[n] for n in range(3)]  # tracked allocations after the batch: collected as usual
        gc.set_threshold(700)
        assert during <= OUTSIDE_THE_PAUSE, during
        assert after and collections, "the collector must run again once the batch is written"
        for o in outcomes:
            assert queries.load_outcome(store.engine, o.raw_id) == o


def test_a_collector_the_caller_turned_off_stays_off(store_url, tmp_path, corpus, collections):
    _, paths = corpus
    with SqlStore(store_url) as store:
        gc.disable()
        store.write_outcomes(_outcomes(paths, tmp_path), "run-1")
        assert not gc.isenabled()
