"""Language identification with py3langid (maintained, offline, fast: model shipped in the wheel)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
import re

# Enough text for a confident guess (py3langid is reliable well below this); classifying a whole long
# article costs time and adds nothing.
_SAMPLE_CHARS = 700
_MIN_CHARS = 20
# py3langid's cost grows with the text (~0.5 ms for 700 characters); 400 characters of prose are plenty.
_MODEL_SAMPLE_CHARS = 400
# At least _MIN_CHARS letters ([^\W\d_]) anywhere, with anything else ([\W\d_], its complement) between
# them: one search that stops at the _MIN_CHARS-th letter, instead of listing every letter of the sample
# (findall built a list of ~400 one-character strings per document: ~80 µs, a fifth of this module's time).
_ENOUGH_LETTERS = re.compile(rf"[^\W\d_](?:[\W\d_]*[^\W\d_]){{{_MIN_CHARS - 1}}}")
# A guess below this probability is no guess (detect_language answers None rather than a wrong code).
_MIN_PROBABILITY = 0.5
# Scores are rounded: py3langid computes in float32, whose last digits may differ between CPUs (SIMD
# sums), and a stored score must not change when the same text is cleaned on another machine. Four
# decimals separate 0.97 from 0.9999, which is what a consumer filters on.
_SCORE_DECIMALS = 4
# A language the identifier rules out (a page declaring "en" over German text) still has a language,
# so its score is the smallest one written, never 0 (0 would read as "no score").
_SCORE_FLOOR = 10 ** -_SCORE_DECIMALS


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A language code with the identifier's probability for it (exported as language_score)."""

    code: str
    score: float


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when the text is too short or the guess is weak."""
    guess = identify_language(text)
    return guess.code if guess else None


def identify_language(text: str) -> LanguageGuess | None:
    """The language of `text` with py3langid's probability for it, or None when the text is too short
    or the guess is weak. The function-word shortcut may name the language, but the score is always
    the identifier's, on the same sample (so scores compare across documents)."""
    sample = text[:_SAMPLE_CHARS]
    if _ENOUGH_LETTERS.search(sample) is None:  # too few letters in the whole sample to guess from
        return None
    quick = _function_word_language(sample)
    score = language_score(sample, quick) if quick else None
    if quick and score is not None:
        return LanguageGuess(quick, score)
    lang, prob = _identifier().classify(sample[:_MODEL_SAMPLE_CHARS])
    return LanguageGuess(lang, _rounded(prob)) if prob >= _MIN_PROBABILITY else None


def language_score(text: str, code: str) -> float | None:
    """py3langid's probability that `text` (its first _MODEL_SAMPLE_CHARS) is in language `code`, in
    (0, 1]; None for a code the identifier does not know (a page may declare any ISO code).

    The score is read from the identifier's per-column scores (_decide, what its public rank() sorts) at
    the code's column: rank() merges aliased columns into the first one and sorts every language, ~25 µs
    per document for one number (py3langid is pinned; tests/rules/test_language.py checks the two agree)."""
    column = _score_columns().get(code)
    if column is None:
        return None
    return _rounded(float(_identifier()._decide(text[:_MODEL_SAMPLE_CHARS])[column]))


@lru_cache(maxsize=1)
def _score_columns() -> dict[str, int]:
    """Each language's column in the identifier's scores: its first one (rank() keeps that one)."""
    columns: dict[str, int] = {}
    for i, code in enumerate(_identifier().nb_classes):
        columns.setdefault(code, i)
    return columns


def _rounded(prob: float) -> float:
    return max(round(float(prob), _SCORE_DECIMALS), _SCORE_FLOOR)


_TOKEN = re.compile(r"[^\W\d_]+")
# The quick path answers only when function words leave no doubt: many hits, most tokens covered, and
# a wide margin over the runner-up (Catalan or Galician text shares words with Spanish and Portuguese
# but never by this margin, so it falls through to py3langid). It costs ~0.1 ms; it was a shortcut past
# py3langid (~0.26 ms for 400 characters), which now runs anyway for the score, and is kept so that the
# codes stored before the score existed do not change.
_QUICK_MIN_HITS = 15
_QUICK_MIN_SHARE = 0.18
_QUICK_MARGIN = 2.0
_QUICK_EXCLUSIVE_MARGIN = 3.0


def _function_word_language(sample: str) -> str | None:
    from .rules.stopwords import LANGUAGES, STOPWORDS, language_hits

    tokens = _TOKEN.findall(sample.lower())
    if not tokens:
        return None
    distinct = Counter(tokens)
    hits = language_hits(distinct)
    counts = sorted(((hits[code], code) for code in LANGUAGES), reverse=True)
    (best, lang), (second, other) = counts[0], counts[1]
    if best < _QUICK_MIN_HITS or best < _QUICK_MIN_SHARE * len(tokens) or best < _QUICK_MARGIN * max(second, 1):
        return None
    # Close relatives share function words (es/fr/pt, de/nl): the words only one of the two lists has
    # must point the same way, by a wide margin.
    mine, theirs = STOPWORDS[lang], STOPWORDS[other]
    own = sum(n for tok, n in distinct.items() if tok in mine and tok not in theirs)
    rival = sum(n for tok, n in distinct.items() if tok in theirs and tok not in mine)
    return lang if own >= 6 and own >= _QUICK_EXCLUSIVE_MARGIN * max(rival, 1) else None
