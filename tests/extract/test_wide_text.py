"""The wide text (extract/wide_text.py) and the HTML path's fall-back to it (extract/html._widened):
a page whose extraction covers a small share of its visible text keeps its sections; a page the
extractor covers is left as the extractor gave it."""
from __future__ import annotations

import lxml.html

from ingest.extract import html as html_path
from ingest.extract.wide_text import wide_text

_COURSES = [
    ("Hocker aus Eiche", "Wir bauen einen dreibeinigen Hocker mit verkeilten Zapfen und lernen das Stemmen von Hand."),
    ("Schneidebretter", "Aus Resten von Ahorn und Nussbaum entstehen verleimte Bretter, die danach geölt werden."),
    ("Löffel schnitzen", "Mit Beil und Schnitzmesser wird aus frischem Birkenholz ein Kochlöffel, ohne Maschinen."),
    ("Kinderwerkstatt", "Kinder ab acht Jahren bauen Vogelhäuser, Boote und Kreisel und nehmen alles mit nach Hause."),
    ("Möbel restaurieren", "Bringen Sie einen alten Stuhl mit: wir leimen nach, ergänzen Furnier und ölen die Fläche."),
    ("Drechseln", "An der Drehbank entstehen Schalen und Griffe; Schutzbrille und Späne gehören dazu."),
]


def _catalogue() -> lxml.html.HtmlElement:
    cards = "".join(f'<div class="course"><h3>{t}</h3><div>{d}</div><div>ab 60 Euro</div></div>' for t, d in _COURSES)
    return lxml.html.fromstring(
        '<html><body><header class="site-header"><a href="/">Holzwerkstatt</a></header>'
        '<nav><a href="/kurse">Kurse</a> <a href="/team">Team</a></nav>'
        f'<main><h1>Werkstattkurse im Frühjahr</h1><div class="grid">{cards}</div></main>'
        '<div class="cookie-banner">Wir verwenden Cookies.</div>'
        '<footer>Impressum · Datenschutz</footer></body></html>')


def test_wide_text_keeps_visible_sections_and_drops_chrome():
    wide = wide_text(_catalogue())
    lines = wide.text.split("\n")
    for title, description in _COURSES:
        assert title in lines and description in lines
    for chrome in ("Holzwerkstatt", "Kurse Team", "Wir verwenden Cookies.", "Impressum · Datenschutz"):
        assert chrome not in wide.text
    assert wide.words == len(wide.text.split())


def test_wide_text_matches_whole_class_words_only_and_keeps_comment_tails():
    tree = lxml.html.fromstring('<html><body><div class="navy-blue">Blaue Jacken</div><!-- x -->danach'
                                '<table><tr><td>Größe</td><td>M</td></tr></table><div hidden>verborgen</div></body></html>')
    assert wide_text(tree).text.split("\n") == ["Blaue Jacken", "danach", "Größe M"]


def test_wide_text_survives_deep_nesting():
    tree = lxml.html.fromstring("<html><body></body></html>")
    node = tree.find("body")
    for _ in range(5000):  # built, not parsed: the parser caps nesting depth itself
        node = lxml.html.etree.SubElement(node, "div")
    node.text = "tief"
    assert "tief" in wide_text(tree).text  # iterative: no RecursionError


def test_small_extraction_of_a_sectioned_page_is_widened_with_a_note():
    tree, notes = _catalogue(), []
    text, body = html_path._widened(tree, "Werkstattkurse im Frühjahr", object(), notes)
    assert body is None and all(d in text for _, d in _COURSES)
    assert [n.code for n in notes] == ["widened"]


def test_extraction_covering_the_page_is_kept_as_it_is():
    tree, notes = _catalogue(), []
    extracted = "\n".join(f"{t}\n{d}" for t, d in _COURSES)
    body = object()
    assert html_path._widened(tree, extracted, body, notes) == (extracted, body)
    assert notes == []


def test_no_widening_for_a_short_page():
    tree = lxml.html.fromstring("<html><body><h1>Seite nicht gefunden</h1><p>Die Adresse gibt es nicht mehr, "
                                "bitte nutzen Sie die Suche.</p><div>Zurück zur Startseite</div></body></html>")
    notes = []
    assert html_path._widened(tree, "Seite nicht gefunden", None, notes)[0] == "Seite nicht gefunden"
    assert notes == []
