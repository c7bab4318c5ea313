"""A listing page's teasers from its DOM: one record per repeated card (headline, link, summary lines).

A listing (a section front, a blog index, a course catalogue, a product grid) is many sibling cards
of one shape: the same tag and class, each holding a link and a headline, most with a summary line, a
date or a price under it. trafilatura looks for one stretch of prose; on such a page it keeps a
heading and a few summaries and drops the headlines as link lists (WCXB-dev: listing pages keep the
teasers' headlines and summaries in their gold text).

The group is found as the children of one parent that share a shape (tag and first class word) and
are, nearly all, cards: a link, a headline (a heading's text, else a link text of a few words), at
most a few headings and links of their own (a section of cards is not a card). Hard negatives:
- a navigation menu: its items are a link and a word or two with nothing under them (groups inside
  navigation, headers, footers and chrome-named blocks are not looked at at all);
- an article's related-links box: the page's own prose outside the cards (the extraction's prose
  lines) outweighs the cards, or the cards hold a small share of the page's visible words.
A section front shows several groups (a featured row, the latest list, a most-read box): the largest
group is taken with every other group whose cards are of its size (an FAQ or a brand panel beside a
shop's grid is not).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from lxml.html import HtmlElement

from ..dates import parse_date_line
from ..rules.features import is_prose
from .wide_text import CHROME_TAGS, _is_chrome, visible_lines

# A listing shows at least this many teasers in one group (two cards are a pair of links, not a list).
MIN_CARDS = 3
# Nearly every member of the group is a card (a stray ad or spacer among them is allowed).
CARD_SHARE = 0.8
# A card holds at most this many headings and distinct links: more is a section of cards, not one.
MAX_CARD_HEADINGS = 2
MAX_CARD_LINKS = 8
# A headline taken from a link (no heading in the card) has at least this many words; a menu item
# ("Home", "About us") has fewer.
MIN_LINK_HEADLINE_WORDS = 3
MAX_HEADLINE_WORDS = 40
# Menus and tag clouds are headlines alone; teasers mostly carry a summary, a date or a price.
SUMMARY_SHARE = 0.5
# ...unless the headlines are long (a list of news headlines without summaries is still a listing).
LONG_HEADLINE_WORDS = 5
# A teaser is a headline and a summary of a few lines: a median card longer than this is a post of a
# thread (a forum without microdata: author card, post, signature; WCXB-dev forum pages 130-200 words
# a post), not a teaser (listings 40-90 words a card).
MAX_MEDIAN_CARD_WORDS = 120
# The cards make at least this share of the page's visible words outside chrome: a related box or a
# "more stories" row under an article holds far less.
MIN_PAGE_SHARE = 0.3
# Cards of one listing are of one size: another group joins the largest when its median card is
# within this factor of the largest's, either way (WCXB-dev listing/collection: 2 takes a section
# front's several rows, +0.015 listing F1; at 3 a shop page's FAQ accordion, brand panels and
# editorial sections beside its product grid joined too, and 3 shop pages fell 0.15-0.34).
SIMILAR_CARD_FACTOR = 2.0

# A card's date line is short ("12. März 2026", "Posted Mar 3, 2026 · 4 min read").
MAX_DATE_LINE = 60

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "button", "svg", "input",
                       "select", "textarea", "iframe", "object"})
# Paragraphs are running text: an article's paragraphs that each hold a link are no row of cards (a
# teaser's headline is a heading or a link of its own, not a link inside a sentence).
_RUNNING_TEXT = frozenset({"p"})
_DIGITS = re.compile(r"\d+")
# A repeated element named as a comment is a comment list (below an article), never a listing.
_COMMENT_NAME = re.compile(r"comment|respond|responses|reply|replies|review", re.I)


@dataclass(frozen=True, slots=True)
class Teaser:
    """One card: its headline, the link it points to, and its other visible lines in order."""

    headline: str
    link: str | None
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join((self.headline, *self.lines))


@dataclass(frozen=True, slots=True)
class Listing:
    """The page's teaser cards, in page order, and their words (for the note and the gates)."""

    teasers: tuple[Teaser, ...]
    shape: str
    groups: int = 1  # how many groups of cards of one size were taken
    lead: tuple[Teaser, ...] = ()  # the largest group's teasers (when more groups were taken)

    @property
    def largest(self) -> Listing:
        """The largest group's cards alone (the own-prose gate of html._listed weighs them)."""
        return Listing(self.lead, self.shape) if self.lead else self

    @property
    def text(self) -> str:
        return "\n".join(t.text for t in self.teasers)

    @property
    def words(self) -> int:
        return len(self.text.split())


