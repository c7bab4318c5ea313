"""The raw zone on an object store: a real S3-compatible server (moto's standalone server, a
subprocess on 127.0.0.1) reached over HTTP by s3fs, as a user's MinIO or S3 bucket would be."""
from __future__ import annotations

import json
import sqlite3
import time

import pytest

from cli_support import run_console_script
from ingest.ids import raw_id
from ingest.landing import land, land_many, read_landed, read_landed_many
from ingest.raw_zone import FsspecZone, PathOutsideZone, RawCorrupt, open_zone, relative_path
from ingest.records import RawDocument
from ingest.store import SqlStore, queries
from s3_support import s3_env, s3_fs, s3_server, s3_zone  # noqa: F401 (fixtures)
from test_raw_zone import write_pages


def _raw(content: bytes, name: str = "page.html") -> RawDocument:
    return RawDocument(raw_id(content), name, content, "text/html")


def _key(zone_url: str, rel: str) -> str:
    return f"{zone_url.removeprefix('s3://')}/{rel}"


def test_land_on_s3_reads_back_verified_and_a_second_landing_writes_nothing(s3_zone):
    raws = [_raw(f"<p>Página número {i} — chuva no Recife</p>".encode(), f"p{i}.html") for i in range(6)]
    raws.append(_raw(b"", "empty.html"))  # an empty object reads back too (no byte range asked)
    docs = land_many(raws, s3_zone)
    assert isinstance(open_zone(s3_zone), FsspecZone)
    fs = s3_fs()
    keys = sorted(fs.find(s3_zone.removeprefix("s3://")))
    assert keys == sorted(_key(s3_zone, relative_path(r.raw_id)) for r in raws)  # no temp objects
    assert [r.content for r in read_landed_many(s3_zone, docs)] == [r.content for r in raws]
    before = {k: fs.info(k)["ETag"] for k in keys}
    modified = {k: fs.info(k)["LastModified"] for k in keys}
    time.sleep(1.1)  # Last-Modified has a resolution of one second
    assert [d.path for d in land_many(raws, s3_zone)] == [d.path for d in docs]
    assert land(raws[0], s3_zone).path == docs[0].path
    fs.invalidate_cache()
    assert {k: fs.info(k)["ETag"] for k in keys} == before
    assert {k: fs.info(k)["LastModified"] for k in keys} == modified, "landing again rewrote objects"


def test_a_corrupt_object_is_raw_corrupt_and_an_object_out_of_the_zone_is_never_read(s3_zone):
    raw = _raw("<p>Neue Brücke über die Elbe</p>".encode())
    doc = land(raw, s3_zone)
    fs = s3_fs()
    key = _key(s3_zone, doc.path)
    fs.pipe_file(key, raw.content.replace(b"Elbe", b"ELBE"))  # same size, other bytes
    with pytest.raises(RawCorrupt) as err:
        read_landed(s3_zone, doc)
    assert err.value.reason == "raw_corrupt" and s3_zone in str(err.value)
    fs.pipe_file(key, raw.content * 1000)  # grown: the read asks for one byte past the landed size
    with pytest.raises(RawCorrupt, match=f"more than {len(raw.content)} bytes"):
        read_landed(s3_zone, doc)
    # the right bytes beside the zone, reached through `..`: refused, never fetched
    bucket = s3_zone.removeprefix("s3://").split("/")[0]
    fs.pipe_file(f"{bucket}/other/copy.html", raw.content)
    for path in ("../other/copy.html", f"/{bucket}/other/copy.html", "ab/../../other/copy.html"):
        with pytest.raises(PathOutsideZone):
            read_landed(s3_zone, doc.__class__(**{**_fields(doc), "path": path}))


def _fields(doc) -> dict:
    return {f: getattr(doc, f) for f in doc.__slots__}


