"""The DOM pre-pass: blocks that are not the article leave the tree before extraction, and say why.

Shapes (markup conventions shared by many sites, never one page's strings):
- embedded posts and players (dom_embeds.py) → `Embed` data, removed from the body;
- comment containers: Disqus `#disqus_thread`, WordPress `#comments` / `#respond` / `.commentlist`,
  `.comments`, `*-comments-section`;
- cookie/consent banners (`cookie`, `consent`, `gdpr`, `onetrust`, `cookiebot` in id/class) whose
  text speaks of cookies, consent or privacy (a box only *named* so is kept);
- share rows (`share`, `sharing`, `addthis`, `sharethis`, `social-share` tokens; short text only);
- newsletter boxes (`newsletter`, `subscribe-box`, `signup-form`; short text only);
- related-article blocks (`related`, `more-stories`, `recommended`, `most-read`, `outbrain`,
  `taboola` tokens) and `<aside>`s headed "Related"/"Read more"/"Lire aussi"/…;
- ticker/market widgets (`ticker`, `stock-quote`, `market-data` tokens, `<marquee>`).

Hard negatives: a block is never removed when it holds the page's `<h1>`, an `<article>` or the
`articleBody` (a theme that puts `class="post has-comments"` on the article wrapper keeps its
article); non-comment blocks above a size limit stay (a "related" wrapper around the whole page is
layout, not an aside); an article that quotes a post in a plain `<blockquote>` keeps the quote.

Main-prose guard: a `comment_section` or `related_block` (or a related `<aside>`) that holds most of
the page's prose is the article wrapped in a badly named box (a match report in `div.comments-wrap`,
a post in `section.related-content`), never boilerplate: it stays, and the decision is recorded as
a Note (`html_prepass.guard` / `kept_main_prose`). A real comment list (several comment items inside)
is not protected by it: comments can outweigh a short post.

The result is a PrepassResult: the removals and embeds (a RuleResult, the text stage's prior) and
`discussion`, whether the page's comment boxes were kept as its content (the extractor then keeps
comments too): a typed flag, so no caller has to read it back out of a Note's code.

Every removal becomes a RemovedSpan of rule `html_prepass.<name>` whose offsets are -1: a DOM block
has no single offset in the extracted text (its text never reaches it), and its place in the source
HTML is not tracked by lxml; the removed text itself is kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import XPath
from lxml.html import HtmlElement

from ..records import Note, RemovedSpan
from ..rules.engine import Extracted, RuleResult
from .dom_embeds import BLOCKQUOTE_PLATFORMS, blockquote_embed, element_text, frame_embed, frame_platform
from .discussion import declares_discussion, is_discussion_shape
from .dom_scan import PageScan, is_detached, scan_page

FAMILY = "html_prepass"
NO_OFFSET = -1


@dataclass(frozen=True, slots=True)
class BlockShape:
    """A kind of non-article block recognised by its id/class tokens."""

    name: str
    reason: str
    token: re.Pattern
    max_chars: int | None  # larger blocks are layout wrappers, not this widget (None: no limit)


_T = r"(?:^|[-_])"  # a token part starts a token or follows a - / _ separator
_E = r"(?:$|[-_\d])"
SHAPES: tuple[BlockShape, ...] = (
    BlockShape("comment_section", "comment_container", re.compile(
        rf"^(?:disqus_thread|dsq[-_].*|respond|commentlist|comment-?list|(?:.*[-_])?comments{_E}.*|"
        rf"comments?[-_](?:section|area|list|container|wrapper|thread|block|box|holder|module|form).*|"
        rf"(?:user|reader|article|post)[-_]?comments?.*)$"), None),
    # `cmp` alone is not a consent platform: Adobe Experience Manager names every layout box of a
    # page `cmp-container`, `cmp-text`, `cmp-teaser` (its Core Components), main content included.
    BlockShape("cookie_banner", "cookie_consent", re.compile(
        r"cookie|consent|gdpr|onetrust|cookiebot|cc[-_](?:banner|window)|cmp[-_]?(?:banner|box|dialog|popup)|"
        r"qc-cmp"), 3000),
    BlockShape("share_row", "share_buttons", re.compile(
        rf"{_T}(?:share|shares|sharing|sharethis|addthis|addtoany|a2a|social[-_]?(?:share|buttons|links|icons|bar)|"
        rf"sharebar|sharetools){_E}"), 400),
    BlockShape("newsletter_box", "newsletter_signup", re.compile(
        r"newsletter|subscribe[-_]?(?:box|form|widget|banner|cta)|signup[-_]?(?:box|form)|optin|opt-in|"
        r"mailing[-_]?list"), 1000),
    BlockShape("related_block", "related_articles", re.compile(
        rf"{_T}(?:related|more[-_]?(?:stories|articles|news)|recommended|also[-_]?read|outbrain|taboola|"
        rf"most[-_]?(?:popular|read|viewed|shared|emailed)|trending|ob[-_]widget){_E}"), 4000),
    BlockShape("ticker_widget", "market_ticker", re.compile(
        rf"{_T}(?:ticker|stock[-_]?quotes?|market[-_]?(?:data|widget|ticker|summary)|quote[-_]?strip){_E}"), 3000),
)
# Main-prose guard (see module doc). Prose is the text of paragraphs outside links, counted only for
# paragraphs of at least _PROSE_MIN_CHARS (a teaser or a link caption is not prose).
_GUARDED = frozenset({"comment_section", "related_block", "related_aside"})
_MOST_OF_THE_PROSE = 0.5  # the box holds at least this share of the page's prose: it is the article
_GUARD_MIN_CHARS = 400  # a box with less text, or less prose, than this is no article worth the check
_PROSE_MIN_CHARS = 80
_COMMENT_ITEMS = 2  # a box with this many comment items inside is a comment list, whatever its size
_COMMENT_ITEM = XPath(".//*[@itemprop='comment' or contains(@itemtype, 'Comment') or "
                      "starts-with(@id, 'comment-') or starts-with(@id, 'li-comment') or "
                      "contains(concat(' ', normalize-space(@class), ' '), ' comment ') or "
                      "contains(concat(' ', normalize-space(@class), ' '), ' comment-body ') or "
                      "contains(concat(' ', normalize-space(@class), ' '), ' reply ')]")
# A consent banner says what it asks for, in its own words: a block named like one whose text never
# mentions cookies, consent, privacy or tracking is a page section in a misleading box (a theme's
# `consent-aware` wrapper, a CMS's component class), so it stays. Several languages; lower-cased text.
_CONSENT_WORDS = re.compile(
    r"cookie|consent|privacy|gdpr|tracking|personal data|"
    r"datenschutz|einwillig|zustimm|dsgvo|"  # de
    r"consentement|confidentialité|vie privée|rgpd|traceurs|"  # fr
    r"consentimiento|privacidad|datos personales|"  # es
    r"consenso|riservatezza|dati personali|"  # it
    r"toestemming|gegevens|"  # nl
    r"consentimento|privacidade|dados pessoais|"  # pt
    r"zgod|prywatno|"  # pl
    r"согласи|конфиденциальн|куки|персональных данных|"  # ru
    r"クッキー|個人情報|쿠키|개인정보|隐私|隱私")
_UNREAD_GUARD_CHARS = 400  # a block this long kept for want of consent words is recorded as a Note
# A box named like a share row that holds the article's date or byline is the article's meta line
# with the buttons beside it (`meta-share-group`): removing it would lose the date and author. Its
# share buttons, in their own box, are still removed.
_ARTICLE_META = XPath(".//time[@datetime] | .//*[@itemprop='author' or @property='author' or @rel='author' or "
                      "@itemprop='datePublished' or @property='datePublished']")
_PROTECTED = XPath(".//h1 | .//article | .//*[@itemprop='articleBody']")
_RELATED_HEAD = re.compile(
    r"^\s*(?:related|related (?:articles|stories|posts|news|content)|read more|more (?:on this|stories|news)|"
    r"see also|you may also like|recommended|lire aussi|à lire aussi|voir aussi|sur le même sujet|"
    r"mehr zum thema|das könnte sie auch interessieren|weitere artikel|lee también|noticias relacionadas|"
    r"читайте также|по теме|leggi anche|leia também)\s*:?\s*$", re.IGNORECASE)


@dataclass(slots=True)
class PrepassResult(RuleResult):
    """What the pre-pass removed and extracted, and whether the page is a discussion whose comment
    boxes were kept as content (extract/discussion.py)."""

    discussion: bool = False


def prepass(tree: HtmlElement, scan: PageScan | None = None, notes: list[Note] | None = None) -> PrepassResult:
    """Remove embeds and non-article blocks from `tree` (in place); return what went and why. A block
    inside one already removed is not reported again. Guards that kept a block append to `notes`."""
    scan = scan or scan_page(tree)
    result = PrepassResult()
    guard = _ProseGuard(tree, notes if notes is not None else [])
    for el in scan.embeds:
        if not is_detached(el, scan.roots):
            _embed_or_widget(el, result, guard)
    for el, attrs in scan.blocks:
        shape = _shape_of(attrs, el.tag)
        if shape is None or is_detached(el, scan.roots) or _PROTECTED(el):
            continue
        text = element_text(el)
        if shape.max_chars is not None and len(text) > shape.max_chars:
            continue
        if guard.keeps(el, shape.name, text):
            continue
        if shape.name == "comment_section" and guard.is_discussion(el, text):
            continue
        if shape.name == "cookie_banner" and not _reads_as_consent(el, text, guard.notes):
            continue
        if shape.name == "share_row" and _ARTICLE_META(el):
            guard.notes.append(Note(f"{FAMILY}.guard", "kept_article_meta",
                                    f"{_label(el)} is named like a share row but holds the article's date or "
                                    "byline: kept (its share buttons go on their own)"))
            continue
        _remove(el, shape.name, shape.reason, text, result)
    result.discussion = guard.discussion
    return result


def _reads_as_consent(el: HtmlElement, text: str, notes: list[Note]) -> bool:
    """Whether a block named like a consent banner says anything of cookies or consent (see
    _CONSENT_WORDS); a long one that does not is kept and the decision noted."""
    if _CONSENT_WORDS.search(text.lower()):
        return True
    if len(text) >= _UNREAD_GUARD_CHARS:
        notes.append(Note(f"{FAMILY}.guard", "kept_unlike_consent",
                          f"{_label(el)} is named like a consent banner but its {len(text)} characters never "
                          "mention cookies, consent or privacy: kept as content"))
    return False


def _label(el: HtmlElement) -> str:
    return f"<{el.tag} {' '.join(f'{k}={v!r}' for k, v in el.items() if k in ('id', 'class'))}>"


class _ProseGuard:
    """Keeps a guarded box that holds most of the page's prose (the page total is counted once, and
    only when a large guarded box is met)."""

    def __init__(self, tree: HtmlElement, notes: list[Note]):
        self._tree, self.notes, self._page = tree, notes, -1
        self._declared: bool | None = None
        self.discussion = False  # a comment box was kept as the page's discussion

    def _page_prose(self) -> int:
        if self._page < 0:
            body = self._tree.find("body")
            self._page = prose_chars(body if body is not None else self._tree)
        return self._page

    def is_discussion(self, el: HtmlElement, text: str) -> bool:
        """A comment container that is the page's content (extract/discussion.py): kept, noted once."""
        if self._declared is None:
            self._declared = declares_discussion(self._tree)
        if not (self._declared or self.discussion
                or is_discussion_shape(len(text), self._page_prose() - prose_chars(el))):
            return False
        if not self.discussion:  # once the page is a discussion, every comment box of it is kept
            self.discussion = True
            why = "declares a DiscussionForumPosting" if self._declared else "has little prose outside it"
            self.notes.append(Note(f"{FAMILY}.guard", "kept_discussion",
                                   f"{_label(el)} holds the page's discussion and the page {why}: comments kept "
                                   "as content"))
        return True

    def keeps(self, el: HtmlElement, name: str, text: str) -> bool:
        if name not in _GUARDED or len(text) < _GUARD_MIN_CHARS:
            return False
        if name == "comment_section" and len(_COMMENT_ITEM(el)) >= _COMMENT_ITEMS:
            return False
        mine = prose_chars(el)
        if mine < _GUARD_MIN_CHARS or mine < _MOST_OF_THE_PROSE * self._page_prose():
            return False
        self.notes.append(Note(f"{FAMILY}.guard", "kept_main_prose",
                               f"{_label(el)} looks like a {name} but holds {mine} of the page's {self._page} "
                               f"characters of prose: kept as content"))
        return True


