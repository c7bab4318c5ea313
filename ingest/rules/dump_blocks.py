"""Whole-page text dumps: a block classifier for the debris no named pattern catches.

Shape (jusText's idea, without a DOM): every live line is a block. A block is first judged on its own —
long lines dense in function words (stopwords.py) are running text (`good`), mid-length ones are
`near_good`, short ones are undecided (`short`), and lines with few function words, no letters, or a
copy elsewhere in the page are `bad`. Then context decides the undecided ones: content comes in runs,
so a short line between two good runs (a section heading, a one-line paragraph) is content, and a short
line among bad ones (a menu item, "Follow us") is not. A heading-like short line followed by good text
is kept. What stays `bad` is removed, each run with the reason that condemned its first line.

Hard negatives: a clean article (every paragraph prose) loses nothing — its headings sit between good
blocks; a listing's teaser titles sit between prose teasers; a one-paragraph page keeps its paragraph.
The rule only acts on a page that has running text at all (otherwise it cannot tell body from chrome).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .base import Finding, Line, TextView
from .features import ends_sentence, is_cjk, strip_bullet
from .stopwords import guess_language, stopword_set

_TOKEN = re.compile(r"[^\W\d_]+")
_SEPARATORS = re.compile(r"\s[|·•/»›]\s|\s{3,}|\t")

GOOD, NEAR, SHORT, BAD = "good", "near_good", "short", "bad"

# Thresholds (tuned on the first half of a dev set of news page dumps; see scripts/eval_dumps.py).
# Below LENGTH_LOW characters a line cannot be judged alone (headings, captions, menu items look alike).
LENGTH_LOW = 70
# Above LENGTH_HIGH characters a line dense in function words is a paragraph, whatever its neighbours.
LENGTH_HIGH = 200
# Function-word density of running text with our short lists: English prose sits at 0.35-0.5,
# menus and link lists near 0.
STOPWORDS_LOW = 0.22
STOPWORDS_HIGH = 0.28
# A heading is kept when good text starts within this many characters after it.
MAX_HEADING_DISTANCE = 200
# Headings run up to this many words ("Outcomes of the … Summit: New Decisions, New Structure, and …").
MAX_HEADING_WORDS = 25


@dataclass(slots=True)
class Block:
    """One line with the features the classifier reads, and its class as it evolves."""

    line: Line
    chars: int
    words: int
    density: float
    heading: bool
    cls: str
    reason: str


def _features(lines: Sequence[Line]) -> list[Block]:
    tokens = [[t.lower() for t in _TOKEN.findall(ln.text)] for ln in lines]
    language = guess_language(t for toks in tokens for t in toks)
    stop = stopword_set(language)
    counts: dict[str, int] = {}
    keys = [" ".join(ln.text.split()).lower() for ln in lines]
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    blocks = []
    for ln, toks, key in zip(lines, tokens, keys):
        t = strip_bullet(ln.text)
        n = len(toks)
        density = sum(1 for w in toks if w in stop) / n if n else 0.0
        cls, reason = _initial(t, n, density, repeated=counts[key] > 1)
        heading = cls == SHORT and n <= MAX_HEADING_WORDS and not ends_sentence(t)
        blocks.append(Block(ln, len(t), n, density, heading, cls, reason))
    return blocks


def _initial(t: str, n: int, density: float, repeated: bool) -> tuple[str, str]:
    """Context-free class of one line, and the reason it would be removed."""
    chars = len(t)
    if n == 0:
        return BAD, "no_words"
    if repeated and chars < 120:
        return BAD, "repeated_line"
    if is_cjk(t):
        return (GOOD, "") if chars >= 40 and ends_sentence(t) else (SHORT, "short_isolated")
    if len(_SEPARATORS.findall(t)) >= 2 and density < STOPWORDS_HIGH:
        return BAD, "link_list"
    if chars < LENGTH_LOW or (n <= MAX_HEADING_WORDS and not ends_sentence(t)):
        return SHORT, "short_isolated"  # too short to judge alone, or shaped like a heading
    if density >= STOPWORDS_HIGH:
        return (GOOD, "") if chars >= LENGTH_HIGH else (NEAR, "isolated_block")
    if density >= STOPWORDS_LOW:
        return NEAR, "isolated_block"
    return BAD, "low_stopword_density"


def _neighbour(blocks: list[Block], i: int, step: int, ignore_near: bool) -> str:
    """Class of the nearest non-short block in direction `step`; the page edge counts as bad."""
    j = i + step
    while 0 <= j < len(blocks):
        c = blocks[j].cls
        if c in (GOOD, BAD) or (c == NEAR and not ignore_near):
            return c
        j += step
    return BAD


def _headings_first(blocks: list[Block]) -> None:
    """A heading-like short line with good text close after it is judged as near-good."""
    for i, b in enumerate(blocks):
        if not b.heading:
            continue
        distance = 0
        for nxt in blocks[i + 1:]:
            if nxt.cls == GOOD:
                b.cls = NEAR
                break
            distance += nxt.chars
            if distance > MAX_HEADING_DISTANCE:
                break


def _context(blocks: list[Block]) -> None:
    """jusText's context pass: short and near-good blocks take the class their neighbours agree on."""
    new = [b.cls for b in blocks]
    for i, b in enumerate(blocks):
        if b.cls != SHORT:
            continue
        prev, nxt = _neighbour(blocks, i, -1, True), _neighbour(blocks, i, 1, True)
        if prev == nxt:
            new[i] = prev
        elif (prev == BAD and _neighbour(blocks, i, -1, False) == NEAR) or \
                (nxt == BAD and _neighbour(blocks, i, 1, False) == NEAR):
            new[i] = GOOD
        else:
            new[i] = BAD
    for i, c in enumerate(new):
        blocks[i].cls = c
    new = [b.cls for b in blocks]
    for i, b in enumerate(blocks):
        if b.cls != NEAR:
            continue
        prev, nxt = _neighbour(blocks, i, -1, True), _neighbour(blocks, i, 1, True)
        new[i] = BAD if prev == nxt == BAD else GOOD
    for i, c in enumerate(new):
        blocks[i].cls = c


def _headings_last(blocks: list[Block]) -> None:
    """A heading judged bad by context is kept when good text follows it closely."""
    for i, b in enumerate(blocks):
        if not (b.heading and b.cls == BAD and b.reason == "short_isolated"):
            continue
        distance = 0
        for nxt in blocks[i + 1:]:
            if nxt.cls == GOOD:
                b.cls = GOOD
                break
            distance += nxt.chars
            if distance > MAX_HEADING_DISTANCE:
                break


def classify(lines: Sequence[Line]) -> list[Block]:
    """Final class of every line (the rule's whole decision, exposed for tests and `explain`)."""
    blocks = _features(lines)
    if not any(b.cls == GOOD for b in blocks):
        for b in blocks:
            b.cls = GOOD  # no running text: nothing to anchor the body on, so judge nothing
        return blocks
    _headings_first(blocks)
    _context(blocks)
    _headings_last(blocks)
    return blocks


class Blocks:
    """Every line the block classifier finally judges bad, in runs that share a reason."""

    name = "dump.blocks"
    family = "dump"

    def find(self, view: TextView) -> Iterable[Finding]:
        blocks = classify(view.lines())
        run: list[Block] = []
        for b in blocks + [None]:  # type: ignore[list-item]
            if b is not None and b.cls == BAD and (not run or run[0].reason == b.reason):
                run.append(b)
                continue
            if run:
                yield Finding(run[0].line.start, run[-1].line.end, run[0].reason)
            run = [b] if b is not None and b.cls == BAD else []


RULES = (Blocks(),)
