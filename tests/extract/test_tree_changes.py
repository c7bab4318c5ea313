"""Steps that change the tree before extraction are visible in provenance and never cost the article:
the main-prose guard of the pre-pass, and the layout-table unwrap with its revert."""
from __future__ import annotations

from ingest.extract.dom_parse import parse_html
from ingest.extract.dom_prepass import prepass
from ingest.extract.dom_tables import holds_block, layout_tables, longest_block
from ingest.pipeline import process_raw, raw_from_bytes
from ingest.records import CleanDocument
from ingest.settings import Settings

_CHROME = ("<header><nav><a href='/'>Accueil</a> <a href='/sport'>Sport</a> <a href='/club'>Le club</a></nav></header>")
_FOOTER = "<footer><p>© Stade Ouest. Tous droits réservés. <a href='/legal'>Mentions légales</a></p></footer>"
_REPORT = [
    "Le Stade Ouest a arraché le match nul face à Lorient samedi soir, au terme d'une rencontre tendue "
    "où les deux équipes ont longtemps cherché la faille sans jamais vraiment trouver la bonne carburation.",
    "Dès la dixième minute, Martin a trouvé le poteau sur un coup franc enroulé, avant que le gardien "
    "adverse ne multiplie les arrêts décisifs pour maintenir les siens dans la partie jusqu'à la pause.",
    "Au retour des vestiaires, Lorient a ouvert le score sur un contre rapide conclu par son avant-centre, "
    "puis le Stade Ouest a égalisé à vingt minutes de la fin grâce à une tête de son capitaine, Diallo.",
    "L'entraîneur s'est dit satisfait de l'état d'esprit de son groupe, tout en regrettant le manque de "
    "réalisme de ses attaquants, qui auraient pu faire la différence bien plus tôt dans la soirée.",
]


def _page(box_open: str, box_close: str, extra: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in _REPORT)
    return (f"<html><head><title>Match nul</title></head><body>{_CHROME}<main>{box_open}<h2>Match nul à Lorient</h2>"
            f"{body}{box_close}{extra}</main>{_FOOTER}</body></html>").encode()


def _clean(html: bytes) -> CleanDocument:
    doc = process_raw(raw_from_bytes(html, "p.html"), Settings())
    assert isinstance(doc, CleanDocument)
    return doc


def test_match_report_in_a_comments_box_is_kept_and_noted():
    doc = _clean(_page("<div class='match-comments-wrap'>", "</div>"))
    text = "\n".join(a.text for a in doc.articles)
    assert "tête de son capitaine" in text and "réalisme de ses attaquants" in text
    assert not any(r.rule == "html_prepass.comment_section" for r in doc.removed)
    (note,) = [n for n in doc.notes if n.code == "kept_main_prose"]
    assert note.step == "html_prepass.guard" and "comment_section" in note.detail


def test_article_in_a_related_box_is_kept():
    doc = _clean(_page("<section class='related-content'>", "</section>"))
    assert "tête de son capitaine" in doc.articles[0].text
    assert any(n.code == "kept_main_prose" and "related_block" in n.detail for n in doc.notes)


def test_real_comment_list_still_goes_even_when_it_outweighs_the_post():
    comments = "".join(
        f"<li class='comment' id='comment-{i}'><span class='author'>Lecteur {i}</span><p>{p}</p></li>"
        for i, p in enumerate(_REPORT * 2))
    html = (f"<html><body>{_CHROME}<article><h1>Brève</h1><p>{_REPORT[0]}</p></article>"
            f"<div id='comments'><ol class='commentlist'>{comments}</ol></div>{_FOOTER}</body></html>").encode()
    tree = parse_html(html.decode())
    notes: list = []
    result = prepass(tree, notes=notes)
    assert [r.rule for r in result.removed] == ["html_prepass.comment_section"] and notes == []


