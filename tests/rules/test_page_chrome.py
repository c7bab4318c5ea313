"""page_chrome: site furniture at the page edges in several languages; articles about the web keep it."""
import pytest

from rules_support import PARAS, WITHOUT_DUMP, assert_intact, body, page, removals, run

HEADS = {
    "en": ["Skip to content", "Menu", "Search", "Home › World › Europe"],
    "de": ["Zum Inhalt springen", "Menü", "Suche", "Startseite › Politik › Inland"],
    "fr": ["Aller au contenu", "Menu", "Rechercher", "Accueil › Société › Éducation"],
    "es": ["Saltar al contenido", "Menú", "Buscar", "Inicio › Economía › Campo"],
    "ru": ["Перейти к содержимому", "Меню", "Поиск", "Главная › Общество › Дороги"],
}
TAILS = {
    "en": ["Share this article", "Facebook Twitter WhatsApp Email", "Page 2 of 5", "« Previous Next »",
           "© 2025 Island Courier. All rights reserved."],
    "de": ["Artikel teilen", "Facebook Twitter WhatsApp E-Mail", "Seite 2 von 5",
           "© 2025 Stadtanzeiger. Alle Rechte vorbehalten."],
    "fr": ["Partager cet article", "Facebook Twitter LinkedIn Email", "Page 2 sur 5",
           "© 2025 La Gazette. Tous droits réservés."],
    "es": ["Compartir", "Facebook Twitter WhatsApp Email", "Página 2 de 5",
           "© 2025 El Diario. Todos los derechos reservados."],
    "ru": ["Поделиться", "ВКонтакте Telegram WhatsApp", "Страница 2 из 5",
           "© 2025 Областные новости. Все права защищены."],
}


@pytest.mark.parametrize("lang", sorted(HEADS))
def test_head_and_tail_chrome_is_removed_in_each_language(lang):
    res = run(page(HEADS[lang], "", PARAS[lang][0], "", PARAS[lang][1], "", PARAS[lang][2], "", TAILS[lang]))
    gone = {t.strip() for _, _, t in removals(res, "page_chrome")}
    for line in HEADS[lang] + TAILS[lang]:
        assert line in gone, f"{line!r} not removed"
    assert_intact(res, PARAS[lang])


def test_wordpress_chrome():
    res = run(page("Skip to content", "Island Courier", "Just another WordPress site", "Menu", "",
                   PARAS["en"], "", "Posted in News", "Tags: ferries, harbour", "Previous post", "Next post",
                   "Proudly powered by WordPress"))
    assert_intact(res, PARAS["en"])
    text = body(res)
    for line in ("Skip to content", "Previous post", "Next post"):
        assert line not in text


def test_medium_and_substack_chrome():
    res = run(page("Sign in", "Get started", "", PARAS["en"], "", "Share this post", "Subscribe now",
                   "Already a subscriber? Sign in"))
    assert_intact(res, PARAS["en"])
    text = body(res)
    for line in ("Sign in", "Share this post", "Subscribe now"):
        assert line not in text


@pytest.mark.parametrize("lang,banner", [
    ("en", "We use cookies to improve your experience. By continuing to browse you agree to our cookie policy."),
    ("de", "Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten."),
    ("fr", "Nous utilisons des cookies pour améliorer votre expérience sur notre site."),
    ("es", "Utilizamos cookies propias y de terceros para mejorar nuestros servicios."),
    ("ru", "Мы используем файлы cookie, чтобы сайт работал лучше."),
])
def test_cookie_banner_is_removed(lang, banner):
    res = run(page(banner, "Accept all", "", PARAS[lang][0], "", PARAS[lang][1]))
    assert ("page_chrome.prompts", "cookie_prompt") in {(r, why) for r, why, _ in removals(res)}
    assert banner not in body(res)
    assert_intact(res, PARAS[lang][:2])


def test_newsletter_prompt_and_advertisement_inside_the_body_are_removed():
    prompt = "Sign up for our daily newsletter and get the island news in your inbox."
    res = run(page(PARAS["en"][0], "", "Advertisement", "", PARAS["en"][1], "", prompt, "", PARAS["en"][2]))
    reasons = {why for _, why, _ in removals(res, "page_chrome")}
    assert {"ui_string", "newsletter_prompt"} <= reasons
    assert_intact(res, PARAS["en"])


RELATED = ["Verwandte Artikel", "Bibliothek bekommt neues Dach", "Förderverein sammelt Spenden",
           "Lesesaal wird umgebaut"]


def test_read_more_link_and_related_header():
    res = run(page(PARAS["de"], "", "Lesen Sie auch: Neue Öffnungszeiten im Rathaus", "", RELATED))
    assert_intact(res, PARAS["de"])
    assert ("page_chrome.prompts", "cross_link") in {(r, w) for r, w, _ in removals(res)}
    assert "Verwandte Artikel" not in body(res)


