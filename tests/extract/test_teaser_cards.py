"""Listing pages read from their repeated teaser cards (extract/teaser_cards.py, html._listed and
html._as_records), on our own pages: one record per teaser with its headline, link and date, and the
hard negatives (an article's box of related cards, a menu of short links) left as they were."""
from __future__ import annotations

from pathlib import Path

from ingest.extract.dom_parse import parse_html
from ingest.extract.teaser_cards import Listing, Teaser, is_page_listing, listing_cards, teaser_records
from ingest.extract.thread_posts import with_records
from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument
from ingest.settings import Settings

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "html"
_HEADLINES = ("Tomaten auf der Fensterbank vorziehen", "Ein Hochbeet richtig befüllen",
              "Obstbaumschnitt im späten Winter", "Nistkästen vor der Brutzeit aufhängen",
              "Saatguttausch im Vereinsheim")


def _clean(name: str, **settings) -> CleanDocument:
    out = process_raw(raw_from_bytes((FIX / name).read_bytes(), name), Settings(**settings))
    assert isinstance(out, CleanDocument), getattr(out, "message", out)
    return out


def _tree(name: str):
    return parse_html((FIX / name).read_text(encoding="utf-8"))


def test_a_german_blog_index_is_one_record_per_teaser_with_headline_link_and_date():
    doc = _clean("de_blog_index.html")
    assert doc.kind == "listing"
    head, *teasers = doc.articles
    # the page's own record first, with the page's title: no teaser takes the page's title or date
    assert head.title == head.text == "Neueste Beiträge" and head.published is None
    assert [a.title for a in teasers] == list(_HEADLINES)
    # links resolved against the page's canonical URL
    assert teasers[0].url == "https://gartenfreunde-lindenhof.example/blog/2026/03/tomaten-vorziehen/"
    assert teasers[2].url == "https://gartenfreunde-lindenhof.example/blog/2026/02/obstbaumschnitt/"
    # each record holds its own headline and summary, and its own date (not the first teaser's)
    assert teasers[1].text.startswith("Ein Hochbeet richtig befüllen")
    assert "sackt das Beet im ersten Jahr kaum ab" in teasers[1].text
    assert "Meisen suchen" not in teasers[1].text
    assert [a.published for a in teasers] == ["2026-03-12", "2026-03-05", "2026-02-26", "2026-02-18", "2026-02-09"]
    assert any(n.code == "listing_teasers" for n in doc.notes)
    text = "\n".join(a.text for a in doc.articles)
    for chrome in ("Impressum", "Datenschutz", "Kontakt"):
        assert chrome not in text, chrome


def test_without_splitting_the_listing_stays_one_text_with_every_headline():
    doc = _clean("de_blog_index.html", split_listings=False)
    assert doc.kind == "article" and len(doc.articles) == 1
    for headline in _HEADLINES:
        assert headline in doc.articles[0].text, headline


def test_an_articles_box_of_related_cards_is_no_listing():
    """Hard negative: four cards with headline, link and summary under a French article."""
    found = listing_cards(_tree("fr_article_related_cards.html"))
    doc = _clean("fr_article_related_cards.html")
    assert doc.kind == "article" and len(doc.articles) == 1
    text = doc.articles[0].text
    for said in ("les digues renforcées l'an dernier ont tenu", "lécher le parapet", "limons déposés"):
        assert said in text, said
    assert not any(n.code == "listing_teasers" for n in doc.notes)
    # the cards are found; the article's own prose outweighs them, so they stay what the extractor made them
    assert found is not None and len(found.teasers) == 4
    assert [n.code for n in doc.notes if n.code.startswith("teasers_")] == ["teasers_not_listing"]


def test_a_menu_of_short_links_is_no_listing():
    """Hard negative: a Spanish page whose link bar is not marked as navigation."""
    assert listing_cards(_tree("es_menu_list.html")) is None
    doc = _clean("es_menu_list.html")
    assert doc.kind == "article"


def test_a_card_takes_the_rows_after_it_up_to_the_next_card():
    """A link aggregator's table: a story row, then its points/comments row (no class of its own)."""
    found = listing_cards(_tree("en_link_rows.html"))
    assert found is not None and len(found.teasers) == 4
    first = found.teasers[0]
    assert first.headline == "Why lead-free solder cracks in cold sheds"
    assert first.link == "https://example.org/solder"
    assert any("212 points by mrivera" in line for line in first.lines)
    assert not any("97 points" in line for line in first.lines)
    # the extractor kept every headline (a table of rows): its text stands, and the decision is noted
    doc = _clean("en_link_rows.html")
    assert doc.kind == "article"
    assert any(n.code == "teasers_extracted" for n in doc.notes)
    assert "212 points by mrivera 3 hours ago" in doc.articles[0].text


