"""The rule contract: a rule *finds* spans in a TextView; the engine (engine.py) cuts them.

A rule never edits text. It returns Findings (offsets into the view's text, a stable reason code,
and for `extract` findings the metadata they carry). Rules run in order over one shared view, so a
later rule sees what earlier ones removed (e.g. comment stubs become the page's tail once the page
chrome after them is gone).
"""
from __future__ import annotations

import bisect
import re
from itertools import accumulate
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Literal, Mapping, Protocol, Sequence

Action = Literal["remove", "extract"]
_EMPTY: Mapping[str, str] = {}


@dataclass(frozen=True, slots=True)
class Finding:
    """A span a rule wants gone; `extract` findings also carry metadata in `data`."""

    start: int
    end: int
    reason: str
    action: Action = "remove"
    data: Mapping[str, str] = field(default_factory=lambda: _EMPTY)


class Rule(Protocol):
    """A named boilerplate shape. `name` is "family.rule", unique and stable."""

    name: str
    family: str

    def find(self, view: "TextView") -> Iterable[Finding]: ...


@dataclass(slots=True)
class Line:
    """One live line of the view: its index and current [start, end) in the view's text."""

    index: int
    start: int
    end: int
    text: str


# Whitespace that counts as "nothing" on a line, including NBSP and the other Unicode spaces.
BLANK_RE = re.compile(r"^[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]*$")


# The characters of BLANK_RE that str.isspace does not count (a test checks the pair against BLANK_RE).
_BLANK_NOT_SPACE = "\u200b\ufeff"


def is_blank(text: str) -> bool:
    """Empty or only (Unicode) spacing. Most lines asked are text: their first character settles it
    without the regex."""
    if not text:
        return True
    first = text[0]
    return (first.isspace() or first in _BLANK_NOT_SPACE) and BLANK_RE.match(text) is not None


