"""The engine's contract with the rules: only `extract` findings carry metadata, and a finding that spans
text another rule already took is cut around it (no two removed spans overlap)."""
from ingest.rules.base import TextView
from ingest.rules.engine import apply_rules

from engine_support import Claim

TEXT = "Menu\nHarbour news\nShare this\nThe ferry runs late tonight.\n"


def _line(n: int) -> tuple[int, int]:
    view = TextView(TEXT)
    return view.line_bounds(n)


def test_a_removal_never_becomes_page_metadata():
    view = TextView(TEXT)
    result = apply_rules(view, [Claim("test.remove", [_line(0)], "remove", {"author": "Menu"}),
                                Claim("test.extract", [_line(1)], "extract", {"title": "Harbour news"})])
    assert [(x.rule, dict(x.data)) for x in result.extracted] == [("test.extract", {"title": "Harbour news"})]
    assert [s.text for s in result.removed] == ["Menu", "Harbour news"]


def test_a_finding_across_a_line_taken_earlier_is_cut_around_it():
    view = TextView(TEXT)
    middle = Claim("test.middle", [_line(1)])
    wide = Claim("test.wide", [(_line(0)[0], _line(2)[1])])  # Menu … Share this, over the taken line
    result = apply_rules(view, [middle, wide])
    assert [(s.rule, s.text) for s in result.removed] == [
        ("test.wide", "Menu"), ("test.middle", "Harbour news"), ("test.wide", "Share this")]
    spans = sorted((s.start, s.end) for s in result.removed)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))  # no overlaps
    assert view.live_text().strip() == "The ferry runs late tonight."