def test_related_list_without_a_strong_header_line():
    items = ["Read next", "Harbour café opens a second room", "New cycle path along the dunes"]
    res = run(page(PARAS["en"], "", items))
    assert ("page_chrome.related_list", "related_list") in {(r, w) for r, w, _ in removals(res)}


def test_related_titles_under_a_strong_header_go():
    res = run(page(PARAS["de"], "", RELATED), rules=WITHOUT_DUMP)
    assert "Förderverein sammelt Spenden" not in body(res)


def test_nbsp_only_lines_and_image_placeholders():
    res = run(page(PARAS["es"][0], "\u00a0", "", "img_2044.jpg", "", PARAS["es"][1], "", "foto", "", PARAS["es"][2]))
    reasons = [why for _, why, _ in removals(res, "page_chrome")]
    assert "nbsp_only_line" in reasons and reasons.count("image_placeholder") == 2
    assert_intact(res, PARAS["es"])


def test_filler_lines_of_each_invisible_space_are_found_and_text_lines_with_one_are_kept():
    # BlankFiller scans only the lines that hold a non-ASCII blank character: each kind must be found
    # (the first one, NBSP, lets the page in), and a text line with an NBSP inside stays.
    fillers = ["\u00a0", "\u2002\u2003", "\u202f", "\u3000", "\u00a0 ", " \u2009\u205f"]
    lines = [PARAS["de"][0], "Preis:\u00a0120\u00a0Euro"]
    for filler in fillers:
        lines += ["", filler]
    res = run(page(*lines, "", PARAS["de"][1]), rules=WITHOUT_DUMP)
    found = [t for _, why, t in removals(res, "page_chrome") if why == "nbsp_only_line"]
    assert found == fillers
    assert "Preis:" in body(res) and "120" in body(res)


def test_the_non_ascii_blank_list_is_every_character_is_blank_accepts():
    from ingest.rules.base import is_blank
    from ingest.rules.page_chrome import _NON_ASCII_BLANK

    blank = {c for c in map(chr, range(0x80, 0x110000)) if is_blank(c)}
    listed = {c for c in map(chr, range(0x80, 0x110000)) if _NON_ASCII_BLANK.match(c)}
    assert listed == blank


def test_listing_counter():
    res = run(page("Showing results 1 - 10 of 48", "", *PARAS["fr"]))
    assert ("page_chrome.navigation", "listing_counter", "Showing results 1 - 10 of 48") in removals(res)


# -- hard negatives ------------------------------------------------------------------------------------

WEB_ARTICLE = [
    "Search engines rank pages by hundreds of signals, and the search box on a news site is often the least "
    "used part of the page, according to a study of reading habits published this week.",
    "Designers who hide the menu behind an icon save space on small screens, but the study found that readers "
    "click Share far less often when the buttons sit at the bottom of a long article.",
    "Advertisement revenue still pays for most local journalism, the authors note, which is why publishers "
    "experiment with where the cookie banner appears and how the newsletter sign-up is worded.",
]


def test_article_about_search_engines_and_web_design_keeps_every_sentence():
    res = run(page("How readers really use a news page", "", *[x for p in WEB_ARTICLE for x in (p, "")]))
    assert removals(res, "page_chrome") == []
    assert_intact(res, WEB_ARTICLE)


def test_weak_words_as_section_headings_inside_the_body_stay():
    paras = PARAS["en"]
    res = run(page(paras[0], "", "Menu", "", "The restaurant on the pier serves grilled fish, a vegetable stew and a "
                   "lemon tart, and it stays open until the last ferry leaves the harbour.", "", paras[1], "",
                   paras[2]))
    assert "Menu" in body(res).split("\n\n")


def test_a_bulleted_list_inside_an_article_keeps_every_item():
    items = ["• a later last crossing on Fridays and Saturdays", "• a second boat during the summer festival",
             "• cheaper season tickets for students"]
    res = run(page(PARAS["en"][0], "", "The petition asked for:", items, "", PARAS["en"][1], "", PARAS["en"][2]))
    text = body(res)
    for item in items:
        assert item.lstrip("• ") in text
    assert_intact(res, PARAS["en"])


def test_a_sentence_mentioning_all_rights_reserved_is_kept():
    s = ("The archive says all rights reserved notices on old postcards rarely matter today, because most of "
         "the photographers died more than seventy years ago and their work is now in the public domain.")
    res = run(page(PARAS["en"][0], "", s, "", PARAS["en"][1]))
    assert s in body(res)


