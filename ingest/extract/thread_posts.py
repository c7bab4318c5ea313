"""A forum thread's posts from the page's schema.org microdata: every post, with its author and time.

trafilatura looks for one main stretch of prose; a thread is many sibling posts, and on WCXB-dev it
often keeps one of them (a long reply) or the posts plus the forum's sidebars. Forum and Q&A
software marks each post up for search engines: an item of type DiscussionForumPosting, Comment,
Answer, Question or SocialMediaPosting whose body is its `itemprop="text"` (or `articleBody`), with an
`itemprop="author"` and a `<time>` beside it. That markup is a convention of the software, not of one
site, and it names exactly the posts.

A page is read as a thread only when its markup says it is one: a DiscussionForumPosting or Question
item holds a body (the thread's opening post) or the page declares a discussion (discussion.py), and
there are at least MIN_POSTS bodies, most of them signed (an author or a time: an FAQ accordion
marked up as Question/Answer is not a thread). An article with a microdata comment list
(Article/BlogPosting with Comment items) is no thread: its comments are not read here. On a Q&A page
the Comment items under a question or an answer are remarks (shown folded), not posts.

The HTML path (html._threaded) puts the thread in place of the extraction and keeps the extraction's
prose lines the posts do not hold (an opening post the software did not mark up), so no prose the
extractor found is lost; the choice is a Note.

Each post becomes its author line, its time line (the visible text, as the page shows it) and its
body block by block; quoted earlier posts inside a body are part of that post, as the page shows it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from lxml.html import HtmlElement

from ..rules.features import is_prose
from .wide_text import visible_lines

# Item types whose bodies are posts of a thread (the page's own opening post or a reply).
_POST_TYPE = re.compile(r"schema\.org/(?:DiscussionForumPosting|Comment|Answer|Question|SocialMediaPosting)\b")
# Item types that open a thread: with a body of their own, the page is a thread and not an article.
_THREAD_TYPE = re.compile(r"schema\.org/(?:DiscussionForumPosting|Question)\b")
# On a Q&A page the posts are the question and its answers; Comment items inside them are remarks.
_QA_TYPE = re.compile(r"schema\.org/(?:Answer|Question)\b")
_COMMENT_TYPE = re.compile(r"schema\.org/Comment\b")
_BODY_PROPS = frozenset({"text", "articleBody"})
# A thread is an opening post and at least one reply: one body alone is what the extractor finds.
MIN_POSTS = 2
# Posts are signed: at least this share of them shows an author or a time. An FAQ accordion marked
# up as Question/Answer items (on an article or a service page) shows neither.
SIGNED_SHARE = 0.5
# Never post text, wherever they stand in a body (scripts, styles, controls).
_SKIP_TAGS = frozenset({"aside", "script", "style", "noscript", "template", "button", "svg", "form", "input",
                        "select", "textarea", "head", "title", "meta", "link"})
# An author element longer than this is a profile card (name, rank, location, badges): only its
# itemprop="name" is read. A name line with a display name in brackets is shorter.
MAX_NAME_CHARS = 40
# An extraction line is the thread's when at least half its word pairs are in the posts' text (a
# post's paragraph, or one the extractor glued to the poster's card: its post part is in the thread).
LINE_IN_THREAD = 0.5
# A time line longer than this is not a date as shown: it is left out rather than read.
MAX_META_CHARS = 120


@dataclass(frozen=True, slots=True)
class Post:
    """One post of a thread: who, when (as shown), and its text (one block a line)."""

    author: str
    time: str
    text: str


@dataclass(frozen=True, slots=True)
class Thread:
    """The posts of a thread, in page order, and the text they make."""

    posts: tuple[Post, ...]

    @property
    def text(self) -> str:
        return "\n\n".join("\n".join(line for line in (p.author, p.time, p.text) if line) for p in self.posts)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Joined:
    """The thread's text with the extraction's prose outside it, and how many lines were kept or not."""

    text: str
    kept_outside: int
    dropped_outside: int


def with_thread(thread: Thread, extracted: str) -> Joined:
    """The thread's text with the extraction's prose lines outside it (with_records)."""
    return with_records(thread.text, extracted)


def with_records(records: str, extracted: str, *, keep_short: bool = False) -> Joined:
    """The records' text (a thread's posts, a listing's teasers), preceded by the extraction's prose
    lines outside the records that came before its first line in them and followed by those after it
    (a doubtful line is kept). Lines that are not prose (rules/features.is_prose) outside the posts are
    the forum's chrome: titles of other threads, "Reply", counters, menus; `keep_short` keeps them too
    (a listing's labels, counts and prices the card reader did not take). A line is the records' when
    half its word pairs are in them (pairs, not words: a line of common words is not in the thread
    because they are)."""
    in_thread = set(_pairs(records.lower().split()))
    lines = [line for line in extracted.split("\n") if line.split()]
    verdict: list[str] = []  # "thread", "prose" or "chrome", line by line
    for line in lines:
        pairs = _pairs(line.lower().split()) or [(line.lower().strip(), "")]
        if sum(p in in_thread for p in pairs) >= LINE_IN_THREAD * len(pairs):
            verdict.append("thread")
        else:
            verdict.append("prose" if keep_short or is_prose(line) else "chrome")
    first = next((i for i, v in enumerate(verdict) if v == "thread"), len(lines))
    kept = [i for i, v in enumerate(verdict) if v == "prose"]
    before = [lines[i] for i in kept if i < first]
    after = [lines[i] for i in kept if i > first]
    dropped = verdict.count("chrome")
    return Joined("\n".join([*before, records, *after]), len(kept), dropped)


def _pairs(words: list[str]) -> list[tuple[str, str]]:
    return list(zip(words, words[1:]))


def thread_posts(tree: HtmlElement, declared: Callable[[], bool] = lambda: False) -> Thread | None:
    """The page's thread from its microdata, or None when the page marks up no thread (see module
    doc). `declared()`: the page declares a discussion elsewhere (JSON-LD), so Comment/Answer items
    alone make a thread (asked only on pages with post items)."""
    items = [el for el in tree.iterfind(".//*[@itemtype]") if _POST_TYPE.search(el.get("itemtype") or "")]
    if not items:
        return None
    bodies: list[tuple[HtmlElement, HtmlElement]] = []  # (body, its item)
    opened = False
    qa = [el for el in items if _QA_TYPE.search(el.get("itemtype") or "")]
    for item in items:
        if qa and _COMMENT_TYPE.search(item.get("itemtype") or "") and any(_inside(item, q) for q in qa):
            continue  # a remark under a question or answer, not a post of the Q&A (shown folded)
        for body in _own_bodies(item):
            if any(b is body or _inside(body, b) for b, _ in bodies):
                continue
            bodies.append((body, item))
            opened = opened or bool(_THREAD_TYPE.search(item.get("itemtype") or ""))
    if len(bodies) < MIN_POSTS or not (opened or declared()):
        return None
    order = {el: n for n, el in enumerate(tree.iter())}
    bodies.sort(key=lambda pair: order[pair[0]])
    claimed: set[int] = set()  # author/time elements already given to a post (a wrapper item's first post)
    posts = []
    for body, item in bodies:
        text = block_text(body)
        if not text:
            continue
        author = _meta(item, body, claimed, _is_author)
        time = _meta(item, body, claimed, _is_time)
        posts.append(Post(author, time, text))
    signed = sum(bool(p.author or p.time) for p in posts)
    if len(posts) < MIN_POSTS or signed < SIGNED_SHARE * len(posts):
        return None  # questions and answers of an FAQ block, not posts of people
    return Thread(tuple(posts))


def _own_bodies(item: HtmlElement) -> list[HtmlElement]:
    """The item's body elements: itemprop text/articleBody whose nearest item is this one."""
    found = []
    for el in item.iter():
        if el is item:
            continue
        props = set((el.get("itemprop") or "").split())
        if props & _BODY_PROPS and _owner(el) is item:
            found.append(el)
    return found


