"""bylines and dates: author/date/read-time/dateline lines become metadata; prose that looks similar stays."""
import pytest

from rules_support import PARAS, assert_intact, body, page, removals, run


@pytest.mark.parametrize("lang,label,name", [
    ("en", "By Hannah Clarke", "Hannah Clarke"),
    ("en", "Writer: Island Courier Staff", "Island Courier Staff"),
    ("de", "Von Jonas Weber", "Jonas Weber"),
    ("de", "Autorin: Miriam Hofer", "Miriam Hofer"),
    ("fr", "Par Claire Dubois", "Claire Dubois"),
    ("es", "Por Lucía Fernández", "Lucía Fernández"),
    ("ru", "Автор: Анна Кузнецова", "Анна Кузнецова"),
])
def test_author_line_becomes_author(lang, label, name):
    res = run(page("A headline for the test page", "", label, "", *PARAS[lang]))
    [article] = res.articles
    assert article.author == name
    assert ("bylines.author_line", "author_label", label) in removals(res)
    assert_intact(res, PARAS[lang])


def test_repeated_name_after_writer_label_is_removed_too():
    res = run(page("Harbour news", "", "  • Writer: Island Desk", "    Island Desk", "  • 5 min read", "",
                   *PARAS["en"]))
    assert res.articles[0].author == "Island Desk"
    assert "Island Desk" not in res.articles[0].text
    assert ("bylines.read_time", "read_time") in {(r, why) for r, why, _ in removals(res)}


@pytest.mark.parametrize("line,iso", [
    ("March 4, 2025", "2025-03-04"), ("4. März 2025", "2025-03-04"), ("4 mars 2025", "2025-03-04"),
    ("4 de marzo de 2025", "2025-03-04"), ("4 марта 2025 г.", "2025-03-04"), ("04.03.2025", "2025-03-04"),
    ("2025-03-04", "2025-03-04"), ("Published: Tuesday, March 4, 2025 at 10:15 am", "2025-03-04"),
    ("2025年3月4日", "2025-03-04"),
])
def test_date_line_in_the_head_becomes_published(line, iso):
    res = run(page("A headline for the test page", "", line, "", *PARAS["en"]))
    assert res.articles[0].published == iso
    assert line not in res.articles[0].text


@pytest.mark.parametrize("line", ["Mar 4", "4. März", "4 марта"])
def test_yearless_date_takes_the_year_from_the_text(line):
    paras = PARAS["en"] + ["The next review of the timetable is planned for January 15, 2026, the commission said."]
    res = run(page("Headline", "", line, "", *paras))
    assert res.articles[0].published == "2026-03-04"


def test_yearless_date_takes_the_year_from_fetched_at_when_the_text_has_none():
    res = run(page("Headline", "", "Nov 26", "", *PARAS["en"]), fetched_at="2025-12-01T08:00:00Z")
    assert res.articles[0].published == "2025-11-26"


def test_yearless_date_after_the_fetch_date_is_last_year():
    res = run(page("Headline", "", "Dec 30", "", *PARAS["en"]), fetched_at="2026-01-02T08:00:00Z")
    assert res.articles[0].published == "2025-12-30"


@pytest.mark.parametrize("line", ["1 hour ago", "vor 2 Stunden", "il y a 3 heures", "hace 2 horas", "2 часа назад",
                                  "yesterday"])
def test_relative_date_resolves_only_against_fetched_at(line):
    text = page("Headline", "", line, "", *PARAS["en"])
    unresolved = run(text)
    assert unresolved.articles[0].published is None
    assert line not in unresolved.articles[0].text  # still removed, as a date line
    resolved = run(text, fetched_at="2025-03-05T12:00:00Z")
    assert resolved.articles[0].published in {"2025-03-05", "2025-03-04"}


