"""Where raw bytes live: a local folder (the default) or any fsspec URL (`s3://bucket/prefix`, …).

Content-addressed: a document sits at <zone>/<h[0:2]>/<h> with h = ids.raw_id(bytes), and is never
changed once complete. How a file becomes visible whole:
- local folder (also `file://…` and shared mounts): written aside under <zone>/.tmp/, then hard-linked
  to its name (atomic, and fails instead of overwriting);
- object stores (s3, gcs, azure): one PUT; an object is visible whole or not at all;
- any other fsspec file system: written aside under <zone>/.tmp/, then moved.

The zone is not trusted on the way back: a read is confined to the zone (a path from the store that
leads out of it, through `..`, an absolute path or a symbolic link, is refused, never opened) and the
bytes must hash to the raw id they are read for (RawCorrupt otherwise), so an edited or bit-rotted file
is never cleaned and stored under the id of other bytes.
"""
from __future__ import annotations

import os
import posixpath
import socket
import stat
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

from .errors import IngestError, MissingDependency
from .ids import raw_id as content_id
from .procstat import process_alive, process_start

# Leftover temp files (a writer killed mid-write) are removed by the next run. One whose writer ran on
# this host is removed as soon as that process is gone; any other only after an hour: a write of a body
# of at most 20 MB takes well under a second even on a slow shared mount, so an hour never touches a
# write still going on another machine.
TEMP_DIR = ".tmp"
TEMP_MAX_AGE_SECONDS = 3600

# Object stores whose PUT is atomic (the object appears whole or not at all): no temp file needed.
OBJECT_STORE_PROTOCOLS = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "oss", "r2"})

# Reads of an object store in one call (fsspec runs them concurrently): a batch of 500 documents in
# a few round trips instead of 500 sequential ones.
READ_BATCH = 64


class ZoneRefused(IngestError):
    """A landed document that will not be used: its failure row carries `reason` (stage `read`)."""

    stage = "read"

    def __init__(self, zone: str, path: str, reason: str, detail: str):
        self.zone, self.path, self.reason, self.detail = zone, path, reason, detail
        super().__init__(f"raw zone {zone}: {path}: {detail}")


class RawCorrupt(ZoneRefused):
    """The bytes in the zone do not hash to the raw id they were landed under (edited, bit-rotted,
    truncated)."""

    def __init__(self, zone: str, path: str, expected: str, detail: str):
        self.expected = expected
        super().__init__(zone, path, "raw_corrupt",
                         f"{detail}; not cleaned (to repair: delete the file and run its source again)")


class ZoneUnavailable(IngestError):
    """The zone itself failed (unreachable, no such bucket, access denied): not one document's fault, so
    the batch stops with one line naming the zone (a flow task retries it)."""

    def __init__(self, zone: str, cause: str, where: str = ""):
        self.zone, self.cause, self.where = zone, cause, where
        super().__init__(f"raw zone {zone}: {cause}" + (f" ({where})" if where else ""))


class PathOutsideZone(ZoneRefused):
    """A path from the store that does not stay inside the zone (`..`, absolute, a link out of it)."""

    def __init__(self, zone: str, path: str, detail: str = "leads outside the raw zone; refused, not read"):
        super().__init__(zone, path, "path_outside_zone", detail)


def relative_path(raw_id: str) -> str:
    """256 directories, as git fans out its objects: a new zone has them all after a few thousand
    documents (two levels, 65,536 directories, made landing spend most of its time creating directories
    for the first million), and ext4's hashed directories stay fast at 40k entries each (10M documents)."""
    return f"{raw_id[:2]}/{raw_id}"


@lru_cache(maxsize=1)
def _host() -> str:
    return socket.gethostname()


def temp_name(raw_id: str, pid: int | None = None, host: str | None = None) -> str:
    """Name of the file a writer writes aside: says which process on which host wrote it (for sweep)."""
    own = os.getpid()
    pid = own if pid is None else pid
    start = _own_start(own) if pid == own else process_start(pid)
    return f".{raw_id}.{host or _host()}.{pid}_{start}.{threading.get_ident()}.tmp"