def test_records_cut_the_cleaned_text_at_the_headlines_and_keep_what_heads_and_follows():
    listing = Listing(tuple(Teaser(h, f"/{i}", ("Kurz gesagt.",)) for i, h in enumerate(("Eins zwei drei",
                      "Vier fünf sechs", "Sieben acht neun"))), "article.teaser")
    text = "\n\n".join(("Unser Blog", "Eins zwei drei", "Kurz gesagt.", "Vier fünf sechs", "Kurz gesagt.",
                        "Sieben acht neun", "Kurz gesagt.", "Über uns: ein langer Absatz am Seitenende.",
                        "Noch ein Absatz."))
    cut = teaser_records(text, listing)
    assert cut.lead == "Unser Blog"
    assert [r.headline for r in cut.records] == ["Eins zwei drei", "Vier fünf sechs", "Sieben acht neun"]
    assert cut.records[1].text == "Vier fünf sechs\n\nKurz gesagt."
    assert cut.after == "Über uns: ein langer Absatz am Seitenende.\n\nNoch ein Absatz."
    # nothing of the text is lost by the cut
    joined = "\n\n".join([cut.lead, *(r.text for r in cut.records), cut.after])
    assert joined == text
    # fewer than three headlines left in the text: no records
    assert teaser_records("Eins zwei drei\n\nKurz gesagt.", listing) is None


def test_joining_records_keeps_the_extractions_short_lines_only_when_asked():
    records = "Headline one\nSummary of the first story here."
    extracted = "Shop intro\nHeadline one\n3 colours\nSummary of the first story here."
    assert "3 colours" in with_records(records, extracted, keep_short=True).text
    assert "3 colours" not in with_records(records, extracted).text


def test_a_comment_list_under_an_article_is_no_listing():
    """Hard negatives, a Spanish recipe with five reader comments: their permalinks are dates (no
    headline), and a list whose items are named as comments is one whatever its headings."""
    assert listing_cards(_tree("es_receta_comentarios_permalink.html")) is None
    assert listing_cards(_tree("es_receta_comentarios_clase.html")) is None
    for name in ("es_receta_comentarios_permalink.html", "es_receta_comentarios_clase.html"):
        doc = _clean(name)
        assert doc.kind == "article" and len(doc.articles) == 1
        assert "un palillo salga limpio del centro" in doc.articles[0].text


def test_cards_that_are_a_small_part_of_the_page_are_not_the_page():
    listing = listing_cards(_tree("de_blog_index.html"))
    assert is_page_listing(listing, listing.words * 2)
    assert not is_page_listing(listing, listing.words * 5)  # a row of cards on a long service page


def test_a_carousels_cloned_slides_are_one_teaser_each():
    slide = ('<div class="slide"><h3><a href="/work/{0}/">{1}</a></h3><p>{2}</p></div>')
    shown = [("bakery", "Bread before dawn", "A bakery's new name, painted by hand."),
             ("ferry", "Crossing in fog", "Timetables a commuter can read at a glance."),
             ("museum", "Stars in a small town", "A planetarium that doubled its visitors.")]
    slides = "".join(slide.format(*s) for s in shown + shown[:2])  # the loop's clones after the slides
    page = f"<html><body><main><h1>Our work</h1><div class='track'>{slides}</div></main></body></html>"
    found = listing_cards(parse_html(page))
    assert [t.headline for t in found.teasers] == ["Bread before dawn", "Crossing in fog", "Stars in a small town"]


def test_posts_of_a_thread_without_microdata_are_no_teasers():
    """An Italian forum thread with no schema.org markup: each post is an author link and a long text."""
    body = ("Ho smontato il carburatore e pulito il getto del minimo con aria compressa, ma il motore "
            "continua a spegnersi appena scalda; la candela esce nera e umida, quindi direi che la miscela "
            "resta troppo grassa anche dopo aver girato la vite di mezzo giro. ") * 4
    posts = "".join(f'<div class="post"><h4><a href="/utenti/{u}/">{u}</a></h4><p>{body}</p></div>'
                    for u in ("motorino_88", "Gianni Ferri", "officina_sud", "Lella"))
    page = f"<html><body><main><h1>Il motore si spegne a caldo</h1>{posts}</main></body></html>"
    assert listing_cards(parse_html(page)) is None


def test_a_section_fronts_groups_of_cards_of_one_size_are_one_listing_in_page_order():
    """A Dutch regional front: a featured row (div cards) and a latest list (li cards) of teasers of one
    size are both the listing; a box of three-word service links beside them is not (cards half the size)."""
    found = listing_cards(_tree("nl_regio_voorpagina.html"))
    assert [t.headline for t in found.teasers] == [
        "Veerpont weer in de vaart na storing", "Gemeente kiest ontwerp voor nieuwe fietsbrug",
        "Bibliotheek gaat op zondag langer open", "IJsvereniging legt kunstijsbaan aan op het plein",
        "Weekmarkt verhuist tijdelijk naar de haven", "Waterschap begint in januari met de dijkversterking",
        "Gerestaureerde molen draait weer voor publiek"]
    assert "Nieuwstip" not in found.text and "Krant niet ontvangen?" not in found.text
    # the largest group (the latest list) leads; the own-prose gate weighs against its words alone
    latest = sum(len(t.text.split()) for t in found.teasers[3:])
    assert found.largest.words == latest < found.words


