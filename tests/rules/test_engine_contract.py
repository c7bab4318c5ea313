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


def test_is_blank_first_character_shortcut_agrees_with_the_blank_pattern():
    # is_blank settles most lines on their first character: that test must accept exactly the
    # characters BLANK_RE accepts, or a filler line would be read as text (or text as filler).
    from ingest.rules.base import _BLANK_NOT_SPACE, BLANK_RE, is_blank

    for c in map(chr, range(0x110000)):
        assert (c.isspace() or c in _BLANK_NOT_SPACE) == (BLANK_RE.match(c) is not None), hex(ord(c))
    assert is_blank("") and is_blank("\u00a0 \u200b\t") and not is_blank("\u00a0x") and not is_blank("x ")


def test_line_offsets_cover_every_line_including_empty_ones():
    from ingest.rules.base import TextView

    view = TextView("ab\n\ncd\n")
    assert [view.line_bounds(i) for i in range(view.line_count())] == [(0, 2), (3, 3), (4, 6), (7, 7)]
    assert [view.line_at(p) for p in range(len(view.text) + 1)] == [0, 0, 0, 1, 2, 2, 2, 3]
