"""Dates as people write them on web pages, in several languages → ISO dates.

Handles absolute dates with or without a year ("November 27, 2025", "27.11.2025", "27 ноября 2025 г.",
"Nov 26", "2025年11月27日") and relative ones ("1 hour ago", "vor 2 Tagen", "il y a 3 heures",
"hace 2 horas", "2 часа назад", "yesterday"). A date without a year takes its year from a hint
(a full date elsewhere in the document, or the fetch time); a relative date resolves only against
the fetch time, never against the clock of the machine running us (that would make output depend on
when it ran).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Iterable

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "января", "январь", "янв",
        "gennaio", "gen", "janeiro", "januari", "stycznia", "ocak"),
    2: ("february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero", "февраля", "февраль", "фев",
        "febbraio", "fevereiro", "februari", "lutego", "şubat"),
    3: ("march", "mar", "märz", "maerz", "mars", "marzo", "марта", "март", "мар", "março", "marco", "maart",
        "marca", "mart"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "апреля", "апрель", "апр", "aprile", "kwietnia", "nisan"),
    5: ("may", "mai", "mayo", "мая", "май", "maggio", "mag", "maio", "mei", "maja", "mayıs"),
    6: ("june", "jun", "juni", "juin", "junio", "июня", "июнь", "июн", "giugno", "giu", "junho", "czerwca", "haziran"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "июля", "июль", "июл", "luglio", "lug", "julho", "lipca",
        "temmuz"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "августа", "август", "авг", "augustus", "sierpnia", "ağustos"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "set", "сентября", "сентябрь", "сен", "settembre",
        "setembro", "września", "eylül"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "октября", "октябрь", "окт", "ottobre", "ott",
         "outubro", "out", "października", "ekim"),
    11: ("november", "nov", "novembre", "noviembre", "ноября", "ноябрь", "ноя", "novembro", "listopada", "kasım"),
    12: ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "декабря",
         "декабрь", "дек", "dicembre", "dezembro", "grudnia", "aralık"),
}
MONTHS: dict[str, int] = {name: num for num, names in _MONTH_NAMES.items() for name in names}


def trie_alternation(words: Iterable[str]) -> str:
    """A regex alternation shaped as a trie ("ja(?:n(?:uary|v)?|…)"): the engine follows one branch per
    character instead of trying ~150 month names at every position, which made date scans slow."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # the word may stop here; longer continuations are tried first (greedy)
            return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
        return body

    return build(trie)


_MONTH_ALT = trie_alternation(MONTHS)
MONTH = rf"(?P<mon>{_MONTH_ALT})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = (r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|montag|dienstag|mittwoch|"
            r"donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|"
            r"miércoles|jueves|viernes|sábado|domingo|понедельник|вторник|среда|четверг|пятница|суббота|"
            r"воскресенье)\.?,?\s+")

# Each pattern names its groups; the year is optional in the textual forms.
_PATTERNS = [
    re.compile(rf"{_YEAR}-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)(?![\d])"),
    re.compile(rf"(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.{_YEAR}(?!\d)"),
    re.compile(rf"(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/{_YEAR}(?!\d)"),
    re.compile(rf"{_YEAR}\s*年\s*(?P<mnum>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)\s*日"),
    re.compile(rf"(?:{_WEEKDAY})?{MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?![\w])", re.IGNORECASE),
    re.compile(rf"(?:{_WEEKDAY})?{_DAY}\s+(?:de\s+)?{MONTH}(?:,?\s+(?:de\s+)?{_YEAR}(?:\s*(?:г\.?|года))?)?(?![\w])",
               re.IGNORECASE),
]

