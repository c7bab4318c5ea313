"""What the extractor itself dropped from an HTML page, for `ingest explain`.

The pre-pass and the text rules record each removal; the main-content extractor (trafilatura) does
not: navigation, footers, sidebars, bylines and teaser headlines simply never reach its output. To
answer "where did this sentence go?" for every sentence, the page is laid out again as *DOM text*
(one line per block element, in document order, scripts and styles left out, after the same
pre-pass), and every line of it that is in neither the output nor a recorded removal is reported as
a RemovedSpan of rule `extract.dropped`, with its offsets into that DOM text and a reason from its
place in the page (`navigation`, `header`, `footer`, `sidebar`, `link_list`, `not_main_content`).

This runs only when someone asks (explain): it costs a second parse, which the cleaning path never pays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from ..decode import decode_html
from ..records import CleanDocument, RemovedSpan
from .dom_parse import parse_html
from .dom_prepass import prepass
from .dom_scan import scan_page

RULE = "extract.dropped"
_BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr",
    "table", "caption", "thead", "tbody", "tfoot", "blockquote", "pre", "section", "article", "header",
    "footer", "nav", "aside", "main", "figure", "figcaption", "form", "address", "fieldset", "legend",
    "details", "summary", "hr", "br", "body", "center", "option", "select", "button", "label",
})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"})
_REGIONS = (("nav", "navigation"), ("header", "header"), ("footer", "footer"), ("aside", "sidebar"))
_REGION_TOKEN = re.compile(r"(?:^|[-_\s])(nav|navbar|menu|breadcrumbs?|header|masthead|footer|sidebar|widget)"
                           r"(?:$|[-_\s\d])")
_LINK_SHARE = 0.6  # a line whose text is mostly link text is part of a link list
_MIN_WORDS = 1  # every line with a word is accounted for
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class DomLine:
    """One block's own text in the DOM text, with where it sits and how much of it is link text."""

    start: int
    end: int
    text: str
    region: str
    link_chars: int


def dom_lines(tree: HtmlElement) -> list[DomLine]:
    """The page as DOM text: one line per block element's own text (see module doc)."""
    lines: list[DomLine] = []
    buf: list[str] = []
    links = [0]
    pos = [0]

    def flush(region: str) -> None:
        text = " ".join(" ".join(buf).split())
        buf.clear()
        if text:
            start = pos[0]
            lines.append(DomLine(start, start + len(text), text, region, min(links[0], len(text))))
            pos[0] = start + len(text) + 1
        links[0] = 0

    def walk(el: HtmlElement, region: str, in_link: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            return
        region = _region_of(el, tag) or region
        block = tag in _BLOCKS
        if block:
            flush(region)
        if el.text and tag:
            buf.append(el.text)
            if in_link or tag == "a":
                links[0] += len(el.text.strip())
        for child in el:
            walk(child, region, in_link or tag == "a")
            if child.tail:
                buf.append(child.tail)
                if in_link or tag == "a":
                    links[0] += len(child.tail.strip())
        if block:
            flush(region)

    body = tree.find("body")
    walk(body if body is not None else tree, "", False)
    flush("")
    return lines


def _region_of(el: HtmlElement, tag: str) -> str:
    for region_tag, name in _REGIONS:
        if tag == region_tag:
            return name
    attrs = f"{el.get('id') or ''} {el.get('class') or ''} {el.get('role') or ''}".lower()
    if attrs.strip():
        m = _REGION_TOKEN.search(attrs)
        if m:
            token = m.group(1)
            return {"nav": "navigation", "navbar": "navigation", "menu": "navigation", "breadcrumb": "navigation",
                    "breadcrumbs": "navigation", "masthead": "header", "widget": "sidebar"}.get(token, token)
    return ""


def dropped_spans(content: bytes, doc: CleanDocument, *, charset: str | None = None) -> list[RemovedSpan]:
    """The lines of the page's DOM text that are neither in `doc`'s articles (text or metadata) nor
    in a removal it recorded: what the extractor dropped without saying."""
    tree = parse_html(decode_html(content, doc.source_uri, charset=charset))
    if tree is None:
        return []
    prepass(tree, scan_page(tree))
    kept = f" {_key(' '.join([a.text for a in doc.articles] + [v for a in doc.articles for v in (a.title, a.author, a.dateline) if v]))} "
    removed = f" {_key(' '.join(s.text for s in doc.removed))} "
    out = []
    for line in dom_lines(tree):
        key = _key(line.text)
        if len(key.split()) < _MIN_WORDS or f" {key} " in kept or f" {key} " in removed:
            continue
        reason = line.region or ("link_list" if line.link_chars >= _LINK_SHARE * len(line.text) else "not_main_content")
        out.append(RemovedSpan(RULE, reason, line.start, line.end, line.text))
    return out


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))
