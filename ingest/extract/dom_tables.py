"""Layout tables → plain blocks, so the extractor judges their cells as page regions, not as data.

Older and template-built pages lay the whole page out with `<table>`: navigation rows, the article
cell and the sidebar are cells of one table. trafilatura keeps a table it extracts whole and writes
it as `| cell | cell |` rows, so a layout table drags its navigation and footers into the text (and
without tables the article cell is lost). A table is layout when a cell holds block content
(paragraphs, lists, headings, other tables, forms), a long run of text, or the table has a single row;
its table/row/cell elements become `<div>`s and the extractor's own boilerplate scoring applies.

Hard negative: a data table (rows of short cells: results, prices, schedules) keeps its markup and
is extracted as a table.
"""
from __future__ import annotations

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


def unwrap_layout_tables(tree: HtmlElement, tables: Iterable[HtmlElement] | None = None) -> int:
    """Turn every layout table (innermost first) into divs, in place; return how many. `tables`: the
    page's tables in document order when already collected (see dom_scan.py)."""
    count = 0
    for table in reversed(list(tree.iter("table") if tables is None else tables)):
        if not is_layout_table(table):
            continue
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
