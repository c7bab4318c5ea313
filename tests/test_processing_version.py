"""The processing version and what each document was cleaned with: re-runs reproduce the outcome, and
a change to the cleaning path (code or a library) marks exactly the documents it produced outdated."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from ingest import runs, version
from ingest.settings import Settings
from ingest.store import SqlStore, schema

PAGE = ("Harbour dredging starts next week\n\nBy Mireille Okafor\n2 hours ago\n\n"
        "Work to deepen the outer channel of the harbour will begin on Monday, the port authority said, after "
        "two container ships ran aground on the sand bar in the space of a month this autumn.\n\n"
        "The dredgers are expected to remove about four hundred thousand cubic metres of sand over the winter, "
        "and the ferry to the islands will leave from the temporary pier until the work is finished.\n")
FETCHED = "2025-06-10T15:00:00+00:00"


@pytest.fixture
def page(tmp_path: Path) -> Path:
    d = tmp_path / "pages"
    d.mkdir()
    (d / "dredging.txt").write_text(PAGE, encoding="utf-8")
    return d


def _settings(store_url: str, tmp_path: Path, **kw) -> Settings:
    return Settings(store_url=store_url, raw_zone=tmp_path / "zone", **kw)


def _published(settings: Settings) -> list:
    with SqlStore(settings.store_url) as store, store.engine.connect() as conn:
        return list(conn.scalars(select(schema.articles.c.published)))


def _cleaned_with(settings: Settings) -> list[dict]:
    with SqlStore(settings.store_url) as store, store.engine.connect() as conn:
        return [json.loads(v) for v in conn.scalars(select(schema.documents.c.cleaned_with))]


def test_run_with_fetched_at_recleans_a_stored_page_and_stores_the_date(store_url, tmp_path, page):
    plain = _settings(store_url, tmp_path)
    assert runs.run([str(page)], plain).stored == 1
    assert _published(plain) == [None]  # "2 hours ago" with no fetch time: unknown, never the clock's today
    dated = plain.with_(fetched_at=FETCHED)
    summary = runs.run([str(page)], dated)
    assert (summary.stored, summary.unchanged) == (1, 0)
    assert _published(plain) == ["2025-06-10"]
    assert _cleaned_with(plain)[0]["fetched_at"] == FETCHED
    again = runs.run([str(page)], dated)
    assert (again.stored, again.unchanged) == (0, 1)  # same version, same inputs: nothing to do


def test_rerun_by_id_keeps_the_fetched_at_a_page_was_cleaned_with(store_url, tmp_path, page):
    dated = _settings(store_url, tmp_path, fetched_at=FETCHED)
    runs.run([str(page)], dated)
    published = _published(dated)
    assert published == ["2025-06-10"]
    with SqlStore(dated.store_url) as store, store.engine.connect() as conn:
        raw_id = conn.scalar(select(schema.documents.c.raw_id))
    plain = dated.with_(fetched_at=None)  # `ingest rerun` has no --fetched-at: the stored one is used
    summary = runs.rerun(plain, ids=[raw_id[:12]])
    assert summary.stored == 1
    assert _published(plain) == published
    # and a plain `run` of the same page afterwards does not forget it either
    assert runs.run([str(page)], plain).unchanged == 1 and _published(plain) == published


def test_the_version_ignores_comments_and_docstrings_but_not_code(tmp_path):
    pkg = tmp_path / "ingest"
    shutil.copytree(version.PACKAGE_ROOT, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    base = version.code_fingerprint(version.cleaning_modules(pkg), pkg)
    dates = pkg / "dates.py"
    src = dates.read_text(encoding="utf-8")
    dates.write_text(src.replace("\n", "\n# a comment that changes nothing\n", 1), encoding="utf-8")
    assert version.code_fingerprint(version.cleaning_modules(pkg), pkg) == base
    dates.write_text(src + "\nTWEAK = 1\n", encoding="utf-8")
    assert version.code_fingerprint(version.cleaning_modules(pkg), pkg) != base
    dates.write_text(src, encoding="utf-8")
    for off_path in ("runs.py", "batch_processes.py", "piped_child.py", "cleaning_slots.py"):  # process plumbing
        (pkg / off_path).write_text((pkg / off_path).read_text() + "\nX = 2\n")
        assert version.code_fingerprint(version.cleaning_modules(pkg), pkg) == base, off_path
    for name in ("metadata.py", "language.py", "decode.py", "extract/html.py", "rules/comments.py"):
        assert pkg / name in version.cleaning_modules(pkg)


def test_the_version_follows_library_versions():
    libs = version.library_versions()
    for name in ("trafilatura", "lxml", "ftfy", "py3langid", "charset-normalizer", "htmldate"):
        assert name in libs, name
    assert "sqlalchemy" not in libs and "prefect" not in libs
    code = version.code_fingerprint(version.cleaning_modules())
    assert version.processing_version(code, libs) == version.PROCESSING_VERSION
    assert version.processing_version(code, {**libs, "htmldate": "0.0.1"}) != version.PROCESSING_VERSION


def test_a_change_in_dates_py_or_a_library_marks_stored_documents_outdated(store_url, tmp_path, page, monkeypatch):
    settings = _settings(store_url, tmp_path)
    runs.run([str(page)], settings)
    with SqlStore(store_url) as store:
        assert runs.select_rerun(store, outdated=True) == []
    assert runs.status(settings).outdated == 0
    # the installed code with dates.py edited
    pkg = tmp_path / "ingest"
    shutil.copytree(version.PACKAGE_ROOT, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    (pkg / "dates.py").write_text((pkg / "dates.py").read_text() + "\nRELATIVE_DAYS_MAX = 3\n")
    edited = version.processing_version(version.code_fingerprint(version.cleaning_modules(pkg), pkg),
                                        version.library_versions())
    upgraded = version.processing_version(version.code_fingerprint(version.cleaning_modules()),
                                          {**version.library_versions(), "lxml": "99.0"})
    for new in (edited, upgraded):
        assert new != version.PROCESSING_VERSION
        monkeypatch.setattr(runs, "PROCESSING_VERSION", new)
        assert runs.status(settings).outdated == 1
        with SqlStore(store_url) as store:
            assert len(runs.select_rerun(store, outdated=True)) == 1


def test_the_cli_reports_the_processing_version(tmp_path):
    out = subprocess.run([sys.executable, "-m", "ingest.cli", "rules"], capture_output=True, text=True, check=True)
    assert version.PROCESSING_VERSION in out.stdout
