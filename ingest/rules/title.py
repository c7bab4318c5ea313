"""The title of a text dump: a short heading line at the top, before the body.

Shape: the first line left after the other rules ran, when it is short, not a sentence (no closing
full stop; a question or exclamation is fine), and prose follows it.

Hard negative: a page that starts straight with body text ("The recent summit stood out …") has no
title; the first paragraph stays in the body.
"""
from __future__ import annotations

from typing import Iterable

from .base import Finding, TextView
from .features import is_prose, strip_bullet, words


class Heading:
    """The first line, when it reads as a heading and prose follows."""

    name = "title.heading"
    family = "title"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        if len(lines) < 2:
            return
        first = lines[0]
        t = strip_bullet(first.text)
        if (0 < len(t) <= 250 and len(words(t)) <= 30 and not is_prose(t) and not t.endswith((".", ",", ";", ":"))
                and any(is_prose(ln.text) for ln in lines[1:4])):
            yield Finding(first.start, first.end, "heading", "extract", {"title": t})


RULES = (Heading(),)
