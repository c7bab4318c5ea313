"""The dump block classifier: positives on our own whole-page dumps (five languages), hard negatives
that must lose nothing (clean articles with headings, listings, one-paragraph pages)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.extract.text import clean_text
from ingest.rules.base import TextView
from ingest.rules.dump_blocks import GOOD, Blocks, classify
from ingest.rules.registry import DEFAULT_RULES, HTML_TEXT_RULES
from ingest.rules.stopwords import guess_language
from ingest.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dumps"
DUMPS = sorted(p.name[: -len(".gold.txt")] for p in FIXTURES.glob("*.gold.txt"))
SETTINGS = Settings(detect_language=False)


def _words(text: str) -> Counter:
    return Counter(w.lower() for w in re.findall(r"\w+", text))


def _body(raw: str) -> str:
    return "\n\n".join(a.text for a in clean_text(raw, SETTINGS).articles)


def _findings(text: str) -> list:
    return list(Blocks().find(TextView(text)))


def test_fixture_set_covers_several_languages():
    assert {name.split("_")[0] for name in DUMPS} >= {"en", "de", "fr", "es", "ru"}


@pytest.mark.parametrize("name", DUMPS)
def test_dump_keeps_the_body_and_drops_the_page(name):
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    gold = (FIXTURES / f"{name}.gold.txt").read_text(encoding="utf-8")
    pred, want = _words(_body(raw)), _words(gold)
    hit = sum((pred & want).values())
    precision, recall = hit / sum(pred.values()), hit / sum(want.values())
    assert recall == 1.0, f"lost: {sorted((want - pred).elements())[:20]}"
    assert precision >= 0.97, f"kept: {sorted((pred - want).elements())[:20]}"
    for heading in [ln for ln in gold.splitlines() if len(ln) < 60]:  # section headings stay
        assert heading in _body(raw)


@pytest.mark.parametrize("name", DUMPS)
def test_dump_title_survives_the_menu_above_it(name):
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    article = clean_text(raw, SETTINGS).articles[0]
    assert article.title and len(article.title.split()) >= 5


def test_removals_carry_reasons_of_the_dump_family():
    raw = (FIXTURES / "en_harbour_council.txt").read_text(encoding="utf-8")
    removed = clean_text(raw, SETTINGS).removed
    spans = [s for s in removed if s.rule == "dump.blocks"]
    reasons = {s.reason for s in spans}
    assert "repeated_shape" in reasons  # "Posted by X | 12 March 2024 at 19:02" comment headers
    # the "Most read" headline list goes (page_chrome.related_list claims it first, by its header)
    assert any("Library opening hours extended" in s.text for s in removed)
    assert any("evening return trips" in s.text for s in spans)  # a comment between two headers


def test_menu_items_between_two_paragraphs_are_a_link_list():
    text = ("The museum reopened on Saturday after a renovation that took almost three years and cost "
            "far more than the city had planned when the work began in the spring of the first year, "
            "and the director said that the doors would stay open late on Fridays for the whole summer.\n"
            "Politics\nBusiness\nSport\nCulture\nTravel\n"
            "Visitors will find the collection rearranged by theme rather than by century, and the "
            "curators say the new order makes the story of the region much easier to follow for them, "
            "especially for the school classes that make up almost half of the museum's visitors.\n")
    removed = {text[f.start:f.end] for f in _findings(text)}
    assert removed == {"Politics\nBusiness\nSport\nCulture\nTravel"}


def test_hard_wrapped_paragraphs_are_one_block():
    para = ("The committee met for the third time this month to discuss the\n"
            "budget for the coming year, and members said that they expected\n"
            "to reach an agreement before the end of the week, although several\n"
            "questions about the cost of the new school remain open.\n")
    text = "Home\nNews\nSport\nWeather\n" + para + para.replace("committee", "council") + "Contact\nImprint\n"
    body = _body(text)
    assert "to reach an agreement before the end of the week" in body and "the council met" in body.lower()
    assert "Weather" not in body and "Imprint" not in body


# -- hard negatives: nothing may go --------------------------------------------------------------

CLEAN_EN = """The city council approved the new cycling plan on Monday after a long debate about parking.
Under the plan, twelve kilometres of protected lanes will be built over the next three years, most of them along the main roads that connect the suburbs with the centre.
Why it matters
Cycling has doubled in the city since 2019, but the number of accidents involving bicycles has grown even faster, according to figures the police published in January.
Costs
The council estimates the cost at 18 million euros, a third of which is expected to come from a national fund for sustainable transport.
Conclusion
Opponents said they would not challenge the decision in court.
"""

CLEAN_DE = """Die Gemeinde hat am Dienstag beschlossen, die Grundschule bis zum Herbst um vier Klassenräume zu erweitern.
Der Anbau soll aus Holz errichtet werden und nach Angaben der Verwaltung etwa 2,3 Millionen Euro kosten, die zum größten Teil aus einem Förderprogramm des Landes kommen.
Zeitplan
Die Bauarbeiten beginnen in den Osterferien, damit der Unterricht möglichst wenig gestört wird. Bis zur Fertigstellung werden zwei Klassen in Containern auf dem Schulhof unterrichtet.
"""

LISTING = """Latest stories
Rail strike called off after late-night talks
Unions and the operator reached an agreement shortly before midnight, ending a dispute that had threatened to halt trains for three days. Both sides said the deal…
New bridge opens to traffic a month early
The crossing, which links the two halves of the old town, was finished ahead of schedule thanks to a mild winter and a change in the way the steel sections were…
Farmers warn of poor harvest after dry spring
Growers across the region say yields of wheat and barley could fall by a fifth this year after the driest spring on record left the soil too hard to…
"""


@pytest.mark.parametrize("text", [CLEAN_EN, CLEAN_DE])
def test_clean_article_with_headings_loses_nothing(text):
    assert _findings(text) == []


def test_listing_teasers_stay():
    assert _findings(LISTING) == []
    without = tuple(r for r in DEFAULT_RULES if r.family != "dump")
    assert clean_text(LISTING, SETTINGS) == clean_text(LISTING, SETTINGS, rules=without)
    assert clean_text(LISTING, SETTINGS).kind == "listing"


def test_one_paragraph_page_is_not_judged():
    text = "Short note.\nThe meeting is moved to Thursday at ten because the room is booked on Wednesday.\n"
    assert _findings(text) == []


def test_page_without_running_text_is_left_alone():
    text = "Home\nNews\nSport\nContact\n"
    assert all(b.cls == GOOD for b in classify(TextView(text).lines()))


@pytest.mark.parametrize("lang, text", [
    ("fr", "Le conseil municipal a voté mardi soir le budget de la piscine, qui ouvrira en juin.\n\n"
           "Les travaux ont duré deux ans et la ville a reçu une aide de la région pour les vestiaires.\n\n"
           "Horaires\n\nLe bassin sera ouvert tous les jours sauf le lundi, de neuf heures à vingt heures."),
    ("de", "Die Gemeinde hat am Montag den neuen Radweg eröffnet, der die beiden Ortsteile verbindet.\n\n"
           "Der Bau hat ein Jahr gedauert und wurde zur Hälfte vom Land bezahlt, sagte die Bürgermeisterin.\n\n"
           "Kosten\n\nFür den Unterhalt ist in Zukunft der Kreis zuständig, nicht mehr die Gemeinde selbst."),
    (None, "Tokyo Osaka Kyoto\n\nNagoya Sapporo\n\nKobe Fukuoka Sendai"),
])
def test_block_density_counts_the_function_words_of_the_page_language(lang, text):
    # The per-line statistics count every list at once; each block's density must be read from the
    # page's own language's list (all lists together when the page has no guessable language).
    from ingest.rules.dump_blocks import _features, _tokens
    from ingest.rules.stopwords import ANY_LANGUAGE, STOPWORDS

    lines = TextView(text).lines()
    assert guess_language(t for ln in lines for t in _tokens(ln.text)) == lang
    stop = STOPWORDS[lang] if lang else ANY_LANGUAGE
    for block in _features(lines):
        toks = [t for ln in block.lines for t in _tokens(ln.text)]
        assert block.density == (sum(t in stop for t in toks) / len(toks) if toks else 0.0)


def test_guess_language_picks_the_page_language():
    assert guess_language("die stadt hat mit der schule und dem land ein neues haus für die kinder".split()) == "de"
    assert guess_language("le maire a dit que les travaux de la place sont pour les enfants et la ville".split()) == "fr"
    assert guess_language("в городе и на улице это было так же как и у нас не то что".split()) == "ru"
    assert guess_language(["tokyo", "osaka"]) is None


def test_dump_family_runs_on_text_dumps_only():
    assert any(r.family == "dump" for r in DEFAULT_RULES)
    assert not any(r.family == "dump" for r in HTML_TEXT_RULES)
    names = [r.family for r in DEFAULT_RULES]
    # listing before dump: teaser titles are claimed as titles before dump could judge them as short lines
    assert names.index("comments") < names.index("listing") < names.index("dump") < names.index("title")
