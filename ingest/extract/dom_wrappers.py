"""Chrome elements that swallowed the page: unwrapped before anything judges the tree.

An unclosed `<aside>` of a newsletter pop-up, a theme that opens `<header>` or `<footer>` and never
closes it: the parser nests the rest of the page, article included, inside that element. Every later
step drops `header`, `footer`, `nav` and `aside` by tag (the extractor, the wide text), and their class
tokens (`Popup-Newsletter`, `site-header`) read as boilerplate, so the page comes out empty or as its
sidebar. Such an element is recognisable without a site's strings: it holds the
page's headline or an `<article>`, and most of the page's prose. It becomes a plain `<div>` without
its id and class (recorded as a Note, with what it was), so the page's own blocks are judged on
their own.

A `<nav>` that swallowed the page is left alone: turned into a block, its own menu comes into the
text with the article (WCXB-dev: two pages lower, against four higher).

Hard negatives: a site header whose `<h1>` is the logo, a footer with a long "about us" paragraph,
an `<aside>` of related stories: none holds most of the page's prose, and they stay as they are.
"""
from __future__ import annotations

from lxml.etree import XPath
from lxml.html import HtmlElement

from ..records import Note
from .dom_prepass import prose_chars

# Chrome that holds the page's headline or an article: the candidates (outermost first, document order).
_HOLDS_PAGE = XPath("boolean(self::h1 or self::article or .//h1 or .//article or .//*[@itemprop='articleBody'])")
_SWALLOWING = XPath("//*[self::aside or self::header or self::footer]"
                    "[.//h1 or .//article or .//*[@itemprop='articleBody']]")
# It holds at least this share of the page's prose: the page is inside it (a site header's logo `<h1>`
# comes with a tagline at most; a footer's "about us" is a paragraph among the article's many).
MOST_OF_THE_PROSE = 0.5
MIN_PROSE_CHARS = 400  # less prose than this on the whole page: nothing to rescue, nothing is changed


def unwrap_swallowing_chrome(tree: HtmlElement, notes: list[Note]) -> int:
    """Turn each chrome element that holds the page (see module doc) into a plain `<div>` without its
    id, class and role, in place; returns how many were unwrapped."""
    candidates = _SWALLOWING(tree)
    if not candidates:
        return 0
    body = tree.find("body")
    page = prose_chars(body if body is not None else tree)
    if page < MIN_PROSE_CHARS:
        return 0
    count = 0
    for el in candidates:
        mine = prose_chars(el)
        if mine < MOST_OF_THE_PROSE * page:
            continue
        what = f"<{el.tag}" + "".join(f" {k}='{el.get(k)[:40]}'" for k in ("id", "class") if el.get(k)) + ">"
        el.tag = "div"
        for name in ("id", "class", "role"):
            el.attrib.pop(name, None)
        notes.append(Note("dom_wrappers", "chrome_unwrapped", f"{what} held the page's headline and {mine} of its "
                          f"{page} characters of prose: turned into a plain block before extraction"))
        count += 1
    return count