def test_small_related_block_is_removed_without_a_note():
    links = "".join(f"<li><a href='/a{i}'>Autre article numéro {i}</a></li>" for i in range(5))
    html = _page("<div class='story'>", "</div>", f"<div class='related-stories'><ul>{links}</ul></div>")
    doc = _clean(html)
    assert any(r.rule == "html_prepass.related_block" for r in doc.removed)
    assert not any(n.code == "kept_main_prose" for n in doc.notes)


# -- layout tables -------------------------------------------------------------------------------
_GARLIC = "<p>" + "Planting garlic in autumn gives the cloves time to root before the ground freezes hard. " * 4 + "</p>"
_TIP = ("Wer im ersten Jahr genug Zeit in die Vorbereitung des {w} steckt, spart sich später viel Arbeit: den "
        "Boden lockern, Kompost einarbeiten und die Reihen so anlegen, dass man zwischen ihnen bequem jäten kann, "
        "ohne die jungen Pflanzen zu treten.")


def _callout(text: str) -> str:
    return (f"<div style='overflow-x:auto'><table style='width:100%'><tbody><tr><td style='padding:16px'>🧰 {text}"
            "</td></tr></tbody></table></div>")


def test_unwrap_that_loses_the_longest_paragraph_is_reverted_and_noted():
    html = (f"<html><head><title>Garlic</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Garlic</h1>"
            f"{_GARLIC}{_GARLIC}{_callout(_TIP.format(w='Beetes'))}<p><strong>Zeit:</strong> 2 bis 3 Wochen</p>"
            f"{_callout(_TIP.format(w='Gartenbeetes'))}{_GARLIC}</article></body></html>").encode()
    doc = _clean(html)
    text = doc.articles[0].text
    assert "Vorbereitung des Beetes" in text and "Vorbereitung des Gartenbeetes" in text
    codes = [n.code for n in doc.notes]
    assert codes.count("layout_tables_unwrapped") == 1 and "unwrap_reverted" in codes


def test_unwrap_is_always_recorded():
    html = (f"<html><body><table><tr><td><a href='/'>Home</a></td></tr><tr><td>{_GARLIC}{_GARLIC}</td></tr></table>"
            "</body></html>").encode()
    doc = _clean(html)
    assert "cloves time to root" in doc.articles[0].text
    assert [n.code for n in doc.notes] == ["layout_tables_unwrapped"] and "1 layout table" in doc.notes[0].detail


def test_longest_block_and_probe():
    tree = parse_html(f"<html><body><table><tr><td>{_TIP.format(w='Beetes')}</td></tr></table></body></html>")
    block = longest_block(layout_tables(tree))
    assert block.startswith("Wer im ersten Jahr")
    assert holds_block("…  " + block.replace(" ", "\n  ") + " …", block)
    assert not holds_block("Wer im ersten Jahr genug Zeit in die Vorbereitung", block)


def test_teaser_cells_are_no_evidence_for_a_revert():
    teaser = ("<td class='teaser'><a href='/other-{i}'>Elsewhere: the ferry strike enters its {i}th day</a><br>"
              + "Unions and the port authority met again on Monday without reaching an agreement on pay. " * 3 + "</td>")
    cells = "".join(f"<tr>{teaser.format(i=i)}</tr>" for i in range(4, 8))
    tree = parse_html(f"<html><body><table>{cells}<tr><td><p>{_TIP.format(w='Beetes')}</p></td></tr></table></body></html>")
    assert longest_block(layout_tables(tree)).startswith("Wer im ersten Jahr")
    tree = parse_html(f"<html><body><table>{cells}</table></body></html>")
    assert longest_block(layout_tables(tree)) == ""