_UNITS: dict[str, str] = {}
for unit, words in {
    "seconds": ("second", "seconds", "sec", "secs", "sekunde", "sekunden", "seconde", "secondes", "segundo", "segundos",
                "секунду", "секунды", "секунд"),
    "minutes": ("minute", "minutes", "min", "mins", "minuten", "minuto", "minutos", "минуту", "минуты", "минут"),
    "hours": ("hour", "hours", "hr", "hrs", "h", "stunde", "stunden", "heure", "heures", "hora", "horas", "час", "часа",
              "часов"),
    "days": ("day", "days", "tag", "tagen", "jour", "jours", "día", "días", "dia", "dias", "день", "дня", "дней"),
    "weeks": ("week", "weeks", "woche", "wochen", "semaine", "semaines", "semana", "semanas", "неделю", "недели",
              "недель"),
}.items():
    for w in words:
        _UNITS[w] = unit
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_NUM_ALT = r"\d{1,3}|an?|one|ein|eine|einem|einer|un|une|una|uno"
RELATIVE = re.compile(
    rf"^(?:(?:(?P<n1>{_NUM_ALT})\s+(?P<u1>{_UNIT_ALT})\.?\s+(?:ago|назад))|"
    rf"(?:vor\s+(?P<n2>{_NUM_ALT})\s+(?P<u2>{_UNIT_ALT}))|"
    rf"(?:il\s+y\s+a\s+(?P<n3>{_NUM_ALT})\s+(?P<u3>{_UNIT_ALT}))|"
    rf"(?:hace\s+(?P<n4>{_NUM_ALT})\s+(?P<u4>{_UNIT_ALT}))|"
    rf"(?P<word>just now|yesterday|today|gestern|heute|hier|aujourd'hui|ayer|hoy|вчера|сегодня))$",
    re.IGNORECASE,
)
_DAY_WORDS = {"yesterday": 1, "gestern": 1, "hier": 1, "ayer": 1, "вчера": 1,
              "today": 0, "heute": 0, "aujourd'hui": 0, "hoy": 0, "сегодня": 0, "just now": 0}


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text: where, and its parts (year may be missing)."""

    start: int
    end: int
    year: int | None
    month: int
    day: int

    def iso(self, year: int | None = None) -> str | None:
        y = self.year or year
        if y is None:
            return None
        try:
            return date(y, self.month, self.day).isoformat()
        except ValueError:
            return None


def _to_match(m: re.Match) -> DateMatch | None:
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    if g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        day, month = (a, b) if a > 12 or b <= 12 else (b, a)  # D/M unless only M/D can be right
    else:
        month = int(g["mnum"]) if g.get("mnum") else MONTHS.get((g.get("mon") or "").lower().rstrip("."), 0)
        day = int(g["day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return DateMatch(m.start(), m.end(), year, month, day)


def find_dates(text: str) -> list[DateMatch]:
    """Every date in `text`, leftmost first, without overlaps (the first pattern to claim a span wins)."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    if _DIGIT.search(text) is None:  # every date form has a day number
        return found
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            dm = _to_match(m)
            if dm:
                found.append(dm)
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


@lru_cache(maxsize=4096)  # several rules ask about the same short lines
def parse_date_line(text: str) -> DateMatch | None:
    """The date when `text` is just a date (with optional weekday/time/labels around it), else None."""
    dates = find_dates(text)
    if len(dates) != 1:
        return None
    d = dates[0]
    rest = (text[:d.start] + " " + text[d.end:]).strip(" ,.|•·-–—:")
    rest = _TIME.sub("", rest).strip(" ,.|•·-–—:()")
    if rest and not _DATE_LABEL.fullmatch(rest):
        return None
    return d


_TIME = re.compile(r"(?:\b(?:at|um|à|a las|в)\s+)?\d{1,2}[:.h]\d{2}(?:\s*(?:am|pm|uhr|ч|h))?(?:\s*[A-Z]{2,4})?\b",
                   re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"(?:published|posted|updated|last updated|date|veröffentlicht|aktualisiert|stand|publié|mis à jour|"
    r"publicado|actualizado|опубликовано|обновлено|дата|on|le|am|el|du)(?:\s+(?:on|le|am|el))?",
    re.IGNORECASE,
)


def relative_date(text: str, fetched: datetime | None) -> str | None:
    """ISO date of "3 hours ago" and the like, resolved against the fetch time (None without it)."""
    m = RELATIVE.match(text.strip())
    if not m or fetched is None:
        return None
    if m.group("word"):
        return (fetched - timedelta(days=_DAY_WORDS[m.group("word").lower()])).date().isoformat()
    n_raw = (m.group("n1") or m.group("n2") or m.group("n3") or m.group("n4")).lower()
    n = int(n_raw) if n_raw.isdigit() else 1
    unit = _UNITS[(m.group("u1") or m.group("u2") or m.group("u3") or m.group("u4")).lower()]
    return (fetched - timedelta(**{unit: n})).date().isoformat()


