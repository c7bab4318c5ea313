"""Main-content text of a parsed page: trafilatura's extraction cascade, minus a second opinion that
provably cannot change the answer.

trafilatura (pinned: these are its 2.3.1 stage functions, called in its order) extracts with its own
rules, then always asks readability for a second opinion, about a fifth of its time on news pages.
In its balanced mode readability's text replaces its own only when trafilatura found nothing, when
readability's text is more than twice as long, or when trafilatura's result has no paragraph text
(or more tables than paragraphs) and readability has over twice the minimum size. readability
returns a part of the page, so its text is never longer than all the text of the page outside
`<script>`/`<style>`: when that is at most twice trafilatura's own text and the result is made of
paragraphs, readability cannot win, and it is not run. Everything else (the justext check, the
baseline rescue, the recall escalation) runs as trafilatura runs it; tests check that the output is
identical to `trafilatura.extract` with the same options.

Options, chosen by measurement on a 621-page English news set with human gold after our pre-pass
(F1 / recall of the cleaned text): balanced 0.934 / 0.968, favor_precision 0.942 / 0.959 (loses
recall), favor_recall 0.905 / 0.967, fast 0.908 / 0.956. Balanced keeps recall at or above bare
trafilatura's; comments are never article text.
"""
from __future__ import annotations

from copy import copy

from lxml.etree import XPath, _Element
from lxml.html import HtmlElement
from trafilatura.baseline import baseline, html2txt
from trafilatura.core import (ESCALATION_ACCEPT_RATIO, ESCALATION_JUSTEXT_RATIO, ESCALATION_MAX_LENGTH,
                              ESCALATION_PAGE_SHARE, _forum_thread_page, _prepare_tree, _recall_retry)
from trafilatura.external import JUSTEXT_OVERRIDE_RATIO, SANITIZED_XPATH, compare_extraction, justext_rescue
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.utils import normalize_unicode
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

# The same options as `trafilatura.extract(include_comments=False, include_tables=True)`.
EXTRACT_OPTIONS = {"include_comments": False, "include_tables": True, "favor_precision": False}
_PAGE_TEXT_LENGTH = XPath("string-length(normalize-space(/))")


def extract_text(tree: HtmlElement, *, skip_hopeless_readability: bool = True) -> str:
    """The main-content text of `tree` ('' when there is none). The tree is pruned in place, as
    trafilatura prunes its own copy; with `skip_hopeless_readability=False` this is exactly
    `trafilatura.extract(tree, **EXTRACT_OPTIONS)` without its defensive copy of the input."""
    return extract_body(tree, skip_hopeless_readability=skip_hopeless_readability)[0]


def extract_body(tree: HtmlElement, *, skip_hopeless_readability: bool = True,
                 discussion: bool = False) -> tuple[str, _Element | None]:
    """extract_text's text and the extractor's result tree it was written from (its structure, for
    Markdown: extract/markdown.py); ('', None) when there is no main content. `discussion`: the page
    is a thread whose comments are its content (extract/discussion.py), so they are not pruned."""
    options = Extractor(output_format="txt", comments=False, tables=True, precision=False)
    try:
        body, text = _cascade(tree, options, skip_hopeless_readability, discussion)
    except (TypeError, ValueError):  # what trafilatura.extract turns into "no result"
        return "", None
    if len(text) < options.min_output_size:
        return "", None
    return normalize_unicode(xmltotxt(body, options.formatting).strip()), body


def _cascade(tree: HtmlElement, options: Extractor, skip: bool, discussion: bool = False) -> tuple[_Element, str]:
    is_forum = discussion or _forum_thread_page(tree)  # on a forum the "comments" are the posts: kept
    tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    if not is_forum:
        tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned, backup = _prepare_tree(tree, options, options.url)
    body, text = extract_content(cleaned, options)
    if skip and not _readability_may_win(tree, body, len(text), options):
        body, text = _justext_check(backup, body, text, options)
    else:
        body, text = compare_extraction(backup, copy(tree), body, text, options)
    if len(text) < options.min_extracted_size:  # baseline rescue, kept only if it adds text
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(text):
            body, text = b_body, b_text
    if 0 < len(text) < ESCALATION_MAX_LENGTH and len(text) < ESCALATION_PAGE_SHARE * len(html2txt(tree)):
        body, text = _escalate(tree, body, text, options)
    return body, text


def _readability_may_win(tree: HtmlElement, body: _Element, len_text: int, options: Extractor) -> bool:
    """False only when readability's text, whatever it is, would not be taken (see module doc)."""
    if len_text == 0:
        return True
    bound = visible_text_bound(tree)
    if bound > 2 * len_text:
        return True
    paragraphs = len(body.findall(".//p"))
    deficient = not body.xpath(".//p//text()") or len(body.findall(".//table")) > paragraphs
    return deficient and bound > 2 * options.min_extracted_size


def visible_text_bound(tree: HtmlElement) -> int:
    """At least the space-collapsed length of the page's text outside `<script>`/`<style>`, in C:
    the whole page's collapsed length minus each script's. Cutting a page into k+1 pieces around k
    scripts merges at most 2k pairs of words, hence the 2 characters of slack per script."""
    length, scripts = int(_PAGE_TEXT_LENGTH(tree)), 0
    for script in tree.iter("script", "style"):
        if script.text:
            length -= len(" ".join(script.text.split()))
            scripts += 1
    return length + 2 * scripts


def _justext_check(backup: HtmlElement, body: _Element, text: str, options: Extractor) -> tuple[_Element, str]:
    """The second half of trafilatura's comparison, when its own result stands: an unclean or
    short result is checked against justext and replaced under trafilatura's acceptance rule."""
    unclean = bool(body.xpath(SANITIZED_XPATH))
    if not unclean and len(text) >= options.min_extracted_size:
        return body, text
    body2, text2 = justext_rescue(backup, options)
    if unclean:
        accept = len(text) <= JUSTEXT_OVERRIDE_RATIO * len(text2) and (
            len(text2) > len(text) or not options.images or body.find(".//graphic") is None)
    else:
        accept = len(text) < len(text2)
    return (body2, text2) if text2 and accept else (body, text)


def _escalate(tree: HtmlElement, body: _Element, text: str, options: Extractor) -> tuple[_Element, str]:
    """A short result covering little of the page: retried in recall mode and with justext; the
    retry is kept when clearly longer (trafilatura's stage 4, comments off)."""
    r_options = copy(options)
    r_options.focus = "recall"
    r_body, r_text, j_body, j_text = body, "", body, ""
    try:  # a failing retry leaves the first result standing, as in trafilatura
        r_body, r_text = _recall_retry(tree, r_options, options.url)
    except Exception:  # noqa: BLE001
        pass
    try:
        j_body, j_text = justext_rescue(copy(tree), options)
    except Exception:  # noqa: BLE001
        pass
    if len(j_text) > len(r_text) and len(j_text) > ESCALATION_JUSTEXT_RATIO * len(text):
        return j_body, j_text
    if len(r_text) >= options.min_extracted_size and len(r_text) > ESCALATION_ACCEPT_RATIO * len(text):
        return r_body, r_text
    return body, text