@lru_cache(maxsize=4)
def _own_start(pid: int) -> str:
    """This process's start time, read once per process (keyed by pid: a forked child reads its own)."""
    return process_start(pid)


def _writer_gone(name: str) -> bool:
    """True when the temp file's writer ran on this host and has exited (its pid, with the start time
    the name records, is not running: a reused pid does not keep a dead writer's file)."""
    parts = name.split(".")
    if len(parts) < 6:
        return False
    pid, _, start = parts[-3].partition("_")
    if not pid.isdigit() or ".".join(parts[2:-3]) != _host():
        return False
    return not process_alive(int(pid), start)


@dataclass(frozen=True)
class ZoneItem:
    """What a read needs to know about one landed document: where, and what its bytes must hash to."""

    raw_id: str
    path: str
    size: int | None = None


class RawZone(Protocol):
    url: str

    def put_if_absent(self, raw_id: str, content: bytes) -> str: ...
    def put_many(self, docs: Sequence[tuple[str, bytes]]) -> list[str]: ...
    def exists(self, path: str) -> bool: ...
    def read(self, item: ZoneItem) -> bytes: ...
    def read_many(self, items: Sequence[ZoneItem]) -> list[bytes | BaseException]: ...
    def sweep(self, now: float | None = None) -> int: ...
    def check(self) -> None: ...


def _check_relative(zone: str, path: str) -> str:
    """The store's path as a clean relative POSIX path, or PathOutsideZone."""
    if not path or "\x00" in path or "\\" in path or "://" in path or path.startswith("/"):
        raise PathOutsideZone(zone, path)
    norm = posixpath.normpath(path)
    if norm == "." or norm == ".." or norm.startswith("../") or norm.startswith(TEMP_DIR + "/"):
        raise PathOutsideZone(zone, path)
    return norm


def _verify(zone: str, item: ZoneItem, content: bytes) -> bytes:
    if item.size is not None and len(content) != item.size:
        raise RawCorrupt(zone, item.path, item.raw_id,
                         f"{len(content) if len(content) <= item.size else 'more than ' + str(item.size)} bytes, "
                         f"landed as {item.size}")
    actual = content_id(content)
    if actual != item.raw_id:
        raise RawCorrupt(zone, item.path, item.raw_id,
                         f"content hash {actual[:12]}… differs from its id {item.raw_id[:12]}…")
    return content


