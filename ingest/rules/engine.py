"""The one engine that cuts: runs rules in order over a shared view and records every removal."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from ..errors import RuleFailed
from ..records import RemovedSpan
from .base import Rule, TextView


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
    """
    result = result or RuleResult()
    for rule in rules:
        try:
            findings = sorted(rule.find(view), key=lambda f: f.start)
        except Exception as exc:  # a rule bug fails this document only, naming the rule
            raise RuleFailed(source, rule.name, exc) from exc
        for f in findings:
            pieces = view.cut(f.start, f.end)
            if not pieces:
                continue
            for s, e in pieces:
                result.removed.append(RemovedSpan(rule.name, f.reason, s, e, view.text[s:e]))
            if f.action == "extract" and f.data:
                result.extracted.append(Extracted(rule.name, f.reason, dict(f.data), f.start))
    result.removed.sort(key=lambda s: s.start)
    return result
