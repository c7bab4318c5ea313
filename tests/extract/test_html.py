"""The HTML path on our own fixtures: body, removals with provenance, embeds, metadata, decoding."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.decode import decode_html, declared_charset
from ingest.errors import UnreadableInput
from ingest.extract.dom_parse import parse_html, repair_markup
from ingest.extract.dom_tables import is_layout_table, unwrap_layout_tables
from ingest.metadata import Candidate, reconcile, url_date
from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument, FailedDocument
from ingest.settings import Settings

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def run(name: str) -> CleanDocument:
    out = process_raw(raw_from_bytes((FIX / name).read_bytes(), name), Settings())
    assert isinstance(out, CleanDocument), getattr(out, "message", out)
    assert out.input_format == "html"
    return out


@pytest.fixture(scope="module")
def harbour() -> CleanDocument:
    return run("en_harbour_embeds.html")


def test_body_keeps_article_and_drops_page_furniture(harbour):
    (a,) = harbour.articles
    assert a.text.startswith("Fares on the cross-harbour ferry")
    assert "until the end of February" in a.text
    for gone in ("We use cookies", "FTSE 100", "daylight robbery", "Sign up for our free", "New pier opens",
                 "© 2025", "Harbour ferry fares to rise in spring"):
        assert gone not in a.text, gone


def test_prose_discussing_the_embedded_post_stays(harbour):
    (a,) = harbour.articles
    assert "In a post on X, the commuter group said" in a.text
    assert "We will be asking the authority" not in a.text  # the post itself went to embeds


def test_embeds_are_structured(harbour):
    by = {e.platform: e for e in harbour.articles[0].embeds}
    assert set(by) == {"twitter", "instagram", "youtube"}
    tw = by["twitter"]
    assert (tw.handle, tw.author, tw.date) == ("harbourcommuters", "Harbour Commuters", "2025-11-27")
    assert tw.url == "https://twitter.com/harbourcommuters/status/1861234567890123456"
    assert tw.text.startswith("Twelve per cent is a lot")
    assert (by["instagram"].handle, by["instagram"].url) == ("portskipper", "https://www.instagram.com/p/DxFerry42/")
    assert by["youtube"].url == "https://www.youtube.com/watch?v=dQw4ferry01"


def test_every_dom_removal_has_rule_reason_and_text(harbour):
    rules = {s.rule for s in harbour.removed}
    for expected in ("html_prepass.tweet_blockquote", "html_prepass.instagram_blockquote",
                     "html_prepass.cookie_banner", "html_prepass.comment_section", "html_prepass.share_row",
                     "html_prepass.newsletter_box", "html_prepass.related_aside", "html_prepass.ticker_widget",
                     "title.headline_line"):
        assert expected in rules, expected
    tweet = next(s for s in harbour.removed if s.rule == "html_prepass.tweet_blockquote")
    assert tweet.reason == "twitter_post" and tweet.start == -1 and "phase this in" in tweet.text


def test_metadata_values_and_sources(harbour):
    a = harbour.articles[0]
    assert (a.title, a.author, a.published, a.updated) == (
        "Harbour ferry fares to rise in spring", "Maren Olsson", "2025-11-27T08:15:00+00:00",
        "2025-11-28T10:02:00+00:00")  # time and zone kept (Z written as +00:00)
    assert a.site_name == "The Coastline Courier" and a.language == "en"
    assert a.url == "https://www.coastlinecourier.example/2025/11/27/harbour-ferry-fares/"
    src = {s.field: s.source for s in a.sources}
    assert src["title"] == "json_ld" and src["url"] == "canonical" and src["updated"] == "json_ld"
    assert a.conflicts == ()  # JSON-LD, meta, <time>, URL all say 27 November; the embed's date is not the page's


def test_wrong_declared_charset_is_decoded_as_utf8(harbour):
    raw = (FIX / "en_harbour_embeds.html").read_bytes()
    assert declared_charset(raw) == "cp1252"
    assert "café" in harbour.articles[0].text and "Ã" not in harbour.articles[0].text


def test_list_page_keeps_its_list_german():
    doc = run("de_checkliste_liste.html")
    (a,) = doc.articles
    assert doc.kind == "article"
    assert a.text.count("\n- ") >= 7 or a.text.count("- ") >= 8
    assert "Grödel oder leichte Steigeisen" in a.text and "Lawinenlagebericht" in a.text
    assert "Kommentare werden geladen" not in a.text and "Schneeschuhe im Test" not in a.text
    assert (a.author, a.published, a.language) == ("Jonas Reiter", "2025-12-02", "de")
    assert {s.field: s.source for s in a.sources}["published"] == "time_element"


def test_windows_1252_page_conflicting_dates_and_tiktok_french():
    doc = run("fr_conflit_tiktok.html")
    (a,) = doc.articles
    assert "place Rihour" in a.text and "sécurité" in a.text
    assert "La grande roue est de retour" not in a.text and "Partager" not in a.text
    assert a.published == "2025-11-20T18:30:00+01:00" and "published" in a.conflicts  # JSON-LD 20th vs meta 21st: flagged
    assert (a.author, a.site_name, a.language) == ("Claire Dubois", "Nord Matin", "fr")
    (tt,) = a.embeds
    assert (tt.platform, tt.handle) == ("tiktok", "lilleenfete")


def test_plain_blockquote_is_not_an_embed():
    html = ("<html><head><title>Q</title></head><body><article><h1>Quotes</h1>"
            + "<p>" + "The minister spoke at length about the budget and the harbour. " * 6 + "</p>"
            + "<blockquote><p>We will not raise taxes this year, whatever happens.</p></blockquote>"
            + "<p>" + "Critics said the promise would be hard to keep in a difficult year. " * 5 + "</p>"
            + "</article></body></html>").encode()
    doc = process_raw(raw_from_bytes(html, "q.html"), Settings())
    assert isinstance(doc, CleanDocument)
    assert "We will not raise taxes" in doc.articles[0].text and not doc.articles[0].embeds


def test_binary_bytes_fail_as_unreadable():
    out = process_raw(raw_from_bytes(b"<html>\x00\x01\x02\x03" * 500, "bin.html"), Settings())
    assert isinstance(out, FailedDocument) and out.error_type == "UnreadableInput"
    with pytest.raises(UnreadableInput):
        decode_html(b"<html>\x00\x00\x00" * 100, "x")


def test_latin1_bytes_decode_by_declaration():
    raw = '<html><head><meta charset="iso-8859-1"></head><body><p>Ça coûte très cher.</p></body></html>'
    assert "Ça coûte très cher" in decode_html(raw.encode("cp1252"), "x")


def test_unclosed_title_no_longer_swallows_the_page():
    html = "<html><head><title>Broken page\n</head><body>" + "<p>Real article text here.</p>" * 30 + "</body></html>"
    assert "</title>" in repair_markup(html)
    tree = parse_html(html)
    assert "Real article text" in tree.find("body").text_content()


def test_layout_table_unwrapped_data_table_kept():
    tree = parse_html("<html><body><table><tr><td><p>" + "Long article paragraph. " * 20 + "</p></td>"
                      "<td><table><tr><th>Team</th><th>Pts</th></tr><tr><td>Rovers</td><td>12</td></tr></table>"
                      "</td></tr></table></body></html>")
    outer, inner = tree.findall(".//table")
    assert is_layout_table(outer) and not is_layout_table(inner)
    assert unwrap_layout_tables(tree) == 1
    assert len(tree.findall(".//table")) == 1 and tree.find(".//table//th") is not None


def test_reconcile_prefers_trusted_source_and_flags_disagreement():
    rec = reconcile([Candidate("title", "Ferry fares – Courier", "html_title"), Candidate("title", "Ferry fares", "og"),
                     Candidate("published", "2025-01-02", "url"), Candidate("published", "2025-01-03", "json_ld")])
    assert rec.values == {"title": "Ferry fares", "published": "2025-01-03"}
    assert rec.conflicts == ("published",)  # the titles agree (one contains the other)
    assert url_date("https://x.example/news/2024/03/09/story") == "2024-03-09"
    assert url_date("https://x.example/2024/story-12345") is None


def test_component_boxes_named_cmp_are_content_and_a_consent_box_must_read_as_one():
    """Adobe Experience Manager names every layout box `cmp-container` (its Core Components): those are
    the page's sections, not a consent platform's banner. The real banner, which speaks of cookies and
    consent, goes; a long block only *named* like one (`cmp-box`) stays, with a Note."""
    doc = run("de_dienstleistung_aem.html")
    (a,) = doc.articles
    for kept in ("Lastgänge der großen Verbraucher", "passenden Förderprogramme von Bund und Land",
                 "geplanten Einsparungen tatsächlich erreicht", "Abwärme heizt heute den Verkaufsraum"):
        assert kept in a.text
    assert "Wir verwenden Cookies" not in a.text
    gone = {(r.rule, r.reason) for r in doc.removed if "Cookies" in r.text}
    assert gone == {("html_prepass.cookie_banner", "cookie_consent")}
    assert not any(r.rule == "html_prepass.cookie_banner" and "Bäckerei" in r.text for r in doc.removed)
    assert any(n.step == "html_prepass.guard" and n.code == "kept_unlike_consent" for n in doc.notes)


def test_a_forum_thread_keeps_its_posts_spanish():
    """The page declares a DiscussionForumPosting: its comment list is the thread, every post is content."""
    doc = run("es_foro_frenos_disco.html")
    (a,) = doc.articles
    for post in ("tengo que cambiar también el cuadro", "los cuadros de esa época no tienen los anclajes",
                 "mira el número de serie", "venderé la mía a un amigo"):
        assert post in a.text
    assert not any(r.rule == "html_prepass.comment_section" for r in doc.removed)
    assert any(n.code == "kept_discussion" for n in doc.notes)


def test_a_link_story_page_keeps_the_discussion_it_exists_for():
    """No markup says so, but the page is one link and a byline above a long thread: the thread stays."""
    doc = run("en_link_story_discussion.html")
    (a,) = doc.articles
    for comment in ("the cache is shared between machines", "cache poisoning when two branches",
                    "hashes the compiler binary itself", "the break-even was around fifteen people"):
        assert comment in a.text
    assert any(n.code == "kept_discussion" for n in doc.notes)
