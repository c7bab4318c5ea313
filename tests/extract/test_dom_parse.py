"""Parse repair: the re-parse of a damaged page starts at real markup, never inside a script string."""
from __future__ import annotations

import pytest

from ingest.extract.dom_parse import first_block, parse_html
from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument
from ingest.settings import Settings

_ARTICLE = ("<div class='story'><h2>Hafenplan</h2><p>"
            + "Der Stadtrat stimmte nach langer Debatte über den neuen Hafenplan ab, der Fähren und Radwege vorsieht. " * 8
            + "</p></div>")
# A page cut at the front (no <html>), whose first script writes markup from a JavaScript string: the
# string opens an element whose content is raw text to the parser (<iframe>, <xmp>, <script>).
_SCRIPTS = ["var w = '<body class=\"embed\"><iframe>';", "document.write(\"<body><xmp>\");",
            "var t = '<div id=\"ad\"><script>';"]


@pytest.mark.parametrize("script", _SCRIPTS)
def test_reparse_skips_markup_inside_a_script(script):
    html = 'mogo.jpg" data-x="1"><script>' + script + "</script>" + _ARTICLE
    assert first_block(html) == html.index("<div class='story'>")
    body = parse_html(html).find("body").text_content()
    assert body.lstrip().startswith("Hafenplan") and "</script>" not in body and "';" not in body


def test_damaged_page_with_script_markup_is_an_article():
    html = 'mogo.jpg" data-x="1"><script>' + _SCRIPTS[0] + "</script>" + _ARTICLE
    doc = process_raw(raw_from_bytes(html.encode(), "cut.html"), Settings())
    assert isinstance(doc, CleanDocument) and doc.kind == "article"
    text = doc.articles[0].text
    assert "Fähren und Radwege" in text and "iframe" not in text and "<" not in text


def test_commented_out_block_is_not_the_start():
    html = "x\"><!-- <div class='old'>retired</div> -->" + _ARTICLE
    assert first_block(html) == html.index("<div class='story'>")


def test_no_block_outside_scripts_means_no_retry():
    assert first_block("x\"><script>var a = '<div>';</script> plain words") is None


_FRAGMENT = ["Le conseil municipal a voté mardi soir le nouveau plan de circulation du centre-ville, après trois "
             "heures de débat.", "Les premières rues piétonnes ouvriront en avril, a précisé la maire."]


def test_a_bare_fragment_is_read_as_a_pages_body_with_every_element():
    """`<p>…</p><p>…</p>` without <html>: lxml returns the fragment's own element (or nothing for one
    element); the damaged-page retry used to start at the second block, and the first paragraph was
    gone without a word; a single paragraph was "not parseable"."""
    tree = parse_html("".join(f"<p>{p}</p>" for p in _FRAGMENT))
    assert tree.tag == "html" and [p.text for p in tree.iter("p")] == _FRAGMENT
    tree = parse_html(f"<p>{_FRAGMENT[0]}</p>")
    assert tree is not None and [p.text for p in tree.iter("p")] == _FRAGMENT[:1]


def test_the_api_cleans_an_html_fragment_whole():
    import ingest

    doc = ingest.clean_html("".join(f"<p>{p}</p>" for p in _FRAGMENT), url="https://ville.example/plan")
    assert doc.articles[0].text.split("\n\n") == _FRAGMENT
