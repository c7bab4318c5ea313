"""Layout tables → plain blocks, so the extractor judges their cells as page regions, not as data.

Older and template-built pages lay the whole page out with `<table>`: navigation rows, the article
cell and the sidebar are cells of one table. trafilatura keeps a table it extracts whole and writes
it as `| cell | cell |` rows, so a layout table drags its navigation and footers into the text (and
without tables the article cell is lost). A table is layout when a cell holds block content
(paragraphs, lists, headings, other tables, forms), a long run of text, or the table has a single row;
its table/row/cell elements become `<div>`s and the extractor's own boilerplate scoring applies.

Unwrapping changes the tree the extractor judges, so it is recorded (a Note) and checked: the longest
paragraph of the unwrapped tables must reach the extracted text. When it does not (the extractor
picked another region, e.g. a subscription box instead of a product description), the page is
extracted again from the tree as it was, and kept that way when that text holds the paragraph
(extract/html.py does this with `longest_block` and `holds_block`).

Hard negative: a data table (rows of short cells: results, prices, schedules) keeps its markup and
is extracted as a table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from lxml.etree import XPath
from lxml.html import HtmlElement

_LONG_CELL = 300  # characters: a data cell is a value or a phrase, not a paragraph
# Layout: a single row, block content in a cell, or a paragraph-long cell (the last as one XPath in C).
_LONG = XPath(f"boolean(.//td[string-length(.) > {_LONG_CELL}] | .//th[string-length(.) > {_LONG_CELL}])")
_WRAPPERS = frozenset({"tbody", "thead", "tfoot"})
_CELLS = frozenset({"tr", "td", "th", "caption"})


_BLOCKS = ("p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "blockquote", "form", "article")


def is_layout_table(table: HtmlElement) -> bool:
    """Cheap checks first, each stopping at its first hit (nested tables made one XPath quadratic)."""
    rows = 0
    for _ in table.iter("tr"):
        rows += 1
        if rows > 1:
            break
    if rows <= 1:
        return True
    for el in table.iterdescendants(*_BLOCKS):
        for anc in el.iterancestors():
            if anc is table:
                break
            if anc.tag == "td":
                return True
    return bool(_LONG(table))


def layout_tables(tree: HtmlElement, tables: Iterable[HtmlElement] | None = None) -> list[HtmlElement]:
    """The page's layout tables, innermost first. `tables`: the page's tables in document order when
    already collected (see dom_scan.py)."""
    return [t for t in reversed(list(tree.iter("table") if tables is None else tables)) if is_layout_table(t)]


def unwrap_layout_tables(tree: HtmlElement, tables: Iterable[HtmlElement] | None = None) -> int:
    """Turn every layout table (innermost first) into divs, in place; return how many."""
    return unwrap(layout_tables(tree, tables))


def unwrap(layout: list[HtmlElement]) -> int:
    """Turn these layout tables (innermost first, see layout_tables) into divs, in place."""
    count = 0
    for table in layout:
        for el in [e for e in table.iter(*_WRAPPERS, *_CELLS) if _owner(e) is table]:
            if el.tag in _WRAPPERS:
                el.drop_tag()
            else:
                el.tag = "div"
        table.tag = "div"
        count += 1
    return count


def _owner(el: HtmlElement) -> HtmlElement | None:
    """The table a row or cell belongs to (its nearest table ancestor; a nested data table keeps its own)."""
    for anc in el.iterancestors("table"):
        return anc
    return None


_BLOCK_MIN_CHARS = 200  # a shorter longest paragraph is no evidence of where the content is
_PROBE_WORDS = 8  # consecutive words of the block that must appear in the extracted text
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Block:
    """The tables' longest paragraph and the words just outside its table, read before unwrapping:
    where the extracted text holds neither, the extractor took another region of the page and the
    paragraph was never in play (a site blurb, comment rules), so no revert is tried."""

    text: str
    before: str  # the last _EDGE_WORDS words before the block's table ('' at the page start)
    after: str  # the first _EDGE_WORDS words after it


def longest_block(layout: list[HtmlElement]) -> str:
    """The text of longest_paragraph(layout), '' when there is none."""
    block = longest_paragraph(layout)
    return block.text if block else ""


def longest_paragraph(layout: list[HtmlElement]) -> Block | None:
    """The paragraph (a `<p>`, or a cell without block content; not a teaser) with the most text
    outside links inside these tables, None when none has _BLOCK_MIN_CHARS. Read before unwrapping.
    Script, style and form-control text is no paragraph: 2008 news pages put ad scripts and
    section menus in cells, and taking one for the block made 40 of 150 L3S pages extract twice
    (html.py) for nothing."""
    best, best_el, best_len = "", None, 0
    members = set(layout)
    for table in layout:
        if any(anc in members for anc in table.iterancestors("table")):
            continue  # a nested layout table's cells are walked with its outermost one
        for el in table.iter("p", "td", "th"):
            if el.tag != "p" and next(el.iterdescendants(*_BLOCKS), None) is not None:
                continue
            if len(el.text_content()) < max(best_len, _BLOCK_MIN_CHARS):
                continue  # its raw text bounds its visible text: it cannot be the block
            if _is_teaser(el):
                continue
            text = _visible_text(el)
            if len(text) <= best_len:  # link text only lowers the count: it cannot beat the best
                continue
            own = _longest_line(el) if next(el.iter("br"), None) is not None else \
                len(text) - sum(len(_visible_text(a)) for a in el.iter("a"))
            if own > best_len:
                best, best_el, best_len = text, el, own
    if best_el is None or best_len < _BLOCK_MIN_CHARS:
        return None
    table = next(best_el.iterancestors("table"))
    return Block(best, _edge_words(_BEFORE(table), last=True), _edge_words(_AFTER(table), last=False))


_INVISIBLE = ("script", "style", "noscript", "template", "select", "textarea")
_VISIBLE = " or ".join(f"ancestor::{t}" for t in _INVISIBLE)
_VISIBLE_TEXT = XPath(f".//text()[not({_VISIBLE})]")
_CONTEXT_NODES = 40  # text nodes looked at on each side: enough for _EDGE_WORDS words past empty ones
# Words kept on each side of the table; any _PROBE_WORDS of them in a row must be in the text. Wider
# than one probe: the heading right above a table goes when the table's cells go (the extractor
# drops a trailing heading), and the text above it is still the article's.
_EDGE_WORDS = 24
_BEFORE = XPath(f"preceding::text()[normalize-space()][not({_VISIBLE})][position() <= {_CONTEXT_NODES}]")
_AFTER = XPath(f"following::text()[normalize-space()][not({_VISIBLE})][position() <= {_CONTEXT_NODES}]")


def _edge_words(nodes: list[str], *, last: bool) -> str:
    """_EDGE_WORDS words next to the table: the last ones of the text before it, the first after."""
    words = _WORD.findall(" ".join(nodes).casefold())
    return " ".join(words[-_EDGE_WORDS:] if last else words[:_EDGE_WORDS])


def _visible_text(el: HtmlElement) -> str:
    """The element's text, space-collapsed, without the _INVISIBLE elements' text."""
    if next(el.iterdescendants(*_INVISIBLE), None) is None:
        return " ".join(el.text_content().split())
    return " ".join("".join(_VISIBLE_TEXT(el)).split())


def _longest_line(el: HtmlElement) -> int:
    """The most text outside links on one line of a block broken by `<br>`s: a column of dated
    archive entries or addresses is many short lines, not a paragraph."""
    pieces: list[tuple[str, bool] | None] = []
    _pieces(el, False, pieces)
    best, own = 0, []
    for piece in [*pieces, None]:
        if piece is None:
            best = max(best, len(" ".join("".join(own).split())))
            own = []
        elif not piece[1]:
            own.append(piece[0])
    return best


def _pieces(node: HtmlElement, in_link: bool, out: list[tuple[str, bool] | None]) -> None:
    """The text pieces under `node` in order, each with whether it is link text; None for a `<br>`."""
    if node.tag == "br":
        out.append(None)
    link = in_link or node.tag == "a"
    if node.text and node.tag not in _INVISIBLE:
        out.append((node.text, link))
    for child in node:
        if child.tag not in _INVISIBLE:
            _pieces(child, link, out)
        if child.tail:
            out.append((child.tail, link))


def _is_teaser(el: HtmlElement) -> bool:
    """A block that opens with a link (a headline linking elsewhere, then its summary): a teaser of
    another page, no evidence of where this page's content is."""
    if (el.text or "").strip():
        return False
    first = next(iter(el), None)
    while first is not None and first.tag not in ("a",) and not (first.text or "").strip() and len(first):
        first = first[0]
    return first is not None and first.tag == "a"


def holds_block(text: str, block: str) -> bool:
    """True when `text` holds the middle run of _PROBE_WORDS words of `block` (spacing and
    punctuation aside: extractors re-flow whitespace)."""
    words = _WORD.findall(block.casefold())
    if len(words) < _PROBE_WORDS:
        return True
    mid = max(0, len(words) // 2 - _PROBE_WORDS // 2)
    probe = " ".join(words[mid:mid + _PROBE_WORDS])
    return probe in " ".join(_WORD.findall(text.casefold()))


def near_text(text: str, block: Block) -> bool:
    """True when `text` holds the words just before or just after the block's table (see Block), or
    when the table has no text around it (it is the whole page: no evidence either way)."""
    if not block.before and not block.after:
        return True
    words = f" {' '.join(_WORD.findall(text.casefold()))} "
    for edge in (block.before.split(), block.after.split()):
        windows = range(max(1, len(edge) - _PROBE_WORDS + 1)) if edge else ()
        if any(f" {' '.join(edge[k:k + _PROBE_WORDS])} " in words for k in windows):
            return True
    return False