def test_script_and_form_text_in_cells_is_no_longest_block():
    script = "<script>var slots = new Array(); " + "slots.push({unit: 'banner', width: 300, height: 250}); " * 8 + "</script>"
    menu = "<select>" + "".join(f"<option>Section number {i} of the site archive</option>" for i in range(12)) + "</select>"
    cells = f"<tr><td>{script}</td></tr><tr><td>{menu}</td></tr><tr><td>{_TIP.format(w='Beetes')}</td></tr>"
    tree = parse_html(f"<html><body><table>{cells}</table></body></html>")
    assert longest_block(layout_tables(tree)).startswith("Wer im ersten Jahr")
    tree = parse_html(f"<html><body><table><tr><td>{script}</td></tr><tr><td>{menu}</td></tr></table></body></html>")
    assert longest_block(layout_tables(tree)) == ""


def test_a_column_of_short_lines_is_no_longest_block():
    archive = "<br>".join(f"March {d}, 2008 - At the cinema: <a href='/r{d}'>Reviews of the week number {d}</a>"
                          for d in range(1, 25))
    tree = parse_html(f"<html><body><table><tr><td>{archive}</td></tr><tr><td><a href='/'>Home</a></td></tr>"
                      "</table></body></html>")
    assert longest_block(layout_tables(tree)) == ""
    broken = "<b>Tipp</b><br>" + _TIP.format(w="Beetes") + "<br>Quelle: Gartenbuch"  # a paragraph with breaks
    tree = parse_html(f"<html><body><table><tr><td>{archive}</td></tr><tr><td>{broken}</td></tr></table></body></html>")
    assert "im ersten Jahr genug Zeit" in longest_block(layout_tables(tree))


_BLURB = ("The Valley Courier has covered the towns of the upper valley since 1921, from council meetings and school "
          "sports to the harvest fair, and is delivered every Thursday to more than twelve thousand homes across the region.")
_SECTIONS = "Jobs Homes Cars Obituaries Weather Traffic Sports Events Letters Archive Contact Advertise Subscribe Photos"


def _count_extractions(monkeypatch) -> list[int]:
    import ingest.extract.html as html_path

    calls: list[int] = []
    real = html_path.extract_main
    monkeypatch.setattr(html_path, "extract_main", lambda *a: calls.append(1) or real(*a))
    return calls


def test_a_lost_block_away_from_the_extracted_text_costs_no_second_extraction(monkeypatch):
    calls = _count_extractions(monkeypatch)
    links = "".join(f"<li><a href='/s{i}'>Section {w}</a></li>" for i, w in enumerate(_SECTIONS.split()))
    html = (f"<html><head><title>Garlic</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Garlic</h1>"
            f"{_GARLIC}</article><div class='site-info'><ul>{links}</ul>{_callout(_BLURB)}</div></body></html>").encode()
    doc = _clean(html)
    assert "cloves time to root" in doc.articles[0].text and "Valley Courier" not in doc.articles[0].text
    assert [n.code for n in doc.notes] == ["layout_tables_unwrapped"] and calls == [1]


def test_a_revert_that_more_than_doubles_the_text_is_not_taken(monkeypatch):
    # the tables as they were bring in far more than the story (on real pages: a comment-rules box
    # and the page chrome around it); the unwrapped extraction stands, after the second look
    calls = _count_extractions(monkeypatch)
    cells = "".join(f"<td style='padding:8px'>{_TIP.format(w=w)}</td>" for w in ("Beetes", "Gartens", "Hochbeetes", "Ackers", "Feldes", "Rasens", "Hanges"))
    html = (f"<html><body><article><h1>Garlic</h1>{_GARLIC}<div><table><tbody><tr>{cells}</tr></tbody></table></div>"
            f"{_GARLIC.replace('Planting', 'Planted')}{_GARLIC.replace('Planting', 'Plant')}</article></body></html>").encode()
    doc = _clean(html)
    assert "cloves time to root" in doc.articles[0].text and "Vorbereitung des Ackers" not in doc.articles[0].text
    assert [n.code for n in doc.notes] == ["layout_tables_unwrapped"] and calls == [1, 1]