def _owner(el: HtmlElement) -> HtmlElement | None:
    """The item an itemprop element belongs to: its nearest ancestor with itemscope."""
    parent = el.getparent()
    while parent is not None and parent.get("itemscope") is None:
        parent = parent.getparent()
    return parent


def _inside(el: HtmlElement, container: HtmlElement) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is container:
            return True
        parent = parent.getparent()
    return False


def _is_author(el: HtmlElement) -> bool:
    return "author" in (el.get("itemprop") or "").split()


def _is_time(el: HtmlElement) -> bool:
    return el.tag == "time" or "datePublished" in (el.get("itemprop") or "").split()


def _meta(item: HtmlElement, body: HtmlElement, claimed: set[int], wanted: Callable[[HtmlElement], bool]) -> str:
    """The visible text of the item's first unclaimed author (or time) element outside the body and
    outside the item's nested post items ('' when there is none or it is no short line)."""
    for el in item.iter():
        if el is item or not isinstance(el.tag, str) or not wanted(el) or id(el) in claimed:
            continue
        if _inside(el, body) or _nested_post(el, item):
            continue
        claimed.add(id(el))
        if el.tag == "meta":
            return ""  # a machine value (content="2024-11-08"), not what the page shows
        text = " ".join(el.text_content().split())
        if _is_author(el) and len(text) > MAX_NAME_CHARS:
            name = next((n for n in el.iter() if "name" in (n.get("itemprop") or "").split()), None)
            text = "" if name is None else " ".join((name.get("content") or name.text_content()).split())
        return text if len(text) <= MAX_META_CHARS else ""
    return ""


def _nested_post(el: HtmlElement, item: HtmlElement) -> bool:
    """el lies inside another post item nested in `item` (a reply's author is not the question's)."""
    parent = el.getparent()
    while parent is not None and parent is not item:
        if parent.get("itemscope") is not None and _POST_TYPE.search(parent.get("itemtype") or ""):
            return True
        parent = parent.getparent()
    return False


def block_text(root: HtmlElement) -> str:
    """The visible text of `root`, one block a line (hidden elements and widgets left out)."""
    return visible_lines(root, lambda el: el.tag in _SKIP_TAGS or el.get("hidden") is not None, root_tail=False)
