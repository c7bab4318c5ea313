"""listing: title + cut-off teaser pairs become truncated articles; an article with headings is no listing."""
import pytest

from rules_support import PARAS, WITHOUT_DUMP, body, page, removals, run


TITLES = {
    "en": ["Night ferries return for the winter", "Who pays for the later crossings", "Island shops hope for visitors"],
    "de": ["Bibliothek länger geöffnet", "Förderverein übernimmt Kosten", "Zeiten werden überprüft"],
    "fr": ["Les lycées pros rénovés", "Les syndicats restent prudents", "Une concertation promise"],
    "es": ["Ayudas para el olivar", "El campo pide más", "Riego moderno antes del verano"],
    "ru": ["Ремонт сельских дорог", "Сначала дороги к школам", "Жители ждут списка"],
}


def _teasers(lang):
    paras = PARAS[lang]
    out = []
    for i in range(3):
        text = paras[i] + " " + paras[(i + 1) % 3]
        out += [TITLES[lang][i], "", text[: len(paras[i]) + 40].rstrip() + "…", ""]
    return out


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "ru"])
def test_listing_page_becomes_truncated_teasers(lang):
    res = run(page("Latest news", "", *_teasers(lang)), rules=WITHOUT_DUMP)
    assert res.kind == "listing"
    assert len(res.articles) == 3
    for i, a in enumerate(res.articles):
        assert a.truncated is True
        assert a.title == TITLES[lang][i]
        assert a.text == PARAS[lang][i]  # cut back to the last complete sentence
    assert {w for _, w, _ in removals(res, "listing")} == {"teaser_title", "truncated_tail"}


def test_read_more_marker_ends_a_teaser():
    blocks = []
    for i in range(3):
        blocks += [TITLES["en"][i], "", PARAS["en"][i] + " The commission will Read more", ""]
    res = run(page(*blocks), rules=WITHOUT_DUMP)
    assert res.kind == "listing" and all(a.truncated for a in res.articles)
    assert all("Read more" not in a.text for a in res.articles)


# -- hard negatives ------------------------------------------------------------------------------------

def test_article_with_section_headings_is_not_a_listing():
    res = run(page("Winter ferries", "", PARAS["en"][0], "", "What changes", "", PARAS["en"][1], "",
                   "What stays the same", "", PARAS["en"][2]))
    assert res.kind == "article"
    assert removals(res, "listing") == []
    text = body(res)
    assert "What changes" in text and "What stays the same" in text


def test_a_single_article_ending_with_an_ellipsis_is_not_a_listing():
    res = run(page("Winter ferries", "", PARAS["en"][0], "", PARAS["en"][1], "", PARAS["en"][2] + " And then…"))
    assert res.kind == "article"
    assert res.articles[0].truncated is False


def test_listing_page_through_the_full_default_rules():
    res = run(page("Latest news", "", *_teasers("en")))
    assert res.kind == "listing" and [a.title for a in res.articles] == TITLES["en"]


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
def test_article_followed_by_teasers_stays_an_article(lang):
    """A full article with cut-off teasers of other stories below it is the article; the teasers go."""
    article = [PARAS[lang][0] + " " + PARAS[lang][1], "", PARAS[lang][2] + " " + PARAS[lang][0], ""]
    teasers = []
    for i in (1, 2):
        teasers += [TITLES[lang][i], PARAS[lang][i][:120].rstrip() + "…", ""]
    res = run(page("Headline of the article", "", *article, "More from the region", "", *teasers), rules=WITHOUT_DUMP)
    assert res.kind == "article"
    assert len(res.articles) == 1
    assert res.articles[0].truncated is False
    assert res.articles[0].text.split("\n\n") == [article[0], article[2]]
    assert {w for _, w, _ in removals(res, "listing")} == {"related_teaser", "related_header"}


def test_nothing_before_the_first_teaser_vanishes_unrecorded():
    res = run(page("Regional desk", "", *_teasers("en")), rules=WITHOUT_DUMP)
    assert res.kind == "listing"
    assert ("listing.teasers", "before_first_teaser", "Regional desk") in removals(res, "listing")


def test_running_text_above_teasers_is_no_listing_and_loses_nothing():
    intro = PARAS["en"][0]
    res = run(page(intro, "", *_teasers("en")), rules=WITHOUT_DUMP)
    assert res.kind == "article"
    assert intro in body(res) and TITLES["en"][1] in body(res)



def test_each_teaser_keeps_its_own_date():
    """A teaser's metadata is what was found inside its own segment, not the first date on the page."""
    dates = ["Nov 3, 2025", "Oct 28, 2025", "Oct 2, 2025"]
    blocks = []
    for i, d in enumerate(dates):
        paras = PARAS["en"]
        blocks += [TITLES["en"][i], "", d + ":", "", (paras[i] + " " + paras[(i + 1) % 3])[: len(paras[i]) + 40] + "…", ""]
    res = run(page("Island Courier", "", *blocks), fetched_at="2025-11-20T09:00:00Z", rules=WITHOUT_DUMP)
    assert res.kind == "listing" and [a.title for a in res.articles] == TITLES["en"]
    assert [a.published for a in res.articles[1:]] == ["2025-10-28", "2025-10-02"]
    # the first date sits in the page head, where bylines.date_line takes it as the page's own date
    assert res.articles[0].published in (None, "2025-11-03")
