"""comments: comment sections and widget stubs at the page tail; a tutorial about code comments stays."""
import pytest

from rules_support import PARAS, assert_intact, body, page, removals, removed_text, run

SECTIONS = {
    "wordpress_en": ["3 comments", "Maria says:", "Great news for the island!", "Reply",
                     "Leave a Reply", "Your email address will not be published. Required fields are marked *",
                     "Comment *", "Name *", "Email *", "Post Comment"],
    "disqus_en": ["Comments", "Please enable JavaScript to view the comments powered by Disqus.",
                  "Powered by Disqus"],
    "de": ["Kommentare (2)", "Kommentar schreiben", "Sie müssen angemeldet sein, um einen Kommentar abzugeben."],
    "fr": ["Laisser un commentaire", "Vous devez être connecté pour publier un commentaire."],
    "es": ["Deja un comentario", "Debes estar registrado para publicar un comentario."],
    "ru": ["Комментарии (4)", "Оставить комментарий", "Для отправки комментария вам необходимо авторизоваться."],
}


@pytest.mark.parametrize("case", sorted(SECTIONS))
def test_comment_section_at_the_tail_is_removed(case):
    lang = case.split("_")[0] if case[:2] in {"de", "fr", "es", "ru"} else "en"
    res = run(page(*[x for p in PARAS[lang] for x in (p, "")], SECTIONS[case]))
    assert removals(res, "comments"), "nothing removed by comments"
    text = body(res)
    for line in SECTIONS[case]:
        assert line not in text.split("\n\n")
    assert_intact(res, PARAS[lang])


def test_comment_stub_alone_at_the_tail():
    res = run(page(*PARAS["en"], "", "Powered by Disqus"))
    assert ("comments.section", "comment_section") in {(r, w) for r, w, _ in removals(res)} or \
        ("comments.stub", "comment_stub") in {(r, w) for r, w, _ in removals(res)}
    assert_intact(res, PARAS["en"])


# -- hard negatives ------------------------------------------------------------------------------------

TUTORIAL = [
    "Good code explains itself through clear names, but some decisions still need a sentence of explanation "
    "for the next person who reads the file.",
    "Comments",
    "A comment should say why the code does something, not what it does. If you need a comment to explain what "
    "a function does, consider renaming it or splitting it into smaller functions instead.",
    "Keep comments next to the code they describe and update them in the same commit, otherwise they drift and "
    "start to mislead the readers they were meant to help.",
]


def test_tutorial_about_code_comments_keeps_its_heading_and_prose():
    res = run(page(*[x for p in TUTORIAL for x in (p, "")]))
    assert removals(res, "comments") == []
    assert "Comments" in body(res).split("\n\n")
    assert_intact(res, TUTORIAL)


def test_the_word_comment_in_sentences_is_never_matched():
    para = ("The ministry declined to comment on the report, and three comments posted by residents on the "
            "council website were later removed by a moderator.")
    res = run(page(*PARAS["en"], "", para))
    assert removals(res, "comments") == []
    assert para in body(res)


BLOG_INDEX = [
    ("Retour sur la réunion publique du quartier",
     "Une centaine d'habitants ont discuté du nouveau plan de circulation et des horaires du marché couvert.",
     "Claire Moreau", "4 commentaires"),
    ("Les jardins partagés ouvrent leurs inscriptions",
     "Douze parcelles sont disponibles cette année près de la médiathèque, attribuées par tirage au sort.",
     "Paul Lefèvre", "0 commentaires"),
    ("Travaux rue des Tanneurs : ce qui change en mars",
     "La circulation sera alternée pendant trois semaines et deux arrêts de bus seront déplacés provisoirement.",
     "Claire Moreau", "7 commentaires"),
    ("Le club de lecture cherche de nouveaux membres",
     "Les rencontres ont lieu un jeudi sur deux à la médiathèque et chacun peut proposer un livre du mois.",
     "Inès Martin", "2 commentaires"),
]


def test_a_blog_index_whose_teasers_carry_comment_counts_keeps_every_teaser():
    """Each teaser's `N commentaires` is its meta line: the counts recur, so none starts a section."""
    lines = [x for title, summary, author, count in BLOG_INDEX for x in (title, summary, author, count, "")]
    res = run(page(*lines))
    assert not any(r == "comments.section" for r, _, _ in removals(res))
    for n, (title, summary, _, _) in enumerate(BLOG_INDEX):
        assert summary in body(res)
        assert n == 0 or title in body(res)  # the first line may become the page's title


def test_an_article_counting_its_comments_twice_still_loses_the_thread():
    res = run(page("5 comments", "", *[x for p in PARAS["en"] for x in (p, "")], SECTIONS["wordpress_en"]))
    assert ("comments.section", "comment_section") in {(r, w) for r, w, _ in removals(res)}
    assert "Great news for the island!" not in body(res)
    assert_intact(res, PARAS["en"])


@pytest.mark.parametrize("stub", ["View comments (212)", "Show all 35 comments", "Voir les 12 commentaires",
                                  "Alle 12 Kommentare anzeigen", "Ver 3 comentarios", "Показать все комментарии",
                                  "Like this:", "Like Loading...", "Gefällt mir Wird geladen …"])
def test_comment_links_and_like_widget_text_at_the_tail_are_stubs(stub):
    res = run(page("Headline", "", *PARAS["en"], "", stub))
    assert ("comments.stub", "comment_stub", stub) in removals(res)
    assert_intact(res, PARAS["en"])


def test_a_sentence_about_showing_comments_is_kept():
    line = "Show comments in the editor by pressing Ctrl and slash, then loading the file again."
    res = run(page("Headline", "", *PARAS["en"], "", line, "", PARAS["en"][0]))
    assert line in body(res)


THREADS = {
    "fr": ("Commentaires", [("Marie L.", "12 novembre 2026 à 14h05",
                             "Très bon article, merci de rappeler que les petits commerces font vivre le quartier."),
                            ("Paul D.", "13 novembre 2026 à 09h12",
                             "Je ne suis pas d'accord, les prix ont trop augmenté depuis deux ans dans ce secteur.")]),
    "de": ("Kommentare", [("Jens K.", "vor 2 Stunden",
                           "Endlich passiert etwas, die Brücke war seit Jahren in einem schlechten Zustand."),
                          ("Ute_M", "vor 5 Stunden",
                           "Und wer bezahlt das am Ende? Wieder einmal die Anwohner mit höheren Gebühren.")]),
    "en": ("Comments", [("harbourwatcher", "March 5, 2025",
                         "Good news for the island, though the last boat should really leave even later in summer."),
                        ("J. Morgan", "March 6, 2025",
                         "I doubt the fares will stay the same for long once the overtime bills come in.")]),
}


@pytest.mark.parametrize("lang", sorted(THREADS))
def test_a_signed_thread_under_a_bare_comments_heading_is_a_comment_section(lang):
    header, entries = THREADS[lang]
    thread = [line for entry in entries for line in entry]
    res = run(page(*PARAS[lang], "", header, *thread))
    gone = removed_text(res, "comments")
    assert header in gone and all(entry[2] in gone for entry in entries)
    assert_intact(res, PARAS[lang])


def test_a_comments_heading_over_dated_prose_without_signatures_stays():
    # A changelog-like section: dates and prose, but no name line above each date.
    section = ["Comments", "The review was planned for March 5, 2025 and then moved again by the commission.",
               "March 6, 2025", "The operators published the new winter timetable with the later crossings included."]
    res = run(page(*PARAS["en"], "", *section))
    assert removals(res, "comments") == []
