"""JSONL exports with bad lines, gzip'd single files, extensionless files sniffed by content, and
reading only regular files inside what was given (links, loops, FIFOs, devices, size before read)."""
from __future__ import annotations

import os
from collections import Counter

import pytest

from ingest import runs
from ingest.clean import clean
from ingest.records import CleanDocument, FailedDocument
from ingest.settings import Settings
from ingest.sources.options import JsonlFields, SourceOptions

from .builders import article_html, write_jsonl


@pytest.mark.parametrize("compress", [None, "gzip", "zstd"])
def test_jsonl_lines_become_documents_and_bad_lines_failures(tmp_path, compress):
    path = tmp_path / ("pages.jsonl" + {None: "", "gzip": ".gz", "zstd": ".zst"}[compress])
    write_jsonl(path, [
        {"url": "https://a.example/1", "html": article_html(1), "fetched_at": "2024-05-01T08:00:00Z", "id": "p1"},
        "{not json",
        {"url": "https://a.example/2", "text": "Headline\n\n" + "\n\n".join(["Word " * 40] * 3)},
        [1, 2],
        {"url": "https://a.example/3"},
        {"url": "https://a.example/4", "html": article_html(4), "fetched_at": "yesterday-ish"},
        "",
    ], compress=compress)
    outcomes = list(clean([path], Settings()))
    assert [o.source_uri for o in outcomes] == [f"{path}#p1", f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5",
                                                f"{path}:6"]
    first, bad, text, array, missing, bad_time = outcomes
    assert isinstance(first, CleanDocument) and first.url == "https://a.example/1"
    assert first.fetched_at == "2024-05-01T08:00:00Z" and "(Item 1.)" in first.articles[0].text
    assert isinstance(text, CleanDocument) and "\\n" not in text.articles[0].text  # real line breaks
    assert [(o.stage, o.error_type) for o in (bad, array, missing, bad_time)] == [
        ("read", "bad_json"), ("read", "bad_json"), ("read", "missing_field"), ("read", "bad_fetched_at")]
    assert f"{path}:2" in bad.message


def test_jsonl_field_names_are_configurable(tmp_path):
    path = tmp_path / "export.jsonl"
    write_jsonl(path, [{"link": "https://b.example/x", "body": article_html(7), "crawled": "2024-02-02"}])
    fields = JsonlFields(url="link", html="body", fetched_at="crawled")
    [o] = clean([path], Settings(sources=SourceOptions(jsonl=fields)))
    assert o.url == "https://b.example/x" and o.fetched_at == "2024-02-02" and o.kind == "article"


def test_a_folder_of_mixed_inputs_reads_every_kind(tmp_path, store_url):
    import gzip

    from .builders import write_warc

    d = tmp_path / "in"
    d.mkdir()
    (d / "page.html.gz").write_bytes(gzip.compress(article_html(11).encode()))
    (d / "saved_page").write_bytes(article_html(12).encode())  # no extension: sniffed
    write_jsonl(d / "export.jsonl", [{"url": "https://c.example/3", "html": article_html(13)}])
    plan = write_warc(d / "crawl.warc.gz", gzip_records=True)
    (d / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone")
    summary = runs.run([str(d)], settings)
    assert summary.stored == 3 + len(plan.documents) and summary.failed == 0
    assert summary.skipped_by_reason == {**plan.skipped, "unsupported_type": 1}


def _kinds(outcomes):
    return Counter(o.error_type if isinstance(o, FailedDocument) else "ok" for o in outcomes)


def test_links_out_of_a_source_directory_are_not_followed_and_loops_end(tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "memo.txt").write_text("Private memo " * 50)
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.html").write_text(article_html(1))
    (d / "inside.html").symlink_to(d / "sub" / "a.html")  # inside the tree: taken
    (d / "memo.txt").symlink_to(outside / "memo.txt")
    (d / "etc").symlink_to(outside, target_is_directory=True)
    (d / "up").symlink_to("..", target_is_directory=True)
    (d / "sub" / "loop").symlink_to(d, target_is_directory=True)
    skipped = Counter()
    outcomes = list(clean([d], Settings(), skipped=skipped))
    assert sorted(o.source_uri for o in outcomes) == sorted([str(d / "inside.html"), str(d / "sub" / "a.html")])
    assert skipped == {"symlink_outside_source": 3}  # memo.txt, etc, up; the loop stays inside and ends
    followed = list(clean([d], Settings(sources=SourceOptions(follow_symlinks=True))))
    assert str(d / "memo.txt") in {o.source_uri for o in followed}
    assert len(followed) < 10  # loops detected: each directory walked once
    globbed = list(clean([f"{d}/**/*.html"], Settings()))
    assert {o.source_uri for o in globbed} == {str(d / "inside.html"), str(d / "sub" / "a.html")}


def test_fifos_devices_and_oversized_files_are_refused_before_reading(tmp_path, store_url):
    d = tmp_path / "in"
    d.mkdir()
    os.mkfifo(d / "pipe.html")
    (d / "zero.html").symlink_to("/dev/zero")  # outside the tree anyway: skipped
    big = d / "huge.html"
    with big.open("wb") as fh:  # sparse: 2 GB of nothing, refused on its size alone
        fh.seek(2 * 1024 ** 3)
        fh.write(b"x")
    (d / "ok.html").write_text(article_html(5))
    outcomes = list(clean([d, "/dev/null"], Settings()))
    by = {o.source_uri: o for o in outcomes}
    assert by[str(d / "pipe.html")].error_type == "not_a_regular_file"
    assert by["/dev/null"].error_type == "not_a_regular_file"
    assert by[str(big)].error_type == "too_large" and "2147483649 bytes" in by[str(big)].message
    assert isinstance(by[str(d / "ok.html")], CleanDocument)
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone")
    summary = runs.run([str(d)], settings)
    assert summary.failures_by_reason == {"read:not_a_regular_file": 1, "read:too_large": 1}
    failed = {f.source_uri: f for f in runs.failures(settings)}
    assert set(failed) == {str(d / "pipe.html"), str(big)} and all(f.stage == "read" for f in failed.values())
    assert runs.status(settings).failures_by_reason == {"read:not_a_regular_file": 1, "read:too_large": 1}
    big.unlink()
    (d / "pipe.html").unlink()
    (d / "pipe.html").write_text(article_html(6))  # fixed: the next run stores it, its failure row goes
    again = runs.run([str(d)], settings)
    assert again.failed == 0 and again.stored == 1
    # the fixed file's failure row is gone; the removed file's stays on record until it is read again
    assert [f.source_uri for f in runs.failures(settings)] == [str(big)]


def test_stdin_is_one_document(tmp_path):
    import io

    from ingest.sources.document import StdinDocument

    [raw] = StdinDocument(max_bytes=1000, stream=io.BytesIO(b"<p>hello</p>")).items()
    assert raw.content == b"<p>hello</p>" and raw.source_uri == "-" and raw.kind == "stdin"
    [too_big] = StdinDocument(max_bytes=4, stream=io.BytesIO(b"<p>hello</p>")).items()
    assert too_big.reason == "too_large"
