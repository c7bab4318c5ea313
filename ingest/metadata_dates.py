"""Dates a page shows its reader, and dates written in the page's own time zone.

- The shown date: the date printed with the article, in its head: an element whose text is only a
  date (an optional label and time of day around it, dates.parse_date_line) after the page's
  headline `<h1>`, before much text has passed (HEAD_CHARS), or else just above it (ABOVE_CHARS: a
  kicker "Health · 22 December 2022" over the headline); labels say which date it is ("Updated",
  "Aktualisiert", "Mis à jour", "Actualizado", "Обновлено" → updated; none or "Published" …
  → published). A date inside running prose ("On <b>4 July 2025</b>, the council…") is the story's;
  an ambiguous numeric date (03/01/2017) takes the reading of its `<time datetime>`.
  metadata.reconcile weighs it against the written (structured) dates.
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
from datetime import date, datetime, timedelta, timezone
from typing import Iterable, Iterator

from lxml.html import HtmlElement

from .dates import DateMatch, find_dates, first_full_date, iso_datetime, parse_date_line

# Text after the headline within which the article's own date is printed (kicker, byline, date,
# reading time); beyond it the body has begun and dates are the story's.
HEAD_CHARS = 400
# Text between the headline and a date printed above it: a section name or a breadcrumb ("Mental
# Health · 22 December 2022" over the <h1>), no more; further up is the site's header (menus, the
# day's date of a newspaper's masthead).
ABOVE_CHARS = 100
_DATE_TEXT_MAX = 80  # an element whose text is a date with a label is short
_UPDATED_LABEL = re.compile(r"updat|modif|revis|aktualisiert|geändert|mis à jour|actualiz|обновл|aggiornat|"
                            r"bijgewerkt", re.IGNORECASE)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "select", "option"})


def shown_dates(h1: HtmlElement) -> Iterator[tuple[str, str]]:
    """(field, YYYY-MM-DD) of the dates printed as short date lines after `h1`, within HEAD_CHARS of
    text; field is "updated" when a label says so, else "published"."""
    return _date_lines(_following(h1), HEAD_CHARS)


def dates_above(h1: HtmlElement) -> Iterator[tuple[str, str]]:
    """shown_dates of the date lines printed just above `h1` (a kicker of section and date), nearest
    first, within ABOVE_CHARS of text."""
    return _date_lines(_preceding(h1), ABOVE_CHARS)


def _date_lines(elements: Iterator[HtmlElement], budget: int) -> Iterator[tuple[str, str]]:
    seen = 0
    for el in elements:
        if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
            continue
        own = (el.text or "").strip()
        if el.tag == "time" or (own and len(own) <= _DATE_TEXT_MAX):
            text = " ".join(el.text_content().split())
            if len(text) <= _DATE_TEXT_MAX and not _in_sentence(el):
                found = _date_of(text, el)
                if found is None and own != text and (found := _date_of(own, el)):
                    # the element's own text, when what follows inside it is more: "24 Apr 2000
                    # <span>• 3 min read</span>", "Published 10 Oct 2023 <em>[Updated 3 Dec 2025]</em>"
                    text = own
                if found:
                    label = text + " " + _previous_text(el)
                    yield ("updated" if _UPDATED_LABEL.search(label) else "published"), found
        seen += len(own) + len((el.tail or "").strip())
        if seen > budget:
            return


def _following(el: HtmlElement) -> Iterator[HtmlElement]:
    """The elements after `el` in document order (not inside it), lazily."""
    node = el
    while node is not None:
        for sib in node.itersiblings():
            yield from sib.iter()
        node = node.getparent()


def _preceding(el: HtmlElement) -> Iterator[HtmlElement]:
    """The elements before `el` (not its ancestors), nearest first: each earlier subtree from its
    end back to its root."""
    node = el
    while node is not None:
        for sib in node.itersiblings(preceding=True):
            yield from reversed(list(sib.iter()))
        node = node.getparent()


def _in_sentence(el: HtmlElement) -> bool:
    """Whether the element is a date inside running prose ("On <b>July 4, 2025</b>, the council…"):
    the sentence goes on right after it in lower case (a comma or not), and what holds it is longer
    than a date line (a byline "<time>…</time> by Jane Doe" is short)."""
    tail = (el.tail or "").lstrip()
    tail = tail[1:].lstrip() if tail.startswith(",") else tail
    parent = el.getparent()
    return tail[:1].islower() and parent is not None and len(parent.text_content().strip()) > _DATE_TEXT_MAX


def _date_of(text: str, el: HtmlElement) -> str | None:
    """The ISO day of a date line; an ambiguous numeric date (03/01/2017: 3 January or 1 March) in
    or around a `<time datetime>` takes the reading the machine-readable value gives."""
    d = parse_date_line(text)
    if d is None or not d.year:
        return None
    day = d.iso()
    numeric = not any(ch.isalpha() for ch in text[d.start:d.end])
    swapped = DateMatch(d.start, d.end, d.year, d.day, d.month).iso() if numeric and d.day <= 12 else None
    if swapped and swapped != day:
        time = el if el.tag == "time" else el.find(".//time[@datetime]")
        written = iso_datetime(time.get("datetime") or "") if time is not None else None
        if written and written[:10] == swapped:
            return swapped
    return day


def _previous_text(el: HtmlElement) -> str:
    """The label just before a date element (`<span>Updated</span> <time>…</time>`)."""
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):  # a comment or processing instruction
        prev = prev.getprevious()
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


# The UTC offsets in use run from -12:00 to +14:00: an instant is the day before somewhere only when
# it is before 12:00 UTC, the day after only from 10:00 UTC.
_WESTMOST, _EASTMOST = timedelta(hours=-12), timedelta(hours=14)


def zone_days(value: str) -> set[date]:
    """The days an ISO date or datetime may be shown on in some time zone: the instant's days from
    the westmost to the eastmost offset; a date, or a time without a zone, the day and the days
    either side (its zone is unknown)."""
    day = date.fromisoformat(value[:10])
    moment = datetime.fromisoformat(value) if "T" in value else None
    if moment is None or moment.tzinfo is None:
        return {day - timedelta(days=1), day, day + timedelta(days=1)}
    utc = moment.astimezone(timezone.utc)
    return {(utc + _WESTMOST).date(), day, (utc + _EASTMOST).date()} | {utc.date()}


# A page's own statement of when it first appeared ("This article was originally published on 26 Sep
# 2019 but has been updated…", "Erstmals erschienen am 3. Mai 2021", "Publié initialement le 4 mars
# 2020"): the original publication, whatever later dates the page is re-stamped with.
_FIRST_PUBLISHED = re.compile(
    r"(?:originally|first)\s+(?:published|posted|appeared)|(?:erstmals|ursprünglich)\s+(?:erschienen|veröffentlicht)|"
    r"(?:publié|paru)\s+initialement|initialement\s+(?:publié|paru)|publicado\s+originalmente|"
    r"originalmente\s+publicado|pubblicato\s+(?:originariamente|originalmente)|oorspronkelijk\s+gepubliceerd",
    re.IGNORECASE)
# Text nodes worth reading for it (an XPath test runs in C over the whole page; the regex then reads few).
_FIRST_PUBLISHED_NODES = ("//body//text()[not(ancestor::script) and not(ancestor::style) and (" + " or ".join(
    f"contains(., '{w}')" for w in ("riginally", "irst published", "irst posted", "rstmals", "rsprünglich",
                                    "nitialement", "riginalmente", "riginariamente", "orspronkelijk")) + ")]")
_STATED_GAP = 6  # the date follows the phrase at once ("on ", "am ", "le "; a weekday is part of the date)
_STATEMENT_MAX = 300  # the element holding the statement is a line, not the article


def stated_first_published(tree: HtmlElement) -> str | None:
    """The ISO day a page says it was originally published on, or None (a month alone is no day; the
    phrase with no date right after it, "Originally posted by Kim", states none)."""
    for node in tree.xpath(_FIRST_PUBLISHED_NODES):
        holder = node.getparent()
        text = " ".join((holder.text_content() if holder is not None else str(node)).split())
        if len(text) > _STATEMENT_MAX:
            text = " ".join(str(node).split())
        for m in _FIRST_PUBLISHED.finditer(text):
            rest = text[m.end():m.end() + _STATED_GAP + 60]
            dates = find_dates(rest)
            if dates and dates[0].year and dates[0].start <= _STATED_GAP and (day := dates[0].iso()):
                return day
    return None


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

