"""The learned half of the dump classifier: per-block features with their context → P(block is content).

Why learned: the hand rules (dump_blocks.py) assume one main stretch of long paragraphs; pages made
of many short sections, lists, FAQs, recipes and how-tos break that. A small network (one hidden
layer, numpy only) reads each block's own shape, the hand rules' verdicts, and the same signals of
its neighbours and of the page, and scores it. It is deterministic (fixed weights, no sampling) and
loads from the package (ingest/data/dump_model.npz, trained by scripts/train_dump_model.py; model
card: ingest/data/DUMP_MODEL.md).

The hand rules still name the reason of every removal; the model decides which of their doubts stand.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    from .dump_blocks import Block

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "dump_model.npz"

_CLASSES = ("good", "near_good", "short", "bad")
# Neighbour offsets whose own features the model sees (two blocks either side).
_OFFSETS = (-2, -1, 1, 2)
# Window (blocks) over which nearby content is summed.
_WINDOW = 5


def _own(b: "Block", initial: str, stage: str) -> list[float]:
    text = b.lines[-1].text.rstrip()
    first = b.lines[0].text.lstrip()[:1]
    last = text[-1:]
    return [
        math.log1p(b.chars), math.log1p(b.words), b.density,
        1.0 if last in ".!?…。！？\"”’»)" else 0.0, 1.0 if last == ":" else 0.0, 1.0 if last in ",;" else 0.0,
        1.0 if b.heading else 0.0, 1.0 if first.isupper() else 0.0, 1.0 if first.isdigit() else 0.0,
        1.0 if first in "•·-–—*►▶→" else 0.0, float(len(b.lines) > 1),
        *(1.0 if initial == c else 0.0 for c in _CLASSES),
        1.0 if stage == "good" else 0.0,
    ]


_OWN_SIZE = 16
_EMPTY = [0.0] * _OWN_SIZE


def features(blocks: Sequence["Block"], initial: Sequence[str], stage: Sequence[str],
             outside: Sequence[bool], reasons: Sequence[str]) -> np.ndarray:
    """One row per block: its own shape, the hand rules' initial class, their verdict before and
    after the main-stretch pass, the same for two neighbours each side, and where it sits among the
    page's content (share of good text before it, distance to good text, good text nearby)."""
    n = len(blocks)
    own = [_own(b, initial[i], stage[i]) for i, b in enumerate(blocks)]
    good = [float(s == "good") * b.chars for s, b in zip(stage, blocks)]
    total_good = sum(good) or 1.0
    total_chars = sum(b.chars for b in blocks) or 1
    cum = 0.0
    before = []
    for g in good:
        before.append(cum / total_good)
        cum += g
    last_good = -10**9
    dist_prev = []
    for i in range(n):
        dist_prev.append(i - last_good)
        if stage[i] == "good":
            last_good = i
    next_good = 10**9
    dist_next = [0] * n
    for i in range(n - 1, -1, -1):
        dist_next[i] = next_good - i
        if stage[i] == "good":
            next_good = i
    prefix = [0.0]
    for g in good:
        prefix.append(prefix[-1] + g)
    doc = [math.log1p(n), total_good / total_chars]
    rows = []
    for i in range(n):
        row = list(own[i])
        for off in _OFFSETS:
            j = i + off
            row += own[j] if 0 <= j < n else _EMPTY
        lo, hi = max(0, i - _WINDOW), min(n, i + _WINDOW + 1)
        row += [
            before[i], 1.0 - before[i] - good[i] / total_good, float(outside[i]),
            float(reasons[i] == "short_run"), float(reasons[i] == "repeated_shape"),
            float(reasons[i] in ("repeated_line", "no_words")),
            math.log1p(min(dist_prev[i], 1000)), math.log1p(min(dist_next[i], 1000)),
            (prefix[hi] - prefix[lo] - good[i]) / total_good, i / max(1, n - 1), *doc,
        ]
        rows.append(row)
    return np.asarray(rows, dtype=np.float64).reshape(n, -1)


class DumpModel:
    """Standardise → tanh hidden layer → sigmoid: P(content) per row."""

    def __init__(self, mean: np.ndarray, scale: np.ndarray, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray,
                 b2: float):
        self.mean, self.scale, self.w1, self.b1, self.w2, self.b2 = mean, scale, w1, b1, w2, b2

    def score(self, x: np.ndarray) -> np.ndarray:
        h = np.tanh(((x - self.mean) / self.scale) @ self.w1 + self.b1)
        return 1.0 / (1.0 + np.exp(-(h @ self.w2 + self.b2)))

    def save(self, path: Path) -> None:
        np.savez(path, mean=self.mean, scale=self.scale, w1=self.w1, b1=self.b1, w2=self.w2,
                 b2=np.array([self.b2]))

    @classmethod
    def load(cls, path: Path) -> "DumpModel":
        with np.load(path, allow_pickle=False) as z:
            return cls(z["mean"], z["scale"], z["w1"], z["b1"], z["w2"], float(z["b2"][0]))


@lru_cache(maxsize=1)
def default_model() -> DumpModel | None:
    """The shipped model, or None when the package has none (the hand rules then decide alone)."""
    return DumpModel.load(MODEL_PATH) if MODEL_PATH.exists() else None
