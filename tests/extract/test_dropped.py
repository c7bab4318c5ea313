"""`ingest explain` accounts for every block of an HTML page: kept, removed by a rule, or dropped by
the extractor (rule extract.dropped, offsets into the DOM text)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ingest.decode import decode_html
from ingest.extract.dom_parse import parse_html
from ingest.extract.dom_prepass import prepass
from ingest.extract.dropped import RULE, _key, dom_lines, dropped_spans
from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument
from ingest.settings import Settings

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "html"
_PAGE = ("<html><head><title>Neue Brücke</title></head><body>"
         "<nav class='main-nav'><a href='/'>Start</a> <a href='/lokal'>Lokales</a> <a href='/sport'>Sport</a></nav>"
         "<div class='layout'><article><h1>Neue Brücke über die Förde</h1>"
         + "<p>Die Stadt hat den Bau einer neuen Fußgängerbrücke über die Förde beschlossen, die ab Herbst "
           "die beiden Ufer verbinden soll. Die Kosten liegen bei zwölf Millionen Euro.</p>" * 4
         + "</article><div class='sidebar-box'><h3>Meistgelesen</h3><ul><li><a href='/a'>Hafenfest abgesagt</a></li>"
           "<li><a href='/b'>Neuer Bürgermeister gewählt</a></li></ul></div></div>"
           "<footer><p>© Kieler Bote 2025. Alle Rechte vorbehalten.</p></footer></body></html>").encode()


def _doc(content: bytes, name: str = "p.html") -> CleanDocument:
    doc = process_raw(raw_from_bytes(content, name), Settings())
    assert isinstance(doc, CleanDocument)
    return doc


def test_navigation_sidebar_and_footer_are_reported_with_offsets():
    doc = _doc(_PAGE)
    spans = dropped_spans(_PAGE, doc)
    by_text = {s.text: s for s in spans}
    assert by_text["Start Lokales Sport"].reason == "navigation"
    assert by_text["© Kieler Bote 2025. Alle Rechte vorbehalten."].reason == "footer"
    assert any("Hafenfest abgesagt" in s.text for s in spans)
    assert all(s.rule == RULE and 0 <= s.start < s.end for s in spans)
    lines = {ln.start: ln for ln in dom_lines(prepass_tree(_PAGE))}
    for s in spans:  # offsets point at the span's own text in the DOM text
        assert lines[s.start].text == s.text and lines[s.start].end == s.end
    assert not any("Fußgängerbrücke" in s.text for s in spans)  # kept text is not reported


def prepass_tree(content: bytes):
    tree = parse_html(decode_html(content, "p.html"))
    prepass(tree)
    return tree


def test_every_line_is_kept_removed_or_dropped():
    """Completeness on the hand-made fixtures: no block of the DOM text goes unaccounted for."""
    for page in [*sorted(FIX.glob("*.html")), None]:
        content = page.read_bytes() if page else _PAGE
        doc = _doc(content, page.name if page else "p.html")
        accounted = " ".join(_key(t) for t in [a.text for a in doc.articles] + [s.text for s in doc.removed]
                             + [s.text for s in dropped_spans(content, doc)]
                             + [v for a in doc.articles for v in (a.title, a.author, a.dateline) if v])
        for line in dom_lines(prepass_tree(content)):
            assert f" {_key(line.text)} " in f" {accounted} ", (page, line.text)


def test_explain_command_lists_dropped_blocks(tmp_path):
    page = tmp_path / "bruecke.html"
    page.write_bytes(_PAGE)
    out = subprocess.run([sys.executable, "-m", "ingest.cli", "explain", str(page)], capture_output=True,
                         text=True, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "dropped by the extractor" in out.stdout and "extract.dropped" in out.stdout
    assert "navigation" in out.stdout and "Alle Rechte vorbehalten" in out.stdout
