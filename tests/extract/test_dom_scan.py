"""The one-walk page scan finds what the equivalent XPath queries find, in the same order, and the
pre-pass reports a block inside an already removed block once (as part of the outer one)."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml.etree import XPath

from ingest.decode import decode_html
from ingest.extract.dom_parse import parse_html
from ingest.extract.dom_prepass import prepass
from ingest.extract.dom_scan import BLOCK_KEYWORD, attached, is_detached, scan_page

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "html"
EQUIVALENT_XPATH = {
    "embeds": "//blockquote[@class] | //iframe[@src or @data-src] | //div[@data-href][contains(@class,'fb-')]"
              " | //marquee | //aside",
    "json_ld": "//script[@type='application/ld+json']",
    "meta": "//meta[@content]",
    "links": "//link[@rel]",
    "times": "//time[@datetime] | //*[@itemprop='datePublished' or @itemprop='dateModified']",
    "bylines": "//*[@rel='author' or @itemprop='author' or contains(@class,'byline') or contains(@class,'author')]",
    "tables": "//table",
}
BUILT = ("<html><head><title>T</title><meta name='author' content='A. Writer'>"
         "<link rel='canonical' href='https://example.org/a'></head><body class='post'>"
         "<div id='main'><article><h1>Headline</h1><span class='byline'>By A. Writer</span>"
         "<time datetime='2025-03-04'>4 March</time><p>Body text of the article.</p>"
         "<blockquote class='twitter-tweet'><p>A post</p></blockquote>"
         "<table><tr><td>1</td><td>2</td></tr></table></article>"
         "<aside><h3>Related</h3><ul><li><a href='/b'>Other story</a></li></ul></aside>"
         "<div class='comments-section'><div class='comment'><span class='comment-author'>Reader</span>"
         "<div class='share-row'>Share</div><p>Nice piece.</p></div></div>"
         "<iframe src='https://www.youtube.com/embed/xyz'></iframe>"
         "<div class='fb-post' data-href='https://www.facebook.com/harbourtown/posts/1017'></div></div></body></html>")


def _pages() -> list:
    pages = [pytest.param(decode_html(p.read_bytes(), p.name), id=p.stem) for p in sorted(FIX.glob("*.html"))]
    return pages + [pytest.param(BUILT, id="built")]


@pytest.mark.parametrize("html", _pages())
def test_scan_lists_equal_the_xpath_results(html: str):
    tree = parse_html(html)
    scan = scan_page(tree)
    for name, query in EQUIVALENT_XPATH.items():
        assert getattr(scan, name) == XPath(query)(tree), name
    assert scan.title is tree.find(".//title")
    expected_blocks = [el for el in XPath("//body//*[@class or @id]")(tree)
                       if BLOCK_KEYWORD.search(f"{el.get('id') or ''} {el.get('class') or ''}".lower())]
    assert [el for el, _ in scan.blocks] == expected_blocks


def test_a_page_parsed_into_two_roots_is_scanned_whole():
    tree = parse_html("<html><head><title>A</title></head><body><p>" + "First part of the page. " * 12 + "</p>"
                      "</body></html><html><body><div class='share'>Share</div>"
                      "<time datetime='2025-05-06'>6 May</time><table><tr><td>x</td></tr></table></body></html>")
    scan = scan_page(tree)
    if len(scan.roots) < 2:
        pytest.skip("this libxml2 joins the two documents into one root")
    for name in ("times", "tables"):
        assert getattr(scan, name) == XPath(EQUIVALENT_XPATH[name])(tree)
    assert scan.times and not is_detached(scan.times[0], scan.roots)


def test_detached_means_an_ancestor_was_removed():
    tree = parse_html(BUILT)
    scan = scan_page(tree)
    section = next(el for el, attrs in scan.blocks if "comments-section" in attrs)
    inner = section.find(".//p")
    assert not is_detached(inner, scan.roots)
    section.drop_tree()
    assert is_detached(section, scan.roots) and is_detached(inner, scan.roots)
    assert all(b.get("class") != "comment-author" for b in attached(scan.bylines, scan))


def test_nested_blocks_are_reported_once_with_the_outer_block():
    tree = parse_html(BUILT)
    result = prepass(tree)
    rules = [r.rule for r in result.removed]
    assert rules.count("html_prepass.comment_section") == 1  # the inner .comment is part of it
    assert "html_prepass.share_row" not in rules  # the share row sat inside the removed comments
    comment = next(r for r in result.removed if r.rule == "html_prepass.comment_section")
    assert "Nice piece." in comment.text and "Share" in comment.text
    assert {e.data["embed"] for e in result.extracted} == {"twitter", "youtube", "facebook"}
    fb = next(e.data for e in result.extracted if e.data["embed"] == "facebook")
    assert fb["url"] == "https://www.facebook.com/harbourtown/posts/1017"
    assert "Other story" in next(r.text for r in result.removed if r.rule == "html_prepass.related_aside")