def _thread_page(declared: bool) -> str:
    posts = "".join(
        f"<li class='comment' id='comment-{i}'><span class='author'>Lecteur {i}</span><p>{p}</p></li>"
        for i, p in enumerate(_REPORT * 2))
    ld = ('<script type="application/ld+json">{"@type": "DiscussionForumPosting", "headline": "Le match"}</script>'
          if declared else "")
    return (f"<html><head>{ld}</head><body>{_CHROME}<h2>Le match de samedi</h2><p>Vos avis ?</p>"
            f"<div id='comments'><ol class='commentlist'>{posts}</ol></div>{_FOOTER}</body></html>")


def test_the_prepass_says_in_a_typed_field_that_the_page_is_a_discussion():
    """A thread's comment box is kept as content and the result says so as `discussion` (what the
    extractor reads to keep comments), beside the Note for `explain`; an article's comments go and
    the flag stays False."""
    for declared in (True, False):  # declared in JSON-LD, or by its shape (no prose of its own)
        notes: list = []
        result = prepass(parse_html(_thread_page(declared)), notes=notes)
        assert result.discussion is True
        assert not any(r.rule == "html_prepass.comment_section" for r in result.removed)
        assert [n.code for n in notes] == ["kept_discussion"]
    comments = "".join(f"<li class='comment' id='comment-{i}'><p>{p}</p></li>" for i, p in enumerate(_REPORT))
    article = (f"<html><body><article><h1>Brève</h1>{''.join(f'<p>{p}</p>' for p in _REPORT)}</article>"
               f"<div id='comments'><ol class='commentlist'>{comments}</ol></div></body></html>")
    result = prepass(parse_html(article))
    assert result.discussion is False
    assert [r.rule for r in result.removed] == ["html_prepass.comment_section"]


def test_a_thread_keeps_its_posts_through_the_extractor():
    """The flag reaches the extractor: the posts are in the text, not pruned as comments."""
    doc = _clean(_thread_page(False).encode())  # undeclared: trafilatura itself would prune the list
    text = "\n".join(a.text for a in doc.articles)
    assert "tête de son capitaine" in text and "réalisme de ses attaquants" in text


_RESPOSTAS = [
    "Troque primeiro a vela: com mais de trinta mil quilómetros ela falha a frio e o motor engasga nas "
    "primeiras manhãs de inverno, antes de aquecer.",
    "No meu caso era o sensor de temperatura do motor, que dizia à centralina que estava sempre quente; "
    "custou vinte euros e resolveu o arranque difícil.",
    "Verifique também a bomba de combustível: se não ouvir o zumbido ao ligar a ignição, a pressão não "
    "chega e o carro só pega à terceira tentativa.",
]


def test_a_declared_question_page_keeps_its_answers_portuguese():
    """A QAPage (microdata) whose answers sit in a comment list: however long the question, the
    answers are the page; the same markup without the declaration is an article whose comments go."""
    question = ("<p>O meu carro a gasolina de 2012 custa muito a pegar de manhã quando está frio, mas durante o "
                "dia arranca sem problemas. Já troquei a bateria no mês passado e o problema continua. "
                "Alguém sabe o que pode ser?</p>")
    answers = "".join(f"<li class='comment' id='comment-{i}'><span class='author'>Utilizador {i}</span><p>{a}</p>"
                      f"</li>" for i, a in enumerate(_RESPOSTAS * 2))
    for declared in (True, False):
        scope = " itemscope itemtype='https://schema.org/QAPage'" if declared else ""
        html = (f"<html><body{scope}>{_CHROME}<main><h1>Carro custa a pegar de manhã</h1>{question}"
                f"<div id='comments'><ol class='commentlist'>{answers}</ol></div></main>{_FOOTER}</body></html>")
        notes: list = []
        result = prepass(parse_html(html), notes=notes)
        assert result.discussion is declared
        assert any(r.rule == "html_prepass.comment_section" for r in result.removed) is not declared
        if declared:
            text = "\n".join(a.text for a in _clean(html.encode()).articles)
            assert all(a in text for a in _RESPOSTAS)


