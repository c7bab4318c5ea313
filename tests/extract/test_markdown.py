"""Markdown output: the kept article's structure (headings, lists, tables, quotes, code), never text
the plain text lost; `ingest clean --format markdown`."""
from __future__ import annotations

import subprocess
import sys

from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument
from ingest.settings import Settings

_PAGE = ("<html><head><title>Fährplan</title></head><body><nav><a href='/'>Start</a></nav><article>"
         "<h1>Der neue Fährplan</h1><p class='byline'>Von Anna Lehmann</p>"
         "<p>Ab April fahren die Fähren über die Förde öfter, teilte die Hafenbehörde am Dienstag mit, "
         "nachdem sich Stadt und Reederei auf einen neuen Vertrag geeinigt hatten.</p>"
         "<p>Lesen Sie auch: Hafenfest wegen Sturm abgesagt</p><p>Foto: Jens Peters / dpa</p>"
         "<h2>Was sich ändert</h2><ul><li>Fähren alle zwanzig Minuten</li><li>Nachtfahrten am Wochenende</li></ul>"
         "<ol><li>Fahrkarte am Automaten kaufen</li><li>Am Anleger entwerten</li></ol>"
         "<blockquote><p>Wir wollen die Förde wieder zur Straße der Stadt machen, sagte die Senatorin.</p></blockquote>"
         "<table><tr><th>Linie</th><th>Takt</th></tr><tr><td>F1 Hafen – Ostufer</td><td>20 Minuten</td></tr>"
         "<tr><td>F2 Hafen – Werft</td><td>30 Minuten</td></tr></table>"
         "<p>" + "Die Preise bleiben nach Angaben der Behörde bis zum Jahresende unverändert und stabil. " * 3 + "</p>"
         "<pre><code>preis = grundpreis * 1.0</code></pre>"
         "</article><footer><p>© Kieler Bote</p></footer></body></html>").encode()


def _article():
    doc = process_raw(raw_from_bytes(_PAGE, "f.html"), Settings())
    assert isinstance(doc, CleanDocument) and doc.kind == "article"
    return doc.articles[0]


def test_structure_is_kept_as_markdown():
    md = _article().markdown
    assert "## Was sich ändert" in md
    assert "- Fähren alle zwanzig Minuten\n- Nachtfahrten am Wochenende" in md
    assert "1. Fahrkarte am Automaten kaufen\n2. Am Anleger entwerten" in md
    assert "> Wir wollen die Förde wieder zur Straße der Stadt machen" in md
    assert "| Linie | Takt |\n|---|---|\n| F1 Hafen – Ostufer | 20 Minuten |" in md
    assert "```\npreis = grundpreis * 1.0\n```" in md


def test_markdown_holds_nothing_the_plain_text_dropped():
    a = _article()
    assert "Start" not in a.markdown and "Kieler Bote" not in a.markdown
    plain_words = set(a.text.casefold().split())
    md_words = {w.strip("#>-|`*.,:") for w in a.markdown.casefold().split()} - {"", "1", "2", "---", "```"}
    assert md_words <= {w.strip(".,:") for w in plain_words} | {"1.", "2."}
    # the text rules removed these lines the extractor kept: the Markdown leaves them out as well
    assert "Hafenfest" not in a.text and "Hafenfest" not in a.markdown
    assert "Jens Peters" not in a.text and "Jens Peters" not in a.markdown


def test_clean_format_markdown_prints_markdown(tmp_path):
    page = tmp_path / "f.html"
    page.write_bytes(_PAGE)
    out = subprocess.run([sys.executable, "-m", "ingest.cli", "clean", "--format", "markdown", str(page)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "## Was sich ändert" in out.stdout and "| Linie | Takt |" in out.stdout
    plain = subprocess.run([sys.executable, "-m", "ingest.cli", "clean", str(page)], capture_output=True,
                           text=True, timeout=120)
    assert "## Was sich ändert" not in plain.stdout and "Was sich ändert" in plain.stdout


def test_text_dumps_have_no_markdown():
    doc = process_raw(raw_from_bytes(("Ein Titel\n\n" + "Ein ganz normaler Satz über den Hafen. " * 10).encode(),
                                     "d.txt"), Settings())
    assert all(a.markdown is None for a in doc.articles)
