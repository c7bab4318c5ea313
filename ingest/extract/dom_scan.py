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
    bylines: list[HtmlElement] = field(default_factory=list)  # [@rel=author], [@itemprop=author], class ∋ author|byline
    tables: list[HtmlElement] = field(default_factory=list)
    title: HtmlElement | None = None


def scan_page(tree: HtmlElement) -> PageScan:
    s = PageScan()
    in_body = False
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):  # a comment, PI or entity that the parser kept
            continue
        if tag == "body":
            in_body = True  # the body itself is never a removable block
            continue
        keys = el.keys()
        if not keys:
            if tag in ("marquee", "aside"):
                s.embeds.append(el)
            elif tag == "table":
                s.tables.append(el)
            elif tag == "title" and s.title is None:
                s.title = el
            continue
        get = el.get
        cls = get("class")
        if tag == "meta":
            if get("content") is not None:
                s.meta.append(el)
        elif tag == "script":
            if get("type") == "application/ld+json":
                s.json_ld.append(el)
        elif tag == "link":
            if get("rel") is not None:
                s.links.append(el)
        elif tag == "table":
            s.tables.append(el)
        elif tag == "title":
            if s.title is None:
                s.title = el
        elif (tag == "blockquote" and cls is not None) or tag in ("marquee", "aside") \
                or (tag == "iframe" and (get("src") is not None or get("data-src") is not None)) \
                or (tag == "div" and cls is not None and "fb-" in cls and get("data-href") is not None):
            s.embeds.append(el)
        if (tag == "time" and get("datetime") is not None) or get("itemprop") in _DATE_PROPS:
            s.times.append(el)
        if get("rel") == "author" or get("itemprop") == "author" or \
                (cls is not None and ("author" in cls or "byline" in cls)):
            s.bylines.append(el)
        if in_body:
            ident = get("id")
            if cls is not None or ident is not None:
                attrs = f"{ident or ''} {cls or ''}".lower()
                if BLOCK_KEYWORD.search(attrs):
                    s.blocks.append((el, attrs))
    return s


def attached(elements: Iterable[HtmlElement], root: HtmlElement) -> Iterator[HtmlElement]:
    """The elements still in the page (no ancestor removed since the scan)."""
    for el in elements:
        if not is_detached(el, root):
            yield el


def is_detached(el: HtmlElement, root: HtmlElement) -> bool:
    """True when the element or an ancestor was removed: its topmost ancestor is not the page root.
    (`getroottree()` cannot tell: a removed element still belongs to the page's document.)"""
    top = el
    for top in el.iterancestors():
        pass
    return top is not root
