"""The per-site template rule and its learning: positives in two languages, the hard negatives (a
sentence quoted on a few pages, a template line deep inside an article, a page that is mostly
template), and the thresholds each on its own."""
from __future__ import annotations

from ingest import templates
from ingest.records import CleanArticle, CleanDocument
from ingest.rules.base import TextView
from ingest.rules.site_template import SiteRepeat, line_key
from ingest.version import PACKAGE_ROOT, cleaning_modules

FOOTER_EN = "The Westmere Courier is published every weekday by the Westmere Community Trust."
PITCH_DE = "Abonnieren Sie unseren Newsletter und erhalten Sie jeden Morgen die wichtigsten Nachrichten."
BODY_EN = ["The council approved the new bridge on Monday after a long debate about its cost and its route.",
           "Construction starts in spring and will close the river path for most of the summer months.",
           "Residents asked for a temporary ferry while the works go on, which the council promised to study.",
           "The regional government will pay two thirds of the bill, the mayor said after the vote.",
           "A final design will be presented at a public meeting in the town hall next month."]


def _template(*lines: str, version: int = 1) -> templates.SiteTemplate:
    return templates.SiteTemplate("courier.example", version, 20,
                                  tuple(templates.TemplateLine(line_key(ln), ln, 20) for ln in lines))


def _doc(text: str, markdown: str | None = None) -> CleanDocument:
    return CleanDocument("r" * 64, "https://courier.example/a", "article",
                         (CleanArticle(text=text, markdown=markdown, word_count=len(text.split())),), (),
                         url="https://www.courier.example/a")


def test_template_lines_at_the_edges_are_cut_in_any_language():
    text = "\n\n".join([PITCH_DE, *BODY_EN, FOOTER_EN])
    out = templates.apply(_doc(text, markdown="\n\n".join([PITCH_DE, *BODY_EN, "*" + FOOTER_EN + "*"])),
                          _template(FOOTER_EN, PITCH_DE))
    [a] = out.articles
    assert a.text == "\n\n".join(BODY_EN) and a.markdown == "\n\n".join(BODY_EN)
    assert a.word_count == sum(len(b.split()) for b in BODY_EN)
    assert [(s.rule, s.reason, s.text) for s in out.removed] == [
        ("template.site_repeat", "site_repeat", PITCH_DE), ("template.site_repeat", "site_repeat", FOOTER_EN)]
    assert [n.code for n in out.notes] == ["site_repeat"] and "v1" in out.notes[0].detail


def test_case_and_spacing_do_not_hide_a_template_line():
    out = templates.apply(_doc("\n\n".join([*BODY_EN, FOOTER_EN.upper().replace(" ", "  ")])), _template(FOOTER_EN))
    assert out.articles[0].text == "\n\n".join(BODY_EN)


def test_a_template_line_deep_inside_an_article_stays():
    body = [*BODY_EN, FOOTER_EN, *BODY_EN]  # past the first and last EDGE_LINES lines
    assert "" == "".join(f.reason for f in SiteRepeat(frozenset({line_key(FOOTER_EN)})).find(TextView("\n\n".join(body))))
    out = templates.apply(_doc("\n\n".join(body)), _template(FOOTER_EN))
    assert out.articles[0].text == "\n\n".join(body) and out.removed == ()


def test_a_page_that_is_mostly_template_is_kept_and_says_so():
    text = "\n\n".join([FOOTER_EN, PITCH_DE, "Short note."])
    out = templates.apply(_doc(text), _template(FOOTER_EN, PITCH_DE))
    assert out.articles[0].text == text and out.removed == ()
    assert [n.code for n in out.notes] == ["kept_most_prose"]


def test_no_template_changes_nothing():
    doc = _doc("\n\n".join([*BODY_EN, FOOTER_EN]))
    assert templates.apply(doc, None) is doc
    assert templates.apply(doc, _template()) is doc


def test_learning_thresholds_each_on_its_own():
    k = lambda n: {1: (n, "line")}  # noqa: E731 - one line on n pages
    assert templates.learn("h", 20, k(20)) and templates.learn("h", 20, k(8))
    assert templates.learn("h", 20, k(3)) == ()  # quoted on 3 pages: stays
    assert templates.learn("h", 12, k(5)) == ()  # 42 % of a small site, but under MIN_LINE_PAGES
    assert templates.learn("h", 12, k(6))
    assert templates.learn("h", 100, k(30)) == ()  # 30 pages of 100: a much-quoted line, not a template
    assert templates.learn("h", 100, k(40))
    assert templates.learn("h", templates.MIN_HOST_PAGES - 1, k(templates.MIN_HOST_PAGES - 1)) == ()


def test_host_is_the_url_host_without_www():
    assert templates.host_of(_doc("x")) == "courier.example"
    assert templates.host_of(CleanDocument("r" * 64, "a.txt", "article", (CleanArticle(text="x"),), ())) is None


def test_the_template_rule_is_on_the_processing_version_path():
    paths = {str(p.relative_to(PACKAGE_ROOT)) for p in cleaning_modules()}
    assert {"templates.py", "rules/site_template.py", "dedup.py"} <= paths
