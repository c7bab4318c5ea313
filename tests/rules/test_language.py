"""detect_language answers only when it is sure: a weak guess is no language (None), never a wrong code."""
import pytest

from ingest.language import detect_language

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
