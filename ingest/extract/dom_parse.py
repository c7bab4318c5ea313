"""Decoded HTML → one lxml tree, parsed once and shared by the pre-pass, metadata and trafilatura.

Real crawls are damaged in ways a browser shrugs off but lxml does not: a `<title>` whose end tag is
missing or mangled (`</titlevalue="true">`) turns the whole page into title text (lxml treats the
title as raw text up to `</title>`); a page cut at the front (`<!DOCTYPE htm<div …`, `<html xmogo.jpg" …`)
parses into an empty tree. Both are repaired here, generally: close the title at the end of its line,
and when the tree holds no body text, parse again from the first block-level tag that is markup
(not inside a script, style or comment: JavaScript strings often write `<body …>`).

The parser is trafilatura's (same options, same markup repairs) with one difference: lxml.html
looks up the Python class of every element proxy in Python (`HtmlElementClassLookup.lookup`), and
the extractor creates hundreds of thousands of proxies per page walking the tree and its copies.
Here every element is an `HtmlElement` chosen in C (`ElementDefaultClassLookup`), measured ~5 % of
the whole HTML path on real news pages; only lxml's form-field classes are given up, never used.
"""
from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction, fromstring
from trafilatura.utils import repair_faulty_html

_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_FIRST_BLOCK = re.compile(r"<(?:body|div|table|p|center|h[1-6]|article|main|section|form)[\s>]", re.IGNORECASE)
# Elements whose content is raw text to the parser, and comments: a `<body` or `<div` inside them
# (a JavaScript string that writes markup, a commented-out block) is not where the page starts.
_RAW_TEXT = re.compile(r"<(script|style|textarea|title|xmp|iframe|noembed|noframes)\b[^>]*>.*?(?:</\1\s*>|\Z)"
                       r"|<!--.*?(?:-->|\Z)", re.IGNORECASE | re.DOTALL)
_MIN_BODY_CHARS = 200
_STARTS_WITH_ELEMENT = re.compile(r"\s*<[a-zA-Z]")
_PARSER = etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                           remove_comments=True, remove_pis=True)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))


def repair_markup(html: str) -> str:
    """Close a `<title>` that has no proper end tag, at the end of its line (or the next tag)."""
    m = _TITLE_OPEN.search(html, 0, 20_000)
    if m is None or _TITLE_CLOSE.search(html, m.end()):
        return html
    stops = [i for i in (html.find("\n", m.end()), html.find("<", m.end())) if i >= 0]
    cut = min(stops) if stops else len(html)
    return html[:cut] + "</title>" + html[cut:]


def parse_html(html: str) -> HtmlElement | None:
    """Parse once, as trafilatura's loader would (so its extraction sees the tree it would have built)."""
    html = repair_markup(html)
    tree = load_html(html)
    if (tree is None or tree.tag != "html") and _STARTS_WITH_ELEMENT.match(html):
        # A fragment (`<p>…</p><p>…</p>`, no <html> or <head>): lxml gives back the fragment's own
        # element, or nothing for a single element; read as the body of a page, every element kept
        # (the damaged-page retry below would start at the fragment's second block). A page cut in
        # the middle of a tag starts with text, not an element, and goes to that retry.
        tree = load_html("<html><body>" + html + "</body></html>")
    if tree is not None and _body_chars(tree) >= _MIN_BODY_CHARS:
        return tree
    start = first_block(html)
    if start is None:
        return tree
    retry = load_html("<html><body>" + html[start:] + "</body></html>")
    if retry is not None and _body_chars(retry) > (_body_chars(tree) if tree is not None else 0):
        return retry
    return tree


def first_block(html: str) -> int | None:
    """The offset of the first block-level tag that is markup, not text inside a raw-text element
    (script, style, …) or a comment; None when there is none. Only damaged pages get here."""
    raw = [(m.start(), m.end()) for m in _RAW_TEXT.finditer(html)]
    for m in _FIRST_BLOCK.finditer(html, 1):
        if not any(s < m.start() < e for s, e in raw):
            return m.start()
    return None


def load_html(html: str) -> HtmlElement | None:
    """trafilatura's `load_html` for decoded text, on our parser: same repairs, same rejection of a
    document without any `html` mark at its start that parses into fewer than two elements."""
    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    try:
        tree = fromstring(html, parser=_PARSER)
    except (ValueError, etree.ParserError, etree.XMLSyntaxError):  # ValueError: a str declaring
        tree = None  # an XML encoding, which lxml only takes as bytes
    if tree is None or len(tree) < 1:
        tree = _from_bytes(html)
    if tree is not None and "html" not in beginning and len(tree) < 2:
        return None
    return tree


def _from_bytes(html: str) -> HtmlElement | None:
    try:
        return fromstring(html.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _body_chars(tree: HtmlElement) -> int:
    body = tree.find("body")
    return len(body.text_content().strip()) if body is not None else 0