class LocalZone:
    """A folder on this machine or a shared mount."""

    def __init__(self, root: str | os.PathLike):
        self.root = os.fspath(root)
        self.url = self.root
        self._tmp = os.path.join(self.root, TEMP_DIR)
        self._real: str | None = None

    def __repr__(self) -> str:
        return f"LocalZone({self.root!r})"

    def put_if_absent(self, raw_id: str, content: bytes) -> str:
        """Write content under its hash unless it is there already (a file of the wrong size, left by
        a crash of an older version or damaged since, is replaced)."""
        rel = relative_path(raw_id)
        dest = os.path.join(self.root, rel)
        try:
            if os.stat(dest).st_size == len(content):
                return rel
            repair = True
        except FileNotFoundError:
            repair = False
        tmp = os.path.join(self._tmp, temp_name(raw_id))
        try:
            _write_aside(tmp, content)
        except OSError as exc:  # disk full, read-only zone: leave no partial file behind, say where
            _unlink(tmp)
            exc.filename = exc.filename or dest
            raise
        try:
            if repair:
                os.replace(tmp, dest)
            else:
                _link(tmp, dest)
        finally:
            _unlink(tmp)
        return rel

    def put_many(self, docs: Sequence[tuple[str, bytes]]) -> list[str]:
        return [self.put_if_absent(rid, content) for rid, content in docs]

    def check(self) -> None:
        """Nothing to check up front: the folder is made on the first write, whose error names it."""

    def exists(self, path: str) -> bool:
        return os.path.exists(os.path.join(self.root, _check_relative(self.url, path)))

    def _resolve(self, path: str) -> str:
        """The real path of a zone file: inside the zone's real directory, or PathOutsideZone."""
        rel = _check_relative(self.url, path)
        if self._real is None:
            self._real = os.path.realpath(self.root)
        full = os.path.realpath(os.path.join(self._real, rel))
        if not full.startswith(self._real + os.sep):
            raise PathOutsideZone(self.url, path)
        return full

    def read(self, item: ZoneItem) -> bytes:
        """The verified bytes of a landed document. Raises ZoneRefused (outside the zone, not a regular
        file, corrupt) or OSError (missing, unreadable)."""
        full = self._resolve(item.path)
        # O_NONBLOCK: a FIFO planted in the zone opens at once (and is refused) instead of blocking
        fd = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ZoneRefused(self.url, item.path, "not_a_regular_file", "not a regular file; refused, not read")
            if item.size is not None and st.st_size != item.size:  # decided before a byte is read
                raise RawCorrupt(self.url, item.path, item.raw_id, f"{st.st_size} bytes, landed as {item.size}")
            content = fh.read()
        return _verify(self.url, item, content)

    def read_many(self, items: Sequence[ZoneItem]) -> list[bytes | BaseException]:
        out: list[bytes | BaseException] = []
        for item in items:
            try:
                out.append(self.read(item))
            except (FileNotFoundError, ZoneRefused) as exc:
                out.append(exc)
            except OSError as exc:  # this file (permissions, a link loop, a bad sector): its own failure row
                out.append(ZoneRefused(self.url, item.path, "unreadable", f"cannot read: {exc.strerror or exc}"))
        return out

    def sweep(self, now: float | None = None) -> int:
        """Remove temp files left by killed writers (see TEMP_MAX_AGE_SECONDS); returns how many."""
        now = time.time() if now is None else now
        removed = 0
        try:
            entries = list(os.scandir(self._tmp))
        except FileNotFoundError:
            return 0
        for entry in entries:
            if not entry.name.endswith(".tmp"):
                continue
            try:
                old = now - entry.stat(follow_symlinks=False).st_mtime > TEMP_MAX_AGE_SECONDS
                if old or _writer_gone(entry.name):
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:
                pass  # its writer finished (or another sweep got it) meanwhile
            except OSError:
                pass  # housekeeping only: a zone that cannot be written fails when landing, with its cause
        return removed


def _write_aside(tmp: str, content: bytes) -> None:
    try:
        fh = open(tmp, "xb")
    except FileNotFoundError:  # a new zone: the temp directory is made once
        os.makedirs(os.path.dirname(tmp), exist_ok=True)
        fh = open(tmp, "xb")
    with fh:
        fh.write(content)


def _link(tmp: str, dest: str) -> None:
    for attempt in (1, 2):
        try:
            os.link(tmp, dest)  # atomic, and fails instead of overwriting
            return
        except FileExistsError:
            return  # another process landed the same bytes first: same content by construction
        except FileNotFoundError:
            if attempt == 2:
                raise
            os.makedirs(os.path.dirname(dest), exist_ok=True)  # first document under this prefix
        except OSError:  # file systems without hard links
            if not os.path.exists(dest):
                os.replace(tmp, dest)
            return


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


