"""Language identification with py3langid (maintained, offline, fast: model shipped in the wheel)."""
from __future__ import annotations

from functools import lru_cache
import re

# Enough text for a confident guess (py3langid is reliable well below this); classifying a whole long
# article costs time and adds nothing.
_SAMPLE_CHARS = 700
_MIN_CHARS = 20
_LETTERS = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when the text is too short or the guess is weak."""
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTERS.findall(sample, 0, 400)) < _MIN_CHARS and len(_LETTERS.findall(sample)) < _MIN_CHARS:
        return None
    lang, prob = _identifier().classify(sample)
    return lang if prob >= 0.5 else None
