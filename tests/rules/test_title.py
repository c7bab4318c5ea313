"""title: a short heading line before the body is the title; a page that starts with prose has none."""
import pytest

from rules_support import PARAS, WITHOUT_DUMP, page, removals, run


@pytest.mark.parametrize("lang,title", [
    ("en", "Ferry timetable extended through the winter"),
    ("de", "Bibliothek öffnet am Wochenende länger"),
    ("fr", "Les lycées professionnels seront rénovés"),
    ("es", "¿Llegan a tiempo las ayudas para el aceite?"),
    ("ru", "В области отремонтируют сельские дороги"),
    ("zh", "老城区供水管网将在春季前完成改造"),
])
def test_heading_before_the_body_is_the_title(lang, title):
    res = run(page(title, "", *PARAS[lang]), rules=WITHOUT_DUMP)
    assert res.articles[0].title == title
    assert ("title.heading", "heading", title) in removals(res)
    assert not res.articles[0].text.startswith(title)


@pytest.mark.parametrize("lang", ["en", "de", "ru", "ja"])
def test_page_starting_with_prose_has_no_title(lang):
    res = run(page(*PARAS[lang]))
    assert res.articles[0].title is None
    assert res.articles[0].text.startswith(PARAS[lang][0])


def test_a_sentence_ending_in_a_full_stop_is_not_a_title():
    first = "The ferry runs later from Monday."
    res = run(page(first, "", *PARAS["en"]), rules=WITHOUT_DUMP)
    assert res.articles[0].title is None
    assert res.articles[0].text.startswith(first)


@pytest.mark.parametrize("lang,title", [("es", "¿Llegan a tiempo las ayudas para el aceite?"),
                                        ("zh", "老城区供水管网将在春季前完成改造")])
def test_heading_survives_the_full_default_rules(lang, title):
    assert run(page(title, "", *PARAS[lang])).articles[0].title == title
