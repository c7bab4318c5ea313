"""One walk over the parsed page that collects every element the pre-pass, the metadata readers and
the table unwrapper look at.

Each XPath `//…` is a walk of the whole tree of its own, 0.1–0.8 ms on a news page (a `contains()`
on every element's class is the slow kind); the pre-pass, the metadata readers and the tables used
eight of them. One Python walk that sorts elements into lists costs about as much as two. Lists are
in document order, like XPath results. The pre-pass removes blocks afterwards, so readers that run
after it take `attached(...)` of a list (a removed comment's byline is not the page's byline).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from lxml.html import HtmlElement

# id/class keywords of the non-article blocks the pre-pass knows (dom_prepass.SHAPES decides).
BLOCK_KEYWORD = re.compile(
    "comment|disqus|dsq|respond|cookie|consent|gdpr|onetrust|cc-|cmp|share|sharing|addthis|a2a|social|"
    "newsletter|subscribe|signup|optin|opt-in|mailing|related|more|recommended|also|outbrain|taboola|"
    "popular|trending|ob-|ticker|stock|market|quote")
_DATE_PROPS = frozenset({"datePublished", "dateModified"})
_PLAIN_ROLES = frozenset({"table", "title", "body", "marquee", "aside", "h1"})  # a role by tag alone
_HEAD_ROLES = frozenset({"meta", "script", "link"})


@dataclass(slots=True)
class PageScan:
    """The elements of interest of one page, by role, in document order."""

    embeds: list[HtmlElement] = field(default_factory=list)  # blockquote[@class], iframe[@src|@data-src],
    # div.fb-*[@data-href], marquee, aside
    blocks: list[tuple[HtmlElement, str]] = field(default_factory=list)  # body elements whose lowercased
    # "id class" holds a BLOCK_KEYWORD, with that string
    json_ld: list[HtmlElement] = field(default_factory=list)  # script[@type='application/ld+json']
    meta: list[HtmlElement] = field(default_factory=list)  # meta[@content]
    links: list[HtmlElement] = field(default_factory=list)  # link[@rel]
    times: list[HtmlElement] = field(default_factory=list)  # time[@datetime], [@itemprop=datePublished|dateModified]
    bylines: list[HtmlElement] = field(default_factory=list)  # [@rel=author], [@itemprop=author], class ∋ author|byline,
    # a[@href ∋ /author]
    tables: list[HtmlElement] = field(default_factory=list)
    headings: list[HtmlElement] = field(default_factory=list)  # <h1> elements (the visible headline candidates)
    title: HtmlElement | None = None  # the document's first <title>
    roots: tuple[HtmlElement, ...] = ()  # the document's top-level elements (broken pages have several)


def scan_page(tree: HtmlElement) -> PageScan:
    """Walk every top-level element's subtree once, sorting elements into the roles above."""
    s = PageScan(roots=top_level(tree))
    embeds, blocks, times, bylines, tables = s.embeds, s.blocks, s.times, s.bylines, s.tables
    for root in s.roots:
        in_body = False
        for el in root.iter():
            tag = el.tag
            if tag in _PLAIN_ROLES:
                if tag == "table":
                    tables.append(el)
                elif tag == "title":
                    if s.title is None:
                        s.title = el
                elif tag == "body":
                    in_body = True  # the body itself is never a removable block
                    continue
                elif tag == "h1":
                    s.headings.append(el)
                else:  # marquee, aside
                    embeds.append(el)
            elif not isinstance(tag, str):  # a comment, PI or entity that the parser kept
                continue
            items = el.items()
            if not items:
                continue
            a = dict(items)
            cls = a.get("class")
            if tag in _HEAD_ROLES:
                if tag == "meta":
                    if "content" in a:
                        s.meta.append(el)
                elif tag == "script":
                    if a.get("type") == "application/ld+json":
                        s.json_ld.append(el)
                elif "rel" in a:  # link
                    s.links.append(el)
            elif (tag == "blockquote" and cls is not None) \
                    or (tag == "iframe" and ("src" in a or "data-src" in a)) \
                    or (tag == "div" and cls is not None and "fb-" in cls and "data-href" in a):
                embeds.append(el)
            itemprop = a.get("itemprop")
            if (tag == "time" and "datetime" in a) or itemprop in _DATE_PROPS:
                times.append(el)
            if itemprop == "author" or a.get("rel") == "author" or \
                    (cls is not None and ("author" in cls or "byline" in cls)) or \
                    (tag == "a" and "/aut" in (a.get("href") or "")):
                bylines.append(el)
            if in_body:
                ident = a.get("id")
                if cls is not None or ident is not None:
                    attrs = f"{ident or ''} {cls or ''}".lower()
                    if BLOCK_KEYWORD.search(attrs):
                        blocks.append((el, attrs))
    return s


def top_level(tree: HtmlElement) -> tuple[HtmlElement, ...]:
    """The document's top-level elements: the root, and on pages libxml2 parses into several roots
    (a second `<html>` after the first) the others too, which XPath `//` sees and `iter()` does not."""
    return (*reversed(list(tree.itersiblings(preceding=True))), tree, *tree.itersiblings())


def attached(elements: Iterable[HtmlElement], scan: PageScan) -> Iterator[HtmlElement]:
    """The elements still in the page (no ancestor removed since the scan)."""
    for el in elements:
        if not is_detached(el, scan.roots):
            yield el


def is_detached(el: HtmlElement, roots: tuple[HtmlElement, ...]) -> bool:
    """True when the element or an ancestor was removed: its topmost ancestor is not one of the
    document's top-level elements. (`getroottree()` cannot tell: a removed element still belongs
    to the page's document.)"""
    top = el
    for top in el.iterancestors():
        pass
    return not any(top is root for root in roots)