def _skip(el: HtmlElement) -> bool:
    return not isinstance(el.tag, str) or el.tag in _NOT_TEXT



def _shape(el: HtmlElement) -> str:
    cls = (el.get("class") or "").split()
    return f"{el.tag}.{_DIGITS.sub('', cls[0])}" if cls else el.tag


@dataclass(frozen=True, slots=True)
class _Head:
    """A card's headline and link, and its words (text_content, for choosing the group cheaply)."""

    els: tuple[HtmlElement, ...]
    headline: str
    link: str | None
    words: int


def _head(els: list[HtmlElement]) -> _Head | None:
    """The card's headline and link, or None when it is no card; `els` are the group member and the
    siblings after it up to the next member (a table row's second row, a caption block). Only
    C-level walks here: the lines are read for the chosen group alone (_teaser)."""
    el = els[0]
    if _COMMENT_NAME.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return None  # a comment list under an article: its permalinks and names are no headlines
    headings = list(el.iter(*_HEADINGS))  # the repeated element holds the headline (its followers add lines)
    if len(headings) + sum(1 for e in els[1:] for _ in e.iter(*_HEADINGS)) > MAX_CARD_HEADINGS:
        return None
    anchors = [a for a in el.iter("a") if a.get("href")]
    links = {a.get("href") for a in anchors}
    if el.tag == "a" and el.get("href"):
        links.add(el.get("href"))
    if not links or len(links) > MAX_CARD_LINKS:
        return None
    headline, link = None, None
    for h in headings:
        text = " ".join(h.text_content().split())
        if text and len(text.split()) <= MAX_HEADLINE_WORDS and not _is_date(text):
            headline = text
            a = next(h.iter("a"), None)
            a = a if a is not None else next(h.iterancestors("a"), None)
            link = a.get("href") if a is not None else None
            break
    if headline is None:
        for a in ([el] if el.tag == "a" else []) + anchors:
            text = " ".join((a.text_content() or "").split())
            if MIN_LINK_HEADLINE_WORDS <= len(text.split()) <= MAX_HEADLINE_WORDS and not _is_date(text):
                headline, link = text, a.get("href")
                break
    if headline is None:
        return None
    if link is None:
        link = el.get("href") if el.tag == "a" else next(iter(sorted(links)), None)
    words = sum(len(e.text_content().split()) for e in els)
    return _Head(tuple(els), headline, link, words)


def _is_date(text: str) -> bool:
    """A link or heading that is a date (a comment's permalink, an archive's day) is no headline."""
    return len(text) <= MAX_DATE_LINE and parse_date_line(text) is not None


def _heads(members: list[list[HtmlElement]]) -> list[_Head] | None:
    """The members' cards, or None as soon as too many members are no card (CARD_SHARE, MIN_CARDS):
    a menu of a hundred links is given up after its first few items."""
    need = max(MIN_CARDS, CARD_SHARE * len(members))
    heads, misses = [], 0
    for els in members:
        head = _head(els)
        if head is None:
            misses += 1
            if len(members) - misses < need:
                return None
        else:
            heads.append(head)
    return heads


def _teaser(head: _Head) -> Teaser:
    """The card with its visible lines other than the headline, in order."""
    lines = [ln for e in head.els for ln in visible_lines(e, _skip, root_tail=False).split("\n")]
    return Teaser(head.headline, head.link, tuple(ln for ln in lines if ln and ln != head.headline))


