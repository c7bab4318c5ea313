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
    doc = _article("<meta property='article:published_time' content='2025-03-14T09:30:00Z'>")
    assert doc.articles[0].published == "2025-03-14T09:30:00+00:00"  # no other zone: UTC stays
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


def test_byline_parts_are_read_apart_and_labels_go():
    doc = _article("", "<div class='post-author'><span>Escrito por</span><a href='/x'>Lucía Ferrer</a></div>")
    assert doc.articles[0].author == "Lucía Ferrer"
    doc = _article("", "<div class='entry-author'><b>Geschrieben von</b>Jonas Albrecht</div>")
    assert doc.articles[0].author == "Jonas Albrecht"
    doc = _article("", "<div class='author-name'>ByMaren Holt</div>")
    assert doc.articles[0].author == "Maren Holt"
    doc = _article("", "<div class='byline'><a>Ilse Berg</a>, <a>Ola Nordmann</a> og <a>Kari Lie</a> »</div>")
    assert doc.articles[0].author == "Ilse Berg, Ola Nordmann og Kari Lie"
    doc = _article("", "<p class='author'>Sanne de Vries<br>4 augustus 2021</p>")  # the date beside the name
    assert doc.articles[0].author == "Sanne de Vries"


def test_a_byline_of_labels_only_names_no_one_and_the_next_one_counts():
    doc = _article("", "<span class='author-label'>Written by</span><p>Text</p>"
                       "<span class='author'>Auteur : Camille Roux</span>")
    assert doc.articles[0].author == "Camille Roux"
    doc = _article("", "<div class='topic-author'>Topic author</div>")
    assert doc.articles[0].author is None


def test_the_publisher_is_no_author_when_a_person_is_named():
    ld = ("<script type='application/ld+json'>{\"@type\": \"BlogPosting\", \"headline\": \"Ferry\", "
          "\"author\": {\"@type\": \"Organization\", \"name\": \"Hafenblatt Verlag\"}}</script>")
    doc = _article(ld, "<p class='byline'>Von Anke Simons</p>")
    assert doc.articles[0].author == "Anke Simons" and _sources(doc)["author"] == "byline_html"
    doc = _article(ld)  # nothing else written: the organisation stands
    assert doc.articles[0].author == "Hafenblatt Verlag" and _sources(doc)["author"] == "json_ld_org"
    # a "Person" that is the site itself (its og:site_name, or its host name's words)
    doc = _article("<meta property='og:site_name' content='Gazette du Port'>"
                   "<meta name='author' content='Gazette du Port'>", "<span class='author'>Par Inès Moreau</span>")
    assert doc.articles[0].author == "Inès Moreau"
    doc = _article("<link rel='canonical' href='https://www.harbourwatch.example/ferries/'>"
                   "<meta name='author' content='Harbour Watch'>", "<span class='byline'>Tom Eriksen</span>")
    assert doc.articles[0].author == "Tom Eriksen"


def test_the_byline_wording_of_the_same_names_is_kept():
    ld = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Ferry\", "
          "\"author\": [{\"@type\": \"Person\", \"name\": \"Nora Lind\"}, {\"@type\": \"Person\", "
          "\"name\": \"Pablo Ortega\"}]}</script>")
    doc = _article(ld, "<div class='byline'>By Nora Lind and Pablo Ortega</div>")
    assert doc.articles[0].author == "Nora Lind and Pablo Ortega"
    doc = _article(ld, "<div class='byline'>By Nora Lind</div>")  # not the same people: JSON-LD's list
    assert doc.articles[0].author == "Nora Lind, Pablo Ortega"


_LD_DATES = ("<script type='application/ld+json'>{\"@type\": \"BlogPosting\", \"headline\": \"Ferry\", "
             "\"datePublished\": \"2023-02-10T08:00:00+01:00\", \"dateModified\": \"2025-06-03T17:20:00+01:00\"}"
             "</script>")