def test_question_pages_are_declared_in_json_ld_too_and_faq_pages_are_not():
    from ingest.extract.discussion import declares_discussion

    def page(ld_type: str) -> str:
        return ("<html><head><script type='application/ld+json'>{\"@type\": " + ld_type
                + ", \"name\": \"Carro\"}</script></head><body><p>Pergunta</p></body></html>")

    assert declares_discussion(parse_html(page('["WebPage", "QAPage"]')))
    assert declares_discussion(parse_html(page('"QAPage"')))
    assert not declares_discussion(parse_html(page('"FAQPage"')))
    assert not declares_discussion(parse_html("<html><body itemscope itemtype='https://schema.org/FAQPage'>"
                                              "<p>Perguntas frequentes</p></body></html>"))


def _notes(doc: CleanDocument, code: str) -> list:
    return [n for n in doc.notes if n.code == code]


def test_an_unclosed_popup_aside_that_swallowed_the_page_gives_the_article_back():
    # the pop-up's </aside> is missing: the parser nests the whole page, article included, inside it
    body = "".join(f"<p>{p}</p>" for p in _REPORT)
    html = ("<html><head><title>Match nul</title></head><body><aside class='Popup-Overlay' id='popup-newsletter'>"
            "<div class='popup-box'><p>Recevez notre lettre chaque matin.</p></div>"
            f"{_CHROME}<main><article><h1>Match nul à Lorient</h1>{body}</article></main>{_FOOTER}"
            "</body></html>").encode()
    doc = _clean(html)
    text = "\n".join(a.text for a in doc.articles)
    assert all(p in text for p in _REPORT)
    assert [n.step for n in _notes(doc, "chrome_unwrapped")] == ["dom_wrappers"]
    assert "popup-newsletter" in _notes(doc, "chrome_unwrapped")[0].detail


def test_a_site_header_with_a_logo_headline_and_a_footer_with_a_long_paragraph_stay_chrome():
    about = ("Le Stade Ouest est un journal indépendant fondé par des supporters en 1998, qui couvre chaque semaine "
             "les matchs du club, la formation des jeunes et la vie des tribunes, sans publicité ni actionnaire.")
    body = "".join(f"<p>{p}</p>" for p in _REPORT)
    html = (f"<html><head><title>Match nul</title></head><body><header><h1><a href='/'>Stade Ouest</a></h1>{_CHROME}"
            f"</header><main><article><h2>Match nul à Lorient</h2>{body}</article></main>"
            f"<footer><p>{about}</p></footer></body></html>").encode()
    doc = _clean(html)
    text = "\n".join(a.text for a in doc.articles)
    assert all(p in text for p in _REPORT) and about not in text
    assert not _notes(doc, "chrome_unwrapped")


def test_a_meta_line_in_a_box_named_like_a_share_row_keeps_its_date_and_author():
    body = "".join(f"<p>{p}</p>" for p in _REPORT)
    html = ("<html><head><title>Match nul</title></head><body><main><article><h1>Match nul à Lorient</h1>"
            "<div class='meta-share-group'><div class='meta'><time datetime='2025-03-08T21:45:00+01:00'>"
            "<span>Publié le</span> 8 mars 2025</time> <span class='author' itemprop='author'>Claire Dubois</span>"
            "</div><div class='social-share'><a href='#'>Facebook</a> <a href='#'>X</a></div></div>"
            f"{body}</article></main></body></html>").encode()
    doc = _clean(html)
    assert doc.articles[0].published == "2025-03-08T21:45:00+01:00"
    removed = [r for r in doc.removed if r.rule == "html_prepass.share_row"]
    assert [r.text for r in removed] == ["Facebook X"]  # the buttons still go, in their own box
    assert _notes(doc, "kept_article_meta")
