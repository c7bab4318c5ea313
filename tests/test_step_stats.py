"""Bounded amplification (adjacent removals by one rule are one span) and per-step figures in the run
summary."""
from ingest import runs
from ingest.rules.base import Finding, TextView
from ingest.rules.engine import apply_rules
from ingest.settings import Settings


class _EveryShortLine:
    name = "test.every_short_line"
    family = "test"

    def find(self, view):
        return [Finding(ln.start, ln.end, "short") for ln in view.lines() if len(ln.text) < 20]


PROSE = ("The museum will open its new wing in the spring, the director said, after a decade of fundraising "
         "and two years of building work on the old tram shed.")


def test_adjacent_removals_by_one_rule_are_one_span():
    text = "\n".join(f"ok {i}" for i in range(10_000)) + "\n"
    [span] = apply_rules(TextView(text), (_EveryShortLine(),)).removed
    assert (span.start, span.end, span.reason) == (0, len(text) - 1, "short")


def test_short_runs_stay_line_by_line_and_kept_text_separates_runs():
    many = "\n".join(f"x{i}" for i in range(40))
    text = "a\n\nb\n" + PROSE + "\n" + many + "\n" + PROSE + "\n" + many + "\n"
    spans = apply_rules(TextView(text), (_EveryShortLine(),)).removed
    assert [s.text for s in spans] == ["a", "b", many, many]


def test_the_run_summary_has_documents_spans_chars_and_seconds_per_rule_and_stage(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Museum wing opens\n\n" + PROSE + "\n\n" + PROSE.replace("spring", "autumn")
                                + "\n\nShare this article\n", encoding="utf-8")
    (docs / "b.txt").write_text("Second note\n\n" + PROSE.replace("museum", "library") + "\n", encoding="utf-8")
    summary = runs.run([str(docs)], Settings(store_url=f"sqlite:///{tmp_path / 'i.db'}", raw_zone=tmp_path / "z"))
    steps = summary.steps
    assert steps["stage:text"]["documents"] == 2 and steps["stage:text"]["seconds"] > 0
    assert steps["stage:decode"]["documents"] == 2
    rules = {k: v for k, v in steps.items() if k.startswith("rule:")}
    assert sum(v["spans"] for v in rules.values()) == sum(summary.removals_by_rule.values())
    assert all(v["documents"] == 2 for v in rules.values())
    removing = [v for v in rules.values() if v["spans"]]
    assert removing and all(v["chars"] > 0 for v in removing)