def test_the_date_the_page_shows_under_its_headline_picks_among_its_written_dates():
    # the page prints its modified date as the article's date: that is the one it presents
    doc = _article(_LD_DATES, "<h1>Neuer Fahrplan für die Fähren</h1><div class='meta'><span>3. Juni 2025</span>"
                              "</div>")
    a = doc.articles[0]
    assert a.published == "2025-06-03T17:20:00+01:00" and _sources(doc)["published"] == "shown.json_ld"
    assert a.updated == "2025-06-03T17:20:00+01:00"
    # labelled as the update: the published date stays the written one
    doc = _article(_LD_DATES, "<h1>Nouveaux horaires des ferries</h1><p class='dates'>Mis à jour le 3 juin 2025</p>")
    assert doc.articles[0].published == "2023-02-10T08:00:00+01:00"
    # a printed date no written date confirms is still the date the page tells its reader
    doc = _article(_LD_DATES, "<h1>Nuevos horarios de ferry</h1><p><span>14 de mayo de 2024</span></p>")
    assert doc.articles[0].published == "2024-05-14" and _sources(doc)["published"] == "shown"


def test_a_page_that_shows_its_latest_date_first_and_its_publication_after_keeps_the_publication():
    # both written dates printed under the headline, the update first: the written publication is that one
    doc = _article(_LD_DATES, "<h1>Nieuwe dienstregeling veerboten</h1><p><time>3 juni 2025</time> "
                              "<time>10 februari 2023</time></p>")
    assert doc.articles[0].published == "2023-02-10T08:00:00+01:00"
    assert doc.articles[0].updated == "2025-06-03T17:20:00+01:00"
    # two printed dates no written date confirms: the first still dates the page
    doc = _article(_LD_DATES, "<h1>Nieuwe dienstregeling veerboten</h1><p><time>14 mei 2024</time> "
                              "<time>2 april 2024</time></p>")
    assert doc.articles[0].published == "2024-05-14"


def test_a_shown_date_that_is_the_written_date_read_otherwise_leaves_the_markup():
    """Hard negatives: day and month swapped (an ambiguous 02/10/2023 for 10 February), or the day
    before in the reader's zone, are the written date, which keeps its time and zone."""
    for shown in ("02/10/2023", "9 februari 2023"):
        doc = _article(_LD_DATES, f"<h1>Nieuwe dienstregeling veerboten</h1><p><span>{shown}</span></p>")
        assert doc.articles[0].published == "2023-02-10T08:00:00+01:00", shown
    late = _LD_DATES.replace("2023-02-10T08:00:00+01:00", "2023-02-10T20:00:00+01:00")  # 19:00 UTC
    doc = _article(late, "<h1>Nuovi orari dei traghetti</h1><p><span>11 febbraio 2023</span></p>")
    assert doc.articles[0].published == "2023-02-10T20:00:00+01:00"


def test_a_shown_date_a_day_off_is_a_zone_reading_only_where_some_zone_puts_the_instant():
    """UTC offsets run from -12:00 to +14:00: 22:02 UTC on the 19th is the 18th nowhere, so a page
    printing the 18th tells another date than its markup; 03:05 UTC on the 19th is the 18th in the
    Americas, the written instant shown there."""
    def ld(published: str) -> str:
        return ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Fähre\", "
                f"\"datePublished\": \"{published}\"}}</script>")

    top = "<h1>Neuer Fahrplan für die Fähren</h1><p><span>18. Dezember 2025</span></p>"
    doc = _article(ld("2025-12-19T22:02:58Z"), top)
    assert doc.articles[0].published == "2025-12-18" and _sources(doc)["published"] == "shown"
    doc = _article(ld("2025-12-19T03:05:00Z"), top)
    assert doc.articles[0].published == "2025-12-19T03:05:00+00:00"
    doc = _article(ld("2025-12-19T22:02:58Z"), top.replace("18. Dezember", "20. Dezember"))  # east of UTC
    assert doc.articles[0].published == "2025-12-19T22:02:58+00:00"
    doc = _article(ld("2025-12-19"), top)  # a day without a time: any zone may show it a day off
    assert doc.articles[0].published == "2025-12-19"


