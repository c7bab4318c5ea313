"""Dates a page shows its reader, and dates written in the page's own time zone.

- The shown date: the date printed with the article, in its head: an element whose text is only a
  date (an optional label and time of day around it, dates.parse_date_line) after the page's
  headline `<h1>`, before much text has passed (HEAD_CHARS); labels say which date it is ("Updated",
  "Aktualisiert", "Mis à jour", "Actualizado", "Обновлено" → updated; none or "Published" …
  → published). metadata.reconcile weighs it against the written (structured) dates.
- A guess, for a page that writes and shows no date at all: htmldate with its extensive search
  (dates anywhere in the page's text, not only in markup; WCXB-dev: right on more of the dateless
  pages than its markup-only mode, at ~10 ms more per dateless page), after the first full date the
  page's text prints; a guess that is only a year is no date.
- The page's zone: a UTC instant (`…+00:00`) whose day is not the day the page's URL names, while in
  the zone the page writes its other times in (one offset shared by its other datetimes) it is, is
  written in that zone: the URL gives the publisher's calendar day. The instant itself is unchanged.
  (Without the URL's word the zone is not used: on WCXB-dev the gold follows the UTC day as often as
  the local one.)
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Iterable, Iterator

from lxml.html import HtmlElement

from .dates import first_full_date, parse_date_line

# Text after the headline within which the article's own date is printed (kicker, byline, date,
# reading time); beyond it the body has begun and dates are the story's.
HEAD_CHARS = 400
_DATE_TEXT_MAX = 80  # an element whose text is a date with a label is short
_UPDATED_LABEL = re.compile(r"updat|modif|revis|aktualisiert|geändert|mis à jour|actualiz|обновл|aggiornat|"
                            r"bijgewerkt", re.IGNORECASE)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "select", "option"})


def shown_dates(h1: HtmlElement) -> Iterator[tuple[str, str]]:
    """(field, YYYY-MM-DD) of the dates printed as short date lines after `h1`, within HEAD_CHARS of
    text; field is "updated" when a label says so, else "published"."""
    seen = 0
    for el in _following(h1):
        if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
            continue
        own = (el.text or "").strip()
        if el.tag == "time" or (own and len(own) <= _DATE_TEXT_MAX):
            text = " ".join(el.text_content().split())
            if len(text) <= _DATE_TEXT_MAX and (found := _date_of(text)):
                label = text + " " + _previous_text(el)
                yield ("updated" if _UPDATED_LABEL.search(label) else "published"), found
        seen += len(own) + len((el.tail or "").strip())
        if seen > HEAD_CHARS:
            return


def _following(el: HtmlElement) -> Iterator[HtmlElement]:
    """The elements after `el` in document order (not inside it), lazily."""
    node = el
    while node is not None:
        for sib in node.itersiblings():
            yield from sib.iter()
        node = node.getparent()


def _date_of(text: str) -> str | None:
    d = parse_date_line(text)
    return d.iso() if d is not None and d.year else None


def _previous_text(el: HtmlElement) -> str:
    """The label just before a date element (`<span>Updated</span> <time>…</time>`)."""
    prev = el.getprevious()
    if prev is not None:
        return " ".join(prev.text_content().split())[-30:]
    parent = el.getparent()
    return (parent.text or "").strip()[-30:] if parent is not None else ""


_OFFSET = re.compile(r"T\d\d:\d\d:\d\d([+-]\d\d:\d\d)$")


def page_zone(values: Iterable[str]) -> timedelta | None:
    """The one UTC offset other than zero the page's datetimes are written in, or None (none, or
    several)."""
    offsets = Counter(m.group(1) for v in values if (m := _OFFSET.search(v)) and m.group(1) != "+00:00")
    if len(offsets) != 1:
        return None
    sign, hh, mm = (lambda z: (1 if z[0] == "+" else -1, int(z[1:3]), int(z[4:6])))(next(iter(offsets)))
    return sign * timedelta(hours=hh, minutes=mm)


def in_zone(value: str, zone: timedelta) -> str:
    """A UTC datetime (`…+00:00`) written in `zone`; any other value unchanged."""
    if not value.endswith("+00:00") or "T" not in value:
        return value
    moment = datetime.fromisoformat(value).astimezone(timezone(zone))
    return moment.isoformat()


_YEAR_ONLY = "-01-01"  # how htmldate writes a date it knows only the year of


def guessed_date(tree: HtmlElement) -> tuple[str, str] | None:
    """(date, source) for a page that writes and shows no date: the first full date its text prints
    ("printed"), else htmldate's original (publication) date, extensive search ("htmldate"); None
    when neither finds one. WCXB-dev, the pages dated by htmldate alone: the first printed date is
    right on 82 of 116 where htmldate is on 77. A guess on 1 January is a year htmldate padded to
    a day (a "© 2019" line): no date rather than that (all 9 such guesses were wrong)."""
    from htmldate import find_date

    body = tree.find(".//body")
    text = " ".join((body if body is not None else tree).text_content().split())  # htmldate prunes the tree
    printed = first_full_date(text)
    if printed:
        return printed, "printed"
    try:
        found = find_date(tree, extensive_search=True, original_date=True)
    except Exception:  # noqa: BLE001 - a guesser that fails gives no date, not a failed document
        return None
    return (found, "htmldate") if found and not found.endswith(_YEAR_ONLY) else None

