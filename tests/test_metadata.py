"""Page metadata: titles without the site name, the visible headline, dates with time and zone,
description / categories / tags, each with its source. Pages written for these tests."""
from __future__ import annotations

import pytest

from ingest.dates import iso_datetime
from ingest.metadata import Candidate, choose_title, trim_site_affix
from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument
from ingest.settings import Settings

_BODY = ("<p>" + "The harbour board approved the new ferry timetable on Tuesday after months of talks with "
         "the unions and the town council, and the first boats will run on the new schedule in April. " * 3
         + "</p>")


def _article(head: str, body_top: str = "") -> CleanDocument:
    html = (f"<html lang='en'><head>{head}</head><body><header><a href='/'>Civic Times</a></header>"
            f"<article>{body_top}{_BODY}</article></body></html>").encode()
    doc = process_raw(raw_from_bytes(html, "p.html"), Settings())
    assert isinstance(doc, CleanDocument)
    return doc


def _sources(doc: CleanDocument) -> dict[str, str]:
    return {s.field: s.source for s in doc.articles[0].sources}


def test_site_suffix_goes_when_site_name_says_so():
    doc = _article("<title>Ferry timetable approved | Civic Times</title>"
                   "<meta property='og:site_name' content='Civic Times'>")
    assert doc.articles[0].title == "Ferry timetable approved"
    assert _sources(doc)["title"] == "html_title.trimmed"


def test_site_prefix_goes_and_h1_wins_over_an_seo_title():
    doc = _article("<title>Civic Times - Best ferry news of 2025, timetables and more</title>"
                   "<meta property='og:site_name' content='Civic Times'>",
                   "<h1>Ferry timetable approved after months of talks</h1>")
    assert doc.articles[0].title == "Ferry timetable approved after months of talks"
    assert _sources(doc)["title"] == "h1"


def test_h1_equal_to_the_written_title_credits_the_written_source():
    doc = _article("<meta property='og:title' content='Ferry timetable approved'><title>Ferry timetable "
                   "approved – Civic Times</title>", "<h1>Ferry timetable approved</h1>")
    assert doc.articles[0].title == "Ferry timetable approved" and _sources(doc)["title"] == "og"


def test_a_logo_h1_is_not_the_title():
    doc = _article("<meta property='og:title' content='Ferry timetable approved'>"
                   "<meta property='og:site_name' content='Civic Times'>", "")
    html = doc  # the header logo is not an h1 here; make one that is
    html = ("<html><head><meta property='og:title' content='Ferry timetable approved'>"
            "<meta property='og:site_name' content='Civic Times'></head><body><header><h1>Civic Times</h1></header>"
            f"<article>{_BODY}</article></body></html>").encode()
    doc = process_raw(raw_from_bytes(html, "logo.html"), Settings())
    assert doc.articles[0].title == "Ferry timetable approved"


def test_entities_in_titles_are_decoded():
    doc = _article("<meta property='og:title' content='Fares &amp;amp; timetables &#8211; what changes'>")
    assert doc.articles[0].title == "Fares & timetables – what changes"


@pytest.mark.parametrize("title, others, sites, want", [
    ("Stadtrat beschließt Haushalt | Kieler Bote", [], ["Kieler Bote"], "Stadtrat beschließt Haushalt"),
    ("Le Courrier — Le conseil vote le budget", [], ["Le Courrier du Nord"], "Le conseil vote le budget"),
    ("Городской совет принял бюджет - Вести", [], [], "Городской совет принял бюджет"),  # a short tail
    ("Review: Part One - Part Two of the saga", ["Review: Part One"], [], "Review: Part One"),
    ("Why ferries - and buses - matter", [], [], "Why ferries - and buses - matter"),  # a long tail stays
    ("Budget", [], ["Civic Times"], "Budget"),
])
def test_trim_site_affix(title, others, sites, want):
    assert trim_site_affix(title, others, sites) == want