class FsspecZone:
    """A zone behind an fsspec URL. Credentials and endpoints come from where the file system's own
    library looks (for S3: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_ENDPOINT_URL, ~/.aws, or
    fsspec's config such as FSSPEC_S3_ENDPOINT_URL), never from the URL (it is printed and stored)."""

    def __init__(self, url: str):
        try:
            from fsspec.core import url_to_fs
        except ImportError as exc:
            raise MissingDependency("fsspec", "s3fs", str(exc)) from None
        protocol = url.split("://", 1)[0].lower()
        try:
            self.fs, root = url_to_fs(url)
        except ImportError as exc:  # e.g. s3:// without s3fs
            raise MissingDependency(protocol, _PACKAGES.get(protocol, f"the fsspec driver for {protocol}://"),
                                    str(exc).splitlines()[0]) from None
        except ValueError as exc:
            from .errors import ConfigError

            raise ConfigError("raw_zone", f"{url}: {exc}") from None
        self.url = url.rstrip("/")
        self.root = root.rstrip("/")
        self.atomic_put = protocol in OBJECT_STORE_PROTOCOLS

    def __repr__(self) -> str:
        return f"FsspecZone({self.url!r})"

    def _full(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def _failed(self, exc: BaseException, doing: str, path: str) -> ZoneUnavailable:
        """A driver's error (an OSError, or botocore's own for a lost connection) as one line naming the
        zone URL, not the driver's bucket/key or its traceback."""
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        if isinstance(exc, FileNotFoundError) and doing != "reading":
            text = f"not found (does the bucket exist?): {text}"
        where = f"{self.url}/{path[len(self.root) + 1:]}" if path.startswith(self.root + "/") else path
        return ZoneUnavailable(self.url, text, f"{doing} {where}")

    def put_if_absent(self, raw_id: str, content: bytes) -> str:
        return self.put_many([(raw_id, content)])[0]

    def check(self) -> None:
        """Fail in one line before any work when the zone cannot be reached (no such bucket, no route,
        no credentials): asks for the bucket (object stores) or the folder."""
        target = self.root.split("/", 1)[0] if self.atomic_put else self.root
        try:
            self.fs.info(target)
        except FileNotFoundError as exc:
            if self.atomic_put:
                raise self._failed(exc, "checking", target) from None
            # a new folder on a file system: made on the first write
        except Exception as exc:  # noqa: BLE001 - see _failed
            raise self._failed(exc, "looking up", target) from None

    def put_many(self, docs: Sequence[tuple[str, bytes]]) -> list[str]:
        """Write what is not there yet (one PUT each on an object store, concurrently)."""
        rels = [relative_path(rid) for rid, _ in docs]
        wanted = {self._full(rel): content for rel, (_, content) in zip(rels, docs)}
        sizes = self._sizes(list(wanted))
        missing = {p: c for p, c in wanted.items() if sizes.get(p) != len(c)}
        if missing:
            try:
                if self.atomic_put:
                    self.fs.pipe(missing)
                else:
                    for path, content in missing.items():
                        tmp = f"{self.root}/{TEMP_DIR}/{temp_name(path.rsplit('/', 1)[1])}"
                        self.fs.pipe_file(tmp, content)
                        self.fs.mv(tmp, path)
            except Exception as exc:  # noqa: BLE001 - whatever the driver raises: one line naming the zone
                raise self._failed(exc, "writing", next(iter(missing))) from exc
        return rels

    def _sizes(self, paths: list[str]) -> dict[str, int]:
        """path → size of those that exist (fetched concurrently where the driver is async)."""
        try:
            return self._sizes_of(paths)
        except Exception as exc:  # noqa: BLE001 - see _failed
            raise self._failed(exc, "looking up", paths[0]) from exc

    def _sizes_of(self, paths: list[str]) -> dict[str, int]:
        if getattr(self.fs, "async_impl", False) and len(paths) > 1:
            import asyncio

            from fsspec.asyn import sync

            async def one(p: str):
                try:
                    return p, (await self.fs._info(p))["size"]
                except FileNotFoundError:
                    return p, None

            async def all_():
                return await asyncio.gather(*(one(p) for p in paths))

            return {p: s for p, s in sync(self.fs.loop, all_) if s is not None}
        out = {}
        for p in paths:
            try:
                out[p] = self.fs.info(p)["size"]
            except FileNotFoundError:
                pass
        return out

    def exists(self, path: str) -> bool:
        return self.fs.exists(self._full(_check_relative(self.url, path)))

    def read(self, item: ZoneItem) -> bytes:
        got = self.read_many([item])[0]
        if isinstance(got, BaseException):
            raise got
        return got

    def read_many(self, items: Sequence[ZoneItem]) -> list[bytes | BaseException]:
        """Verified bytes (or the exception) of each item, fetched concurrently; a read asks for at most
        one byte more than the landed size, so an object swapped for a huge one costs nothing."""
        out: list[bytes | BaseException | None] = [None] * len(items)
        todo: list[tuple[int, str]] = []
        for i, item in enumerate(items):
            try:
                todo.append((i, self._full(_check_relative(self.url, item.path))))
            except ZoneRefused as exc:
                out[i] = exc
        for start in range(0, len(todo), READ_BATCH):
            chunk = todo[start:start + READ_BATCH]
            for (i, path), data in zip(chunk, self._fetch([(p, items[i].size) for i, p in chunk])):
                if isinstance(data, FileNotFoundError):
                    out[i] = data  # this document's object is gone
                    continue
                if isinstance(data, BaseException):
                    out[i] = self._failed(data, "reading", path)
                    continue
                try:
                    out[i] = _verify(self.url, items[i], bytes(data))
                except ZoneRefused as exc:
                    out[i] = exc
        return out  # type: ignore[return-value]

    def _fetch(self, wanted: list[tuple[str, int | None]]) -> list[bytes | BaseException]:
        """The bytes of each path, concurrently, at most one byte past its landed size (an object with
        no bytes is asked for whole: S3 answers any range of it with "invalid range")."""
        ranged = [(k, p, size + 1) for k, (p, size) in enumerate(wanted) if size]
        whole = [(k, p) for k, (p, size) in enumerate(wanted) if not size]
        out: list[bytes | BaseException] = [b""] * len(wanted)
        try:
            if ranged:
                got = self.fs.cat_ranges([p for _, p, _ in ranged], [0] * len(ranged), [e for _, _, e in ranged],
                                         on_error="return")
                for (k, _, _), data in zip(ranged, got):
                    out[k] = data
            if whole:
                got = self.fs.cat([p for _, p in whole], on_error="return")
                for k, p in whole:
                    out[k] = got[p]
        except Exception as exc:  # noqa: BLE001 - the zone, not one document: see _failed
            return [exc] * len(wanted)
        return out

    def sweep(self, now: float | None = None) -> int:
        """Object stores leave no temp files (a PUT is atomic); elsewhere, as LocalZone.sweep."""
        if self.atomic_put:
            return 0
        now = time.time() if now is None else now
        removed = 0
        try:
            entries = self.fs.ls(f"{self.root}/{TEMP_DIR}", detail=True)
        except FileNotFoundError:
            return 0
        for entry in entries:
            name = entry["name"].rsplit("/", 1)[-1]
            mtime = entry.get("mtime") or entry.get("LastModified") or entry.get("created")
            age = now - (mtime.timestamp() if hasattr(mtime, "timestamp") else float(mtime or now))
            if name.endswith(".tmp") and (age > TEMP_MAX_AGE_SECONDS or _writer_gone(name)):
                try:
                    self.fs.rm_file(entry["name"])
                    removed += 1
                except FileNotFoundError:
                    pass
        return removed


_PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs", "abfs": "adlfs"}


def is_url(zone: str | os.PathLike) -> bool:
    return isinstance(zone, str) and "://" in zone


def local_path(zone: str | os.PathLike) -> Path | None:
    """The local folder a zone names (a plain path or a file:// URL), None for a remote URL."""
    if not is_url(zone):
        return Path(zone)
    if str(zone).lower().startswith("file://"):
        from urllib.parse import unquote, urlsplit

        return Path(unquote(urlsplit(str(zone)).path))
    return None


@lru_cache(maxsize=16)
def _open(zone: str | Path, pid: int) -> RawZone:
    local = local_path(zone)
    return LocalZone(local) if local is not None else FsspecZone(str(zone))


def open_zone(zone: "str | os.PathLike | RawZone") -> RawZone:
    """The zone behind a path or URL: one object per zone per process (keyed by pid too, as a forked
    worker cannot use its parent's fsspec client: its event loop stayed in the parent)."""
    if isinstance(zone, (LocalZone, FsspecZone)):
        return zone
    return _open(zone if isinstance(zone, (str, Path)) else Path(zone), os.getpid())


__all__ = ["FsspecZone", "LocalZone", "PathOutsideZone", "RawCorrupt", "RawZone", "ZoneItem", "ZoneRefused",
           "ZoneUnavailable",
           "is_url", "local_path", "open_zone", "relative_path", "temp_name"]
