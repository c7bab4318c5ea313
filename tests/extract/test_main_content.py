"""The main-content stage gives exactly trafilatura's answer, with or without the readability shortcut.

Pages: our HTML fixtures, pages built here to reach each branch of the cascade (boilerplate-heavy,
forum thread, text in bare divs, table-only body, no text at all), and, where
../shared/eval is beside this checkout, the first pages of the l3s-gn1 development set.
"""
from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import pytest
import trafilatura
from lxml.etree import tostring
from trafilatura.external import try_readability
from trafilatura.utils import trim

from ingest.decode import decode_html
from ingest.extract.dom_parse import parse_html
from ingest.extract.main_content import (EXTRACT_OPTIONS, _readability_may_win, visible_text_bound,
                                         extract_text)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html"))
L3S = ROOT.parent / "shared" / "eval" / "extraction" / "l3s-gn1" / "html"
_PLACES = ["the north quay", "the island school", "the old market", "the fish auction", "the lighthouse",
           "the ferry office", "the boatyard", "the customs house", "the west pier", "the town hall"]


def _para(i: int) -> str:
    """A distinct paragraph (trafilatura drops repeated text, so test paragraphs must differ)."""
    a, b = _PLACES[i % 10], _PLACES[(i * 3 + 1) % 10]
    return (f"Paragraph {i}: residents near {a} asked whether the timetable change would also affect {b}, "
            f"and officials promised a written answer within {i + 2} weeks, after talks with {a}. ")


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Test page</title>{head}</head><body>{body}</body></html>"


BUILT = {
    "clean_article": _page("<article><h1>Ferries</h1>" + "".join(f"<p>{_para(i)}{_para(i + 20)}</p>" for i in range(6)) + "</article>"),
    "boilerplate_heavy": _page(
        "<nav>" + "".join(f"<a href='/s{i}'>Section number {i} of the site</a> " for i in range(120)) + "</nav>"
        "<div class='content'>" + "".join(f"<p>{_para(i)}</p>" for i in range(3)) + "</div>"
        "<div class='footer'>" + " ".join(f"Footer link {i} about the company" for i in range(150)) + "</div>"),
    "forum_thread": _page(
        "<div class='comments'>" + "".join(f"<div class='comment'><p>Post {i}: {_para(i)}</p></div>" for i in range(4))
        + "</div>",
        head='<script type="application/ld+json">{"@type": "DiscussionForumPosting", "headline": "Ferries"}</script>'),
    "text_in_bare_divs": _page("<div><span>Ferries start in spring.</span></div>"
                             + "<div>" + "".join(f"<div>{_para(i)}</div>" for i in range(8)) + "</div>"),
    "table_body": _page("<table>" + "".join(f"<tr><td>Route {i}</td><td>{_para(i)}</td></tr>" for i in range(6))
                        + "</table>"),
    "script_heavy": _page("<script>" + "var x = 'lots of script text';" * 400 + "</script>"
                          + "".join(f"<p>{_para(i)}</p>" for i in range(4))),
    "no_text": _page("<div><img src='a.png'></div>"),
}


def _l3s_pages(limit: int = 40) -> list[Path]:
    return sorted(L3S.glob("*.html"))[:limit] if L3S.is_dir() else []


def _tree(html: str):
    tree = parse_html(html)
    assert tree is not None
    return tree


def _cases() -> list:
    cases = [pytest.param(p.read_bytes(), id=p.stem) for p in FIXTURES]
    cases += [pytest.param(html.encode(), id=name) for name, html in BUILT.items()]
    return cases


def _same_as_trafilatura(content: bytes) -> None:
    tree = _tree(decode_html(content, "test"))
    expected = trafilatura.extract(deepcopy(tree), **EXTRACT_OPTIONS) or ""
    assert extract_text(deepcopy(tree), skip_hopeless_readability=False) == expected
    assert extract_text(deepcopy(tree)) == expected


@pytest.mark.parametrize("content", _cases())
def test_identical_to_trafilatura_extract(content: bytes):
    _same_as_trafilatura(content)


@pytest.mark.skipif(not _l3s_pages(), reason="../shared/eval/extraction/l3s-gn1 is not beside this checkout")
def test_identical_to_trafilatura_extract_on_real_news_pages():
    for path in _l3s_pages():
        _same_as_trafilatura(path.read_bytes())


def test_readability_is_skipped_only_where_it_cannot_win():
    clean = _tree(BUILT["clean_article"])
    heavy = _tree(BUILT["boilerplate_heavy"])
    assert extract_text(deepcopy(clean))  # sanity: there is an article
    from trafilatura.main_extractor import extract_content
    from trafilatura.settings import Extractor

    options = Extractor(comments=False)
    for tree, may_win in ((clean, False), (heavy, True)):
        body, text = extract_content(deepcopy(tree), options)
        assert _readability_may_win(tree, body, len(text), options) is may_win


@pytest.mark.parametrize("content", [*(c.values[0] for c in _cases()), *(p.read_bytes() for p in _l3s_pages(20))])
def testvisible_text_bound_is_never_below_readabilitys_text(content: bytes):
    tree = _tree(decode_html(content, "test"))
    readability = trim(tostring(try_readability(deepcopy(tree)), method="text", encoding="utf-8").decode("utf-8"))
    assert len(readability) <= visible_text_bound(tree)


def test_script_text_does_not_count_towards_the_bound():
    tree = _tree(BUILT["script_heavy"])
    assert visible_text_bound(tree) < sum(len(_para(i)) for i in range(4)) + 200
