"""detect_language answers only when it is sure: a weak guess is no language (None), never a wrong code."""
import pytest

from ingest.language import detect_language, identify_language, language_score
from ingest.rules.stopwords import LANGUAGES

from rules_support import PARAS


@pytest.mark.parametrize("text", [
    "Anna Berg, Jean Dupont, Olga Ivanova, Pedro Ruiz, Li Wei, Ahmed Khan, Yuki Sato, Maria Rossi",
    "AAPL MSFT GOOG AMZN TSLA NVDA META BRK JPM V JNJ WMT PG MA UNH HD DIS BAC",
    "Xqzt vlorp mekk dran ulvo presk wint gadd oomb fiska trell nub",
])
def test_names_symbols_and_gibberish_have_no_language(text):
    assert detect_language(text) is None


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "ru"])
def test_a_paragraph_has_its_language(lang):
    assert detect_language(" ".join(PARAS[lang])) == lang


def test_the_score_is_the_identifiers_whichever_path_names_the_language():
    for lang in ("en", "de", "fr", "es", "ru"):
        text = " ".join(PARAS[lang])
        guess = identify_language(text)
        assert guess is not None and guess.code == lang
        assert guess.score == language_score(text[:700], lang) and 0.5 <= guess.score <= 1
        assert identify_language(text) == guess  # deterministic
    assert identify_language("Anna Berg, Jean Dupont, Olga Ivanova, Pedro Ruiz, Li Wei, Ahmed Khan") is None


def test_every_function_word_language_is_known_to_the_identifier():
    # The quick path names a language py3langid must be able to score (else it falls back to py3langid).
    assert all(language_score("some text here", code) is not None for code in LANGUAGES)


def test_the_score_is_what_the_identifiers_public_ranking_gives():
    # language_score reads one column of py3langid's scores instead of sorting all of them (rank());
    # both must give the same number, for the page's language, a rival, an alias-merged code and
    # a code the identifier does not know.
    from ingest.language import _identifier, _rounded

    ident = _identifier()
    aliased = sorted({c for c in ident.nb_classes if ident.nb_classes.count(c) > 1})
    serbian = {  # one language, two scripts: two columns of the model that rank() merges into one
        "sr": "Градско веће је у уторак усвојило буџет за нови базен, који ће бити отворен у јуну. "
              "Радови су трајали две године, а град је добио помоћ покрајине за свлачионице.",
        "srl": "Gradsko veće je u utorak usvojilo budžet za novi bazen, koji će biti otvoren u junu. "
               "Radovi su trajali dve godine, a grad je dobio pomoć pokrajine za svlačionice.",
    }
    texts = [" ".join(PARAS[lang]) for lang in ("en", "de", "fr", "es", "ru")] + list(serbian.values())
    for text in texts:
        ranked = dict(ident.rank(text[:400]))
        for code in ("en", "de", "fr", "es", "ru", "it", "nl", *aliased, "xx"):
            expected = _rounded(ranked[code]) if code in ranked else None
            assert language_score(text, code) == expected, (text[:20], code)