def test_ingest_run_into_sqlite_with_an_s3_zone_then_rerun(s3_zone, tmp_path):
    """The CLI as a user runs it (a subprocess): the zone URL passes through whole, bodies land as
    objects, `rerun --id` reads them back verified; a corrupt object is a raw_corrupt failure row."""
    paths = write_pages(tmp_path / "in")
    db = tmp_path / "ingest.db"
    url = f"sqlite:///{db}"
    done = run_console_script("run", str(tmp_path / "in"), "--store", url, "--raw-zone", s3_zone, "--json",
                              cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["stored"] == len(paths) and summary["failed"] == 0
    assert not (tmp_path / "raw").exists(), "landed in a local folder instead of the bucket"
    ids = {p.name: raw_id(p.read_bytes()) for p in paths}
    fs = s3_fs()
    for p in paths:
        assert fs.cat_file(_key(s3_zone, relative_path(ids[p.name]))) == p.read_bytes()
    with sqlite3.connect(db) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT path FROM raw_documents")) == \
            sorted(relative_path(i) for i in ids.values())

    rid = ids["de.html"]
    done = run_console_script("rerun", "--id", rid[:12], "--store", url, "--raw-zone", s3_zone, "--json",
                              cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stored"] == 1

    key = _key(s3_zone, relative_path(rid))
    fs.pipe_file(key, fs.cat_file(key).replace("Brücke".encode(), "BRÜCKE".encode()))
    done = run_console_script("rerun", "--id", rid[:12], "--store", url, "--raw-zone", s3_zone, "--json",
                              cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["failures_by_reason"] == {"read:raw_corrupt": 1}
    with SqlStore(url) as store:
        failure = {f.raw_id: f for f in queries.failures(store.engine)}[rid]
        assert failure.error_type == "raw_corrupt" and s3_zone in failure.message
        outcome = queries.load_outcome(store.engine, rid)
    assert not any("BRÜCKE" in a.text for a in getattr(outcome, "articles", ()))


def test_a_missing_bucket_is_one_line_naming_the_zone(s3_env, tmp_path):
    write_pages(tmp_path / "in")
    zone = "s3://no-such-bucket-here/raw"
    done = run_console_script("run", str(tmp_path / "in"), "--store", f"sqlite:///{tmp_path / 'i.db'}",
                              "--raw-zone", zone, cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and zone in lines[0] and "Traceback" not in done.stderr, done.stderr


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_object_store_is_one_line_before_any_work(s3_zone, tmp_path, monkeypatch):
    write_pages(tmp_path / "in")
    url = f"sqlite:///{tmp_path / 'i.db'}"
    assert run_console_script("run", str(tmp_path / "in"), "--store", url, "--raw-zone", s3_zone,
                              cwd=tmp_path).returncode == 0
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    for argv in (("run", str(tmp_path / "in")), ("rerun", "--failed", "--outdated")):
        done = run_console_script(*argv, "--store", url, "--raw-zone", s3_zone, cwd=tmp_path)
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 1 and len(lines) == 1 and s3_zone in lines[0], done.stderr
    with sqlite3.connect(tmp_path / "i.db") as conn:  # refused before a run was begun
        assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


@pytest.mark.slow
def test_the_flows_land_in_the_bucket_and_reprocess_reads_it_back(s3_zone, tmp_path, prefect_harness):
    """`ingest run` / `ingest rerun` through the Prefect flows: the zone URL reaches the tasks whole."""
    paths = write_pages(tmp_path / "in")
    url = f"sqlite:///{tmp_path / 'ingest.db'}"
    done = run_console_script("run", str(tmp_path / "in"), "--store", url, "--raw-zone", s3_zone, "--json",
                              cwd=tmp_path, flow=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stored"] == len(paths)
    fs = s3_fs()
    rid = raw_id(paths[0].read_bytes())
    assert fs.cat_file(_key(s3_zone, relative_path(rid))) == paths[0].read_bytes()
    fs.pipe_file(_key(s3_zone, relative_path(rid)), b"bit rot")
    done = run_console_script("rerun", "--id", rid[:12], "--store", url, "--raw-zone", s3_zone, "--json",
                              cwd=tmp_path, flow=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["failures_by_reason"] == {"read:raw_corrupt": 1}


def _read_in_child(zone_url, doc, queue) -> None:
    try:
        queue.put(read_landed(zone_url, doc).content)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        queue.put(repr(exc))


def test_a_forked_worker_reads_a_zone_its_parent_opened(s3_zone):
    """Process-pool task runners fork: the child must not reuse the parent's client (its event loop)."""
    import multiprocessing

    raw = _raw("<p>Haarukoitu työläinen lukee saman ämpärin</p>".encode())
    doc = land(raw, s3_zone)
    assert read_landed(s3_zone, doc).content == raw.content  # the parent's client is made and used
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_read_in_child, args=(s3_zone, doc, queue))
    child.start()
    got = queue.get(timeout=60)
    child.join(30)
    assert got == raw.content