def test_a_date_printed_just_above_the_headline_dates_the_page():
    # a kicker of section and date over the headline, nothing printed under it
    kicker = ("<header><a href='/sante'>Santé</a><span class='dateline'>22 décembre 2022</span>"
              "<h1>Dix bienfaits de la méditation</h1></header>")
    doc = _article("", kicker)
    assert doc.articles[0].published == "2022-12-22" and _sources(doc)["published"] == "shown"
    # over a written date no one prints: what the page tells its reader
    doc = _article(_LD_DATES, kicker)
    assert doc.articles[0].published == "2022-12-22"
    # the date of a masthead, above the site's menu, is the day's, not the article's
    menu = "".join(f"<li><a href='/{w}'>{w.capitalize()} y más noticias</a></li>" for w in
                   ("portada", "local", "deportes", "cultura", "economía", "opinión"))
    doc = _article(_LD_DATES, f"<div class='masthead'>Lunes, 3 de marzo de 2025</div><ul>{menu}</ul>"
                              "<h1>Nuevos horarios de ferry</h1>")
    assert doc.articles[0].published == "2023-02-10T08:00:00+01:00"
    # above the headline, a date only the modified date confirms leaves the written publication
    doc = _article(_LD_DATES, "<div class='kop'><span>3 juni 2025</span></div><h1>Nieuwe dienstregeling</h1>")
    assert doc.articles[0].published == "2023-02-10T08:00:00+01:00"
    # a date under the headline goes before one above it
    doc = _article("", "<p><span>7 mai 2024</span></p><h1>Nouveaux horaires</h1><p><span>9 mai 2024</span></p>")
    assert doc.articles[0].published == "2024-05-09"


def test_a_date_inside_a_sentence_under_the_headline_is_the_storys():
    story = (" the harbour board voted to keep the winter timetable for another year, after a long debate "
             "with the unions.")
    doc = _article(_LD_DATES, f"<h1>Ferry timetable</h1><p>On <strong>July 4, 2025</strong>,{story}</p>")
    assert doc.articles[0].published == "2023-02-10T08:00:00+01:00"
    doc = _article(_LD_DATES, "<h1>Neuer Fahrplan</h1><p>Am <b>4. Juli 2025</b> beschloss der Hafenrat nach "
                              "langer Debatte mit der Gewerkschaft, den Winterfahrplan ein weiteres Jahr zu "
                              "behalten.</p>")
    assert doc.articles[0].published == "2023-02-10T08:00:00+01:00"
    # a date with a short byline after it is the article's
    doc = _article(_LD_DATES, "<h1>Ferry timetable</h1><p><time>14 May 2024</time> by Jane Doe</p>")
    assert doc.articles[0].published == "2024-05-14"


def test_a_date_line_is_read_from_the_elements_own_text_when_more_follows_inside_it():
    doc = _article(_LD_DATES, "<h1>Nuevos horarios</h1><p class='meta'>Publicado el 14 de mayo de 2024 "
                              "<em>[Actualizado el 2 de junio de 2025]</em></p>")
    assert doc.articles[0].published == "2024-05-14"
    doc = _article(_LD_DATES, "<h1>Ferry timetable</h1><div><time>24 Apr 2000<span> • 3 min read</span>"
                              "</time></div>")
    assert doc.articles[0].published == "2000-04-24"


def test_a_time_elements_machine_value_settles_an_ambiguous_numeric_date():
    # 03/01/2017 is 3 January or 1 March: the <time datetime> says which (over a re-stamped JSON-LD date)
    restamped = ("<script type='application/ld+json'>{\"@type\": \"Article\", \"headline\": \"Ferry\", "
                 "\"datePublished\": \"2025-01-31T12:00:00Z\"}</script>")
    doc = _article(restamped, "<h1>Ferry timetable</h1><p><time datetime='2017-03-01'>03/01/2017</time></p>")
    assert doc.articles[0].published == "2017-03-01"
    doc = _article(restamped, "<h1>Horaires des ferries</h1><p>Publié le <time datetime='2024-06-05T09:00'>"
                              "06/05/2024</time></p>")
    assert doc.articles[0].published[:10] == "2024-06-05"
    # without a machine value the day-first reading stands
    doc = _article(restamped, "<h1>Horaires des ferries</h1><p><span>06/05/2024</span></p>")
    assert doc.articles[0].published == "2024-05-06"


def test_a_date_printed_far_below_the_headline_is_the_story_not_the_article():
    body = "<p>" + "Der Hafenrat hat den Fahrplan nach langen Gesprächen mit der Gewerkschaft beschlossen. " * 8
    doc = _article(_LD_DATES, f"<h1>Neuer Fahrplan</h1>{body}</p><p><span>3. Juni 2025</span></p>")
    assert doc.articles[0].published == "2023-02-10T08:00:00+01:00"


