"""Decoded HTML → one lxml tree, parsed once and shared by the pre-pass, metadata and trafilatura.

Real crawls are damaged in ways a browser shrugs off but lxml does not: a `<title>` whose end tag is
missing or mangled (`</titlevalue="true">`) turns the whole page into title text (lxml treats the
title as raw text up to `</title>`); a page cut at the front (`<!DOCTYPE htm<div …`, `<html xmogo.jpg" …`)
parses into an empty tree. Both are repaired here, generally: close the title at the end of its line,
and when the tree holds no body text, parse again from the first block-level tag.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura.utils import load_html

_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_FIRST_BLOCK = re.compile(r"<(?:body|div|table|p|center|h[1-6]|article|main|section|form)[\s>]", re.IGNORECASE)
_MIN_BODY_CHARS = 200


def repair_markup(html: str) -> str:
    """Close a `<title>` that has no proper end tag, at the end of its line (or the next tag)."""
    m = _TITLE_OPEN.search(html, 0, 20_000)
    if m is None or _TITLE_CLOSE.search(html, m.end()):
        return html
    stops = [i for i in (html.find("\n", m.end()), html.find("<", m.end())) if i >= 0]
    cut = min(stops) if stops else len(html)
    return html[:cut] + "</title>" + html[cut:]


def parse_html(html: str) -> HtmlElement | None:
    """Parse once (trafilatura's own loader, so its extraction sees what it would have parsed itself)."""
    html = repair_markup(html)
    tree = load_html(html)
    if tree is not None and _body_chars(tree) >= _MIN_BODY_CHARS:
        return tree
    m = _FIRST_BLOCK.search(html, 1)
    if m is None:
        return tree
    retry = load_html("<html><body>" + html[m.start():] + "</body></html>")
    if retry is not None and _body_chars(retry) > (_body_chars(tree) if tree is not None else 0):
        return retry
    return tree


def _body_chars(tree: HtmlElement) -> int:
    body = tree.find("body")
    return len(body.text_content().strip()) if body is not None else 0
