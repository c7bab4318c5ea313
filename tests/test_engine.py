"""The engine: ordered rules, overlaps resolved in one place, provenance offsets, a failing rule fails one document."""
from ingest import Settings, process_raw, raw_from_bytes
from ingest.errors import RuleFailed
from ingest.records import CleanDocument, FailedDocument
from ingest.rules.base import TextView
from ingest.rules.engine import apply_rules

from engine_support import Claim

TEXT = "alpha line\nbeta line\ngamma line\ndelta line\n"


class Boom:
    name, family = "test.boom", "test"

    def find(self, view):
        raise ValueError("bad rule")


def test_first_rule_owns_a_span_and_later_overlaps_keep_only_what_is_live():
    view = TextView(TEXT)
    first = Claim("test.first", [(0, 21)])  # alpha + beta
    second = Claim("test.second", [(11, 32)], "extract", {"author": "x"})  # beta + gamma
    result = apply_rules(view, [first, second])
    assert [(s.rule, s.text) for s in result.removed] == [("test.first", "alpha line\nbeta line"),
                                                         ("test.second", "gamma line")]
    assert view.live_text().split("\n")[3] == "delta line"


def test_a_finding_whose_text_is_already_gone_is_dropped_with_its_metadata():
    view = TextView(TEXT)
    result = apply_rules(view, [Claim("test.a", [(0, 10)]), Claim("test.b", [(0, 10)], "extract", {"author": "x"})])
    assert [s.rule for s in result.removed] == ["test.a"]
    assert result.extracted == []


def test_provenance_offsets_point_into_the_view_text():
    text = "Skip to content\nMenu\n\nHeadline here\n\nBy Jane Roe\n\n" + \
        "The harbour commission voted on Monday to extend the ferry timetable through the winter, residents said.\n"
    from ingest.extract.text import clean_text
    from ingest.normalize import repair

    res = clean_text(text, Settings())
    repaired = repair(text)
    assert res.removed
    for s in res.removed:
        assert repaired[s.start:s.end] == s.text


def test_a_rule_that_raises_fails_only_its_document_and_names_the_rule(monkeypatch):
    import ingest.extract.text as text_mod

    original = text_mod.clean_text

    def with_boom(text, settings, **kw):
        if "BOOM" in text:
            return original(text, settings, rules=(Boom(),))
        return original(text, settings, **kw)

    monkeypatch.setattr(text_mod, "clean_text", with_boom)
    bad = process_raw(raw_from_bytes(b"BOOM and some text here\n", "bad.txt"), Settings())
    good = process_raw(raw_from_bytes(b"A calm paragraph of text that says nothing at all about rules, "
                                      b"written only to be cleaned without trouble by the engine.\n", "good.txt"),
                       Settings())
    assert isinstance(bad, FailedDocument)
    assert bad.error_type == "RuleFailed" and "test.boom" in bad.message and bad.stage == "clean"
    assert isinstance(good, CleanDocument)


def test_rule_failed_carries_the_rule_name():
    view = TextView(TEXT)
    try:
        apply_rules(view, [Boom()], source="x.txt")
    except RuleFailed as exc:
        assert exc.rule == "test.boom" and "x.txt" in str(exc)
    else:
        raise AssertionError("RuleFailed not raised")


class _CollectorProbe:
    """Records whether CPython's cyclic collector is on while a rule runs."""

    name, family = "test.probe", "test"

    def __init__(self) -> None:
        self.seen: list[bool] = []

    def find(self, view):
        import gc

        self.seen.append(gc.isenabled())
        return []


def test_the_collector_is_paused_while_rules_run_and_back_on_after_even_when_a_rule_fails():
    import gc

    import pytest

    assert gc.isenabled()
    probe = _CollectorProbe()
    apply_rules(TextView(TEXT), [probe])
    assert probe.seen == [False] and gc.isenabled()
    with pytest.raises(RuleFailed):
        apply_rules(TextView(TEXT), [probe, Boom()])
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that turned it off itself keeps it off
        apply_rules(TextView(TEXT), [probe])
        assert not gc.isenabled()
    finally:
        gc.enable()
