"""A real S3-compatible server for tests: moto's standalone server in a subprocess on 127.0.0.1 (a
free port), reached over HTTP by the same clients users run (s3fs/botocore), never a mocked client.

Fixtures: `s3_server` (session: the endpoint URL), `s3_env` (AWS_* variables pointing at it, for this
process and the subprocesses it starts), `s3_zone` (a fresh bucket: the zone URL s3://BUCKET/raw).
Tests using them skip cleanly where moto or s3fs is not installed.
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

# Starts moto's threaded server on a port the OS picks and prints it; stops when stdin closes.
_SERVER = ("import sys\nfrom moto.server import ThreadedMotoServer\n"
           "s = ThreadedMotoServer(ip_address='127.0.0.1', port=0, verbose=False)\ns.start()\n"
           "print(s.get_host_and_port()[1], flush=True)\nsys.stdin.read()\ns.stop()\n")
# Seconds for the server to print its port on a loaded machine (it starts in ~1 s).
START_TIMEOUT = 60

S3_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto S3 server running for this test session."""
    pytest.importorskip("moto.server", reason="moto[server] not installed (pip install -e '.[dev]')")
    pytest.importorskip("s3fs", reason="s3fs not installed (pip install -e '.[s3]')")
    proc = subprocess.Popen([sys.executable, "-c", _SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(START_TIMEOUT):
            pytest.fail(f"moto server did not start within {START_TIMEOUT} s")
        port = int(proc.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def s3_env(s3_server, monkeypatch):
    """AWS_* variables pointing botocore (and s3fs through it) at the test server."""
    for name, value in {**S3_ENV, "AWS_ENDPOINT_URL": s3_server}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    yield s3_server
    _forget_clients()


def _forget_clients() -> None:
    """Drop cached file systems (fsspec keeps one per set of arguments, not per environment)."""
    import s3fs

    from ingest import raw_zone

    raw_zone._open.cache_clear()
    s3fs.S3FileSystem.clear_instance_cache()


@pytest.fixture
def s3_zone(s3_env):
    """A fresh bucket on the test server; the zone URL s3://BUCKET/raw."""
    import s3fs

    bucket = f"ingest-{secrets.token_hex(4)}"
    s3fs.S3FileSystem().mkdir(bucket)
    return f"s3://{bucket}/raw"


def s3_fs():
    """An s3fs file system on the test server (for a test to look at or damage objects)."""
    import s3fs

    return s3fs.S3FileSystem(skip_instance_cache=True)