def test_a_shown_date_dates_a_page_without_written_dates():
    # headline and date in the page head, outside the text the extractor keeps
    html = ("<html lang='ru'><head><title>Паромы</title></head><body><div class='hero'><h1>Новое расписание "
            "паромов</h1><div class='post-date'>Опубликовано 12 марта 2025 г.</div></div><article><p>"
            + "Совет порта утвердил новое расписание паромов после долгих переговоров с профсоюзом. " * 4
            + "</p></article></body></html>").encode()
    doc = process_raw(raw_from_bytes(html, "ru.html"), Settings())
    assert doc.articles[0].published == "2025-03-12" and _sources(doc)["published"] == "shown"


def test_a_utc_instant_is_written_in_the_pages_zone_when_its_url_names_that_day():
    # 02:15 UTC on the 19th is the evening of the 18th where the page writes its times, and its URL says the 18th
    head = ("<link rel='canonical' href='https://harbour.example/2025/12/18/ferry-timetable/'>"
            "<meta property='article:published_time' content='2025-12-19T02:15:00+00:00'>")
    tail = "<footer><time datetime='2025-12-20T09:00:00-08:00'>Dec 20</time></footer>"
    doc = _article(head, tail)
    assert doc.articles[0].published == "2025-12-18T18:15:00-08:00"
    doc = _article(head.replace("/18/", "/19/"), tail)  # the URL names the UTC day: as written
    assert doc.articles[0].published == "2025-12-19T02:15:00+00:00"
    doc = _article(head.replace("2025/12/18/", ""), tail)  # no word from the URL: as written
    assert doc.articles[0].published == "2025-12-19T02:15:00+00:00"


def test_a_thread_of_dated_posts_keeps_its_first_date_not_the_latest_shown():
    posts = "".join(f"<div class='post'><meta itemprop='datePublished' content='2024-0{m}-0{d}T10:00:00+02:00'>"
                    f"<p>Beitrag {m}{d}</p></div>" for m, d in ((1, 3), (1, 4), (2, 5), (3, 6), (9, 9)))
    html = ("<html lang='de'><head><meta property='article:modified_time' content='2024-09-09T10:00:00+02:00'>"
            "</head><body><h1>Welcher Beamer für das Heimkino?</h1><div class='thread-meta'><span>9. September 2024"
            f"</span></div>{posts}<article><p>" + "Ich suche einen neuen Beamer für unser Wohnzimmer und "
            "frage mich, welcher Hersteller zuverlässig ist und gut aussieht. " * 4 + "</p></article></body></html>")
    doc = process_raw(raw_from_bytes(html.encode(), "thread.html"), Settings())
    assert doc.articles[0].published == "2024-01-03T10:00:00+02:00"


_FERRY_ES = ("<p>" + "El ayuntamiento aprobó el nuevo horario del ferry tras largas negociaciones con el sindicato. " * 8
             + "</p>")


def _dateless(tail: str, lang: str = "es") -> CleanDocument:
    html = (f"<html lang='{lang}'><head><title>Ferry</title></head><body><h1>Nuevo horario del ferry</h1>"
            f"<article>{_FERRY_ES}</article>{tail}</body></html>").encode()
    doc = process_raw(raw_from_bytes(html, "ferry.html"), Settings())
    assert isinstance(doc, CleanDocument)
    return doc


def test_a_page_without_written_dates_takes_the_first_date_it_prints_not_a_padded_year():
    """The first full date the text prints dates the page (also where htmldate does not read it:
    Spanish, Russian); htmldate pads a year it found ("© 2019") to 1 January, and with no printed
    date the page has no date rather than that wrong day."""
    doc = _dateless("<p class='nota'>Publicado el 14 de marzo de 2024</p><footer>© 2019 Diario del Puerto</footer>")
    assert doc.articles[0].published == "2024-03-14" and _sources(doc)["published"] == "printed"
    doc = _dateless("<p>Опубликовано 14 марта 2024</p><footer>© 2019 Портовая газета</footer>", "ru")
    assert doc.articles[0].published == "2024-03-14"
    doc = _dateless("<footer>© 2019 Diario del Puerto</footer>")
    assert doc.articles[0].published is None
    # the first printed date, not a later one htmldate may prefer as the "original"
    doc = _dateless("<p>Publicado el 2 de abril de 2024.</p><p>Primera versión el 3 de enero de 2020.</p>")
    assert doc.articles[0].published == "2024-04-02"


