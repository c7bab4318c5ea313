"""Comment sections and their stubs at the tail of a page.

Shapes: a comment header with a count or a call to act (`3 comments`, `Comments (12)`, `Leave a Reply`,
`Kommentare`, `Laisser un commentaire`, `Комментарии`), widget lines (`Powered by Disqus`,
`You must be logged in to post a comment.`, form labels like `Name *`, `Post Comment`, `View comments (212)`,
a like widget's `Like Loading…`), and the comment thread after a strong header (commenters' lines,
"Reply", "says:").

Hard negatives: a listing whose teasers each carry a count (`2 comments`, `0 comments`) has no comment
section: a count that recurs on the page is the items' meta line, so no count starts a section there.
A tutorial whose section heading is "Comments" followed by prose about code comments
keeps it — a bare "Comments" heading only goes when nothing but stubs follows it, or a thread of entries
each signed by a name line and a date line; the word "comment" inside sentences is never matched.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..dates import is_relative_date, parse_date_line
from .base import Finding, TextView
from .features import is_prose, prose_bounds, strip_bullet
from .vocabulary import ui_key

_STRONG_HEADER = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|kommentare?|commentaires?|comentarios?|комментари(?:й|я|ев)|"
    r"commenti|comentários)|(?:comments?|kommentare|commentaires|comentarios|комментарии|commenti|comentários)"
    r"\s*[(\[]\d+[)\]]|leave a (?:reply|comment)|post a comment|add a comment|join the (?:discussion|conversation)|"
    r"what do you think\??|one (?:comment|response|reply)|no comments yet|be the first to comment|"
    r"kommentar (?:schreiben|verfassen|hinterlassen)|schreiben sie einen kommentar|diskutieren sie mit|"
    r"laisser un commentaire|ajouter un commentaire|réagir|deja un comentario|dejar un comentario|"
    r"escribe un comentario|оставить комментарий|оставьте комментарий|добавить комментарий|"
    r"lascia un commento|deixe um comentário)\s*[:.!]?$",
    re.IGNORECASE,
)
_WEAK_HEADER = frozenset({"comments", "comment", "kommentare", "commentaires", "comentarios", "комментарии",
                          "commenti", "comentários", "discussion", "diskussion", "reactions", "responses"})
_STUB = re.compile(
    r"^(?:(?:comments )?powered by (?:disqus|facebook comments|commento|hyvor|coral)|"
    r"please enable javascript to view the comments.*|you must be (?:logged|signed) in to post a comment\.?|"
    r"log in to (?:comment|reply|leave a comment)|sign in to comment|"
    r"your email address will not be published\.?(?: required fields are marked \*)?|"
    r"required fields are marked \*|save my name, email, and website in this browser for the next time i comment\.?|"
    r"(?:post|submit) comment|cancel reply|reply|antworten|répondre|responder|ответить|rispondi|"
    r"(?:name|email|e-mail|website|comment|kommentar|commentaire|comentario|комментарий)\s*\*?:?|"
    r"notify me of (?:follow-up comments|new posts) by email\.?|load more comments|show more comments|"
    r"(?:view|show|see|read|load|hide) (?:all )?(?:\d+ )?comments?(?:\s*[(\[]\d+[)\]])?|"
    r"voir (?:les )?(?:\d+ )?commentaires?(?:\s*[(\[]\d+[)\]])?|(?:alle )?(?:\d+ )?kommentare? (?:anzeigen|lesen)|"
    r"ver (?:los )?(?:\d+ )?comentarios?(?:\s*[(\[]\d+[)\]])?|показать (?:все )?(?:\d+ )?комментари[ийя]\w*|"
    r"(?:\d+\s+)?(?:likes?|gefällt mir|j'aime|me gusta)|"
    # a like/reaction widget's text once its buttons are gone ("Like this:", "Like Loading…")
    r"like this:?|(?:like|gefällt mir|j'aime|me gusta)?\s*(?:loading|wird geladen|chargement|cargando)\s*(?:\.{3}|…)|"
    r"sie müssen angemeldet sein, um einen kommentar abzugeben\.?|"
    r"vous devez être connecté pour publier un commentaire\.?|"
    r"debes estar registrado para publicar un comentario\.?|"
    r"для (?:отправки|добавления) комментария (?:вам )?необходимо (?:авторизоваться|войти)\.?|"
    r"(?:\d+\s+)?(?:comments?|kommentare?|commentaires?|comentarios?|комментари(?:й|я|ев)))$",
    re.IGNORECASE,
)
_COMMENTER = re.compile(r"^.{1,60}\s+(?:says|said|sagt|dit|dice|пишет|говорит)\s*:?$|^.{1,60}\s+(?:on|am|le|el)\s+.{4,40}"
                        r"\s+(?:at|um|à|a las)\s+\d{1,2}[:.]\d{2}.*$", re.IGNORECASE)


_COUNT = re.compile(r"\d|^one\s", re.IGNORECASE)  # a strong header that counts (`3 comments`, `Comments (12)`)
# Count lines in the body from which on they are items' meta lines (a listing), not one thread's
# header: an article shows its count twice at most (beside the title, above the thread).
_RECURRING_COUNTS = 3


# A thread under a bare "Comments" heading: entries signed by a short name line with a date line under it
# ("Marie L." / "12 novembre 2026 à 14h05" / the comment). Two such entries make a thread whatever the
# comments say (their prose is why the stubs-only test above fails on real threads); an article section
# headed "Comments" (code comments) has no signed, dated entries.
_THREAD_MIN_ENTRIES = 2
_SIGNATURE_MAX = 40  # characters of a commenter's name line


def _signed_entries(lines, start: int) -> int:
    """How many (short name line, date line) pairs follow position `start`."""
    found = 0
    for i in range(start, len(lines) - 1):
        name, when = lines[i].text.strip(), strip_bullet(lines[i + 1].text)
        if (0 < len(name) <= _SIGNATURE_MAX and not is_prose(name) and parse_date_line(name) is None
                and (parse_date_line(when) is not None or is_relative_date(when))):
            found += 1
    return found


def _is_count(text: str) -> bool:
    return bool(_STRONG_HEADER.match(text)) and _COUNT.search(text) is not None


class CommentSection:
    """A comment header in the second half of the page and everything after it that is stubs or thread."""

    name = "comments.section"
    family = "comments"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        n = len(lines)
        bounds = prose_bounds(lines)
        body_start = bounds[0] if bounds else 0
        for ln in lines[:body_start]:  # above the body: a count next to the title, never a section
            if len(ln.text) <= 80 and _STRONG_HEADER.match(strip_bullet(ln.text)):
                yield Finding(ln.start, ln.end, "comment_count")
        # Linear in the page: prose characters above each line, and whether everything below it is
        # stubs or thread, are computed once (asking them per line was quadratic).
        prose_above = _prose_chars_above(lines)
        stubs_below: list[bool] | None = None  # built at the first weak header only
        counts = sum(1 for ln in lines[body_start:] if len(ln.text) <= 80 and _is_count(strip_bullet(ln.text)))
        counts_recur = counts >= _RECURRING_COUNTS
        for pos in range(body_start, n):
            t = strip_bullet(lines[pos].text)
            if len(t) > 80:
                continue
            if pos < n // 2 and n > 6 and not self._in_tail(prose_above, pos):
                continue
            if _STRONG_HEADER.match(t):
                if counts_recur and _COUNT.search(t):
                    continue  # one teaser's count among many
                reason = "comment_section"
            elif ui_key(t) in _WEAK_HEADER:
                if stubs_below is None:
                    stubs_below = _all_below(lines, self._is_stub_or_thread)
                if not stubs_below[pos + 1] and _signed_entries(lines, pos + 1) < _THREAD_MIN_ENTRIES:
                    continue
                reason = "comment_header"
            else:
                continue
            yield Finding(lines[pos].start, lines[-1].end, reason)
            return

    @staticmethod
    def _in_tail(prose_above: list[int], pos: int) -> bool:
        """More of the page's prose lies above `pos` than below it (a long thread can start before the
        page's middle line, but never before most of the article)."""
        above = prose_above[pos]
        below = prose_above[-1] - prose_above[pos + 1]
        return above > below

    @staticmethod
    def _is_stub_or_thread(text: str) -> bool:
        t = strip_bullet(text)
        return bool(_STUB.match(t) or _COMMENTER.match(t)) or not is_prose(t) and len(t) < 40


class CommentStub:
    """Comment widget lines anywhere outside a section (e.g. `Powered by Disqus`, `3 comments`)."""

    name = "comments.stub"
    family = "comments"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        start = len(lines) // 2 if len(lines) > 6 else 0
        prose_above = _prose_chars_above(lines)
        for pos in range(start, len(lines)):
            ln = lines[pos]
            t = strip_bullet(ln.text)
            if len(t) <= 160 and _STUB.match(t):
                # a bare "Comments" followed by prose is a section heading (a tutorial about code comments)
                if ui_key(t) in _WEAK_HEADER and prose_above[-1] > prose_above[pos + 1]:
                    continue
                yield Finding(ln.start, ln.end, "comment_stub")


def _prose_chars_above(lines) -> list[int]:
    """out[i] = characters of the prose lines before line i (out[len(lines)] = all of them)."""
    out = [0]
    for ln in lines:
        out.append(out[-1] + (len(ln.text) if is_prose(ln.text) else 0))
    return out


def _all_below(lines, test) -> list[bool]:
    """out[i] = test holds for every line from i on (out[len(lines)] = True)."""
    out = [True] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        out[i] = out[i + 1] and test(lines[i].text)
    return out


RULES = (CommentSection(), CommentStub())
