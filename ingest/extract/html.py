"""The HTML path: decode → parse once → DOM pre-pass → trafilatura → the same text rules → metadata.

One lxml tree serves the metadata reader, the pre-pass and the extractor (parsing is a large share
of an extractor's time, so it is done once). The pre-pass removals and embeds enter the text stage
as a prior RuleResult, so provenance has one format for HTML and text; pre-pass spans have offset -1
(see dom_prepass.py), text-rule spans are offsets into the extracted text.
"""
from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import replace
from functools import cache
from typing import Callable
from urllib.parse import urljoin

from lxml.html import HtmlElement

from ..decode import decode_html_noted
from ..errors import ExtractionFailed, UnreadableInput
from ..language import language_score
from ..metadata import Candidate, apply_metadata, page_candidates
from ..metadata_dates import guessed_date
from ..normalize import repair, word_count
from ..records import CleanArticle, FieldSource, Note
from ..rules.base import TextView
from ..rules.bylines import Dateline
from ..rules.engine import RuleResult, apply_rules
from ..rules.registry import HTML_TEXT_RULES
from ..settings import Settings
from .discussion import declares_discussion
from .dom_parse import parse_html
from .dom_prepass import prepass
from .dom_scan import attached, scan_page
from .dom_wrappers import unwrap_swallowing_chrome
from .dom_tables import holds_block, layout_tables, longest_paragraph, near_text, unwrap
from .html_headline import HeadlineLine
from .main_content import extract_body, visible_text_bound
from .markdown import kept_markdown
from .text import CleanedText, assemble
from .teaser_cards import Listing, is_page_listing, listing_cards, outside_prose_words, teaser_records
from .thread_posts import Thread, thread_posts, with_records, with_thread
from .wide_text import wide_text

_DATELINE = Dateline()
# trafilatura passes the source's indentation and layout spacing through; it is never content, and
# long whitespace runs make some line regexes slow (nested `\s*` backtracking), so they go first.
_LAYOUT_SPACE = re.compile(r"[ \t]{2,}")
# A revert to the tables as they were gives back the tables' cells (WCXB: 1.05-1.34x the text, a
# short article with two boxed tips 1.7x); a text several times longer is another region of the
# page (a comment-rules box below an L3S article: 3.7x, F1 down), and the unwrapped text stands.
_REVERT_GROWTH = 2.0
# The extractor's text under this share of the page's wide text (wide_text.py) is one section of a
# page made of many: the wide text is cleaned instead. Chosen from a sweep of 0.05-0.4 over WCXB-dev
# (a simulation against a plain body text): all-pages F1 +0.011 at 0.2, +0.017 at 0.4, while product
# pages lost more at every step and fewer pages at each step were listings; 0.2 is the cautious point
# (the extractor's choice stands on pages it covers at all well). In the pipeline, on the held-out part
# (scripts/eval_wcxb_html.py --part held): F1 0.826 -> 0.835, articles 0.933 -> 0.937.
WIDEN_COVERAGE = 0.2
# ...and only when widening adds at least this many words: a short extraction of a short page
# (a stub, an error page) is what the page has.
WIDEN_MIN_GAIN_WORDS = 50


