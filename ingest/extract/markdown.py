"""The kept article as Markdown: headings, lists, tables, quotes, code and emphasis, for LLM/RAG users.

Written from the extractor's result tree (trafilatura's XML: `head[@rend=h2]`, `p`, `list/item`,
`quote`, `table/row/cell[@role=head]`, `code`, `lb`; `hi`/`ref` when the extractor keeps them, which
in its plain-text mode it does not), one Markdown line per text line. The plain text stays the contract: a line is kept only when its words
are in the article's cleaned text, so what the text rules removed (bylines, share rows, teasers) is
not in the Markdown either, and each teaser of a listing gets the Markdown of its own lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import _Element

from ..normalize import repair

_WORD = re.compile(r"\w+")
_HEADING = {f"h{i}": "#" * i for i in range(1, 7)}
_INLINE_SKIP = frozenset({"graphic", "fn", "note"})


@dataclass(frozen=True, slots=True)
class MdLine:
    """One Markdown line and the plain words it carries ('' for structure: a table's rule)."""

    markdown: str
    key: str
    block: int  # lines of one block share a number: blocks are separated by a blank line


def markdown_lines(body: _Element) -> list[MdLine]:
    """Every line of the result tree as Markdown, in order (not yet repaired: see kept_markdown)."""
    out: list[MdLine] = []
    for n, el in enumerate(body):
        _block(el, out, n)
    return out


def kept_markdown(body: _Element, text: str) -> str | None:
    """The Markdown of the lines of `body` whose words are in `text` (the article's cleaned text);
    None when no line is. The cleaned text was repaired (normalize.repair): a line not found as it
    is, and not ASCII, is repaired the same way and looked up again (ftfy runs only on those)."""
    kept = f" {_key(text)} "
    lines: list[MdLine] = []
    live_blocks: set[int] = set()
    for ln in markdown_lines(body):
        if ln.key:
            if f" {ln.key} " not in kept:
                if ln.markdown.isascii():
                    continue
                fixed = repair(ln.markdown)
                ln = MdLine(fixed, _key(_plain(fixed)), ln.block)
                if not ln.key or f" {ln.key} " not in kept:
                    continue
            live_blocks.add(ln.block)
        lines.append(ln)
    # structure lines (a table's rule, code fences) go with their block when any of its text is kept
    lines = [ln for ln in lines if ln.key or ln.block in live_blocks]
    if not lines:
        return None
    parts, prev = [], None
    for ln in lines:
        if prev is not None and ln.block != prev:
            parts.append("")
        parts.append(ln.markdown)
        prev = ln.block
    return "\n".join(parts)


def _block(el: _Element, out: list[MdLine], n: int) -> None:
    tag = el.tag
    if tag == "head":
        _line(out, _HEADING.get(el.get("rend") or "", "##") + " ", _inline(el), n)
    elif tag == "list":
        ordered = (el.get("rend") or "").lower() in ("ol", "1", "decimal")
        for i, item in enumerate(el.iter("item"), 1):
            _line(out, f"{i}. " if ordered else "- ", _inline(item), n)
    elif tag == "quote":
        for piece in (el.findall("p") or [el]):
            _line(out, "> ", _inline(piece), n)
    elif tag == "table":
        _table(el, out, n)
    elif tag == "code":
        code = "".join(el.itertext()).strip("\n")
        if code:
            out.append(MdLine("```", "", n))
            for line in code.split("\n"):
                out.append(MdLine(line, _key(line), n))
            out.append(MdLine("```", "", n))
    else:  # p, div and anything else: a paragraph (its line breaks kept as lines)
        for piece in _inline(el).split("\n"):
            _line(out, "", piece, n)


def _table(el: _Element, out: list[MdLine], n: int) -> None:
    rows = [r for r in el.iter("row")]
    width = max((len(r.findall("cell")) for r in rows), default=0)
    for i, row in enumerate(rows):
        cells = [" ".join(_inline(c).split()).replace("|", "\\|") for c in row.findall("cell")]
        cells += [""] * (width - len(cells))
        out.append(MdLine("| " + " | ".join(cells) + " |", _key(" ".join(cells)), n))
        if i == 0:
            out.append(MdLine("|" + "---|" * width, "", n))


def _line(out: list[MdLine], prefix: str, text: str, n: int) -> None:
    text = " ".join(text.split())
    if text:
        out.append(MdLine(prefix + text, _key(_plain(text)), n))


def _inline(el: _Element) -> str:
    """An element's text with emphasis, inline code and links as Markdown; `lb` is a line break."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag == "lb":
            parts.append("\n")
        elif tag in _INLINE_SKIP:
            pass
        else:
            inner = _inline(child).strip()
            rend = child.get("rend") or ""
            if inner and tag == "hi" and rend in ("#b", "#strong"):
                inner = f"**{inner}**"
            elif inner and tag == "hi" and rend in ("#i", "#em"):
                inner = f"*{inner}*"
            elif inner and tag == "code":
                inner = f"`{inner}`"
            elif inner and tag == "ref" and (target := child.get("target")) and target.startswith("http"):
                inner = f"[{inner}]({target})"
            parts.append(f" {inner} " if inner and tag in ("item", "p", "head") else inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _plain(markdown_text: str) -> str:
    """The words of a Markdown line without its link targets (their URLs are no text)."""
    return re.sub(r"\]\([^)]*\)", "]", markdown_text)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))