def _link_parents(root: HtmlElement) -> list[HtmlElement]:
    """Elements with at least MIN_CARDS children that hold a link: the only places a group of cards can
    be. Found from the links upwards (a link marks each ancestor's child on its path, and stops where
    a child is marked already), not by a Python walk of every element: most of a page is no such place."""
    marked: dict[HtmlElement, set[HtmlElement]] = {}  # keyed by the element: the dict keeps the proxies
    for a in root.iter("a"):
        if a.get("href") is None:
            continue
        child, parent = a, a.getparent()
        while parent is not None and child is not root:
            kids = marked.setdefault(parent, set())
            if child in kids:
                break
            kids.add(child)
            child, parent = parent, parent.getparent()
    return [p for p, kids in marked.items() if len(kids) >= MIN_CARDS]


def _groups(root: HtmlElement):
    """Sibling groups of one shape, under every parent of linked children outside chrome."""
    # keyed by the element itself: the dict holds the proxies, so an id() is never reused for another node
    chrome: dict[HtmlElement, bool] = {root: False}

    def in_chrome(el: HtmlElement) -> bool:
        path = []
        while el is not None and el not in chrome:
            path.append(el)
            el = el.getparent()
        known = chrome[el] if el is not None else False
        for node in reversed(path):
            known = known or node.tag in CHROME_TAGS or _is_chrome(node)
            chrome[node] = known
        return known

    for el in _link_parents(root):
        if in_chrome(el):
            continue
        # a leaf is never a parent of cards: its tag alone decides (the class test is the walk's cost)
        kids = [k for k in el if isinstance(k.tag, str) and k.tag not in CHROME_TAGS and (not len(k) or not _is_chrome(k))]
        by_shape: dict[str, list[HtmlElement]] = defaultdict(list)
        for k in kids:
            by_shape[_shape(k)].append(k)
        for shape, members in by_shape.items():
            if len(members) >= MIN_CARDS and members[0].tag not in _RUNNING_TEXT:
                yield shape, _with_followers(kids, members)


def _with_followers(kids: list[HtmlElement], members: list[HtmlElement]) -> list[list[HtmlElement]]:
    """Each member with the siblings after it up to the next member (those before the first: none)."""
    ids = {id(m) for m in members}
    cards: list[list[HtmlElement]] = []
    for k in kids:
        if id(k) in ids:
            cards.append([k])
        elif cards:
            cards[-1].append(k)
    if cards and len(kids) > len(members):  # after the last member: only what follows it up to where the
        last = cards[-1]                    # other cards' share of followers ends (a footer row is no card)
        per = max(len(c) for c in cards[:-1]) if len(cards) > 1 else 1
        del last[per:]
    return cards


