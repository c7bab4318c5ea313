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

from lxml.etree import XPath
from lxml.html import HtmlElement

_LONG_CELL = 300  # characters: a data cell is a value or a phrase, not a paragraph
# One XPath evaluated in C: a single row, block content in a cell, or a paragraph-long cell.
_LAYOUT = XPath(f"count(.//tr) <= 1 or boolean(.//td//*[self::p or self::div or self::table or self::ul or self::ol "
                f"or self::h1 or self::h2 or self::h3 or self::h4 or self::blockquote or self::form or self::article]) "
                f"or boolean(.//td[string-length(.) > {_LONG_CELL}] | .//th[string-length(.) > {_LONG_CELL}])")
_WRAPPERS = frozenset({"tbody", "thead", "tfoot"})
_CELLS = frozenset({"tr", "td", "th", "caption"})


def is_layout_table(table: HtmlElement) -> bool:
    return bool(_LAYOUT(table))


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Turn every layout table (innermost first) into divs, in place; return how many."""
    count = 0
    for table in reversed(list(tree.iter("table"))):
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