def test_of_several_h1s_the_one_like_the_title():
    cands = [Candidate("title", "Menu", "h1"), Candidate("title", "Ferry timetable approved by board", "h1"),
             Candidate("title", "Ferry timetable approved | Civic Times", "html_title")]
    assert choose_title(cands, ["Civic Times"]).value == "Ferry timetable approved by board"


def test_dates_keep_time_and_zone_and_date_only_stays_date_only():
    doc = _article("<meta property='article:published_time' content='2025-03-14T09:30:00-05:00'>"
                   "<meta property='article:modified_time' content='2025-03-15T08:00:00Z'>")
    a = doc.articles[0]
    assert (a.published, a.updated) == ("2025-03-14T09:30:00-05:00", "2025-03-15T08:00:00+00:00")
    assert _sources(doc)["published"] == "meta"
    doc = _article("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Ferry\", "
                   "\"datePublished\": \"2025-03-14\"}</script>")
    assert doc.articles[0].published == "2025-03-14"


@pytest.mark.parametrize("value, want", [
    ("2025-03-14T09:30:00-05:00", "2025-03-14T09:30:00-05:00"), ("2025-03-14T09:30:00.250Z", "2025-03-14T09:30:00+00:00"),
    ("20250314T0930+0100", "2025-03-14T09:30:00+01:00"), ("2025-03-14 09:30", "2025-03-14T09:30:00"),
    ("2025-03-14", "2025-03-14"), ("2025-03-14T26:00", "2025-03-14"), ("2025-02-30", None), ("14 March 2025", None),
])
def test_iso_datetime(value, want):
    assert iso_datetime(value) == want


def test_description_categories_tags_with_sources():
    doc = _article("<meta name='description' content='The board approved the timetable.'>"
                   "<meta property='og:description' content='New ferry timetable from April.'>"
                   "<meta property='article:section' content='Transport'>"
                   "<meta property='article:tag' content='ferries'><meta property='article:tag' content='harbour'>"
                   "<meta name='keywords' content='ferries, harbour, timetable'>")
    a = doc.articles[0]
    assert a.description == "New ferry timetable from April."
    assert a.categories == ("Transport",) and a.tags == ("ferries", "harbour", "timetable")
    assert {k: _sources(doc)[k] for k in ("description", "categories", "tags")} == \
        {"description": "og", "categories": "meta", "tags": "meta"}
    assert "description" not in a.conflicts


def test_json_ld_sections_and_keywords_win():
    doc = _article("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Ferry\", "
                   "\"articleSection\": [\"Local\", \"Transport\"], \"keywords\": \"ferries,harbour\", "
                   "\"description\": \"Timetable news\"}</script><meta property='article:section' content='News'>")
    a = doc.articles[0]
    assert a.categories == ("Local", "Transport") and a.tags == ("ferries", "harbour")
    assert a.description == "Timetable news"


def test_author_from_byline_classes_and_author_links():
    doc = _article("", "<div class='c-byline'><span class='c-byline__author'>Von Jana Krüger</span></div>")
    assert doc.articles[0].author == "Jana Krüger" and _sources(doc)["author"] == "byline_html"
    doc = _article("", "<p class='meta'>Publié par <a href='/auteurs/luc-martin/'>Luc Martin</a></p>")
    assert doc.articles[0].author == "Luc Martin"
    doc = _article("", "<div class='author-bio'>Written by someone who likes boats and writes a lot</div>")
    assert doc.articles[0].author is None  # a bio box is not a byline


def test_author_values_that_are_no_names_are_refused():
    doc = _article("<meta name='author' content='page.head.extra.author'>")
    assert doc.articles[0].author is None
    doc = _article("<meta name='author' content='civictimes.example'>")
    assert doc.articles[0].author is None
    doc = _article("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Ferry\", "
                   "\"author\": {\"name\": \", CIVIC TIMES\"}}</script>")
    assert doc.articles[0].author == "CIVIC TIMES"
