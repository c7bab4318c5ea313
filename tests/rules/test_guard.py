"""The over-deletion guard: a cleaning that would remove most of a page's prose keeps the doubtful
blocks, notes why and flags the document; an ordinary cleaning is left alone."""
from __future__ import annotations

from ingest.extract.text import clean_text
from ingest.rules import guard
from ingest.rules.base import Finding, TextView
from ingest.rules.registry import DEFAULT_RULES
from ingest.settings import Settings

BODY = [
    "Die Gemeinde hat am Dienstag beschlossen, die alte Brücke über den Fluss bis zum Herbst zu sanieren.",
    "Nach Angaben der Verwaltung wird der Verkehr während der Arbeiten über die Umgehungsstraße geleitet.",
    "Les habitants du quartier ont demandé que les travaux soient terminés avant la rentrée scolaire.",
    "The council said the repairs would cost less than building a new crossing, and that work starts soon.",
]
PAGE = "\n".join(["Home  About  Archive", "Alte Brücke wird saniert", *BODY, "© 2026 Example Media"]) + "\n"


class _DoubtEverything:
    """A dump-family rule that judges every line boilerplate (a classifier misreading a layout)."""

    name, family = "dump.everything", "dump"

    def find(self, view: TextView):
        for ln in view.lines():
            yield Finding(ln.start, ln.end, "doubtful")


def test_a_cleaning_that_removes_most_prose_keeps_it_and_flags_the_document():
    out = clean_text(PAGE, Settings(detect_language=False), rules=(_DoubtEverything(),))
    text = "\n".join(a.text for a in out.articles)
    assert all(sentence in text for sentence in BODY)
    assert out.flags == (guard.FLAG,)
    assert [(n.step, n.code) for n in out.notes] == [("guard", "kept_doubtful")]
    assert not any(s.rule == "dump.everything" for s in out.removed)


def test_named_rules_still_apply_when_the_guard_keeps_doubtful_blocks():
    rules = (*(r for r in DEFAULT_RULES if r.family != "dump"), _DoubtEverything())
    out = clean_text(PAGE, Settings(detect_language=False), rules=rules)
    assert out.flags == (guard.FLAG,)
    assert "© 2026" not in "\n".join(a.text for a in out.articles)


def test_an_ordinary_cleaning_is_not_flagged():
    out = clean_text(PAGE, Settings(detect_language=False))
    assert out.flags == () and not out.notes
    assert all(sentence in "\n".join(a.text for a in out.articles) for sentence in BODY)


def test_a_page_with_too_little_prose_is_not_judged():
    short = "Menu\nA short line that is not much of anything.\n"
    assert not guard.over_deletes(short, [])[0]


class _CountingChrome:
    """A sure (named-shape) rule that removes the copyright line and counts how often it is asked."""

    name, family = "page_chrome.counted", "page_chrome"

    def __init__(self) -> None:
        self.calls = 0

    def find(self, view: TextView):
        self.calls += 1
        for ln in view.lines():
            if ln.text.startswith("©"):
                yield Finding(ln.start, ln.end, "copyright")


def _sure_only(rules):
    return tuple(r for r in rules if r.family not in guard.DOUBTFUL_FAMILIES)


def test_keeping_the_doubtful_blocks_gives_what_the_sure_rules_alone_give():
    # The doubtful rule sits between sure rules (as dump.blocks sits before title.*): the outcome must be
    # exactly a cleaning by the sure rules alone, later ones included (the title is the first line left).
    rules = (*(r for r in DEFAULT_RULES if r.family != "title"), _DoubtEverything(),
             *(r for r in DEFAULT_RULES if r.family == "title"))
    settings = Settings(detect_language=False)
    out = clean_text(PAGE, settings, rules=rules)
    alone = clean_text(PAGE, settings, rules=_sure_only(rules))
    assert out.flags == (guard.FLAG,)
    assert out.articles == alone.articles and out.kind == alone.kind
    assert out.removed == alone.removed
    assert out.articles[0].title == "Alte Brücke wird saniert"  # the title rule after the doubtful one ran on the kept text


def test_the_rules_before_the_doubtful_ones_run_once_when_the_guard_trips():
    counted = _CountingChrome()
    out = clean_text(PAGE, Settings(detect_language=False), rules=(counted, _DoubtEverything()))
    assert out.flags == (guard.FLAG,)
    assert counted.calls == 1  # not a second pass over the whole page
    assert [s.reason for s in out.removed] == ["copyright"]


def test_a_copy_of_a_view_is_independent_of_later_cuts():
    view = TextView(PAGE)
    view.cut(0, len("Home  About  Archive"))
    before = [(ln.index, ln.text) for ln in view.lines()]
    copy = view.copy()
    start = copy.lines()[0].start
    copy.cut(start, start + 10)
    assert [(ln.index, ln.text) for ln in view.lines()] == before
    assert copy.live_text() != view.live_text()
    assert [(ln.index, ln.text) for ln in TextView(PAGE).copy().lines()] == \
        [(ln.index, ln.text) for ln in TextView(PAGE).lines()]
