"""Files, directories and globs of .html/.htm/.txt → paths → RawDocuments.

Paths are expanded first (cheap, ordered, deduplicated) so a flow can pass paths to its tasks and
read the bytes inside them; bodies never travel between tasks.
"""
from __future__ import annotations

import glob
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import ConfigError, UnreadableInput
from ..pipeline import raw_from_bytes
from ..records import RawDocument

MEDIA_TYPES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}


def _is_glob(source: str) -> bool:
    return any(ch in source for ch in "*?[")


def _in_dir(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in MEDIA_TYPES)


def expand(sources: Iterable[str | Path]) -> Iterator[str]:
    """Every input file, in order, once. A file named explicitly is taken whatever its extension;
    directories and globs yield .html/.htm/.txt files. A source that matches nothing is a ConfigError."""
    seen: set[str] = set()
    for source in sources:
        source = str(source)
        path = Path(source)
        if path.is_file():
            found = [path]
        elif path.is_dir():
            found = _in_dir(path)
        elif _is_glob(source):
            found = []
            for match in sorted(glob.glob(source, recursive=True)):
                m = Path(match)
                found += _in_dir(m) if m.is_dir() else [m] if m.suffix.lower() in MEDIA_TYPES else []
            if not found:
                raise ConfigError("sources", f"{source!r} matches no .html/.htm/.txt file")
        else:
            raise ConfigError("sources", f"{source!r}: no such file or directory")
        for p in found:
            key = str(p)
            if key not in seen:
                seen.add(key)
                yield key


def media_type(path: str) -> str | None:
    return MEDIA_TYPES.get(Path(path).suffix.lower())


def read_file(path: str) -> RawDocument:
    """The RawDocument of one file; UnreadableInput when it cannot be read."""
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableInput(path, f"cannot read file: {exc.strerror or exc}", stage="source") from None
    return raw_from_bytes(content, path, media_type=media_type(path))


def read_files(sources: Iterable[str | Path]) -> Iterator[RawDocument]:
    """RawDocuments for files, directories and globs (raises UnreadableInput on an unreadable file)."""
    for path in expand(sources):
        yield read_file(path)
