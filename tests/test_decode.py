"""HTML decoding decisions: a declared-UTF-8 page with a few bad bytes stays UTF-8, and says so."""
from __future__ import annotations

from ingest.decode import MAX_BAD_UTF8_SEQUENCES, decode_html, decode_html_noted
from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument
from ingest.settings import Settings

_PROSE_DE = ("Die Bürgerinitiative in Süderbrück hat am Dienstag über die Zukunft des Marktplatzes beraten. "
             "Viele Anwohner äußerten Sorgen über den Verkehr, andere lobten die schöne neue Grünfläche. ")


def _page(body: str, *, charset: str = "utf-8") -> str:
    return (f'<html><head><meta charset="{charset}"><title>Marktplatz</title></head><body><article>'
            f"<h1>Marktplatz</h1>{body}</article></body></html>")


def test_declared_utf8_with_one_bad_byte_stays_utf8_and_is_noted():
    good = _page("<p>" + _PROSE_DE * 6 + "</p>").encode("utf-8")
    damaged = good.replace("Sorgen".encode(), b"Sorg\xe9n", 1)  # one stray Latin-1 byte
    decoded = decode_html_noted(damaged, "de.html")
    assert "schöne neue Grünfläche" in decoded.text and "Bürgerinitiative" in decoded.text
    assert "Sorg\ufffdn" in decoded.text
    (note,) = decoded.notes
    assert note.step == "decode" and note.code == "utf8_with_bad_bytes" and "1 invalid" in note.detail

    doc = process_raw(raw_from_bytes(damaged, "de.html"), Settings())
    assert isinstance(doc, CleanDocument)
    assert "schöne neue Grünfläche" in doc.articles[0].text
    assert any(n.code == "utf8_with_bad_bytes" for n in doc.notes)


def test_transport_utf8_with_a_truncated_character_stays_utf8():
    text = _page("<p>" + ("Хорошая погода в Москве продержится до конца недели, сообщили синоптики. " * 8) + "</p>",
                 charset="x-unknown")
    damaged = text.encode("utf-8").replace("недели".encode(), "недели".encode()[:3], 1)
    decoded = decode_html_noted(damaged, "ru.html", charset="UTF-8")
    assert "Хорошая погода" in decoded.text and decoded.notes


def test_valid_utf8_needs_no_note():
    decoded = decode_html_noted(_page("<p>" + _PROSE_DE + "</p>").encode("utf-8"), "ok.html")
    assert decoded.notes == () and "Grünfläche" in decoded.text


def test_many_bad_bytes_doubt_the_declaration():
    """A Latin-1 page mislabelled UTF-8 (every accent a bad sequence) goes to the detector."""
    page = _page("<p>" + "Le café de la gare a fermé ses portes après trente années à servir les élèves. " * 6
                 + "</p>").encode("cp1252")
    decoded = decode_html_noted(page, "fr.html")
    assert page.count(b"\xe9") > MAX_BAD_UTF8_SEQUENCES
    assert decoded.notes == ()
    assert "\ufffd" not in decode_html(page, "fr.html")
