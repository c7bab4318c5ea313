"""The page's headline at the top of the extracted text: it is the article's title, not its body.

trafilatura keeps the `<h1>` as the first line of the main content. When the first live line (or the
second, after a kicker) is one of the page's own titles (JSON-LD headline, og:title, `<title>`, which
may add " – Site name"), it is cut through the engine as `title.headline_line`, so it shows in
provenance like any removal.

Hard negative: a first paragraph that merely starts like the title (a sentence that goes on) stays:
the line must *be* the title, or the page's `<title>` must be that line plus a site suffix.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..rules.base import Finding, TextView

_WORDS = re.compile(r"\w+")


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


class HeadlineLine:
    """The first or second live line when it is the page's headline."""

    name = "title.headline_line"
    family = "title"

    def __init__(self, titles: Iterable[str]):
        self._titles = tuple(k for k in {_key(t) for t in titles} if k)

    def find(self, view: TextView) -> Iterable[Finding]:
        for ln in view.lines()[:2]:
            key = _key(ln.text)
            if key and any(key == t or (t.startswith(key + " ") and len(key.split()) >= 3) for t in self._titles):
                yield Finding(ln.start, ln.end, "page_headline")
                return