def test_the_first_printed_date_is_the_first_full_date_of_the_text_whatever_follows():
    """first_full_date stops scanning once no later year can start an earlier date; it must answer
    what the first real day of full_dates answers (a day that does not exist is skipped, a long
    weekday-and-month prefix before the year still counts from its own start)."""
    from ingest.dates import first_full_date, full_dates

    texts = [
        "Founded in 1998. Ausgabe vom 30. Februar 2024, dann Montag, 4. März 2024 und 5. März 2024.",
        "Miércoles, 27 de noviembre de 2025 · Actualizado el 28 de noviembre de 2025",
        "Seit 2001 im Hafen. 2019 wurde umgebaut; 2020 eröffnet. Termin: 12.05.2021, Ersatz 13.05.2021",
        "Nothing here but 2019 and 2020, no day at all.",
        "Posted 2024-02-30 (a typo), then 2024-03-01.",
        "x " * 500 + "Опубликовано 14 марта 2024 г." + " y 2025" * 200,
        "27 ноября 2025 г. " + "© 2019 " * 50,
    ]
    for text in texts:
        expected = next((iso for d in full_dates(text) if (iso := d.iso())), None)
        assert first_full_date(text) == expected, text[:60]
    assert first_full_date(texts[0]) == "2024-03-04"
    assert first_full_date(texts[3]) is None
    assert first_full_date(texts[4]) == "2024-03-01"


def test_a_comment_before_a_date_line_is_no_label():
    """The label before a date is read from the previous element; an HTML comment there is skipped
    (it has no text to read and once stopped the reader)."""
    from lxml import html as lxml_html

    from ingest.metadata_dates import shown_dates

    tree = lxml_html.fromstring("<div><h1>Nieuwe dienstregeling</h1><p><span>Bijgewerkt</span><!-- datum -->"
                                "<span>3 juni 2025</span></p></div>")
    assert list(shown_dates(tree.find(".//h1"))) == [("updated", "2025-06-03")]


def test_vendor_meta_names_of_a_publication_date_are_read():
    """Names a CMS or documentation platform gives its publication date ("ms.date", "og:publish_date",
    "citation_date") date the page; a name of another date (modified, created) or of a time stamp
    ("published-time", often the render time) does not."""
    for name in ("ms.date", "og:publish_date", "citation_date", "w-published-date"):
        doc = _dateless(f"<meta name='{name}' content='2025-03-06T00:00:00Z'>"
                        "<footer><p>Publicado el 25 de marzo de 2025</p></footer>")
        assert doc.articles[0].published == "2025-03-06T00:00:00+00:00", name
        assert _sources(doc)["published"] == "meta", name
    for name in ("ms.lastmodified.date", "created-date", "published-time", "candidate"):
        doc = _dateless(f"<meta name='{name}' content='2025-03-06T00:00:00Z'>"
                        "<footer><p>Publicado el 25 de marzo de 2025</p></footer>")
        assert doc.articles[0].published == "2025-03-25", name


def test_a_pages_statement_of_its_original_publication_dates_it():
    """"Originally published on …" says when the article first appeared, over the later dates the page is
    stamped and shows with (JSON-LD, the date under the headline); the phrase without a date right
    after it (a forum quote "Originally posted by Kim", a month alone) states no day."""
    shown = "<h1>Ferry timetable</h1><p><span>30 September 2022</span></p>"
    doc = _article(_LD_DATES, shown + "<p class='disclaimer'>This article was originally published on 26 Sep "
                                      "2019 at 4:12pm but has been regularly updated.</p>")
    assert doc.articles[0].published == "2019-09-26" and _sources(doc)["published"] == "stated"
    doc = _article(_LD_DATES, "<h1>Neuer Fahrplan</h1><p><em>Erstmals erschienen am 3. Mai 2021 im "
                              "Hafenblatt.</em></p>")
    assert doc.articles[0].published == "2021-05-03"
    doc = _article(_LD_DATES, "<h1>Horaires</h1><p>Article publié initialement le 4 mars 2020.</p>")
    assert doc.articles[0].published == "2020-03-04"
    doc = _article(_LD_DATES, shown + "<blockquote>Originally posted by Kim on 2 May 2021: which boat?</blockquote>")
    assert doc.articles[0].published == "2022-09-30"
    doc = _article(_LD_DATES, "<h1>Ferry timetable</h1><p>This guide was originally published in April 2020.</p>")
    assert doc.articles[0].published == "2023-02-10T08:00:00+01:00"
