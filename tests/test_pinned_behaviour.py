"""Documented behaviours that a one-line change used to break without any test noticing (issue 15, item
5): each test here fails when its behaviour breaks (checked with bench/mutation_sample.py)."""
import random
from datetime import datetime, timezone

from lxml import html as lxml_html

from ingest.decode import decode_html
from ingest.extract.dom_prepass import prepass
from ingest.extract.dom_tables import unwrap_layout_tables
from ingest.dates import relative_date
from ingest.dedup import NearDuplicateIndex, shingles
from ingest.metadata import url_date
from ingest.rules.comments import CommentSection
from ingest.rules.base import TextView
from ingest.rules.engine import apply_rules

FETCHED = datetime(2025, 6, 10, 3, 30, tzinfo=timezone.utc)
PROSE = ("The regional council published its budget on Tuesday, with a larger share for school buildings "
         "and a smaller one for roads than in any of the last ten years, the finance office said.")


def test_yesterday_is_the_day_before_the_fetch_not_the_fetch_day():
    assert relative_date("yesterday", FETCHED) == "2025-06-09"
    assert relative_date("gestern", FETCHED) == "2025-06-09"


def test_n_hours_ago_counts_n_hours():
    assert relative_date("1 hour ago", FETCHED) == "2025-06-10"
    assert relative_date("5 hours ago", FETCHED) == "2025-06-09"  # crosses midnight
    assert relative_date("3 days ago", FETCHED) == "2025-06-07"


def test_url_dates_are_read_with_their_month_and_day():
    assert url_date("https://news.example.org/2025/03/14/budget-vote") == "2025-03-14"
    assert url_date("https://news.example.org/politics/20241102-election.html") == "2024-11-02"
    assert url_date("https://news.example.org/2025/11/27/ferry-timetable") == "2025-11-27"  # a day past the 19th
    assert url_date("https://news.example.org/local/20250930-harbour.html") == "2025-09-30"
    assert url_date("https://news.example.org/about/team") is None


def _section(lines: list[str]) -> list[str]:
    view = TextView("\n".join(lines) + "\n")
    return [s.reason for s in apply_rules(view, (CommentSection(),)).removed]


def test_a_comment_header_only_starts_a_section_at_the_tail():
    head = [PROSE, "", PROSE.replace("Tuesday", "Monday"), ""]
    tail = ["3 comments", "", "Anna says:", "Great reporting.", "", "Tom says:", "Thanks for this."]
    assert _section(head * 3 + tail) == ["comment_section"]
    # the same header near the top, with most of the article below it, is not a comment section
    assert _section(head + ["3 comments", ""] + head * 4) == []


def test_the_prepass_never_removes_an_article_or_its_headline():
    page = lxml_html.fromstring(
        "<html><body><div class='share-tools'><article><h1>Budget passed</h1><p>" + PROSE + "</p></article></div>"
        "<div class='share-tools'><a href='#'>Share</a></div></body></html>")
    result = prepass(page)
    assert page.xpath("//article") and page.xpath("//h1")
    assert [s.text for s in result.removed] == ["Share"]


def test_a_declared_charset_is_used_when_the_bytes_are_not_utf8():
    page = ("<html><head><meta charset='iso-8859-15'></head><body><p>Le billet coûte 12 € à la gare, "
            "et 10 € en ligne.</p></body></html>").encode("iso-8859-15")
    assert "12 €" in decode_html(page, "fr.html")


def test_a_page_declaring_latin1_is_read_as_windows_1252():
    """As browsers do (WHATWG): the quotes, dash and euro sign of cp1252 bytes 0x80-0x9F survive, and the
    accents are not taken for another code page's letters (a detector alone reads this page as cp1250)."""
    text = ("Le maire a dit : “nous ouvrirons la bibliothèque le dimanche” – une première pour la ville, "
            "qui coûte 12 € par an.")
    for label in ("iso-8859-1", "latin1"):
        page = f"<html><head><meta charset='{label}'></head><body><p>{text}</p></body></html>".encode("cp1252")
        assert text in decode_html(page, "fr.html")


def test_layout_tables_are_unwrapped_and_data_tables_kept():
    tree = lxml_html.fromstring("<html><body><table><tr><td><p>" + PROSE + "</p></td><td>menu</td></tr></table>"
                                "<table><tr><th>Year</th><th>Budget</th></tr><tr><td>2024</td><td>1.2</td></tr>"
                                "<tr><td>2025</td><td>1.4</td></tr></table></body></html>")
    assert unwrap_layout_tables(tree) == 1
    assert len(tree.xpath("//table")) == 1 and tree.xpath("//table//th")


def test_the_prepass_never_removes_an_article_element_itself():
    page = lxml_html.fromstring("<html><body><main class='share-tools'><p>" + PROSE + "</p></main>"
                                "<article class='share-tools'><p>" + PROSE + "</p></article></body></html>")
    prepass(page)
    assert page.xpath("//article") and page.xpath("//main")


def _text_pairs(shared: int, own_a: int, own_b: int, n: int, seed: int) -> list[tuple[str, str]]:
    """n pairs of texts sharing one run of `shared` words, each with its own words too (a random
    vocabulary, so only the shared run makes common 5-word shingles)."""
    rnd = random.Random(seed)
    vocab = [f"w{i}" for i in range(5000)]

    def words(k: int) -> list[str]:
        return [rnd.choice(vocab) for _ in range(k)]

    out = []
    for _ in range(n):
        common = words(shared)
        out.append((" ".join(common + words(own_a)), " ".join(words(own_b) + common)))
    return out


def _linked(pairs: list[tuple[str, str]]) -> int:
    count = 0
    for a, b in pairs:
        index = NearDuplicateIndex()
        index.add("a", a)
        count += bool(index.add("b", b))
    return count


def test_texts_sharing_about_half_their_wording_are_not_near_duplicates():
    # containment 0.55 and Jaccard 0.38: under both thresholds, however often LSH offers the pair
    pairs = _text_pairs(57, 43, 43, 12, seed=1)
    a, b = shingles(pairs[0][0]), shingles(pairs[0][1])
    assert len(a & b) / min(len(a), len(b)) < 0.56 and len(a & b) / len(a | b) < 0.39
    assert _linked(pairs) == 0


def test_a_shorter_copy_mostly_inside_a_longer_text_is_a_near_duplicate():
    # 91 % of the shorter text's shingles are in the longer one (Jaccard 0.47): containment links them.
    # LSH is probabilistic (it offers such a pair about half the time), so of 12 pairs some are missed.
    pairs = _text_pairs(46, 4, 44, 12, seed=2)
    a, b = shingles(pairs[0][0]), shingles(pairs[0][1])
    assert len(a & b) / len(a | b) < 0.47 and len(a & b) / min(len(a), len(b)) > 0.91
    assert _linked(pairs) >= 4