def is_relative_date(text: str) -> bool:
    return RELATIVE.match(text.strip()) is not None


_DIGIT = re.compile(r"\d")
_YEAR_TOKEN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A full date reaches at most this far before/after its year ("Wednesday, 27 de noviembre de 2025").
_BEFORE_YEAR, _AFTER_YEAR = 48, 12


def full_dates(text: str) -> list[DateMatch]:
    """The dates with a year in `text`. Scans small windows around 4-digit years instead of running
    every date pattern over the whole page (a date with a year contains its year)."""
    seen: dict[tuple[int, int], DateMatch] = {}
    for m in _YEAR_TOKEN.finditer(text):
        lo = max(0, m.start() - _BEFORE_YEAR)
        for d in find_dates(text[lo:m.end() + _AFTER_YEAR]):
            if d.year and lo + d.end >= m.end() and lo + d.start <= m.start():
                seen.setdefault((m.start(), d.year), DateMatch(lo + d.start, lo + d.end, d.year, d.month, d.day))
    return sorted(seen.values(), key=lambda d: d.start)


def first_full_date(text: str) -> str | None:
    """The ISO day of the first date with a year that names a real day in `text`: the first such date
    of full_dates(text), without scanning the rest of a long page once no later year can start an
    earlier date (a date begins at most _BEFORE_YEAR characters before its year)."""
    best: DateMatch | None = None
    best_iso = None
    for m in _YEAR_TOKEN.finditer(text):
        lo = max(0, m.start() - _BEFORE_YEAR)
        if best is not None and lo > best.start:
            break
        for d in find_dates(text[lo:m.end() + _AFTER_YEAR]):
            if d.year and lo + d.end >= m.end() and lo + d.start <= m.start():
                if (best is None or lo + d.start < best.start) and (iso := d.iso()):
                    best, best_iso = DateMatch(lo + d.start, lo + d.end, d.year, d.month, d.day), iso
                break  # (dates do not overlap: one at most holds this year)
    return best_iso


def year_hint(text: str, fetched: datetime | None = None) -> int | None:
    """The year a yearless date most likely has: the commonest year among full dates in the text,
    else the fetch year."""
    years = Counter(d.year for d in full_dates(text))
    if years:
        top = max(years.values())
        return max(y for y, c in years.items() if c == top)
    return fetched.year if fetched else None


# An ISO 8601 date with a time of day and an optional zone, as structured data and <time datetime>
# write it ("2025-03-14T09:30:00-05:00", "2025-03-14 09:30Z", "20250314T0930+0100").
_ISO_DATETIME = re.compile(
    r"^\s*((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)(?:[T ]([0-2]\d):?([0-5]\d)(?::?([0-5]\d)(?:[.,]\d+)?)?"
    r"\s*(Z|UTC|GMT|[+-][0-2]\d(?::?[0-5]\d)?)?)?", re.IGNORECASE)


def iso_datetime(value: str) -> str | None:
    """`value` as ISO 8601 when it starts with an ISO date: "YYYY-MM-DD" when only a date is given,
    "YYYY-MM-DDTHH:MM:SS" with its zone ("+00:00" for Z/UTC) when a time is; fractions of a second
    dropped. None when it is no ISO date or names an impossible day (an impossible time: the day)."""
    m = _ISO_DATETIME.match(value)
    if not m:
        return None
    y, mo, d, hh, mm, ss, zone = m.groups()
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError:
        return None
    if hh is None:
        return day.isoformat()
    try:
        moment = datetime(day.year, day.month, day.day, int(hh), int(mm), int(ss or 0))
    except ValueError:  # a day with an impossible time: the day is still right
        return day.isoformat()
    return moment.isoformat() + _zone(zone)


def _zone(zone: str | None) -> str:
    if not zone:
        return ""
    if zone.upper() in ("Z", "UTC", "GMT"):
        return "+00:00"
    digits = zone[1:].replace(":", "")
    hours, minutes = digits[:2], digits[2:4] or "00"
    return f"{zone[0]}{hours}:{minutes}"
