"""Market and weather widgets: runs of short lines dense in symbols, numbers and percentages.

Shape: a quote line is short, carries a number plus a market or weather marker (a percentage, an
arrow, a currency pair like `KGS/USD`, a ticker symbol, a currency sign, degrees), and has almost no
ordinary words (`AAPL 189.23 ▲1.2%`, `BTC $91,234 +2.3%`, `DAX 18.492 -0,3 %`, `Moscow −3°C`).
A run of such lines is a widget; so is a line made of several quotes (a ticker flattened onto one line).

Hard negative: prose that discusses exchange rates ("The som traded at 0.0114 dollars, down 0.2%")
has many ordinary words, so it is never a quote line. A short table of prices *inside* an article
(prose above and below) is kept unless it repeats itself, as marquee widgets do; so is a data table
of any length inside the article (rows rendered `| … | … |` from an HTML table: monthly rates, a
product comparison with weights in g and sizes in mm), which a widget's run of lines never is.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .base import Finding, Line, TextView
from .features import LINE_CACHE, prose_bounds, strip_bullet, words

_NUMBER = re.compile(r"[+\-−±]?[$€£¥₽₸₹]?\s?\d[\d\s.,']*\d?\s?%?|[+\-−±]?\d")
_PAIR = re.compile(r"\b[A-Z]{3}\s?/\s?[A-Z]{3}\b")
_SYMBOL = re.compile(r"(?<![\w])[\^.]?[A-Z][A-Z0-9.&]{1,9}(?![\w])")
_MARKER = re.compile(r"%|[▲▼△▽↑↓⬆⬇🔺🔻⏶⏷]|[$€£¥₽₸₹]|°|\b[A-Z]{3}\s?/\s?[A-Z]{3}\b|(?<=\d)\s?(?:bp|pts?|mm|km/h|m/s|hPa)\b")
_QUOTE = re.compile(
    r"(?:[A-Z][\w&.^/ -]{0,24}?)\s*[=:]?\s*[$€£¥₽]?[+\-−]?\d[\d.,']*\s*(?:%|°[CF]?)?\s*"
    r"(?:[(▲▼↑↓+\-−]\s*\d[\d.,']*\s*%?\)?)?"
)
# A market quote for sure: a currency pair, a percentage change, or an up/down arrow.
_STRONG_QUOTE = re.compile(r"\b[A-Z]{3}\s?/\s?[A-Z]{3}\b|[+\-−]\s?\d[\d.,]*\s?%|[▲▼△▽↑↓🔺🔻]")
_MAX_LINE = 90
_DIGIT = re.compile(r"\d")
# Every _QUOTE match starts with a capital and holds a digit after it, so a line with three quotes has
# three capital-then-digit pairs in a row; counting those is one cheap scan, and rules out the many
# single-quote lines before the _QUOTE scan (the costly part of this rule).
_CAPITAL_THEN_DIGIT = re.compile(r"[A-Z]\D*\d")
_MIN_FLAT_QUOTES = 3
# A row of a table the extractor kept, as the HTML path renders it (see extract/markdown.py).
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def is_table_row(text: str) -> bool:
    return _TABLE_ROW.match(text) is not None


@lru_cache(maxsize=LINE_CACHE)
def is_quote_line(text: str) -> bool:
    """A short line that reads like one market or weather quote (memoised per line text, like
    features.is_prose: a site's widget lines recur on each of its pages)."""
    t = strip_bullet(text)
    if not t or len(t) > _MAX_LINE or not _DIGIT.search(t):
        return False
    if not _MARKER.search(t):
        return False
    # Ordinary words: lowercase words of 3+ letters, the stuff of sentences.
    lower_words = [w for w in words(t) if len(w) > 2 and w.islower()]
    return len(lower_words) <= 1 and not t.rstrip().endswith((".", "?", "!")) or _only_quotes(t)


def _only_quotes(t: str) -> bool:
    covered = sum(len(m.group(0).strip()) for m in _QUOTE.finditer(t))
    return covered >= 0.7 * len(t.replace(" ", ""))


@lru_cache(maxsize=LINE_CACHE)
def is_flat_ticker(text: str) -> bool:
    """One line that holds several quotes in a row (a marquee flattened by the scraper; memoised per line
    text: this rule runs first and asks it of every line with a digit)."""
    t = strip_bullet(text)
    digits = sum(map(t.count, "0123456789"))
    if digits < 3 or digits * 12 < len(t):  # quotes are dense in digits; prose is not
        return False
    if not _has_pairs(t, _MIN_FLAT_QUOTES):
        return False
    quotes = [m for m in _QUOTE.finditer(t) if _MARKER.search(m.group(0)) and any(c.isdigit() for c in m.group(0))]
    if len(quotes) < _MIN_FLAT_QUOTES:
        return False
    covered = sum(len(m.group(0).strip()) for m in quotes)
    lower_words = [w for w in words(t) if len(w) > 2 and w.islower()]
    return covered >= 0.75 * len(t.replace(" ", "")) and len(lower_words) <= len(quotes)


def _has_pairs(t: str, n: int) -> bool:
    """At least n capital-then-digit pairs one after another (a necessary condition of n quotes)."""
    for i, _ in enumerate(_CAPITAL_THEN_DIGIT.finditer(t), 1):
        if i >= n:
            return True
    return False


class QuoteRun:
    """Runs of market/weather quote lines (FX, stocks, crypto, indices, weather)."""

    name = "tickers.quote_run"
    family = "tickers"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        bounds = prose_bounds(lines)
        run: list[Line] = []
        for pos, ln in enumerate(lines + [None]):  # sentinel closes the last run
            has_digit = ln is not None and _DIGIT.search(ln.text) is not None  # quotes always have one
            if has_digit and is_flat_ticker(ln.text) and not (is_table_row(ln.text) and _inside(pos, pos, bounds)):
                yield Finding(ln.start, ln.end, "flattened_ticker_line")
                continue
            if has_digit and is_quote_line(ln.text):
                run.append(ln)
                continue
            if run:
                yield from self._judge(run, pos - len(run), bounds)
                run = []

    def _judge(self, run: list[Line], first_pos: int, bounds) -> Iterable[Finding]:
        last_pos = first_pos + len(run) - 1
        outside_body = not _inside(first_pos, last_pos, bounds)
        keys = [strip_bullet(ln.text) for ln in run]
        repeats = len(keys) - len(set(keys))
        if not outside_body and not repeats and all(is_table_row(ln.text) for ln in run):
            return  # the article's own data table
        if len(run) >= 2 and (outside_body or repeats > 0 or len(run) >= 6):
            reason = "repeated_ticker_block" if repeats else "quote_run"
            yield Finding(run[0].start, run[-1].end, reason)
        elif len(run) == 1 and outside_body and _STRONG_QUOTE.search(run[0].text):
            # one quote alone in the page head or tail (a UI line between two quotes splits a widget)
            yield Finding(run[0].start, run[0].end, "quote_line_at_edge")


def _inside(first_pos: int, last_pos: int, bounds) -> bool:
    """Whether lines first_pos..last_pos touch the page's running prose (features.prose_bounds)."""
    return bounds is not None and last_pos >= bounds[0] and first_pos <= bounds[1]
