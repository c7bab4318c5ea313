"""Shallow line features shared by the rules: is this line prose, where does the body start and end."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from ..dates import MONTHS, trie_alternation
from ..normalize import CJK_CHAR
from .base import Line

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’»)\]]*\s*$")
BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙●○■□►▶➤→*\-–—]|\d{1,2}[.)])\s+")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


def is_cjk(text: str) -> bool:
    head = text[:200]
    return not head.isascii() and len(CJK_CHAR.findall(head)) > 10


# Every rule asks these of every line, so a page's lines must fit: 8,192 entries made a 10k-line page
# miss on every call. 2**17 lines is a 5 MB page of 40-character lines; the keys are the page's own line
# strings (no copies).
LINE_CACHE = 1 << 17


@lru_cache(maxsize=LINE_CACHE)
def is_prose(text: str) -> bool:
    """A line a reader reads as running text: many words, and a sentence end or real length.

    CJK text has no spaces, so it counts characters instead of words. Memoised: every rule asks this
    of the same lines, so each distinct line is judged once.
    """
    t = text.strip()
    if len(t) < 40:
        return False
    if is_cjk(t):
        return len(t) >= 40 and ends_sentence(t)
    n = len(words(t))
    return n >= 10 and (ends_sentence(t) or n >= 25)


# prose_bounds of the last few line lists seen, keyed by identity: TextView.lines() hands every rule the
# same list object until a cut, so rules that run between two cuts share one computation. The list is
# kept referenced here, so its id cannot be reused while it is cached.
_BOUNDS_CACHE: list[tuple[Sequence[Line], tuple[int, int] | None]] = []


def prose_bounds(lines: Sequence[Line]) -> tuple[int, int] | None:
    """Positions (in `lines`) of the first and last prose line: the body lies between them."""
    for cached, bounds in _BOUNDS_CACHE:
        if cached is lines:
            return bounds
    bounds = _prose_bounds(lines)
    _BOUNDS_CACHE.insert(0, (lines, bounds))
    del _BOUNDS_CACHE[4:]
    return bounds


def _prose_bounds(lines: Sequence[Line]) -> tuple[int, int] | None:
    first = next((i for i, ln in enumerate(lines) if is_prose(ln.text)), None)
    if first is None:
        return None
    last = next(i for i in range(len(lines) - 1, -1, -1) if is_prose(lines[i].text))
    return first, last


@lru_cache(maxsize=LINE_CACHE)
def strip_bullet(text: str) -> str:
    """The line without its list bullet or number (memoised: many rules ask it of the same lines)."""
    return BULLET.sub("", text, count=1).strip()


# Every date form ingest.dates reads (its _PATTERNS) holds one of these: digits joined by "-", "." or "/"
# (ISO, dotted, slashed), a 年 (CJK), whitespace then a day number (month first: "Nov 26"), or a day
# number, whitespace and a month name (day first: "27 ноября", "5 de marzo"). The six date patterns cost
# ~40 µs on a short line, mostly their case-insensitive month and weekday alternations tried at every
# position; these few cheap scans rule out most short lines of a page first. Each is a necessary
# condition of one pattern (tests/rules/test_features.py checks them against ingest.dates).
_DIGIT = re.compile(r"\d")
_NUMERIC_DATE = re.compile(r"\d[-./]\d")
_MONTH_FIRST_DAY = re.compile(r"\s\d")
_DAY_FIRST_MONTH = re.compile(rf"\d(?:st|nd|rd|th|er|º|°)?\.?\s+(?:de\s+)?(?:{trie_alternation(MONTHS)})",
                              re.IGNORECASE)


def may_hold_date(text: str) -> bool:
    """False only when ingest.dates.find_dates(text) is surely empty (so parse_date_line is None)."""
    if _DIGIT.search(text) is None:
        return False
    return (_NUMERIC_DATE.search(text) is not None or "年" in text or _MONTH_FIRST_DAY.search(text) is not None
            or _DAY_FIRST_MONTH.search(text) is not None)
