"""Listing pages: several title + teaser pairs, each teaser cut off by the site ("…", "Read more").

Shape: two or more blocks of (short title line, prose teaser ending in an ellipsis or a "read more"
marker), making up most of the page. Each teaser's title becomes metadata (`teaser_title`), its
unfinished last sentence is cut back to the last complete sentence, and the pipeline splits the page
into one truncated article per teaser.

Hard negative: an article with section headings (heading, paragraphs ending in full stops) is not a
listing, however many headings it has — the teasers' cut-off endings are what make a listing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..dates import is_relative_date, parse_date_line
from .base import Finding, Line, TextView
from .features import is_prose, may_hold_date, strip_bullet

_TRUNCATED = re.compile(
    r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|\(…\)|\(\.\.\.\))\s*[\]»)]?\s*$|"
    r"\b(?:read more|continue reading|more|weiterlesen|mehr|lire la suite|leer más|seguir leyendo|"
    r"читать далее|подробнее|leggi tutto)\s*[»›→>.]*\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?。！？]['\"”’»)\]]*(?=\s)")
_ABBREVIATIONS = frozenset("""mr mrs ms dr st jr sr vs etc inc ltd co no gen gov sen rep prof col lt sgt capt
cmdr adm fig approx dept est jan feb mar apr jun jul aug sep sept oct nov dec bzw ca dr evtl ggf inkl nr
usw vgl z.b mme mlle av sra sr dña т.е т.д г гг""".split())
_MIN_TEASERS = 2
# Full text this many times longer than the longest teaser is the page's own article, not one more teaser.
_MAIN_ARTICLE_FACTOR = 2.5


@dataclass(slots=True)
class _Block:
    title: Line
    body: list[Line]


def _is_truncated(text: str) -> bool:
    """Ends in an ellipsis or a "read more" marker (only the tail is searched: teasers are long lines)."""
    return _TRUNCATED.search(text[-60:]) is not None


def _is_title(line: Line) -> bool:
    t = strip_bullet(line.text)
    return 0 < len(t) <= 200 and not is_prose(t) and not t.endswith((".", ",", ";", ":"))


def _blocks(lines: list[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    for pos, ln in enumerate(lines):
        nxt = lines[pos + 1] if pos + 1 < len(lines) else None
        if _is_title(ln) and nxt is not None and (is_prose(nxt.text) or _is_date(nxt.text)):
            blocks.append(_Block(ln, []))
        elif blocks:
            blocks[-1].body.append(ln)
    return blocks


def _is_date(text: str) -> bool:
    t = strip_bullet(text)
    if len(t) > 50:
        return False
    whole = text.strip()
    if may_hold_date(whole) and parse_date_line(whole) is not None:
        return True
    return (t != whole and may_hold_date(t) and parse_date_line(t) is not None) or is_relative_date(t)


def last_sentence_end(text: str) -> int | None:
    """Offset just past the last complete sentence of a cut-off text (abbreviations are no ends)."""
    best = None
    for m in _SENTENCE_END.finditer(text):
        before = text[:m.start()].rsplit(None, 1)[-1] if text[:m.start()].strip() else ""
        word = before.lower().rstrip(".")
        if m.group(0)[0] == "." and (len(word) == 1 or word in _ABBREVIATIONS or "." in word):
            continue
        best = m.end()
    return best


class ListingTeasers:
    """Title + cut-off teaser pairs: marks each title and cuts each teaser's unfinished sentence."""

    name = "listing.teasers"
    family = "listing"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        blocks = [b for b in _blocks(lines) if b.body]
        teasers = [b for b in blocks if _is_truncated(b.body[-1].text)]
        body_lines = sum(len(b.body) + 1 for b in blocks)
        if len(teasers) < _MIN_TEASERS:
            return
        if self._has_main_article(lines, blocks, teasers):
            # An article followed by teasers of other stories: the page is the article; the teasers are
            # related content and go, title and all.
            for b in teasers:
                yield Finding(b.title.start, b.body[-1].end, "related_teaser")
            header = next((ln for ln in reversed(lines) if ln.index < teasers[0].title.index), None)
            if header is not None and _is_title(header) and len(header.text.strip()) <= 60:
                yield Finding(header.start, header.end, "related_header")
            return
        if len(teasers) < 0.6 * len(blocks) or body_lines < 0.6 * len(lines):
            return
        lead = [ln for ln in lines if ln.index < blocks[0].title.index]
        if any(is_prose(ln.text) for ln in lead):
            return  # running text above the teasers: an article page, not a listing (nothing is cut)
        for ln in lead:  # what heads a listing page and no other rule claimed (belongs to no teaser)
            yield Finding(ln.start, ln.end, "before_first_teaser")
        for b in blocks:
            yield Finding(b.title.start, b.title.end, "teaser_title", "extract",
                          {"teaser_title": strip_bullet(b.title.text)})
            for ln in b.body[:-1]:
                if _is_date(ln.text):
                    yield Finding(ln.start, ln.end, "teaser_date", "extract", {"teaser_date": strip_bullet(ln.text)})
            last = b.body[-1]
            if _is_truncated(last.text):
                cut = last_sentence_end(last.text)
                start = last.start + cut if cut is not None else last.start
                yield Finding(start, last.end, "truncated_tail", "extract", {"truncated": "1"})

    @staticmethod
    def _has_main_article(lines: list[Line], blocks: list[_Block], teasers: list[_Block]) -> bool:
        """True when some stretch of full (not cut-off) text dwarfs every teaser: the page's own article."""
        longest_teaser = max(sum(len(ln.text) for ln in b.body) for b in teasers)
        first_title = blocks[0].title.index
        lead = sum(len(ln.text) for ln in lines if ln.index < first_title and is_prose(ln.text))
        # by identity: `b not in teasers` compared blocks field by field against every teaser (quadratic on a
        # page of many blocks); no two blocks are equal, as each has its own title line
        teaser_ids = {id(b) for b in teasers}
        full = [sum(len(ln.text) for ln in b.body) for b in blocks if id(b) not in teaser_ids]
        return max([lead, *full]) > _MAIN_ARTICLE_FACTOR * longest_teaser


RULES = (ListingTeasers(),)