class TextView:
    """Text split into lines, with a mask of what earlier rules removed.

    Offsets always refer to `text`, so provenance spans from every rule share one coordinate system.
    A cut that takes a line's head or tail trims the line; a cut in the middle leaves the line whole
    for later rules (rare: datelines and tweets are cut from line edges).
    """

    __slots__ = ("text", "_origin", "_starts", "_ends", "_alive", "_holes", "_cache", "_previous", "_line_objs",
                 "_trimmed")

    def __init__(self, text: str):
        self.text = text
        lengths = [len(piece) for piece in text.split("\n")]
        starts = [0, *accumulate(n + 1 for n in lengths)]  # each line starts after the last one's newline
        starts.pop()
        ends = [s + n for s, n in zip(starts, lengths)]
        self._origin = tuple(starts)
        self._starts = starts
        self._ends = ends
        self._holes: dict[int, list[tuple[int, int]]] = {}
        self._alive = [True] * len(starts)
        self._cache: list[Line] | None = None
        self._previous: list[Line] | None = None
        # Per line: its Line object, False when blank, None when not built yet (or changed by a cut).
        self._line_objs: list[Line | bool | None] = [None] * len(starts)
        # Whether a cut since the last lines() left a line alive but changed (trimmed, or holed): then that
        # line needs a new Line object; while only whole lines die, lines() just drops the dead ones.
        self._trimmed = False

    # -- reading -------------------------------------------------------------------------
    def lines(self) -> list[Line]:
        """Live lines that still hold text (blank and removed lines are left out).

        The same list object is returned until the next cut (features.prose_bounds caches on that).
        """
        if self._cache is None:
            out: list[Line] = []
            objs, alive = self._line_objs, self._alive
            if self._previous is None:
                for i in range(len(alive)):
                    if alive[i]:
                        ln = objs[i] if objs[i] is not None else self._build_line(i)
                        if ln is not False:
                            out.append(ln)
            elif not self._trimmed:  # only whole lines died: the previous list without them
                out = [ln for ln in self._previous if objs[ln.index] is ln]
            else:
                # Cuts only kill or trim lines, never revive them: walk the previous live list instead of
                # every line of the page (blank lines are often half of a dump). A line a cut left alone
                # still holds its Line object; a cut one holds None and is rebuilt if it is still alive.
                for ln in self._previous:
                    i = ln.index
                    cur = objs[i]
                    if cur is ln:
                        out.append(ln)
                    elif alive[i]:
                        if cur is None:
                            cur = self._build_line(i)
                        if cur is not False:
                            out.append(cur)
            self._cache = self._previous = out
            self._trimmed = False
        return self._cache

    def _build_line(self, i: int) -> Line | bool:
        """Line i as it stands now (False when blank), stored in _line_objs."""
        s, e = self._starts[i], self._ends[i]
        t = self.text[s:e]
        ln = self._line_objs[i] = False if is_blank(t) else Line(i, s, e, t)
        return ln

    def line_at(self, pos: int) -> int:
        """Index of the line of `text` that holds offset `pos` (a newline belongs to the line it ends)."""
        return bisect.bisect_right(self._origin, pos) - 1

    def raw_line(self, index: int) -> str:
        return self.text[self._starts[index]:self._ends[index]]

    def line_bounds(self, index: int) -> tuple[int, int]:
        return self._starts[index], self._ends[index]

    def line_count(self) -> int:
        return len(self._starts)

    def is_alive(self, index: int) -> bool:
        return self._alive[index]

    def blank_between(self, a: Line, b: Line) -> bool:
        """True when at least one blank (or removed) line separates two live lines."""
        return b.index - a.index > 1

    def live_text(self, start: int = 0, end: int | None = None) -> str:
        """The surviving text of the lines that begin in [start, end), one line per line (removed and
        blank lines stay as empty lines, so paragraph breaks survive)."""
        out = []
        text = self.text
        for i, origin in enumerate(self._origin):
            if origin < start:
                continue
            if end is not None and origin >= end:
                break
            if not self._alive[i]:
                out.append("")
                continue
            s, e = self._starts[i], self._ends[i]
            holes = self._holes.get(i)
            if holes:
                parts, pos = [], s
                for hs, he in sorted(holes):
                    parts.append(text[pos:hs])
                    pos = he
                parts.append(text[pos:e])
                out.append(" ".join(p.strip() for p in parts if p.strip()))
            else:
                out.append(text[s:e])
        return "\n".join(out)

    def copy(self) -> "TextView":
        """An independent view in the same state (same text, same cuts): a later cut to one leaves the
        other as it was. The over-deletion guard keeps one from before the doubtful rules, so undoing
        them is a copy, not a second run of every rule (extract/text.py)."""
        other = TextView.__new__(TextView)
        other.text, other._origin = self.text, self._origin
        other._starts, other._ends, other._alive = list(self._starts), list(self._ends), list(self._alive)
        other._holes = {i: list(h) for i, h in self._holes.items()}
        other._line_objs = list(self._line_objs)  # Line objects are never changed in place, only replaced
        other._trimmed = self._trimmed
        other._cache = None if self._cache is None else list(self._cache)
        other._previous = other._cache if self._previous is self._cache else \
            (None if self._previous is None else list(self._previous))
        return other

    # -- cutting (engine only) -----------------------------------------------------------
    def cut(self, start: int, end: int) -> list[tuple[int, int]]:
        """Remove [start, end) where still live; return the pieces actually removed."""
        pieces: list[tuple[int, int]] = []
        changed = False
        for i in self._overlapping(start, end):
            if not self._alive[i]:
                continue
            s, e = self._starts[i], self._ends[i]
            cs, ce = max(s, start), min(e, end)
            if cs >= ce and not (s == e and start <= s < end):
                continue
            self._line_objs[i] = None
            changed = True
            if cs <= s and ce >= e:
                self._alive[i] = False
                if e > s:
                    pieces.append((s, e))
                continue
            self._trimmed = True
            if cs <= s:
                self._starts[i] = ce
                pieces.append((s, ce))
            elif ce >= e:
                self._ends[i] = cs
                pieces.append((cs, e))
            else:  # middle cut: the line stays whole for later rules; the hole is left out of live_text
                self._holes.setdefault(i, []).append((cs, ce))
                pieces.append((cs, ce))
        if changed:
            self._cache = None
        return _merge(pieces, self.text)

    def _overlapping(self, start: int, end: int) -> Iterator[int]:
        first = max(0, bisect.bisect_right(self._starts, start) - 1)
        for i in range(first, len(self._starts)):
            if self._starts[i] >= end and i > first:
                break
            yield i


def _merge(pieces: Sequence[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join pieces separated only by newlines/blank space, so one finding makes one span."""
    if not pieces:
        return []
    merged = [pieces[0]]
    for s, e in pieces[1:]:
        ps, pe = merged[-1]
        if is_blank(text[pe:s]):
            merged[-1] = (ps, e)
        else:
            merged.append((s, e))
    return merged
