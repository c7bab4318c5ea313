"""`clean`: process files in memory and return their outcomes, storing nothing."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from .errors import UnreadableInput
from .pipeline import process_raw, raw_from_bytes
from .records import FailedDocument, Outcome
from .settings import Settings


def clean(paths: Iterable[str | Path], settings: Settings | None = None) -> Iterator[Outcome]:
    """One outcome per path, in order; unreadable files become FailedDocuments, never exceptions."""
    settings = settings or Settings()
    for path in paths:
        source = str(path)
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            err = UnreadableInput(source, f"cannot read file: {exc.strerror or exc}")
            yield FailedDocument("", source, err.stage, type(err).__name__, str(err))
            continue
        yield process_raw(raw_from_bytes(content, source), settings)