def clean_html(content: bytes, source: str, settings: Settings, *, charset: str | None = None) -> CleanedText:
    decoded = decode_html_noted(content, source, charset=charset)
    html = decoded.text
    tree = parse_html(html)
    if tree is None:
        raise UnreadableInput(source, "not parseable as HTML (no element tree)")
    notes: list[Note] = list(decoded.notes)
    unwrap_swallowing_chrome(tree, notes)  # before the scan: a pre-pass shape reads the wrapper's old class
    scan = scan_page(tree)
    prior = prepass(tree, scan, notes)  # first: an embed's own <time> or a comment's byline is not the page's
    page = page_candidates(tree, scan)
    discussion = cache(lambda: prior.discussion or declares_discussion(tree))  # the markup scan once, if asked
    thread = thread_posts(tree, discussion)  # before the extractor prunes
    # a discussion's repeated items are its posts, not teasers (before the extractor prunes)
    listing = None if thread is not None or prior.discussion else listing_cards(tree)
    listing = None if listing is not None and discussion() else listing
    text, body = _extract_with_tables(tree, scan, source, notes, prior.discussion)
    text, body = _widened(tree, text, body, notes)
    text, body = _threaded(thread, text, body, notes)
    text, body, listing = _listed(listing, text, body, notes, lambda: wide_text(tree).words)
    titles = [c.value for c in page if c.field == "title" and c.source != "h1"]  # the text's own h1 stays
    cleaned = clean_extracted(text, settings, source=source, prior=prior, titles=titles)
    if notes:
        cleaned = replace(cleaned, notes=(*notes, *cleaned.notes))
    if body is not None:
        cleaned = replace(cleaned, articles=tuple(replace(a, markdown=kept_markdown(body, a.text))
                                                  for a in cleaned.articles))
    if cleaned.kind != "article":
        return cleaned
    cleaned = replace(cleaned, articles=tuple(_with_metadata(a, page, tree, cleaned, settings.detect_language)
                                              for a in cleaned.articles))
    return _as_records(cleaned, listing, tree) if listing is not None and settings.split_listings else cleaned


def _extract_with_tables(tree: HtmlElement, scan, source: str, notes: list[Note],
                         discussion: bool = False) -> tuple[str, object]:
    """Extract after unwrapping layout tables (dom_tables.py); when the unwrap cost the tables'
    longest paragraph and the text holds what stands next to its table (the paragraph was in the
    region the extractor took), extract from the tree as it was and keep that if it holds the
    paragraph. Returns the text and the extractor's result tree (for Markdown)."""
    layout = layout_tables(tree, attached(scan.tables, scan))
    if not layout:
        return extract_main(tree, source, discussion)
    block = longest_paragraph(layout)
    before = deepcopy(tree) if block else None
    count = unwrap(layout)
    notes.append(Note("dom_tables", "layout_tables_unwrapped", f"{count} layout table(s) turned into blocks "
                      "before extraction"))
    try:
        text, body = extract_main(tree, source, discussion)
    except ExtractionFailed:
        if before is None:
            raise
        text, body = "", None
    if before is None or (text and (holds_block(text, block.text) or not near_text(text, block))):
        return text, body
    try:
        kept = extract_main(before, source, discussion)
    except ExtractionFailed:
        if text:
            return text, body
        raise
    if text and (not holds_block(kept[0], block.text) or len(kept[0]) > _REVERT_GROWTH * len(text)):
        return text, body
    notes.append(Note("dom_tables", "unwrap_reverted", f"unwrapped, the extractor lost the tables' longest "
                      f"paragraph ({len(block.text)} characters, \"{block.text[:60]}…\"): extracted from the tables "
                      "as they were"))
    return kept


def _widened(tree: HtmlElement, text: str, body, notes: list[Note]) -> tuple[str, object]:
    """The extraction, or the page's wide text where the extraction covers little of it (see
    WIDEN_COVERAGE); the choice is a note, so `explain` shows why a page kept its sections."""
    if len(text) >= WIDEN_COVERAGE * visible_text_bound(tree):
        return text, body  # (the bound is at least the wide text's length: no need to build it)
    wide = wide_text(tree)
    words = len(text.split())
    if words >= WIDEN_COVERAGE * wide.words or wide.words - words < WIDEN_MIN_GAIN_WORDS:
        return text, body
    notes.append(Note("extract", "widened", f"the extractor kept {words} of the page's {wide.words} visible words "
                      f"(under {WIDEN_COVERAGE:.0%}): the page's text outside navigation, headers, footers and "
                      "forms was cleaned instead"))
    return wide.text, None


def _threaded(thread: Thread | None, text: str, body, notes: list[Note]) -> tuple[str, object]:
    """The thread's posts in place of the extraction on a page marked up as a thread (thread_posts.py),
    with the extraction's prose lines the posts do not hold kept around them."""
    if thread is None:
        return text, body
    joined = with_thread(thread, text)
    notes.append(Note("extract", "thread_posts", f"the page marks up a thread of {len(thread.posts)} posts "
                      f"({thread.words} words; the extractor kept {len(text.split())}): the posts with their "
                      f"authors and times were taken, {joined.kept_outside} prose line(s) of the extraction "
                      f"outside them kept, {joined.dropped_outside} short line(s) outside them left out"))
    return joined.text, None


