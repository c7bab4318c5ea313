"""Discussion pages: a forum thread or a link-sharing story, where the "comments" are the content.

On an article, a comment list is not article text; on a discussion page it is all there is (the
thread's posts, or a story that is one link and a few lines followed by the discussion the page
exists for). Two signs, either enough:
- the page says so: schema.org `DiscussionForumPosting` or `QAPage` in JSON-LD or microdata (what
  forum and Q&A software emits: a question's answers are the page, however long the question;
  trafilatura keeps comments on forum pages for the same reason);
- its shape says so: the comment container holds at least DISCUSSION_MIN_CHARS of text while the
  page's prose outside it is under OWN_PROSE_MAX_CHARS — there is no article for the comments to
  follow.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement

_DECLARED = re.compile(r'"@type"\s*:\s*(?:"(?:DiscussionForumPosting|QAPage)"|\[[^\]]*"(?:DiscussionForumPosting|QAPage)")')
# A thread worth the name: several posts' worth of text (a comment form or two stubs is not one).
DISCUSSION_MIN_CHARS = 1500
# Prose (paragraphs of running text outside links, dom_prepass.prose_chars) below one short paragraph:
# a story page of a link, a tag line or one summary sentence has less; an article, even a news brief of
# one paragraph (two sentences, 200+ characters), has more, and its reader comments still go.
OWN_PROSE_MAX_CHARS = 150


_DECLARED_ITEM = re.compile(r"DiscussionForumPosting|QAPage")  # microdata itemtype URLs


def declares_discussion(tree: HtmlElement) -> bool:
    """schema.org DiscussionForumPosting or QAPage in the page's JSON-LD or microdata."""
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        if script.text and _DECLARED.search(script.text):
            return True
    return any(_DECLARED_ITEM.search(el.get("itemtype") or "") for el in tree.iterfind(".//*[@itemtype]"))


def is_discussion_shape(thread_chars: int, own_prose_chars: int) -> bool:
    """A comment container of thread_chars characters on a page with own_prose_chars of prose besides."""
    return thread_chars >= DISCUSSION_MIN_CHARS and own_prose_chars < OWN_PROSE_MAX_CHARS
