"""The page's visible text, block by block, outside its chrome: what the HTML path falls back to when
the extractor kept only a small part of a page made of many short sections.

trafilatura looks for one main stretch of prose. On listings, catalogues, service and forum pages
the content is many sibling sections (cards, offers, posts), and it keeps one of them or a heading:
on WCXB-dev a page it covers at under a fifth of the visible text loses most of its gold words.
There the wide text (everything visible except navigation, headers, footers, forms and blocks
named as chrome) goes through the same text rules as an extraction would, and the page keeps its
sections; the rules remove the chrome lines left in (menus, prompts, share rows, teasers' furniture).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from lxml import etree
from lxml.html import HtmlElement

# Elements that are never a page's content, whatever their class says.
CHROME_TAGS = frozenset({"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                         "form", "fieldset", "label", "input", "textarea", "button", "select", "option", "svg", "iframe", "object", "dialog", "head",
                         "title", "meta", "link"})
# Elements that start a new line of text (the rest are inline; table cells are spaced).
BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
                        "section", "article", "main", "blockquote", "pre", "table", "tr",
                        "figcaption", "figure", "br", "hr", "address", "summary", "details"})
_CELL_TAGS = frozenset({"td", "th"})
# id/class words of page chrome: a whole word of the attribute ("site-nav", "cookie_banner"), not a
# substring ("navy", "headerless" stay).
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menubar|megamenu|breadcrumbs?|masthead|site-header|"
    r"footer|cookies?|consent|gdpr|sidebar|skip-link|offcanvas|modal|popup|newsletter|subscribe|"
    r"share|sharing|social|related|recommended|recommendations|promo|advert|advertisement|ads|ad-slot|sponsored|"
    r"banner|search|searchbox|login|signin|signup|pagination|pager|toolbar|widget|widgets)(?:$|[\s_-])", re.I)


@dataclass(frozen=True, slots=True)
class WideText:
    """The wide text of a page and its word count (the coverage test needs both)."""

    text: str
    words: int


def wide_text(tree: HtmlElement) -> WideText:
    """Every visible text line of `tree` outside chrome elements, in document order."""
    body = tree.find(".//body")
    text = visible_lines(tree if body is None else body, lambda el: el.tag in CHROME_TAGS or _is_chrome(el))
    return WideText(text, len(text.split()))


def visible_lines(root, skip: Callable[[HtmlElement], bool], *, root_tail: bool = True) -> str:
    """The text of `root`, a line per block element, table cells spaced, whitespace collapsed, the
    subtrees `skip` names left out (their tails kept); `root_tail`: the text after root's end tag too.
    An iterative walk: a page of 100k nested elements must not exhaust the stack."""
    parts: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tail = el.tail if el.tail and (root_tail or el is not root) else None
        if event in ("comment", "pi"):  # not text, but their tail is
            if tail:
                parts.append(tail)
        elif event == "start":
            if skip(el):
                walker.skip_subtree()  # no "end" event follows: the tail is written here
                if tail:
                    parts.append(tail)
                continue
            if el.tag in BLOCK_TAGS:
                parts.append("\n")
            if el.text:
                parts.append(el.text)
        else:
            parts.append("\n" if el.tag in BLOCK_TAGS else " " if el.tag in _CELL_TAGS else "")
            if tail:
                parts.append(tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _is_chrome(el: HtmlElement) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    role = el.get("role")
    if role in ("navigation", "banner", "contentinfo", "search", "dialog"):
        return True
    names = f"{el.get('id') or ''} {el.get('class') or ''}"
    return bool(names.strip()) and _CHROME_NAME.search(names) is not None
