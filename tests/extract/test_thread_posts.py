"""Forum threads read from their schema.org microdata (extract/thread_posts.py), on our own pages:
every post with its author and time, the forum's chrome left out, and articles with a microdata
comment list untouched."""
from __future__ import annotations

from pathlib import Path

from ingest.extract.dom_parse import parse_html
from ingest.extract.thread_posts import Post, Thread, thread_posts, with_thread
from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument
from ingest.settings import Settings

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def _clean(name: str) -> CleanDocument:
    out = process_raw(raw_from_bytes((FIX / name).read_bytes(), name), Settings())
    assert isinstance(out, CleanDocument), getattr(out, "message", out)
    return out


def _tree(name: str):
    return parse_html((FIX / name).read_text(encoding="utf-8"))


def test_every_post_of_a_german_thread_with_author_and_time():
    doc = _clean("de_forum_thread_microdata.html")
    text = "\n".join(a.text for a in doc.articles)
    for said in ("brummt die Heizung jede Nacht", "Konstantdruck oder Proportionaldruck",
                 "hydraulischer Abgleich behebt das", "Heute Nacht war Ruhe", "im Obergeschoss nicht mehr"):
        assert said in text, said
    for line in ("rohrfrei", "waermepumpenwilli", "14. Januar 2026, 21:40", "15. Januar 2026, 10:30"):
        assert line in text.split("\n"), line
    # posts in page order, the opening post first
    assert text.index("brummt die Heizung") < text.index("Konstantdruck") < text.index("war Ruhe")
    for chrome in ("Ähnliche Themen", "Thermostat klickt laut", "Impressum", "Vorschau eines verlinkten"):
        assert chrome not in text, chrome
    assert any(n.code == "thread_posts" for n in doc.notes)


def test_thread_posts_read_the_wrapper_items_opening_post_once():
    thread = thread_posts(_tree("de_forum_thread_microdata.html"))
    assert [p.author for p in thread.posts] == ["kellerkind", "rohrfrei", "kellerkind", "waermepumpenwilli"]
    assert thread.posts[0].time == "14. Januar 2026, 21:05"
    assert thread.posts[0].text.startswith("Seit dem Austausch")
    assert thread.posts[1].text.count("\n") == 2  # one paragraph a line


def test_french_qa_keeps_question_and_answers_not_the_remarks_under_them():
    thread = thread_posts(_tree("fr_qa_microdata.html"))
    assert len(thread.posts) == 3
    assert [p.author for p in thread.posts] == ["Mireille B.", "Jean-Marc", "Odile"]  # a profile card: its name
    doc = _clean("fr_qa_microdata.html")
    text = "\n".join(a.text for a in doc.articles)
    for said in ("sent fortement l'acétone", "doubler la part de farine", "le chlore peut ralentir"):
        assert said in text, said
    for remark in ("Quelle température", "je teste dès ce soir", "badges d'or", "Levain trop liquide"):
        assert remark not in text, remark


def test_spanish_article_with_microdata_comments_is_no_thread():
    assert thread_posts(_tree("es_articulo_comentarios_microdata.html")) is None
    doc = _clean("es_articulo_comentarios_microdata.html")
    (a,) = doc.articles
    assert "La poda de formación de un olivo joven" in a.text
    assert "avalancha de brotes verticales" in a.text
    assert not any(n.code == "thread_posts" for n in doc.notes)


def test_comment_items_alone_are_a_thread_only_when_the_page_declares_one():
    html = ("<html><body>" + "".join(
        f'<div itemscope itemtype="https://schema.org/Comment"><span itemprop="author">u{i}</span>'
        f'<div itemprop="text"><p>Antwort Nummer {i} mit etwas Text.</p></div></div>' for i in range(3))
        + "</body></html>")
    assert thread_posts(parse_html(html)) is None
    thread = thread_posts(parse_html(html), lambda: True)
    assert [p.author for p in thread.posts] == ["u0", "u1", "u2"]


def test_prose_of_the_extraction_outside_the_posts_is_kept_short_chrome_is_not():
    thread = Thread((Post("ana", "ayer", "Primera respuesta con bastante texto propio."),
                     Post("luis", "hoy", "Segunda respuesta también con texto.")))
    extracted = ("Foro de ciclismo\n"
                 "El mensaje inicial no está marcado como publicación, pero cuenta toda la historia del problema.\n"
                 "Primera respuesta con bastante texto propio.\nResponder\nTemas similares\n"
                 "Una nota del moderador al pie del hilo recuerda que hay que buscar antes de preguntar.")
    joined = with_thread(thread, extracted)
    assert joined.text.startswith("El mensaje inicial no está marcado")
    assert joined.text.endswith("buscar antes de preguntar.")
    assert joined.text.count("Primera respuesta") == 1 and "Segunda respuesta" in joined.text
    assert "Responder" not in joined.text and "Foro de ciclismo" not in joined.text
    assert (joined.kept_outside, joined.dropped_outside) == (2, 3)


def test_a_line_of_common_words_is_not_taken_for_the_threads():
    thread = Thread((Post("a", "", "we think that it is in the house and not in the car, so it is fine."),
                     Post("b", "", "it is what it is and that is all we know about it.")))
    line = "It is in the car that we know it, and not in the house, so that is all."  # every word in the posts
    joined = with_thread(thread, line)
    assert joined.kept_outside == 1 and joined.text.startswith(line)
