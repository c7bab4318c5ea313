"""Files, directories and globs → the paths to read, and reading one file safely.

Only regular files inside what was given are read: inside a directory, a symbolic link that leads
out of it is not followed (unless `follow_symlinks`), directory loops are detected, and devices,
FIFOs and sockets are refused as `not_a_regular_file` without ever being opened for reading (an
open() of a FIFO blocks). A file's size is checked with fstat before a byte is read, so a 2 GB file
is refused at the cost of a system call.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..errors import ConfigError
from .base import Skipped, SourceFailure

# Extensions a directory listing takes (content still decides how each is read). Compressed files
# are taken when what is inside is one of these (`page.html.gz`, `crawl.warc.gz`, `pages.jsonl.zst`).
DOCUMENT_SUFFIXES = {".html": "text/html", ".htm": "text/html", ".xhtml": "text/html", ".shtml": "text/html",
                     ".txt": "text/plain", ".text": "text/plain"}
CONTAINER_SUFFIXES = {".warc", ".jsonl", ".ndjson", ".xml", ".rss", ".atom", ".urls"}
COMPRESSED_SUFFIXES = {".gz", ".zst", ".zstd"}


class ReadRefused(Exception):
    """A file that will not be read, with the failure reason code (stage `read`)."""

    def __init__(self, path: str, reason: str, message: str):
        self.path, self.reason, self.message = path, reason, message
        super().__init__(f"{path}: {message}")

    def failure(self) -> SourceFailure:
        return SourceFailure(self.path, "read", self.reason, f"{self.path}: {self.message}")


def media_type(path: str) -> str | None:
    return DOCUMENT_SUFFIXES.get(_inner_suffix(path))


def _inner_suffix(path: str) -> str:
    suffixes = [s.lower() for s in Path(path).suffixes]
    while suffixes and suffixes[-1] in COMPRESSED_SUFFIXES:
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def wanted_in_directory(name: str) -> bool:
    """Whether a directory listing takes this file: a known extension, or none at all (sniffed)."""
    if name.startswith("."):
        return False
    suffix = _inner_suffix(name)
    return suffix in DOCUMENT_SUFFIXES or suffix in CONTAINER_SUFFIXES or not suffix or not _plausible_ext(suffix)


def _plausible_ext(suffix: str) -> bool:
    """`.png` is an extension; `.2024` or `.example` in `news.example` is part of a name."""
    return 1 < len(suffix) <= 6 and suffix[1:].isalnum() and not suffix[1:].isdigit()


def _is_glob(source: str) -> bool:
    return any(ch in source for ch in "*?[")


@dataclass
class _Walk:
    follow_symlinks: bool
    seen_dirs: set[tuple[int, int]]


def expand(sources: Iterable[str | Path], *, follow_symlinks: bool = False) -> Iterator[str | Skipped | SourceFailure]:
    """Every input file, in order, once; plus what was left out (Skipped) or refused (SourceFailure).

    A file named explicitly is taken whatever it is (a link named on the command line is followed:
    it is what was given); directories and globs are walked without leaving them. A source that does
    not exist is a ConfigError before any work."""
    seen: set[str] = set()
    for source in sources:
        source = str(source)
        for item in _expand_one(source, follow_symlinks):
            if isinstance(item, str):
                if item in seen:
                    continue
                seen.add(item)
            yield item


def _expand_one(source: str, follow_symlinks: bool) -> Iterator[str | Skipped | SourceFailure]:
    path = Path(source)
    if os.path.lexists(source) and not path.is_dir():
        yield source  # regular or not, it is checked (and refused) when opened
    elif path.is_dir():
        yield from _walk_dir(path, _Walk(follow_symlinks, set()))
    elif _is_glob(source):
        found = list(_glob(source, follow_symlinks))
        if not found:
            raise ConfigError("sources", f"{source!r} matches no file")
        yield from found
    else:
        raise ConfigError("sources", f"{source!r}: no such file or directory")


def _walk_dir(root: Path, walk: _Walk) -> Iterator[str | Skipped | SourceFailure]:
    """Files under root, sorted, depth first. Links: followed only inside root (or everywhere with
    follow_symlinks); a directory reached twice (a loop, or two links to one place) is walked once."""
    real_root = os.path.realpath(root)
    try:
        st = os.stat(root)
    except OSError as exc:
        yield SourceFailure(str(root), "read", "unreadable", f"{root}: cannot list directory: {exc.strerror}")
        return
    walk.seen_dirs.add((st.st_dev, st.st_ino))
    yield from _walk_into(root, real_root, walk)


def _walk_into(directory: Path, real_root: str, walk: _Walk) -> Iterator[str | Skipped | SourceFailure]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield SourceFailure(str(directory), "read", "unreadable",
                            f"{directory}: cannot list directory: {exc.strerror}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue  # hidden files and directories (.git, .DS_Store): not documents
        if entry.is_symlink():
            target = os.path.realpath(path)
            inside = target == real_root or target.startswith(real_root + os.sep)
            if not (inside or walk.follow_symlinks):
                yield Skipped(str(path), "symlink_outside_source")
                continue
        try:
            st = os.stat(path)  # follows a link; never opens
        except OSError as exc:
            reason = "symlink_loop" if exc.errno == errno.ELOOP else "broken_symlink" if entry.is_symlink() else "unreadable"
            yield SourceFailure(str(path), "read", reason, f"{path}: {exc.strerror}")
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in walk.seen_dirs:
                continue  # a loop, or a directory already walked through another link
            walk.seen_dirs.add(key)
            yield from _walk_into(path, real_root, walk)
        elif not wanted_in_directory(entry.name):
            yield Skipped(str(path), "unsupported_type")
        else:
            yield str(path)  # non-regular files are refused when opened, with their reason


def _glob(pattern: str, follow_symlinks: bool) -> Iterator[str | Skipped | SourceFailure]:
    """Our own glob: `*`, `?`, `[…]` within a path part, `**` across parts; walked with the same rules
    as a directory (Python's glob follows directory links round loops)."""
    parts = Path(pattern).parts
    fixed = next((i for i, p in enumerate(parts) if _is_glob(p)), len(parts))
    base = Path(*parts[:fixed]) if fixed else Path(".")
    regex = _glob_regex("/".join(parts[fixed:]))
    if not base.is_dir():
        return
    walk = _Walk(follow_symlinks, set())
    for item in _walk_everything(base, walk):
        rel = os.path.relpath(item.source_uri if not isinstance(item, str) else item, base).replace(os.sep, "/")
        if not regex.fullmatch(rel):
            continue
        if isinstance(item, str) and not wanted_in_directory(os.path.basename(item)) and not _names_it(pattern):
            yield Skipped(item, "unsupported_type")
            continue
        yield item


def _names_it(pattern: str) -> bool:
    """A glob that spells out an extension (`*.pdf`) asks for those files by name."""
    return bool(re.search(r"\.[A-Za-z0-9]+$", pattern))


def _walk_everything(root: Path, walk: _Walk) -> Iterator[str | Skipped | SourceFailure]:
    """Like _walk_dir, but every file (the glob decides)."""
    for item in _walk_dir(root, walk):
        if isinstance(item, Skipped) and item.reason == "unsupported_type":
            yield item.source_uri
        else:
            yield item


def _glob_regex(pattern: str) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (end := pattern.find("]", i + 1)) > i:
            body = pattern[i + 1:end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def open_regular(path: str, *, max_bytes: int | None = None) -> tuple[BinaryIO, int]:
    """Open a regular file for reading without ever blocking: O_NONBLOCK (a FIFO opens at once),
    then fstat on the open descriptor (no race with a swapped path) decides. Raises ReadRefused:
    not_a_regular_file, too_large (when max_bytes is given), permission_denied, unreadable."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _refused(path, exc) from None
    if not stat.S_ISREG(st.st_mode):
        raise ReadRefused(path, "not_a_regular_file", f"not a regular file ({_file_type(st.st_mode)})")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _refused(path, exc) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise ReadRefused(path, "not_a_regular_file", f"not a regular file ({_file_type(st.st_mode)})")
    if max_bytes is not None and st.st_size > max_bytes:
        os.close(fd)
        raise ReadRefused(path, "too_large", f"too large: {st.st_size} bytes (limit {max_bytes})")
    return os.fdopen(fd, "rb"), st.st_size


def _refused(path: str, exc: OSError) -> ReadRefused:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ReadRefused(path, "permission_denied", f"cannot read file: {exc.strerror}")
    if exc.errno == errno.ELOOP:
        return ReadRefused(path, "symlink_loop", f"cannot read file: {exc.strerror}")
    return ReadRefused(path, "unreadable", f"cannot read file: {exc.strerror or exc}")


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "directory")):
        if test(mode):
            return name
    return "special file"


def read_files(sources: Iterable[str | Path], settings=None) -> Iterator:
    """The RawDocuments of sources (any kind the dispatcher reads); raises UnreadableInput on the first
    input that cannot be read. For scripts and tests: runs record such inputs as failure rows instead."""
    from ..errors import UnreadableInput
    from ..records import RawDocument
    from ..settings import Settings
    from .dispatch import SourceContext, iter_items

    ctx = SourceContext(settings or Settings())
    try:
        for item in iter_items([str(s) for s in sources], ctx):
            if isinstance(item, SourceFailure):
                raise UnreadableInput(item.source_uri, item.message, stage=item.stage)
            if isinstance(item, RawDocument):
                yield item
    finally:
        ctx.close()
