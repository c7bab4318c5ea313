"""Lines an earlier rule cut count in the gaps that separate a page's stretches of text
(dump_blocks.Block.cut_before, cut_lines_before): a share column, an ad label and a sign-up prompt
that page_chrome already removed still separate the article from a site blurb in the footer.
Hard negative: one cut share row between two of the article's paragraphs separates nothing."""
from __future__ import annotations

import pytest

from ingest.rules.base import TextView
from ingest.rules.dump_blocks import cut_lines_before
from rules_support import PARAS, body, run

# Chrome the named rules cut (UI strings, a share column) between the body and the footer: 7 lines.
CUT_CHROME = ["Share this article", "Facebook", "Twitter", "Email", "Advertisement", "Sign up", "Log in"]
FOOTER = {
    "en": "Our newsroom has reported on the valley and its towns since 1952, and is owned by a charitable trust "
          "that its readers fund.",
    "de": "Unsere Redaktion berichtet seit 1952 über das Tal und seine Gemeinden und gehört einer Stiftung, "
          "die von den Leserinnen und Lesern getragen wird.",
    "es": "Nuestra redacción informa sobre el valle y sus pueblos desde 1952 y pertenece a una fundación que "
          "sostienen sus propios lectores.",
}
TITLES = {"en": "Ferry timetable extended through winter", "de": "Bibliothek öffnet am Wochenende länger",
          "es": "Ayudas para los productores de aceite"}


def _page(lang: str, between: list[str]) -> str:
    p = PARAS[lang]
    return "\n".join(["Home", "News", TITLES[lang], p[0], p[1], p[2], *between, FOOTER[lang], "Contact"]) + "\n"


@pytest.mark.parametrize("lang", ["en", "de", "es"])
def test_a_footer_blurb_after_cut_chrome_is_outside_the_body(lang):
    res = run(_page(lang, CUT_CHROME))
    text = body(res)
    assert all(p in text for p in PARAS[lang])
    assert FOOTER[lang] not in text
    assert any(r.rule == "dump.blocks" and r.reason == "outside_body" and FOOTER[lang] in r.text
               for r in res.removed)


@pytest.mark.parametrize("lang", ["en", "de", "es"])
def test_one_cut_share_row_inside_the_body_separates_nothing(lang):
    p = PARAS[lang]
    page = "\n".join(["Home", "News", TITLES[lang], p[0], "Share this article", "Facebook", "Twitter", p[1], p[2],
                      "Contact"]) + "\n"
    text = body(run(page))
    assert all(x in text for x in p)


def test_cut_lines_are_counted_per_live_line_without_blank_lines():
    view = TextView("one\n\ntwo\nthree\n\nfour\nfive\n")
    view.cut(*view.line_bounds(2))  # "two"
    view.cut(*view.line_bounds(3))  # "three"
    lines = view.lines()
    assert [ln.text for ln in lines] == ["one", "four", "five"]
    assert cut_lines_before(view, lines) == {lines[1].index: 2}