def prose_chars(el: HtmlElement) -> int:
    """Characters of paragraph text outside links in `el` (paragraphs of _PROSE_MIN_CHARS or more)."""
    total = 0
    for p in el.iter("p"):
        n = len(element_text(p)) - sum(len(element_text(a)) for a in p.iter("a"))
        if n >= _PROSE_MIN_CHARS:
            total += n
    return total


def _embed_or_widget(el: HtmlElement, result: RuleResult, guard: _ProseGuard) -> None:
    tag = el.tag
    if tag == "blockquote":
        tokens = (el.get("class") or "").split()
        platform = next((BLOCKQUOTE_PLATFORMS[t] for t in tokens if t in BLOCKQUOTE_PLATFORMS), None)
        if platform:
            name = "tweet_blockquote" if platform == "twitter" else f"{platform}_blockquote"
            _remove(el, name, f"{platform}_post", element_text(el), result, blockquote_embed(el, platform))
    elif tag == "iframe" or (tag == "div" and "fb-" in (el.get("class") or "")):
        src = el.get("src") or el.get("data-src") or el.get("data-href") or ""
        # Facebook's own embed markup: <div class="fb-post|fb-video" data-href="https://www.facebook.com/…">
        platform = "facebook" if tag == "div" and "facebook.com/" in src.lower() else frame_platform(src)
        if platform:
            _remove(el, "embed_frame", f"{platform}_frame", element_text(el), result, frame_embed(el, platform))
    elif tag == "marquee":
        _remove(el, "ticker_widget", "scrolling_marquee", element_text(el), result)
    elif tag == "aside":
        head = next((h for h in el.iter("h2", "h3", "h4", "h5", "strong", "b") if element_text(h)), None)
        if head is not None and _RELATED_HEAD.match(element_text(head)) and not _PROTECTED(el):
            text = element_text(el)
            if not guard.keeps(el, "related_aside", text):
                _remove(el, "related_aside", "related_articles", text, result)


def _shape_of(attrs: str, tag) -> BlockShape | None:
    if tag in ("body", "html", "main", "article") or not isinstance(tag, str):
        return None
    tokens = attrs.split()
    for shape in SHAPES:
        if any(shape.token.search(t) for t in tokens):
            return shape
    return None


def _remove(el: HtmlElement, name: str, reason: str, text: str, result: RuleResult, embed=None) -> None:
    rule = f"{FAMILY}.{name}"
    result.removed.append(RemovedSpan(rule, reason, NO_OFFSET, NO_OFFSET, text))
    if embed:
        result.extracted.append(Extracted(rule, reason, dict(embed), NO_OFFSET))
    el.drop_tree()

