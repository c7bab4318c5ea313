"""features.may_hold_date is a prefilter: it may say yes to a line without a date, never no to one with."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.dates import MONTHS, find_dates, parse_date_line
from ingest.rules.features import is_prose, may_hold_date
from ingest.rules.page_chrome import ui_keys
from ingest.rules.vocabulary import ui_key, ui_key_without_count

# Pieces every date form is built from, in several languages and cases, plus noise around them.
PIECES = st.sampled_from([
    *sorted(MONTHS)[::3], "NOV", "Mär", "ДЕКАБРЯ", "MAYIS", "Monday", "mardi", "среда", "de", "DE", "th", "er", "º",
    "1", "05", "27", "3rd", "12", "2025", "1999", "-", ".", "/", "年", "月", "日", " ", "  ", "\t", ",", "г.",
    "at", "10:30", "am", "Uhr", "Published", "user12", "says:", "ſt", "ı", "İ", "\u00a0", "\u3000", "٣",
])
LINE = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=10).map("".join)
PROPS = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(LINE)
def test_every_line_holding_a_date_passes_the_prefilter(text):
    if find_dates(text):
        assert may_hold_date(text), text


def test_each_date_form_passes_and_plain_short_lines_do_not():
    dated = ["2025-11-27", "27.11.2025", "12/03/2025", "2025年11月27日", "Nov 26", "Wednesday, November 26, 2025",
             "27 ноября 2025 г.", "5 de marzo de 2025", "4. März 2025", "3rd Jan", "le 4 mars 2025", "MAR 3", "5 de marzo", "27 ноября", "1er mai"]
    for text in dated:
        assert parse_date_line(text) is not None, text
        assert may_hold_date(text), text
    for text in ["user12345 says:", "Great post!", "42 comments", "Reply", "+1", "Nr.7"]:
        assert not find_dates(text)
        assert not may_hold_date(text), text


UI_PIECES = st.sampled_from(["Comments", "Kommentare", " ", "(12)", "[3]", "12", "٣", ")", "]", "(", "•", "»", ":",
                             "Share", "|", "\u00a0", "Read more", "x", "Ⅻ", "²", "\t"])


@PROPS
@given(st.lists(st.one_of(UI_PIECES, st.text(max_size=3)), max_size=8).map("".join))
def test_ui_keys_are_the_vocabulary_keys(text):
    """page_chrome.ui_keys skips the count pattern where it cannot match: the keys stay the vocabulary's."""
    assert ui_keys(text) == (ui_key(text), ui_key_without_count(text))


def test_a_short_line_is_never_prose_however_many_words_it_has():
    """Under 40 characters a line is a heading, a caption or a comment stub, even when it holds ten small
    words and a full stop; the same words at a reader's length are prose."""
    short = ["It is not as if we had a say in it.", "Er ist da, wo er war, und so ist es.",
             "Il a vu ce qu'il a vu, et il en a ri.", "Y no es que lo sea, ni que lo fue."]
    for line in short:
        assert len(line) < 40 and len(line.split()) >= 10
        assert not is_prose(line), line
    for line in short:
        longer = line[:-1] + ", said the harbour master on Monday."
        assert is_prose(longer), longer


def test_cjk_prose_needs_a_sentence_end():
    """CJK text has no spaces to count words by: a long line is prose only when it ends like a sentence
    (a long CJK menu or headline line does not)."""
    sentence = "市政府周一宣布，将在明年春天之前完成老城区供水管网的改造工程，预计惠及超过十万名居民，工程将分三期进行。"
    assert len(sentence) >= 40 and is_prose(sentence)
    assert not is_prose(sentence.rstrip("。"))
    menu = "首页 新闻 国际 国内 财经 体育 娱乐 科技 汽车 房产 教育 健康 旅游 文化 读书 视频 图片 专题 评论 论坛 博客"
    assert len(menu) >= 40 and not is_prose(menu)
