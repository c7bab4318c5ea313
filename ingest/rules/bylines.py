"""Bylines and meta lines: removed from the body, turned into metadata (author, published, dateline).

Shapes:
- an author label and a name (`Writer: X`, `By X`, `Autor: X`, `Par X`, `Por X`, `Автор: X`), and the
  name repeated on the next line as some blog platforms print it;
- a date line in the page head after the title (`Nov 26`, `27.11.2025`, `1 hour ago`, `vor 2 Stunden`);
- a read-time line (`5 min read`, `Lesezeit: 3 Min.`, `5 min de lecture`, `Время чтения: 5 минут`);
- a dateline at the start of the first paragraph: `Brussels 27.11.2025 Today …`,
  `LONDON, Nov 27 (Reuters) - …`, `МОСКВА, 27 ноября. /ТАСС/. …` → place + date; the body starts after it.

Hard negatives: "By the end of the year …" (no name follows), "On November 27, 2025, heads of state met"
(a preposition is no place, and a lowercase word follows the date), dates inside running text.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..dates import find_dates, is_relative_date, parse_date_line
from .base import Finding, TextView
from .features import is_prose, may_hold_date, prose_bounds, strip_bullet

_NAME_WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω][\w’'.\-]*|de|da|van|von|der|del|la|le|di|bin|al|ibn)"
_NAME = rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}}(?:\s*(?:,|and|und|et|y|и|&)\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})?)"
_AUTHOR_LABEL = re.compile(
    rf"^(?:(?i:writer|author|authors|written by|posted by|text|reporter|autor|autorin|autoren|verfasst von|"
    rf"auteur|auteure|rédigé par|escrito por|redacción|автор|авторы|текст|autore|scritto da)\s*[:：]\s*(?P<any>.{{1,80}})|"
    rf"(?:By|BY|Von|VON|Par|PAR|Por|POR|Di|Door|От)\s+{_NAME}\s*(?:[,|•·–—-]\s*(?P<org>[^,|•·]{{1,40}}))?)$"
)
_READ_TIME = re.compile(
    r"^(?:\d{1,3}\s*(?:-|–)?\s*(?:min(?:ute)?s?\.?|minuten|мин\.?|минут[аы]?)\s*"
    r"(?:read|reading|read time|lesezeit|de lecture|de lectura|lectura|чтения|di lettura)|"
    r"(?:reading time|read time|lesezeit|temps de lecture|tiempo de lectura|время чтения|tempo di lettura)"
    r"\s*[:：]?\s*(?:ca\.\s*)?\d{1,3}\s*(?:min(?:ute)?s?\.?|minuten|мин\.?|минут[аы]?))$",
    re.IGNORECASE,
)
_SEGMENT_SPLIT = re.compile(r"\s+[|•·]\s+|\s{2,}")


# A date labelled as the update ("Updated: 4 March 2026", "mis à jour le …"): the line's date is `updated`.
# In a line with two dates, the label between them splits it into the published part and the updated one.
_UPDATE_LABEL = re.compile(
    r"\b(?:(?:last\s+)?updated|modified|aktualisiert|geändert|zuletzt geändert|mis à jour|modifié|actualizado|"
    r"actualizada|atualizado|aggiornato|обновлено|изменено)\b",
    re.IGNORECASE,
)
# A published + updated line is longer than a date-only one ("Publié le 12 novembre 2026 à 07h45, mis à jour
# le 12 novembre 2026 à 10h02" is 76 characters); past this it is a sentence that mentions dates.
PAIR_LINE_MAX = 120
DATE_LINE_MAX = 60  # a date-only line: weekday, date, time and a label fit well inside


def _dated_line(text: str) -> dict[str, str] | None:
    """Metadata of a date line: a date-only text, an update-labelled one, or a published + updated pair."""
    if len(text) > PAIR_LINE_MAX:
        return None
    label = _UPDATE_LABEL.search(text) if may_hold_date(text) else None
    if label is None:
        return _date_data(text) if len(text) <= DATE_LINE_MAX else None
    before, after = text[:label.start()].strip(" ,;|•·-–—"), text[label.start():]
    if before:  # "Published …, updated …": both halves must be date-only
        published, updated = _date_data(before), _date_data(after)
        if published and updated and "published" in updated:
            return {**published, "updated": updated["published"]}
        return None
    updated = _date_data(after) if len(after) <= DATE_LINE_MAX else None
    if updated and "published" in updated:
        return {"updated": updated["published"]}
    return updated  # a yearless or relative update date: as before, a publication hint


def _date_data(text: str) -> dict[str, str] | None:
    """Metadata of a date-only text: ISO when the year is there, month-day or relative otherwise."""
    if is_relative_date(text):
        return {"published_relative": text.strip()}
    d = parse_date_line(text) if may_hold_date(text) else None
    if d is None:
        return None
    if d.year:
        iso = d.iso()
        return {"published": iso} if iso else None
    return {"published_md": f"{d.month:02d}-{d.day:02d}"}


class AuthorLine:
    """`Writer: X`, `By X`, `Autor: X` … in the page head or tail, and the name repeated below it."""

    name = "bylines.author_line"
    family = "bylines"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        skip_next = None
        for pos, ln in enumerate(lines):
            if pos == skip_next:
                continue
            text = strip_bullet(ln.text)
            if len(text) > 100 or is_prose(text):
                continue
            m = _AUTHOR_LABEL.match(text)
            if not m:
                continue
            name = (m.group("any") or m.group("name") or "").strip()
            name = _SEGMENT_SPLIT.split(name)[0].strip(" ,;")
            if not name or len(name.split()) > 8:
                continue
            end = ln.end
            if pos + 1 < len(lines) and strip_bullet(lines[pos + 1].text) == name:
                end = lines[pos + 1].end
                skip_next = pos + 1
            yield Finding(ln.start, end, "author_label", "extract", {"author": name})


class ReadTime:
    """Read-time lines: `5 min read`, `Lesezeit: 3 Min.`, `5 min de lecture`, `Время чтения: 5 минут`."""

    name = "bylines.read_time"
    family = "bylines"

    def find(self, view: TextView) -> Iterable[Finding]:
        for ln in view.lines():
            t = strip_bullet(ln.text)
            if len(t) <= 40 and _READ_TIME.match(t):
                yield Finding(ln.start, ln.end, "read_time", "extract", {"read_time": t})


class DateLine:
    """A line that is only a date (absolute, yearless or relative) in the page head or tail → published;
    labelled as an update → updated; "published …, updated …" → both."""

    name = "bylines.date_line"
    family = "bylines"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        bounds = prose_bounds(lines)
        for pos, ln in enumerate(lines):
            in_edge = bounds is None or pos < bounds[0] or pos > bounds[1]
            t = strip_bullet(ln.text)
            if not in_edge or len(t) > PAIR_LINE_MAX:
                continue
            # "4. März 2025": a day number can look like a list number, so the unstripped line goes first
            whole = ln.text.strip()
            data = _dated_line(whole) or (_dated_line(t) if t != whole else None)
            if data:
                yield Finding(ln.start, ln.end, "date_line", "extract", data)


_NOT_PLACE = frozenset("""on in at as of by for from since until till before after during this that the today
yesterday tomorrow last next every each am im um an bis seit vom von le la les en au aux dès depuis el los las
desde hasta hasta del в во с со на к до по от после il lo gli dal nel""".split())
_PLACE = re.compile(r"^(?P<place>[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][\w’'.\-]*(?:[ \-/][A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][\w’'.\-]*){0,2})[,]?\s+(?:(?:le|den|am|el)\s+)?")
_AGENCY = re.compile(r"\.?\s*(?:\((?P<a1>[^()]{1,30})\)|/(?P<a2>[^/]{1,20})/)\.?")
_SEPARATOR = re.compile(r"\s*(?:[—–\-:|/]+|\.)?\s*")
_CAPS_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-ÖØ-ÞА-ЯЁ]{2,}(?:[ \-][A-ZÀ-ÖØ-ÞА-ЯЁ]{2,}){0,2})(?:,\s*(?P<region>[\w .]{1,30}?))?"
    r"\s*(?:\((?P<agency>[^()]{1,30})\))?\s*[—–-]{1,2}\s+(?=\S)"
)


class Dateline:
    """`Brussels 27.11.2025 Today …`, `LONDON (Reuters) — …`: place and date before the first paragraph."""

    name = "bylines.dateline"
    family = "bylines"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        bounds = prose_bounds(lines)
        if bounds is None:
            return
        ln = lines[bounds[0]]
        found = self._match(ln.text)
        if found:
            length, data = found
            yield Finding(ln.start, ln.start + length, "dateline", "extract", data)

    @staticmethod
    def _match(text: str) -> tuple[int, dict[str, str]] | None:
        m = _PLACE.match(text)
        if m and not any(w.lower() in _NOT_PLACE for w in re.split(r"[ \-/]", m.group("place"))):
            rest_at = m.end()
            dates = find_dates(text[rest_at:rest_at + 60])
            if dates and dates[0].start == 0:
                d = dates[0]
                pos = rest_at + d.end
                agency = _AGENCY.match(text, pos)
                if agency:
                    pos = agency.end()
                sep = _SEPARATOR.match(text, pos)
                after = text[sep.end():] if sep else text[pos:]
                separated = sep is not None and sep.group(0).strip() != ""
                if after and (separated or after[:1].isupper() or after[:1] in "«“\"„"):
                    place = m.group("place")
                    data = {"dateline": place.title() if place.isupper() else place}
                    data.update({"published": d.iso()} if d.year else {"published_md": f"{d.month:02d}-{d.day:02d}"})
                    return (sep.end() if sep else pos), data
        c = _CAPS_DATELINE.match(text)
        if c and c.group("place").lower() not in _NOT_PLACE:
            return c.end(), {"dateline": c.group("place").title()}
        return None


RULES = (AuthorLine(), ReadTime(), DateLine(), Dateline())
