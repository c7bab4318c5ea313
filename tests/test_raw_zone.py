"""The raw zone on a local folder: content-addressed writes, verified read-back, paths confined to the
zone, leftover temp files swept. Real files, a real SQLite store, the real CLI (library path)."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_support import run_cli_in_process
from ingest import runs
from ingest.ids import raw_id
from ingest.landing import land, read_landed
from ingest.raw_zone import (TEMP_DIR, TEMP_MAX_AGE_SECONDS, LocalZone, PathOutsideZone, RawCorrupt, ZoneItem,
                             ZoneRefused, open_zone, relative_path, temp_name)
from ingest.records import RawDocument
from ingest.settings import Settings
from ingest.store import SqlStore, queries

# Pages of our own, in three languages, long enough to be cleaned into an article.
PAGES = {
    "pt.html": ("pt", "Chuva forte alaga bairros do Recife",
                "A chuva que caiu durante a madrugada deixou ruas alagadas em vários bairros da zona norte. "
                "Moradores relataram que a água subiu rapidamente e invadiu casas e lojas."),
    "de.html": ("de", "Neue Brücke über die Elbe eröffnet",
                "Nach vier Jahren Bauzeit ist die neue Brücke zwischen den beiden Stadtteilen für den Verkehr "
                "freigegeben worden. Radfahrer erhalten einen eigenen, breiten Streifen auf beiden Seiten."),
    "fi.html": ("fi", "Kirjasto avaa ovensa myös sunnuntaisin",
                "Kaupunginkirjasto pidentää aukioloaikojaan syksystä alkaen, ja lukusalit ovat auki myös "
                "sunnuntaisin. Päätös tehtiin asukaskyselyn perusteella, johon vastasi lähes kolmetuhatta ihmistä."),
}


def write_pages(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, (lang, title, para) in PAGES.items():
        body = "".join(f"<p>{para} ({i})</p>" for i in range(4))
        (directory / name).write_text(f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                                      f"<title>{title}</title></head><body><article><h1>{title}</h1>{body}"
                                      f"</article></body></html>", encoding="utf-8")
        paths.append(directory / name)
    return paths


def _raw(content: bytes, name: str = "page.html") -> RawDocument:
    return RawDocument(raw_id(content), name, content, "text/html")


# --- the zone on its own -----------------------------------------------------------------------------

def test_land_reads_back_verified_and_a_second_landing_changes_nothing(tmp_path):
    zone = tmp_path / "zone"
    raw = _raw("<p>Olá, mundo — primeira página</p>".encode())
    doc = land(raw, zone)
    assert doc.path == relative_path(raw.raw_id) == f"{raw.raw_id[:2]}/{raw.raw_id}"
    file = zone / doc.path
    assert file.read_bytes() == raw.content
    mtime = file.stat().st_mtime_ns
    assert land(raw, zone).path == doc.path and file.stat().st_mtime_ns == mtime
    assert read_landed(zone, doc).content == raw.content
    assert not list((zone / TEMP_DIR).iterdir()), "the temp file stays behind"
    assert open_zone(zone).exists(doc.path)


def test_a_bit_flipped_zone_file_is_raw_corrupt(tmp_path):
    zone = tmp_path / "zone"
    raw = _raw("<p>Ein Absatz über die Elbe und ihre Brücken</p>".encode())
    doc = land(raw, zone)
    data = bytearray((zone / doc.path).read_bytes())
    data[5] ^= 0x01  # one bit: same size, different hash
    (zone / doc.path).write_bytes(bytes(data))
    with pytest.raises(RawCorrupt) as err:
        read_landed(zone, doc)
    assert err.value.reason == "raw_corrupt" and doc.path in str(err.value) and str(zone) in str(err.value)


def test_a_truncated_zone_file_is_refused_by_size_and_landing_again_repairs_it(tmp_path):
    zone = tmp_path / "zone"
    raw = _raw(("<p>Kirjasto on auki sunnuntaisin.</p>" * 50).encode())
    doc = land(raw, zone)
    (zone / doc.path).write_bytes(raw.content[:100])
    with pytest.raises(RawCorrupt, match="100 bytes, landed as"):
        read_landed(zone, doc)
    land(raw, zone)
    assert read_landed(zone, doc).content == raw.content


@pytest.mark.parametrize("path", ["../../secret/memo.txt", "/etc/hostname", "ab/../../outside.html", "", "..",
                                  "ab\\..\\..\\x", f"{TEMP_DIR}/x"])
def test_paths_out_of_the_zone_are_refused(tmp_path, path):
    zone = LocalZone(tmp_path / "zone")
    with pytest.raises(PathOutsideZone):
        zone.read(ZoneItem("0" * 64, path))


def test_a_symbolic_link_out_of_the_zone_is_refused_even_with_the_right_bytes(tmp_path):
    zone = tmp_path / "zone"
    raw = _raw("<p>Uma página que também existe fora da zona</p>".encode())
    doc = land(raw, zone)
    outside = tmp_path / "outside.html"
    outside.write_bytes(raw.content)  # the right bytes: only the confinement can refuse it
    (zone / doc.path).unlink()
    (zone / doc.path).symlink_to(outside)
    with pytest.raises(PathOutsideZone):
        read_landed(zone, doc)


def test_a_fifo_in_the_zone_is_refused_without_blocking(tmp_path):
    zone = tmp_path / "zone"
    raw = _raw(b"<p>fifo</p>")
    doc = land(raw, zone)
    (zone / doc.path).unlink()
    os.mkfifo(zone / doc.path)
    started = time.monotonic()
    with pytest.raises(ZoneRefused) as err:
        read_landed(zone, doc)
    assert err.value.reason == "not_a_regular_file" and time.monotonic() - started < 5


def test_settings_keep_urls_whole_and_make_local_zones_paths(tmp_path):
    assert Settings(raw_zone="s3://bucket/raw/").raw_zone == "s3://bucket/raw"
    assert Settings(raw_zone=f"file://{tmp_path}/z").raw_zone == tmp_path / "z"
    assert Settings(raw_zone=str(tmp_path / "z")).raw_zone == tmp_path / "z"
    assert Settings(raw_zone="s3://bucket/raw").with_(batch_size=3).raw_zone == "s3://bucket/raw"


# --- through a real store ---------------------------------------------------------------------------

@pytest.fixture
def stored_pages(tmp_path):
    """Our pages run into a real SQLite store (CLI, library path): (store url, zone, raw ids by file name)."""
    paths = write_pages(tmp_path / "in")
    url, zone = f"sqlite:///{tmp_path / 'ingest.db'}", tmp_path / "zone"
    code, out, err = run_cli_in_process("run", "--no-flow", "--json", str(tmp_path / "in"), "--store", url,
                                        "--raw-zone", str(zone))
    assert code == 0, err
    assert json.loads(out)["stored"] == len(paths)
    return url, zone, {p.name: raw_id(p.read_bytes()) for p in paths}


def _rerun(url: str, zone: Path, rid: str) -> dict:
    code, out, err = run_cli_in_process("rerun", "--no-flow", "--json", "--id", rid[:12], "--store", url,
                                        "--raw-zone", str(zone))
    assert code == 0, err
    return json.loads(out)


def _failure(url: str, rid: str):
    with SqlStore(url) as store:
        return {f.raw_id: f for f in queries.failures(store.engine)}.get(rid)


def _texts(url: str, rid: str) -> list[str]:
    with SqlStore(url) as store:
        outcome = queries.load_outcome(store.engine, rid)
    return [a.text for a in getattr(outcome, "articles", ())]


def test_rerun_of_a_bit_flipped_document_is_a_raw_corrupt_failure_row_never_its_cleaned_bytes(stored_pages):
    url, zone, ids = stored_pages
    rid = ids["pt.html"]
    file = zone / relative_path(rid)
    file.write_bytes(file.read_bytes().replace("alagadas".encode(), "ALAGADAS".encode()))  # an edit, same size
    summary = _rerun(url, zone, rid)
    assert summary["failed"] == 1 and summary["failures_by_reason"] == {"read:raw_corrupt": 1}
    failure = _failure(url, rid)
    assert failure and (failure.stage, failure.error_type) == ("read", "raw_corrupt")
    assert relative_path(rid) in failure.message
    assert not any("ALAGADAS" in t for t in _texts(url, rid)), "the edited bytes were cleaned and stored"
    # the other documents are untouched
    assert _failure(url, ids["de.html"]) is None and _texts(url, ids["de.html"])


def test_a_repaired_zone_file_is_cleaned_again_by_the_next_run(stored_pages, tmp_path):
    url, zone, ids = stored_pages
    rid = ids["fi.html"]
    (zone / relative_path(rid)).write_bytes(b"rot")
    assert _rerun(url, zone, rid)["failures_by_reason"] == {"read:raw_corrupt": 1}
    (zone / relative_path(rid)).unlink()  # what the failure message says to do
    code, out, err = run_cli_in_process("run", "--no-flow", "--json", str(tmp_path / "in"), "--store", url,
                                        "--raw-zone", str(zone))
    assert code == 0, err
    assert json.loads(out)["failed"] == 0
    assert _failure(url, rid) is None and any("sunnuntaisin" in t for t in _texts(url, rid))


def test_rerun_of_an_edited_store_path_is_refused_and_the_file_out_of_the_zone_is_never_read(stored_pages, tmp_path):
    url, zone, ids = stored_pages
    rid = ids["de.html"]
    secret = tmp_path / "secret"
    secret.mkdir()
    # the same bytes as the document, outside the zone: only the confinement can refuse it
    (secret / "memo.txt").write_bytes((zone / relative_path(rid)).read_bytes())
    edited = os.path.relpath(secret / "memo.txt", zone)
    assert edited.startswith("..")
    with sqlite3.connect(tmp_path / "ingest.db") as conn:
        conn.execute("UPDATE raw_documents SET path = ? WHERE raw_id = ?", (edited, rid))
    before = _texts(url, rid)
    summary = _rerun(url, zone, rid)
    assert summary["failures_by_reason"] == {"read:path_outside_zone": 1}
    failure = _failure(url, rid)
    assert failure.error_type == "path_outside_zone" and edited in failure.message
    assert before and _texts(url, rid) == []  # the outcome is the failure row, nothing read from outside


def test_a_missing_zone_file_keeps_the_stored_outcome(stored_pages):
    url, zone, ids = stored_pages
    rid = ids["pt.html"]
    before = _texts(url, rid)
    (zone / relative_path(rid)).unlink()
    summary = _rerun(url, zone, rid)
    assert summary["failures_by_reason"] == {"raw_zone:MissingRawDocument": 1}
    assert _texts(url, rid) == before


# --- leftover temp files ------------------------------------------------------------------------------

def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_next_run_sweeps_temp_files_of_killed_writers_and_keeps_live_ones(tmp_path):
    zone = tmp_path / "zone"
    tmp = zone / TEMP_DIR
    tmp.mkdir(parents=True)
    # a writer killed mid-write: its process is gone (same host)
    killed = subprocess.run([sys.executable, "-c", (
        "import os, sys; sys.path.insert(0, sys.argv[1]); from ingest.raw_zone import temp_name; "
        "open(os.path.join(sys.argv[2], temp_name('ab' * 32)), 'wb').write(b'<p>half a pa'); os._exit(9)"),
        str(Path(__file__).resolve().parent.parent), str(tmp)], check=False)
    assert killed.returncode == 9
    leftover = [p.name for p in tmp.iterdir()]
    assert len(leftover) == 1
    live = tmp / temp_name("cd" * 32)  # this process: alive, writing
    live.write_bytes(b"<p>in progress")
    other_host_fresh = tmp / temp_name("ef" * 32, pid=_dead_pid(), host="another-box")
    other_host_fresh.write_bytes(b"x")
    other_host_old = tmp / temp_name("01" * 32, pid=1, host="another-box")
    other_host_old.write_bytes(b"x")
    old = time.time() - TEMP_MAX_AGE_SECONDS - 60
    os.utime(other_host_old, (old, old))
    # a dead writer whose pid now belongs to a live process (here: this one) started at another time
    reused_pid = tmp / temp_name("23" * 32).replace(f".{os.getpid()}_", f".{os.getpid()}_1")
    reused_pid.write_bytes(b"<p>half")

    write_pages(tmp_path / "in")
    code, _, err = run_cli_in_process("run", "--no-flow", str(tmp_path / "in"), "--store",
                                      f"sqlite:///{tmp_path / 'ingest.db'}", "--raw-zone", str(zone))
    assert code == 0, err
    assert sorted(p.name for p in tmp.iterdir()) == sorted([live.name, other_host_fresh.name])
    # and the run itself left none
    live.unlink()
    other_host_fresh.unlink()
    assert not list(tmp.iterdir())


def test_land_many_matches_land(tmp_path):
    raws = [_raw(f"<p>página {i}</p>".encode(), f"p{i}.html") for i in range(5)]
    settings = Settings(store_url=f"sqlite:///{tmp_path / 'i.db'}", raw_zone=tmp_path / "zone")
    with SqlStore(settings.store_url) as store:
        ids, tally = runs.land_items(store, raws + raws[:2], settings)
        assert ids == [r.raw_id for r in raws + raws[:2]] and tally.failed == 0
        landed = store.landed(ids)
    for r in raws:
        assert read_landed(settings.raw_zone, landed[r.raw_id]).content == r.content


def test_a_zone_file_grown_huge_is_refused_by_its_size_before_a_byte_is_read(tmp_path):
    """A 4 GB (sparse) file in place of a small document: refused from fstat, in a process whose
    address space (1 GB) could not hold it."""
    zone = tmp_path / "zone"
    raw = _raw(b"<p>small</p>")
    doc = land(raw, zone)
    with open(zone / doc.path, "r+b") as fh:
        fh.truncate(4 * 1024 ** 3)
    script = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
              "sys.path.insert(0, sys.argv[1]); from ingest.raw_zone import LocalZone, ZoneItem, RawCorrupt\n"
              "try:\n    LocalZone(sys.argv[2]).read(ZoneItem(sys.argv[3], sys.argv[4], int(sys.argv[5])))\n"
              "except RawCorrupt as e:\n    print(e.reason)")
    done = subprocess.run([sys.executable, "-c", script, str(Path(__file__).resolve().parent.parent), str(zone),
                           doc.raw_id, doc.path, str(doc.size)], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "raw_corrupt", done.stderr[-500:]


def test_a_link_loop_in_the_zone_is_its_own_failure_row_not_a_stopped_run(tmp_path):
    zone = tmp_path / "zone"
    raw = _raw("<p>Eine Schleife im Verzeichnis</p>".encode())
    doc = land(raw, zone)
    (zone / doc.path).unlink()
    (zone / doc.path).symlink_to(zone / doc.path)  # points at itself
    (got,) = open_zone(zone).read_many([ZoneItem(doc.raw_id, doc.path, doc.size)])
    assert isinstance(got, ZoneRefused) and got.reason == "unreadable"


def test_a_zone_url_with_a_password_is_refused():
    from ingest.errors import ConfigError

    with pytest.raises(ConfigError, match="password"):
        Settings(raw_zone="sftp://ana:s3cret@files.example/raw")
    code, _, err = run_cli_in_process("run", "--no-flow", "x", "--raw-zone", "sftp://ana:s3cret@files.example/raw")
    assert code == 2 and "s3cret" not in err and "password" in err


def test_an_fsspec_file_system_without_atomic_puts_writes_aside_then_moves_and_is_swept(tmp_path):
    """fsspec's in-memory file system stands for any non-object-store driver (sftp, smb…): the same
    write-aside-then-rename contract, the same verified reads, the same sweep."""
    pytest.importorskip("fsspec")
    import fsspec

    from ingest.raw_zone import FsspecZone

    url = f"memory://zone-{os.getpid()}-{time.monotonic_ns()}"
    zone = open_zone(url)
    assert isinstance(zone, FsspecZone) and not zone.atomic_put
    raws = [_raw(f"<p>muisti {i}</p>".encode()) for i in range(3)]
    docs = [land(r, url) for r in raws]
    fs = fsspec.filesystem("memory")
    root = url.removeprefix("memory://")
    assert [r.content for r in raws] == [read_landed(url, d).content for d in docs]
    assert sorted(fs.find(f"/{root}")) == sorted(f"/{root}/{d.path}" for d in docs)  # moved, not copied
    fs.pipe_file(f"/{root}/{docs[0].path}", b"rot")
    with pytest.raises(RawCorrupt):
        read_landed(url, docs[0])
    fs.pipe_file(f"/{root}/{TEMP_DIR}/{temp_name('ab' * 32, pid=_dead_pid())}", b"half")
    fs.pipe_file(f"/{root}/{TEMP_DIR}/{temp_name('cd' * 32)}", b"live")
    assert zone.sweep() == 1
    assert [p.rsplit("/", 1)[1] for p in fs.ls(f"/{root}/{TEMP_DIR}", detail=False)] == [temp_name("cd" * 32)]
