"""Over-deletion guard for text dumps: cleaning that would remove most of a page's prose keeps its
doubtful blocks instead, and says so.

Why: losing article text silently is the worst outcome; a page the classifier misreads (an unusual
layout, a language without a function-word list) can lose nearly all its body to doubtful block
decisions. When more than MAX_PROSE_LOSS of the words in sentence-like lines would go, the document is
re-cleaned without the doubtful rules (the dump classifier: its decisions are judgements, the named
rules' are shapes), recorded as a Note and flagged (FLAG) so an operator can find it (`ingest flagged`).
"""
from __future__ import annotations

from typing import Iterable, Sequence

from ..normalize import word_count
from ..records import RemovedSpan
from .features import is_prose

# Share of the words in sentence-like lines a cleaning may remove before the guard steps in. A news
# page's comments and teasers rarely reach half its prose; more than 60 % gone means the body went.
MAX_PROSE_LOSS = 0.6
# Pages with less prose than this are too small to judge (a stub, a listing of titles).
MIN_PROSE_WORDS = 60
FLAG = "guard.kept_doubtful"
# Rule families whose removals are judgements the guard may undo.
DOUBTFUL_FAMILIES = frozenset({"dump"})


def prose_words(lines: Iterable[str]) -> int:
    return sum(word_count(t) for t in lines if is_prose(t))


def prose_loss(text: str, removed: Iterable[RemovedSpan]) -> tuple[int, int]:
    """(prose words removed, prose words in the page)."""
    total = prose_words(text.split("\n"))
    lost = sum(prose_words(s.text.split("\n")) for s in removed)
    return lost, total


def over_deletes(text: str, removed: Sequence[RemovedSpan]) -> tuple[bool, int, int]:
    """(trip, prose words removed, prose words in the page). The guard trips only when the doubtful
    rules took some of that prose: otherwise keeping their blocks would change nothing, so that
    (cheap: only their spans) is asked first and the page is counted only when it holds."""
    if not any(prose_words(s.text.split("\n")) for s in removed if s.rule.split(".", 1)[0] in DOUBTFUL_FAMILIES):
        return False, 0, 0
    lost, total = prose_loss(text, removed)
    return total >= MIN_PROSE_WORDS and lost > MAX_PROSE_LOSS * total, lost, total