# The extractor already kept this share of the teasers' headlines: it took the listing's region, and its
# text stands (WCXB-dev listing/collection: where it held all headlines, taking the cards instead lost
# F1 on 23 of 26 pages: it had the cards' short lines, rows and prices the card reader leaves out).
TEASERS_HELD = 0.9
# The extraction's own prose outside the cards (an article, a shop's copy beside its product grid) at
# this share of the cards' words or more: the cards are a box beside the page's text, not the page
# (WCXB-dev: 0.5 keeps 6 shop pages' copy whose gold leaves the product grid out; at 1.0 they fell
# 0.15-0.47 F1 each; two listings with long teasers, +0.07 and +0.19 at 1.0, stay as extracted).
OWN_PROSE_SHARE = 0.5
# A page showing this many groups of cards of one size (teaser_cards._alike_groups) is a section front:
# the own-prose gate weighs the prose outside all its cards against all of them. One or two boxes beside
# a text are an article's or a product's related boxes: the gate is the largest group's alone, as for
# one group (WCXB-dev: weighing all cards at any count, a product page and two L3S-GN1 news pages with
# two related boxes became listings; the prose outside both boxes against the largest still turned
# one article into a listing, 0.903 -> 0.841; with 3: listing 0.641 -> 0.657, service 0.767 -> 0.771,
# L3S-GN1 texts unchanged).
FRONT_GROUPS = 3


def _listed(listing: Listing | None, text: str, body, notes: list[Note],
            page_words: Callable[[], int]) -> tuple[str, object, Listing | None]:
    """The listing's teasers in place of the extraction (teaser_cards.py), unless the extractor kept
    them already (TEASERS_HELD), or the extraction's own prose outside the cards is a large share of
    them (OWN_PROSE_SHARE: an article with a box of related links, a shop's text beside its grid; of the
    largest group's words unless the page is a section front of FRONT_GROUPS groups),
    or they are a small part of the page (teaser_cards.is_page_listing). The third value is the
    listing when it was taken."""
    if listing is None:
        return text, body, None
    gated = listing if listing.groups >= FRONT_GROUPS else listing.largest
    own = outside_prose_words(gated, text)
    low = text.lower()
    held = sum(t.headline.lower() in low for t in listing.teasers)
    if held >= TEASERS_HELD * len(listing.teasers):
        notes.append(Note("extract", "teasers_extracted", f"the extractor kept {held} of the {len(listing.teasers)} "
                          "teaser headlines: its text stands"))
        return text, body, None
    if own >= OWN_PROSE_SHARE * gated.words:
        notes.append(Note("extract", "teasers_not_listing", f"{len(listing.teasers)} teaser cards "
                          f"({listing.words} words) stand beside {own} words of the page's own prose: an article"))
        return text, body, None
    if not is_page_listing(listing, page_words()):
        return text, body, None
    # the extraction's short lines are kept too: a shop's or an index's labels and counts are its content
    joined = with_records(listing.text, text, keep_short=True)
    notes.append(Note("extract", "listing_teasers", f"the page lists {len(listing.teasers)} teaser cards "
                      f"({listing.shape}, {listing.words} words; the extractor kept {len(text.split())}): "
                      f"their headlines and lines were taken, {joined.kept_outside} prose line(s) of the "
                      f"extraction outside them kept, {joined.dropped_outside} short line(s) left out"))
    return joined.text, None, listing


# Sources of a value the text rules read off a line (a byline, a date line): on a listing, a teaser's.
_TEXT_LINE_SOURCES = ("bylines.", "dateline", "printed")


