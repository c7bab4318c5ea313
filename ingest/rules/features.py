"""Shallow line features shared by the rules: is this line prose, where does the body start and end."""
from __future__ import annotations

import re
from typing import Sequence

from .base import Line

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’»)\]]*\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙●○■□►▶➤→*\-–—]|\d{1,2}[.)])\s+")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


def is_cjk(text: str) -> bool:
    return len(_CJK.findall(text[:200])) > 10


def is_prose(text: str) -> bool:
    """A line a reader reads as running text: many words, and a sentence end or real length.

    CJK text has no spaces, so it counts characters instead of words.
    """
    t = text.strip()
    if len(t) < 40:
        return False
    if is_cjk(t):
        return len(t) >= 40 and ends_sentence(t)
    n = len(words(t))
    return n >= 10 and (ends_sentence(t) or n >= 25)


def prose_bounds(lines: Sequence[Line]) -> tuple[int, int] | None:
    """Positions (in `lines`) of the first and last prose line: the body lies between them."""
    first = next((i for i, ln in enumerate(lines) if is_prose(ln.text)), None)
    if first is None:
        return None
    last = next(i for i in range(len(lines) - 1, -1, -1) if is_prose(lines[i].text))
    return first, last


def strip_bullet(text: str) -> str:
    return BULLET.sub("", text, count=1).strip()
