"""normalize: mojibake repaired (cp1252, latin-1, cp1251 readings of UTF-8), invisibles dropped, quotes kept."""
import pytest
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize import may_be_mojibake, repair
from rules_support import PARAS

SAMPLES = [PARAS["fr"][0], PARAS["de"][0], PARAS["es"][0], PARAS["ru"][0],
           "L’été “chaud” — déjà vu, naïve café.", "Україна: від Києва до Львова."]


@pytest.mark.parametrize("codec", ["cp1252", "latin-1", "cp1251"])
@pytest.mark.parametrize("text", SAMPLES)
def test_utf8_read_in_a_legacy_code_page_is_repaired(codec, text):
    if codec == "cp1251" and not any("а" <= c.lower() <= "я" or c in "іїєґ" for c in text):
        pytest.skip("ftfy repairs the cp1251 reading of Cyrillic text only (Latin read as cp1251 stays broken)")
    broken = text.encode("utf-8").decode(codec, errors="replace")
    if "\ufffd" in broken:  # bytes the code page does not define are lost for good
        pytest.skip("unrecoverable in this code page")
    assert may_be_mojibake(broken)
    assert repair(broken) == text


@pytest.mark.parametrize("text", SAMPLES + PARAS["zh"] + PARAS["ja"] + PARAS["ar"])
def test_clean_text_is_left_alone(text):
    assert not may_be_mojibake(text)
    assert repair(text) == text


def test_curly_quotes_are_kept_and_invisibles_dropped():
    assert repair("“Quoted” it’s\u200b fine\u00ad here &amp; there") == "“Quoted” it’s fine here & there"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_the_gate_never_hides_what_ftfy_would_repair(text):
    """Whenever ftfy sees UTF-8 mojibake of a text, the cheap gate sees it too."""
    for codec in ("cp1252", "latin-1", "cp1251"):
        try:
            broken = text.encode("utf-8").decode(codec)
        except UnicodeDecodeError:
            continue
        if is_bad(broken):
            assert may_be_mojibake(broken), (codec, broken)


def test_word_count_counts_whitespace_tokens_and_cjk_characters():
    from ingest.normalize import word_count

    assert word_count("The ferry runs later from Monday.") == 6
    assert word_count("") == 0
    assert word_count("老城区供水管网") == 7  # no spaces in CJK text: each character is a word
    assert word_count("Die Stadt 改造 plant") == 5


def test_doubly_escaped_entities_are_unescaped():
    """Scraped text escaped twice ("&amp;eacute;") reads as the character, not as an entity name."""
    assert repair("Le caf&amp;eacute; ouvre &amp;agrave; huit heures.") == "Le café ouvre à huit heures."
    assert repair("Fish &amp;amp; chips") == "Fish & chips"
    assert repair("Tom &amp; Jerry") == "Tom & Jerry"