_ARTIGO = ("A câmara aprovou ontem o novo plano de mobilidade para o centro histórico, depois de dois anos "
           "de consultas com moradores e comerciantes. As ruas estreitas junto ao rio passam a ser pedonais "
           "aos fins de semana, e os autocarros elétricos vão circular de dez em dez minutos entre a estação "
           "e o mercado municipal. Os comerciantes pediram lugares de cargas e descargas antes das dez horas.")


def _related_box(cls: str, topic: str) -> str:
    card = (f'<div class="{cls}"><h3><a href="/{topic}/{{0}}/">{{1}}</a></h3>'
            '<p>{2}</p></div>')
    items = [("a", f"Obras na ponte velha atrasam {topic}", "O empreiteiro pediu mais três meses para acabar o tabuleiro e os passeios."),
             ("b", f"Feira do livro regressa ao jardim ({topic})", "Quarenta editoras montam bancas entre o coreto e o lago durante duas semanas."),
             ("c", f"Escola primária ganha horta pedagógica ({topic})", "Os alunos plantam couves e alfaces com a ajuda dos avós do bairro."),
             ("d", f"Mercado abre ao domingo de manhã ({topic})", "Os produtores locais vendem fruta da época e queijo fresco sem intermediários.")]
    return f'<section class="caixa-{topic}">' + "".join(card.format(*i) for i in items) + "</section>"


def test_an_article_with_two_boxes_of_related_cards_stays_an_article():
    """Hard negative: a Portuguese article with two related boxes of one size. Together they outweigh twice
    the article's prose, but the own-prose gate weighs it against the largest box: still an article."""
    page = (f"<html><body><main><article><h1>Centro histórico fecha ao trânsito</h1><p>{_ARTIGO}</p>"
            f"</article>{_related_box('cartao', 'cidade')}{_related_box('cartao', 'regiao')}</main></body></html>")
    found = listing_cards(parse_html(page))
    assert found is not None and len(found.teasers) == 8  # both boxes are found...
    words_in_article = len(_ARTIGO.split())
    assert found.largest.words * 0.5 <= words_in_article < found.words * 0.5  # the case the gate is for
    out = process_raw(raw_from_bytes(page.encode(), "centro.html"), Settings())
    assert isinstance(out, CleanDocument) and out.kind == "article" and len(out.articles) == 1
    assert "autocarros elétricos vão circular" in out.articles[0].text
    assert not any(n.code == "listing_teasers" for n in out.notes)


def test_an_articles_paragraphs_with_links_are_no_cards():
    """Hard negative: a Swedish article whose every paragraph cites a source by a link of a few words."""
    paras = [("Kommunen har beslutat att bygga om hamnen", "enligt protokollet från fullmäktige",
              "och arbetet börjar redan i april med att muddra farleden."),
             ("Fiskarna oroar sig för sina platser vid kajen", "skriver lokaltidningen i en intervju",
              "men hamnchefen lovar att ingen båt ska behöva flytta."),
             ("Kostnaden beräknas till fyrtio miljoner kronor", "visar den tekniska utredningen",
              "som också föreslår en ny gångbro över kanalen."),
             ("Arbetet ska vara klart före sommaren nästa år", "uppger projektledaren för ombyggnaden",
              "så att turistbåtarna kan lägga till som vanligt.")]
    body = "".join(f'<p>{a}, <a href="/kalla/{n}/">{b}</a>, {c}</p>' for n, (a, b, c) in enumerate(paras))
    page = f"<html><body><main><article><h1>Hamnen byggs om</h1>{body}</article></main></body></html>"
    assert listing_cards(parse_html(page)) is None


def test_three_boxes_of_cards_of_one_size_beside_a_short_text_are_a_section_front():
    """The same Portuguese text with three boxes of cards: a section front (html.FRONT_GROUPS), taken as a listing."""
    boxes = "".join(_related_box("cartao", t) for t in ("cidade", "regiao", "desporto"))
    page = (f"<html><body><main><article><h1>Centro histórico fecha ao trânsito</h1><p>{_ARTIGO}</p>"
            f"</article>{boxes}</main></body></html>")
    found = listing_cards(parse_html(page))
    assert found.groups == 3 and len(found.teasers) == 12
    out = process_raw(raw_from_bytes(page.encode(), "centro.html"), Settings())
    assert isinstance(out, CleanDocument) and out.kind == "listing"
    assert any(n.code == "listing_teasers" for n in out.notes)
    text = "\n".join(a.text for a in out.articles)
    assert "autocarros elétricos vão circular" in text  # the page's own text is kept beside the cards
    assert "Mercado abre ao domingo de manhã (desporto)" in text