@pytest.mark.parametrize("lang,menu,title", [
    ("en", "Home  About  Archive  Contact", "Why the ferry timetable matters to the island"),
    ("de", "Startseite | Politik | Wirtschaft | Sport | Kultur", "Bibliothek öffnet am Wochenende länger"),
    ("fr", "Accueil\tActualités\tÉconomie\tCulture", "Les lycées professionnels seront rénovés"),
    ("es", "Inicio · Noticias · Campo · Opinión", "¿Llegan a tiempo las ayudas para el aceite?"),
])
def test_a_flattened_site_menu_at_the_top_is_chrome_and_not_the_title(lang, menu, title):
    res = run(page(menu, "", title, "", *PARAS[lang]))
    assert ("page_chrome.navigation", "menu_row", menu) in removals(res)
    assert res.articles[0].title == title
    assert_intact(res, PARAS[lang])


def test_a_table_header_inside_the_body_is_not_a_menu():
    header = "Route  Winter  Summer  Change"
    rows = ["North pier  21:40  23:10  +90 min", "South pier  20:55  22:30  +95 min"]
    res = run(page("Ferry timetable extended", "", PARAS["en"][0], "", header, *rows, "", *PARAS["en"][1:]))
    assert " ".join(header.split()) in body(res)  # normalised spacing, every word kept
    assert "menu_row" not in {why for _, why, _ in removals(res)}


@pytest.mark.parametrize("line", ["Rates  rise again", "Council  Budget"])
def test_a_headline_with_a_stray_double_space_is_not_a_menu(line):
    res = run(page(line, "", *PARAS["en"]))
    assert "menu_row" not in {why for _, why, _ in removals(res)}


@pytest.mark.parametrize("lang,prompt", [
    ("en", "Subscribe to continue reading"), ("en", "This article is for subscribers only."),
    ("fr", "Abonnez-vous pour lire la suite"), ("de", "Jetzt abonnieren und weiterlesen"),
    ("es", "Suscríbete para seguir leyendo"), ("ru", "Подпишитесь, чтобы продолжить чтение"),
])
def test_a_paywall_prompt_is_chrome(lang, prompt):
    res = run(page("Headline", "", *PARAS[lang], "", prompt))
    assert ("page_chrome.ui_line", "paywall_prompt", prompt) in removals(res)
    assert_intact(res, PARAS[lang])


@pytest.mark.parametrize("sentence", [
    "Readers who subscribe to continue reading the archive pay four euros a month, the publisher said.",
    "Subscribe to the newsletter to read more about the harbour project, the commission said on Tuesday.",
    "Sign up to read the full report on the council's website, where each district's figures are listed.",
    "Register to read the minutes of each meeting, which the council publishes within a week of it.",
])
def test_a_sentence_about_subscribing_is_prose_and_stays(sentence):
    res = run(page("Headline", "", PARAS["en"][0], "", sentence, "", *PARAS["en"][1:]))
    assert sentence in body(res)


@pytest.mark.parametrize("row", ["Partager sur Facebook", "Auf Facebook teilen", "Compartir en WhatsApp",
                                 "Teilen per WhatsApp", "Поделиться в Telegram"])
def test_a_share_button_with_its_little_words_is_a_share_row(row):
    res = run(page("Headline", "", *PARAS["en"], "", row))
    assert ("page_chrome.navigation", "share_row", row) in removals(res)


def test_a_line_with_one_share_target_among_words_is_not_a_share_row():
    res = run(page("Headline", "", PARAS["en"][0], "", "Email on Monday", "", *PARAS["en"][1:]))
    assert "share_row" not in {why for _, why, _ in removals(res)}


# Share columns (page_chrome._share_columns): a share row's buttons one per line.
@pytest.mark.parametrize("column", [
    ["Partager", "Facebook", "Twitter", "Imprimer", "Envoyer"],
    ["Teilen", "Facebook", "WhatsApp", "Drucken"],
    ["Facebook", "LinkedIn", "E-mail"],
    ["Compartir", "Facebook", "X", "WhatsApp"],
])
def test_a_share_column_inside_the_body_is_removed(column):
    p = PARAS["en"]
    res = run(page(p[0], column, p[1], p[2]))
    assert_intact(res, p)
    assert [t for _, why, t in removals(res, "page_chrome") if why in ("share_row", "ui_string")] == column


@pytest.mark.parametrize("items", [["Facebook", "Twitter"], ["Facebook", "Instagram", "TikTok"]])
def test_an_articles_own_list_of_networks_is_not_a_share_column(items):
    p = PARAS["en"]
    res = run(page(p[0], "The study followed teenagers on two platforms.", items, p[1], p[2]), rules=WITHOUT_DUMP)
    assert "share_row" not in {why for _, why, _ in removals(res)}
