"""The ordered default rule list. Order matters: each rule sees what earlier rules left.

Widgets and embeds go first (they sit anywhere), then page chrome (so the page head/tail is
visible), bylines (authors and dates next to the title), comment sections (now the page's tail),
listing teasers (their titles are claimed before the dump classifier could take them for stray short
lines), the whole-page dump classifier for what no named rule caught, and last the title (the first
line left standing).
"""
from __future__ import annotations

from . import bylines, comments, dump_blocks, listing, page_chrome, social_embeds, tickers, title
from ..version import PROCESSING_VERSION
from .base import Rule

DEFAULT_RULES: tuple[Rule, ...] = (
    tickers.QuoteRun(),
    *social_embeds.RULES,
    page_chrome.BlankFiller(),
    page_chrome.RelatedList(),  # before UiLine: a list header is also a UI string, and the list needs it
    page_chrome.UiLine(),
    page_chrome.Navigation(),
    page_chrome.ImagePlaceholder(),
    page_chrome.Prompts(),
    bylines.AuthorLine(),
    bylines.ReadTime(),
    page_chrome.PageDate(),
    bylines.DateLine(),
    bylines.Dateline(),
    *comments.RULES,
    *listing.RULES,
    *dump_blocks.RULES,
    *title.RULES,
)


# Text that an HTML extractor produced: the title comes from the page's metadata, not from the first
# line, and whole-page dump heuristics do not apply to an extractor's main-content output. A news
# dateline ("PARIS (Reuters) -") stays in the body of an extracted article (it is part of the published
# first paragraph; extract/html.py records it as metadata without cutting it).
HTML_TEXT_RULES: tuple[Rule, ...] = tuple(r for r in DEFAULT_RULES
                                          if r.family not in {"title", "dump"} and r.name != "bylines.dateline")


# The processing version (ingest/version.py) covers the rules and everything else that changes output;
# the old name stays for callers.
RULESET_VERSION = PROCESSING_VERSION
