"""Authors: a byline element's name, and the choice among the page's author values.

- A byline element's text is read with a space between its parts, leaving out the parts with digits
  (`<p class="author">Ana Ruiz<br>4 May 2021</p>` is "Ana Ruiz") (`<span>Written by</span>Ana Ruiz`
  is "Written by Ana Ruiz", not "Written byAna Ruiz"), and the label in front of the name goes
  (`By`, `Written by`, `Author:`, `Von`, `Par`, `Escrito por`, `Автор:` …, also glued to the name:
  "ByAna Ruiz"). A text made only of such labels and interface words ("Written by", "Topic author",
  "Sign in") names no one.
- The publisher is no author: a value that is the site's own name (og:site_name, the JSON-LD
  publisher, the words of the site's host name) or a JSON-LD `Organization` loses to any person the
  page names (a byline element, a meta tag), and stands only when nothing else is written.
- The names as the page prints them: when the chosen value (JSON-LD's list, joined by commas) and a
  byline element name the same people, word for word apart from the conjunctions and commas, the
  byline's wording is kept ("Ana Ruiz and Luc Martin", not "Ana Ruiz, Luc Martin").
"""
from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import urlsplit

# Labels before a name, in the languages the text rules know (bylines.py); case-insensitive, and
# the name may follow without a space when it starts with a capital ("ByAna").
_LABEL = (r"(?:written\s+by|posted\s+by|post\s+by|authored\s+by|words\s+by|reviewed\s+by|by|author|authors|"
          r"verfasst\s+von|geschrieben\s+von|von|autor(?:in|en)?|par|auteure?|rédigé\s+par|écrit\s+par|"
          r"por|escrito\s+por|di|scritto\s+da|autore|door|av|от|автор(?:ы)?|текст)")
_LEADING_LABEL = re.compile(rf"^\s*(?i:{_LABEL})(?:\s*[:：]\s*|\s+|(?=[A-ZÀ-ÖØ-ÞА-ЯЁ]))", re.UNICODE)
# Words that make up labels and page furniture around bylines, never a name on their own.
_NOT_NAME_WORDS = frozenset(
    "written posted authored words reviewed by author authors the topic insights from about article articles "
    "post posts sign in log login name profile view all more see share follow contact editor staff team "
    "verfasst geschrieben von autor autorin autoren par auteur auteure rédigé écrit por escrito di scritto da "
    "autore door av от автор авторы текст".split())
_CONJUNCTIONS = frozenset("and und et y e и & i og och en".split())
_WORD = re.compile(r"\w+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;.])")  # parts joined before a comma: "Ana Ruiz , Luc Martin"
_HOST_MIN = 4  # a host label this short ("cnn") still names a site; shorter ones match too much


def byline_name(parts: Iterable[str]) -> str:
    """The name in a byline element, from its text parts (element.itertext()): the parts without
    digits (a date, a reading time, a post count beside the name) joined by a space, the leading
    label removed; '' when no name is left."""
    text = " ".join(" ".join(p for p in parts if not any(ch.isdigit() for ch in p)).split())
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    for _ in range(2):  # "Author: By Ana Ruiz"
        stripped = _LEADING_LABEL.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    text = text.strip(" ,;:|·•»«-–—")
    words = _WORD.findall(text.casefold())
    if not words or all(w in _NOT_NAME_WORDS for w in words):
        return ""
    return text


def publisher_keys(site_names: Iterable[str], urls: Iterable[str]) -> set[str]:
    """The site's own names, squashed (lower case, letters and digits only): its written names and
    its host name's main label ("www.civic-times.example" -> "civictimes")."""
    keys = {_squash(s) for s in site_names}
    for url in urls:
        host = urlsplit(url).hostname or ""
        labels = [x for x in host.split(".") if x not in ("www", "m", "amp", "blog", "news")]
        if len(labels) >= 2:
            keys.add(_squash(labels[-2]))
    return {k for k in keys if len(k) >= _HOST_MIN}


def is_publisher(name: str, keys: set[str]) -> bool:
    """`name` is the site itself: its squashed form is one of the site's keys."""
    key = _squash(name)
    return bool(key) and key in keys


def same_people(a: str, b: str) -> bool:
    """`a` and `b` list the same names: equal words once conjunctions are dropped."""
    wa = [w for w in _WORD.findall(a.casefold()) if w not in _CONJUNCTIONS]
    wb = [w for w in _WORD.findall(b.casefold()) if w not in _CONJUNCTIONS]
    return bool(wa) and wa == wb


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())
