"""Per-site template lines: a line its host repeats on many pages (learned by ingest/templates.py).

Pattern: a line near the start or the end of an article whose normalised text is one of its host's
template lines — the site's own footer sentence ("The Courier is published by the Westmere Trust…"),
its newsletter pitch, its "about the author" box — which no general rule names because it is ordinary
prose on every page of that one site.
Hard negative: a sentence quoted in a few articles of the site (a minister's remark, a slogan) is no
template line (too few pages, see templates.MIN_LINE_PAGES), and a line deep inside the article is
never looked at: the rule only reads the edge bands the template was counted from.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterator

from .base import Finding, TextView

# Lines counted and cut at each end of an article. A site's footer, author box and newsletter pitch
# sit in the last few lines; its kicker or "listen to this article" in the first few. A larger band
# would start counting paragraphs of the story itself.
EDGE_LINES = 4
# Lines shorter than this are labels and headings ("Share", "Related"), which the general chrome rules
# judge; a template is for sentences and boxes.
MIN_LINE_WORDS = 3

_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"^[#>*_\-+\s]+|[*_\s]+$")  # Markdown heading / list / quote / emphasis markers


def normalise(line: str) -> str:
    return _SPACE.sub(" ", _MARKUP.sub("", line)).strip().casefold()


def line_key(line: str) -> int:
    """Stable signed 64-bit key of a line (case and spacing ignored): what site_lines counts."""
    digest = hashlib.blake2b(normalise(line).encode(), digest_size=8, person=b"ingest-tmpl").digest()
    return int.from_bytes(digest, "little", signed=True)


def countable(line: str) -> bool:
    return len(normalise(line).split()) >= MIN_LINE_WORDS


@dataclass(frozen=True, slots=True)
class EdgeLine:
    """A line in an article's edge band: its key, band ("head" | "tail"), text and offsets."""

    key: int
    band: str
    text: str
    start: int
    end: int


def edge_lines(view: TextView) -> Iterator[EdgeLine]:
    """The countable lines among the first and the last EDGE_LINES live lines (a short article's line
    may be in both bands)."""
    lines = view.lines()
    for band, chosen in (("head", lines[:EDGE_LINES]), ("tail", lines[-EDGE_LINES:])):
        for ln in chosen:
            if countable(ln.text):
                yield EdgeLine(line_key(ln.text), band, ln.text.strip(), ln.start, ln.end)


class SiteRepeat:
    """Remove the host's template lines from an article's edge bands."""

    name = "template.site_repeat"
    family = "template"

    def __init__(self, keys: frozenset[int]):
        self.keys = keys

    def find(self, view: TextView) -> Iterator[Finding]:
        seen: set[int] = set()
        for ln in edge_lines(view):
            if ln.key in self.keys and ln.start not in seen:
                seen.add(ln.start)
                yield Finding(ln.start, ln.end, "site_repeat")
