"""The run summary of a retried batch: a batch whose first try committed and then lost its worker (SIGKILL
after the commit, before the task reported back) is run again by Prefect; its documents are stored by
this run, so they count as `stored`, not `unchanged` (the summary adds up across workers and retries)."""
from __future__ import annotations

import shutil

from ingest import runs
from ingest.settings import Settings
from ingest.sources.dispatch import SourceContext, file_items


def _items(paths, settings):
    ctx = SourceContext(settings)
    try:
        return [item for p in paths for item in file_items(str(p), ctx)]
    finally:
        ctx.close()


def test_a_retried_batch_counts_what_its_first_try_stored_as_stored(tmp_path, write_docs):
    settings = Settings(store_url=f"sqlite:///{tmp_path / 'ingest.db'}", raw_zone=str(tmp_path / "zone"))
    paths = write_docs(tmp_path / "docs", 4, bad=False)
    copy = tmp_path / "docs" / "zz-copy.html"
    shutil.copyfile(paths[0], copy)  # the same bytes from another source, in a later batch
    with runs.open_store(settings) as store:
        run_id = runs.begin_run(store, [str(tmp_path / "docs")])
        first = runs.land_and_process(store, _items(paths, settings), settings, run_id)
        retry = runs.land_and_process(store, _items(paths, settings), settings, run_id)  # the same batch again
        later = runs.land_and_process(store, _items([copy], settings), settings, run_id)
        other_run = runs.begin_run(store, [str(tmp_path / "docs")])
        again = runs.land_and_process(store, _items(paths, settings), settings, other_run)
    assert (first.documents, first.stored, first.unchanged) == (4, 4, 0)
    assert (retry.documents, retry.stored, retry.unchanged, retry.failed) == (4, 4, 0, 0)
    assert (retry.articles, dict(retry.by_kind)) == (first.articles, dict(first.by_kind))
    assert (later.stored, later.unchanged) == (0, 1)  # a copy is not stored again
    assert (again.stored, again.unchanged) == (0, 4)  # another run stored nothing new