@pytest.mark.parametrize("first,place,iso,rest", [
    ("Brussels 04.03.2025 Today the commission will vote", "Brussels", "2025-03-04", "Today the commission"),
    ("LONDON, March 4 (Reuters) - The harbour commission voted", "London", None, "The harbour commission"),
    ("МОСКВА, 4 марта 2025. /ТАСС/. Правительство утвердило", "Москва", "2025-03-04", "Правительство"),
    ("BERLIN (dpa) — Die Gemeinde hat beschlossen", "Berlin", None, "Die Gemeinde"),
])
def test_dateline_goes_to_metadata_and_body_starts_after_it(first, place, iso, rest):
    para = first + " on a plan that has been discussed for many months by residents, operators and shop owners."
    res = run(page(para, "", *PARAS["en"][1:]))
    [article] = res.articles
    assert article.dateline == place
    if iso:
        assert article.published == iso
    assert article.text.startswith(rest)


# -- hard negatives ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,para", [
    ("en", "By the end of the year the commission expects to publish a full report on the winter ferry service."),
    ("en", "On November 27, 2025, heads of state gathered in the capital for a summit that lasted well into the night."),
    ("de", "Von der Entscheidung profitieren vor allem Familien, die am Wochenende sonst keinen ruhigen Lernort finden."),
    ("fr", "Par ailleurs, la région étudie un second plan pour les collèges, qui pourrait être présenté à l'automne."),
    ("es", "Por primera vez en diez años, la cosecha de aceite no cubrirá la demanda interna de la región."),
    ("en", "In Brussels on Tuesday the ministers could not agree on a common position about the new fishing quotas."),
])
def test_prose_that_starts_like_a_byline_or_dateline_is_kept(lang, para):
    res = run(page(para, "", *PARAS[lang]))
    assert removals(res, "bylines") == []
    assert res.articles[0].text.startswith(para)
    assert res.articles[0].author is None and res.articles[0].dateline is None


def test_dates_inside_running_text_are_not_removed():
    para = ("The first crossing is at 6:15 and the last one, from March 4, 2025, at 23:40; on 12.04.2025 a "
            "second boat joins the service for the Easter weekend.")
    res = run(page(PARAS["en"][0], "", para, "", PARAS["en"][1]))
    assert removals(res, "bylines") == []
    assert para in res.articles[0].text


@pytest.mark.parametrize("line,published,updated", [
    ("Published March 3, 2025 at 9:15 am, updated March 4, 2025", "2025-03-03", "2025-03-04"),
    ("Veröffentlicht am 3. März 2025, 09:15 Uhr, aktualisiert am 4. März 2025, 11:00 Uhr", "2025-03-03", "2025-03-04"),
    ("Publié le 3 mars 2025 à 07h45, mis à jour le 4 mars 2025 à 10h02", "2025-03-03", "2025-03-04"),
    ("Publicado el 3 de marzo de 2025 | Actualizado el 4 de marzo de 2025", "2025-03-03", "2025-03-04"),
])
def test_a_published_and_updated_line_gives_both_dates(line, published, updated):
    res = run(page("A headline for the test page", "", line, "", *PARAS["en"]))
    art = res.articles[0]
    assert (art.published, art.updated) == (published, updated)
    assert line not in art.text
    assert_intact(res, PARAS["en"])


def test_an_update_only_line_is_the_updated_date_and_the_best_published_one():
    res = run(page("A headline for the test page", "", "Updated: March 4, 2025 10:02 am", "", *PARAS["en"]))
    art = res.articles[0]
    assert art.updated == "2025-03-04"
    assert art.published == "2025-03-04"
    assert dict((s.field, s.source) for s in art.sources)["published"].endswith("(updated)")


def test_a_sentence_about_an_update_with_two_dates_stays():
    line = ("The timetable published on March 3, 2025 was updated on March 4, 2025 after the petition, "
            "and the commission apologised for the confusion it had caused among commuters.")
    res = run(page("A headline for the test page", "", *PARAS["en"][:1], "", line, "", *PARAS["en"][1:]))
    assert line in body(res)