def _as_records(cleaned: CleanedText, listing: Listing, tree: HtmlElement) -> CleanedText:
    """A listing page as one record per teaser (headline as title, its link as url, its date), after
    what heads the page (which keeps the page's metadata); the text is only cut (teaser_cards.py)."""
    if len(cleaned.articles) != 1:
        return cleaned
    page = cleaned.articles[0]
    cut = teaser_records(page.text, listing)
    if cut is None:
        return cleaned
    base = _base_url(tree)
    common = {"language": page.language, "language_score": page.language_score, "site_name": page.site_name}
    # what heads the page keeps the page's metadata; a page headed by its title alone (the text rules took
    # the <h1> as the title) is headed by that title, so no teaser is given the page's title or date
    lead = cut.lead or page.title or ""
    # an author or date the text rules read off a line is a teaser's (the first date line under the
    # first card): the page's record keeps only what the page's markup declares
    read = {s.field for s in page.sources if s.source.startswith(_TEXT_LINE_SOURCES)} & {"author", "published", "updated"}
    head = replace(page, text=lead, word_count=word_count(lead), markdown=None,
                   sources=tuple(s for s in page.sources if s.field not in read), **{f: None for f in read})
    articles = [head] if lead else []
    for rec in cut.records:
        link = urljoin(base, rec.link) if base and rec.link else rec.link
        sources = tuple(FieldSource(f, v, "teaser_cards") for f, v in
                        (("title", rec.headline), ("url", link), ("published", rec.published)) if v)
        articles.append(CleanArticle(text=rec.text, title=rec.headline, url=link, published=rec.published,
                                     word_count=word_count(rec.text), sources=sources, **common))
    if cut.after:
        articles.append(CleanArticle(text=cut.after, word_count=word_count(cut.after), **common))
    return replace(cleaned, kind="listing", articles=tuple(articles))


def _base_url(tree: HtmlElement) -> str | None:
    """What the page's relative links are relative to: <base href>, else its canonical URL."""
    for xpath in (".//base[@href]", ".//link[@rel='canonical'][@href]"):
        el = tree.find(xpath)
        if el is not None and el.get("href", "").startswith(("http://", "https://")):
            return el.get("href")
    return None


def extract_main_text(tree: HtmlElement, source: str) -> str:
    """The main-content text of an already cleaned tree (ExtractionFailed when empty); the tree is
    pruned in place (comment sections, appended follow-up articles)."""
    return extract_main(tree, source)[0]


def extract_main(tree: HtmlElement, source: str, discussion: bool = False) -> tuple[str, object]:
    """extract_main_text's text and the extractor's result tree (`discussion`: comments are content)."""
    text, body = extract_body(tree, discussion=discussion)
    if not text or not text.strip():
        raise ExtractionFailed(source, "the extractor found no main content")
    return text, body


def clean_extracted(text: str, settings: Settings, *, source: str, prior: RuleResult,
                    titles: list[str] | tuple[str, ...] = ()) -> CleanedText:
    """The text rules on the extractor's output (article prose followed by a "related" teaser list is
    not a listing page: the listing rule decides that)."""
    text = "\n".join(_LAYOUT_SPACE.sub(" ", line).strip(" \t") for line in text.split("\n"))
    view = TextView(repair(text))
    rules = (HeadlineLine(titles), *HTML_TEXT_RULES) if titles else HTML_TEXT_RULES
    result = apply_rules(view, rules, source=source, result=prior)
    return assemble(view, result, settings)


def _with_metadata(article: CleanArticle, page: list[Candidate], tree: HtmlElement,
                   cleaned: CleanedText, detect: bool) -> CleanArticle:
    rule_sources = {s.field: s.source for s in article.sources}
    cands = list(page)
    if not article.published and not any(c.field == "published" for c in page):
        cands.extend(_htmldate(tree))
    detected = article.language
    article = apply_metadata(article, cands, rule_sources=rule_sources)
    if detect and article.language and article.language != detected:
        # The page declared the language the text was too short or too mixed to detect: its score says
        # how far the text bears the declaration out.
        article = replace(article, language_score=language_score(article.text, article.language))
    if article.dateline is None and (dateline := _dateline_of(article.text)):
        article = replace(article, dateline=dateline)
    return article


def _htmldate(tree: HtmlElement) -> list[Candidate]:
    """A guessed date, only when nothing else dates the page (metadata_dates.guessed_date)."""
    found = guessed_date(tree)
    return [Candidate("published", found[0], found[1])] if found else []


def _dateline_of(text: str) -> str | None:
    """The news dateline opening the first paragraph ("PARIS (Reuters) -"), recorded, not cut."""
    first = text.split("\n", 1)[0]
    for finding in _DATELINE.find(TextView(first)):
        return finding.data.get("dateline")
    return None
