"""The one engine that cuts: runs rules in order over a shared view and records every removal."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from .. import stepstats
from ..collector import collector_paused
from ..errors import RuleFailed
from ..records import RemovedSpan
from .base import Rule, TextView, is_blank


@dataclass(frozen=True, slots=True)
class Extracted:
    """Metadata an `extract` finding carried (e.g. author from a byline), with the rule that found it."""

    rule: str
    reason: str
    data: Mapping[str, str]
    start: int


@dataclass(slots=True)
class RuleResult:
    removed: list[RemovedSpan] = field(default_factory=list)
    extracted: list[Extracted] = field(default_factory=list)


def apply_rules(view: TextView, rules: Sequence[Rule], *, source: str = "<text>",
                result: RuleResult | None = None) -> RuleResult:
    """Run `rules` in order; each rule's findings are cut at once so the next rule sees the rest.

    Overlaps are resolved here and only here: a finding keeps only what is still live; a finding
    whose text is already gone is dropped (with its metadata), so the first rule to claim a span owns it.
    A long run of adjacent removals by one rule for one reason is one span (_merge_long_runs), so a page
    of a million short lines a rule removes is one span, not a million rows.
    """
    result = result or RuleResult()
    # Why the rules run with the cyclic collector paused (collector.py): they keep a few containers per line
    # alive until the page is done (the view's lines, the block classifier's tokens, paragraphs and blocks),
    # so on a large page the collector's allocation counter keeps tripping and it walks the whole heap again
    # and again (a 5 MB page of menus: 6 full collections, half of dump.blocks' time). The rules make no
    # reference cycles worth reclaiming mid-page; what the collector would find is found at its next run.
    with collector_paused():
        _run(view, rules, source, result)
    result.removed.sort(key=lambda s: s.start)
    return result




def _run(view: TextView, rules: Sequence[Rule], source: str, result: RuleResult) -> None:
    for rule in rules:
        started = time.perf_counter()
        try:
            findings = sorted(rule.find(view), key=lambda f: f.start)
        except Exception as exc:  # a rule bug fails this document only, naming the rule
            raise RuleFailed(source, rule.name, exc) from exc
        spans: list[RemovedSpan] = []
        for f in findings:
            pieces = view.cut(f.start, f.end)
            if not pieces:
                continue
            spans += [RemovedSpan(rule.name, f.reason, s, e, view.text[s:e]) for s, e in pieces]
            if f.action == "extract" and f.data:
                result.extracted.append(Extracted(rule.name, f.reason, dict(f.data), f.start))
        spans = _merge_long_runs(spans, view.text)
        result.removed.extend(spans)
        if stepstats.active():
            stepstats.add(f"rule:{rule.name}", time.perf_counter() - started, len(spans),
                          sum(s.end - s.start for s in spans))


# Adjacent removals (only blank text between them) by one rule for one reason stay one span per line up to
# this many in a row, so `explain` shows ordinary chrome line by line; a longer run is one span. A 2 MB
# file of 1M short lines made 1,000,000 rows (a 217 MB store); merged it is one.
MERGE_MIN_RUN = 16


def _merge_long_runs(spans: list[RemovedSpan], text: str) -> list[RemovedSpan]:
    if len(spans) <= MERGE_MIN_RUN:  # too few to hold a run that merges (most rules on most pages)
        return spans
    out: list[RemovedSpan] = []
    run: list[RemovedSpan] = []

    def flush() -> None:
        if len(run) > MERGE_MIN_RUN:
            first, last = run[0], run[-1]
            out.append(RemovedSpan(first.rule, first.reason, first.start, last.end, text[first.start:last.end]))
        else:
            out.extend(run)
        run.clear()

    for span in sorted(spans, key=lambda s: s.start):
        if run and not (span.reason == run[-1].reason and run[-1].end <= span.start
                        and is_blank(text[run[-1].end:span.start])):
            flush()
        run.append(span)
    flush()
    return out