def listing_cards(tree: HtmlElement) -> Listing | None:
    """The page's teaser cards: its largest group and the groups of cards of the same size beside it
    (_alike_groups), in page order; None when the page shows none (see module doc); whether they are the page is for the caller to ask (is_page_listing, and the extraction's prose)."""
    body = tree.find(".//body")
    if body is None:
        return None
    found: list[_Group] = []
    for shape, members in _groups(body):
        heads = _heads(members)
        if heads is None:
            continue
        with_summary = sum(h.words > len(h.headline.split()) for h in heads)
        long_heads = sorted(len(h.headline.split()) for h in heads)[len(heads) // 2]
        if with_summary < SUMMARY_SHARE * len(heads) and long_heads < LONG_HEADLINE_WORDS:
            continue
        median = sorted(h.words for h in heads)[len(heads) // 2]
        if median > MAX_MEDIAN_CARD_WORDS:
            continue  # posts of a thread (or comments): each a text of its own, not a teaser
        found.append(_Group(shape, tuple(heads), sum(h.words for h in heads), median))
    if not found:
        return None
    chosen = _alike_groups(found)
    heads = [h for g in chosen for h in g.heads]
    if len(chosen) > 1:  # in page order
        order = {e: n for n, e in enumerate(body.iter())}
        heads.sort(key=lambda h: order.get(h.els[0], 0))
    lead = {id(h) for h in chosen[0].heads}
    # a carousel clones its slides (for the loop): a card shown twice is one teaser
    unique: dict[tuple[str, tuple[str, ...]], tuple[Teaser, bool]] = {}
    for h in heads:
        t = _teaser(h)
        unique.setdefault((t.headline, t.lines), (t, id(h) in lead))
    teasers = tuple(t for t, _ in unique.values())
    lead_teasers = tuple(t for t, in_lead in unique.values() if in_lead) if len(chosen) > 1 else ()
    shape = "+".join(g.shape for g in chosen)
    return Listing(teasers, shape, len(chosen), lead_teasers) if len(teasers) >= MIN_CARDS else None


@dataclass(frozen=True, slots=True)
class _Group:
    """One group of cards that passed the gates: its shape, cards, words and median card's words."""

    shape: str
    heads: tuple[_Head, ...]
    words: int
    median: int


def _alike_groups(found: list[_Group]) -> list[_Group]:
    """The largest group (by words; the first found on a tie) and every other group whose median card
    is of its size (SIMILAR_CARD_FACTOR) and that neither holds nor sits inside a card already taken:
    a section front shows a featured row, a latest list and a most-read box of one kind of teaser."""
    ranked = sorted(found, key=lambda g: -g.words)
    best = ranked[0]
    chosen, taken = [best], {e for h in best.heads for e in h.els}
    for group in ranked[1:]:
        if not best.median / SIMILAR_CARD_FACTOR <= group.median <= best.median * SIMILAR_CARD_FACTOR:
            continue
        els = [e for h in group.heads for e in h.els]
        if any(e in taken or any(a in taken for a in e.iterancestors()) for e in els):
            continue  # the same cards again (found from another parent), or cards inside a taken card
        mine = set(els)
        if any(a in mine for e in taken for a in e.iterancestors()):
            continue  # a section of cards holding taken cards
        chosen.append(group)
        taken.update(els)
    return chosen


def is_page_listing(listing: Listing, page_words: int) -> bool:
    """The cards make MIN_PAGE_SHARE of the page's visible words or more (asked last: it needs them)."""
    return listing.words >= MIN_PAGE_SHARE * page_words


def outside_prose_words(listing: Listing, extracted: str) -> int:
    """Words of the extraction's prose lines that are not the cards' (an article's own text)."""
    inside = set(listing.text.lower().split("\n"))
    return sum(len(line.split()) for line in extracted.split("\n")
               if line.strip() and line.strip().lower() not in inside and is_prose(line))


@dataclass(frozen=True, slots=True)
class Record:
    """One teaser of the cleaned text: its headline, link and its paragraphs (headline first)."""

    headline: str
    link: str | None
    text: str
    published: str | None = None  # the card's date line, as an ISO date (dates.parse_date_line)


@dataclass(frozen=True, slots=True)
class Records:
    """The cleaned text cut at the teasers' headlines: what heads the page, then one record per teaser."""

    lead: str
    records: tuple[Record, ...]
    after: str  # the page's text after the teasers' block is the last teaser's only if it is short


def _card_date(teaser: Teaser) -> str | None:
    """The first of the card's lines that is a date with its year (a teaser's own date)."""
    for line in teaser.lines:
        if len(line) <= MAX_DATE_LINE and (found := parse_date_line(line)) is not None and found.year:
            return found.iso()
    return None


def teaser_records(text: str, listing: Listing) -> Records | None:
    """Cut a cleaned text (paragraphs separated by blank lines) at the teasers' headlines, in order;
    None when fewer than MIN_CARDS headlines survived the text rules (the page stays one article)."""
    paragraphs = text.split("\n\n")
    wanted = {" ".join(t.headline.split()): t for t in listing.teasers}
    starts: list[tuple[int, Teaser]] = []
    for pos, para in enumerate(paragraphs):
        teaser = wanted.pop(" ".join(para.split()), None)
        if teaser is not None:
            starts.append((pos, teaser))
    if len(starts) < MIN_CARDS:
        return None
    ends = [p for p, _ in starts[1:]] + [len(paragraphs)]
    last_lines = max(len(t.lines) for _, t in starts) + 1
    records, after = [], ""
    for (pos, teaser), end in zip(starts, ends):
        if end == len(paragraphs) and end - pos > last_lines:  # the page's own text after the last card
            after = "\n\n".join(paragraphs[pos + last_lines:])
            end = pos + last_lines
        records.append(Record(teaser.headline, teaser.link, "\n\n".join(paragraphs[pos:end]), _card_date(teaser)))
    return Records("\n\n".join(paragraphs[:starts[0][0]]), tuple(records), after)
