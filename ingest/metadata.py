"""Page metadata with its sources: every candidate value is kept with where it came from, one value
per field is chosen by a fixed source order, and fields whose sources disagree are flagged.

Sources, most trusted first (a publisher's structured data is written for machines; a page title
carries the site name; a URL date is the publication day at best; htmldate guesses):
  title      json_ld > og > twitter > html_title, trimmed of the site name, and the page's <h1> over it
             when the <h1> is a headline (see choose_title)
  author     json_ld > meta > byline_html > the text rules' byline (bylines.*) > a JSON-LD Organization;
             a value naming the site itself goes after every person, and the byline's wording of the
             same names is kept (metadata_authors.py)
  published  the page's statement of its original publication ("originally published on …") >
             json_ld > meta > time_element > the text rules' date line > url > the first date the
             page prints > htmldate
  updated    json_ld > meta > time_element   (kept apart from published, never merged)
  site_name  json_ld > og > application_name
  url        canonical > og > json_ld
  language   detected (from the text) > html_lang > meta   (templates often declare a default)
  description  og > meta > twitter > json_ld;  categories, tags: json_ld > meta (all values of the
             first source that has any)

Dates keep their time of day and zone when the source gives them (ISO 8601, dates.iso_datetime);
a date-only source stays date-only. HTML entities left in attribute values (`&amp;`, `&#8211;`, often
escaped twice by CMSs) are decoded.

Conflicts: two sources that give different values (dates compared by day; titles and names compared
case- and space-insensitively, a value that contains the other agrees) put the field in `conflicts`;
the chosen value is still the most trusted one.
"""
from __future__ import annotations

import html as _html
import json
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Iterator

from lxml.html import HtmlElement

from .dates import find_dates, iso_datetime
from .extract.dom_scan import PageScan, attached, scan_page
from .metadata_dates import dates_above, in_zone, page_zone, shown_dates, stated_first_published, zone_days
from .metadata_authors import byline_name, is_publisher, publisher_keys, same_people
from .records import CleanArticle, FieldSource

FIELDS = ("title", "author", "published", "updated", "site_name", "url", "language", "description")
LIST_FIELDS = ("categories", "tags")
SOURCE_ORDER: dict[str, tuple[str, ...]] = {
    "title": ("json_ld", "og", "twitter", "html_title", "h1"),
    "author": ("json_ld", "meta", "byline_html", "text", "json_ld_org"),
    "published": ("stated", "json_ld", "meta", "time_element", "text", "shown", "url", "printed", "htmldate"),
    "updated": ("json_ld", "meta", "time_element", "shown"),
    "site_name": ("json_ld", "og", "application_name"),
    "url": ("canonical", "og", "json_ld"),
    "language": ("detected", "html_lang", "meta"),
    "description": ("og", "meta", "twitter", "json_ld"),
    "categories": ("json_ld", "meta"),
    "tags": ("json_ld", "meta"),
}
_DATE_FIELDS = frozenset({"published", "updated"})
_WRITTEN_DATE_SOURCES = frozenset({"json_ld", "meta", "time_element"})  # dates in markup, written for machines
_PAGE_DATE_SOURCES = frozenset({"json_ld", "meta"})  # ...of the page as a whole (a <time> may be a reply's)
# A page whose written published dates fall on more days than this is a thread or a list of dated
# posts: the date under its headline is the last reply's, not the page's (WCXB-dev tune part: the
# forum threads whose head showed the last reply had 4-8 such days; an article has one or two).
_MANY_POST_DAYS = 3
_ARTICLE_TYPES = re.compile(r"article|posting|report|newsarticle|blogposting|webpage|review|story", re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/\-_]?([01]\d)[/\-_]?([0-3]\d)(?:[/\-_.]|$)|/((?:19|20)\d\d)/([01]?\d)/")
# A byline element by its class: a token naming the author or byline ("c-byline__author", "entry-author",
# "author-name"), not the author's picture, bio or box of other posts.
_BYLINE_CLASS = re.compile(r"(?:^|\s)(?![\w-]*(?:avatar|image|img|photo|bio|box|desc|about|social|follow|more))"
                           r"[\w-]*(?:byline|author)[\w-]*(?:\s|$)")
_AUTHOR_HREF = re.compile(r"/(?:authors?|autor(?:en)?|auteurs?)/[^/?#]+/?(?:$|[?#])")  # a link to an author page
_META_KEYS = {
    "og:title": ("title", "og"), "twitter:title": ("title", "twitter"), "og:site_name": ("site_name", "og"),
    "application-name": ("site_name", "application_name"), "og:url": ("url", "og"),
    "article:published_time": ("published", "meta"), "datepublished": ("published", "meta"),
    "pubdate": ("published", "meta"), "publishdate": ("published", "meta"), "date": ("published", "meta"),
    "dc.date": ("published", "meta"), "dc.date.issued": ("published", "meta"), "dcterms.created": ("published", "meta"),
    "sailthru.date": ("published", "meta"), "parsely-pub-date": ("published", "meta"),
    "article:modified_time": ("updated", "meta"), "og:updated_time": ("updated", "meta"),
    "datemodified": ("updated", "meta"), "dcterms.modified": ("updated", "meta"),
    "author": ("author", "meta"), "article:author": ("author", "meta"), "dc.creator": ("author", "meta"),
    "byl": ("author", "meta"), "parsely-author": ("author", "meta"), "sailthru.author": ("author", "meta"),
    "content-language": ("language", "meta"), "og:locale": ("language", "meta"), "dc.language": ("language", "meta"),
    "og:description": ("description", "og"), "description": ("description", "meta"),
    "twitter:description": ("description", "twitter"), "dc.description": ("description", "meta"),
    "article:section": ("categories", "meta"), "article:tag": ("tags", "meta"), "keywords": ("tags", "meta"),
    "news_keywords": ("tags", "meta"), "parsely-section": ("categories", "meta"), "parsely-tags": ("tags", "meta"),
}
# Meta names of a publication date beyond _META_KEYS, as vendors and plugins write them ("ms.date",
# "og:publish_date", "citation_date", "w-published-date"): a name for a publication *date* or one
# ending in "date", unless it names another date (modified, created, an event's…). Names for a time
# ("published-time", "publishtime") are left out: WCXB-dev, with them the only page they dated
# differently was a render time stamp (1 lost, for the 1 "ms.date" gained without them).
_PUBLISHED_META = re.compile(r"pub(?:lish(?:ed)?|lication)?[._-]?date|(?:^|[.:_-])date$")
_NOT_PUBLISHED_META = re.compile(r"modif|updat|last|revis|expir|creat|upload|event|start|end|birth|valid|review")
# Title trimming (choose_title). Separators a site puts between headline and site name.
_TITLE_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")
_AFFIX_MAX_WORDS = 4  # a part this short at the end, after a separator, is a site or section name...
_HEAD_MIN_WORDS = 3  # ...when what stays is at least this long
_HEADLINE_MAX_WORDS = 25  # a longer <h1> is a paragraph styled big, not a headline
_HEADLINE_OVERLAP = 0.5  # of several <h1>s, the one sharing this share of its words with the title
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One value one source offers for one field."""

    field: str
    value: str
    source: str


@dataclass(frozen=True, slots=True)
class Reconciled:
    """The chosen value of each field, where it came from, and the fields whose sources disagreed."""

    values: dict[str, str]
    sources: tuple[FieldSource, ...]
    conflicts: tuple[str, ...]


def page_candidates(tree: HtmlElement, scan: PageScan | None = None) -> list[Candidate]:
    """Every metadata value the page's markup offers (JSON-LD, meta tags, <time>, bylines, <title>).
    `scan`: the page's elements collected before the pre-pass (those it removed are skipped)."""
    scan = scan or scan_page(tree)
    out = [*_json_ld(attached(scan.json_ld, scan)), *_meta(attached(scan.meta, scan), attached(scan.links, scan)),
           *_times(attached(scan.times, scan)), *_bylines(attached(scan.bylines, scan))]
    title = scan.title
    if title is not None and title.text_content().strip():
        out.append(Candidate("title", " ".join(title.text_content().split()), "html_title"))
    headline = None
    for h1 in attached(scan.headings, scan):
        text = " ".join(h1.text_content().split())
        if text:
            out.append(Candidate("title", text, "h1"))
            headline = headline if headline is not None else h1
    if headline is not None:
        out.extend(_shown(headline, out))
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        out.append(Candidate("language", lang, "html_lang"))
    if stated := stated_first_published(tree):
        out.append(Candidate("published", stated, "stated"))
    url = next((c.value for c in out if c.field == "url"), None)
    if url and (d := url_date(url)):
        out.append(Candidate("published", d, "url"))
    return [c for c in (_normalise(c) for c in out) if c is not None]


def _shown(headline: HtmlElement, written: list[Candidate]) -> Iterator[Candidate]:
    """The `shown` candidates: the first date of each kind printed under the headline (a later one
    that is the written publication day over an earlier one that is not: the page prints its latest
    date first), else the nearest printed above it. Above the headline, a date only the written
    modified date confirms is not taken: WCXB-dev, 2 such pages follow it and 1 the written
    publication date (below the headline the same case is a coin flip too, 7 / 7); taking it would
    lose a page now right."""
    published = {c.value[:10] for c in written if c.field == "published" and c.source in _PAGE_DATE_SOURCES}
    modified = {c.value[:10] for c in written if c.field == "updated" and c.source in _PAGE_DATE_SOURCES}
    firsts: dict[str, str] = {}
    for name, day in shown_dates(headline):
        if name == "published" and day in published and firsts.get(name, day) not in published:
            firsts[name] = day
        firsts.setdefault(name, day)
    for name, day in dates_above(headline):
        if name not in firsts and not (name == "published" and day in modified - published):
            firsts[name] = day
    return (Candidate(name, day, "shown") for name, day in firsts.items())


def url_date(url: str) -> str | None:
    """The day a URL path names (/2025/11/27/, /20251127/), or None; a month alone is not a date."""
    m = _URL_DATE.search(url)
    if not m or not m.group(1):
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def reconcile(candidates: Iterable[Candidate]) -> Reconciled:
    """Choose one value per field by SOURCE_ORDER (the title by choose_title); flag fields whose
    candidates disagree. List fields take every value of their first source."""
    by_field: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_field.setdefault(c.field, []).append(c)
    values, sources, conflicts = {}, [], []
    for name in FIELDS:
        cands = by_field.get(name)
        if not cands:
            continue
        if name == "title":
            best = choose_title(cands, [c.value for c in by_field.get("site_name", ())])
            cands = [c for c in cands if c.source != "h1"]  # a page's other <h1>s are no conflict
        elif name == "author":
            best = choose_author(cands, [c.value for c in by_field.get("site_name", ())],
                                 [c.value for c in by_field.get("url", ())])
        elif name in _DATE_FIELDS:
            best = choose_date(name, cands, by_field)
        else:
            order = SOURCE_ORDER[name]
            best = min(cands, key=lambda c: order.index(c.source) if c.source in order else len(order))
        values[name] = best.value
        sources.append(FieldSource(name, best.value, best.source))
        if name != "description" and any(not _agree(name, best.value, c.value) for c in cands):
            conflicts.append(name)  # (summaries are written differently per audience: no conflict)
    for name in LIST_FIELDS:
        cands = by_field.get(name)
        if cands:
            order = SOURCE_ORDER[name]
            first = min(cands, key=lambda c: order.index(c.source) if c.source in order else len(order)).source
            items = list(dict.fromkeys(c.value for c in cands if c.source == first))
            values[name] = items
            sources.append(FieldSource(name, ", ".join(items), first))
    return Reconciled(values, tuple(sources), tuple(conflicts))


def choose_title(cands: list[Candidate], site_names: list[str]) -> Candidate:
    """The article's title: the most trusted written title (json_ld > og > twitter > <title>) without
    the site name around it, unless the page's <h1> is its headline. The visible headline is what
    people call the title; written titles are often SEO variants ("Best X of 2025 | Site").
    - Trim: a `Title | Site` / `Site - Title` part goes when another source (a second written title,
      the <h1>) equals what is left, when it names the site (site_name), or when it is a short tail
      written like a name (≤ _AFFIX_MAX_WORDS capitalised words after ≥ _HEAD_MIN_WORDS).
    - <h1>: not the site's name, 1–_HEADLINE_MAX_WORDS words. One such <h1> is the headline (when it
      has 2+ words or nothing else is written); of several, the one sharing _HEADLINE_OVERLAP of its
      words with the trimmed title, else the trimmed title stands."""
    order = SOURCE_ORDER["title"]
    written = sorted((c for c in cands if c.source != "h1"), key=lambda c: order.index(c.source)
                     if c.source in order else len(order))
    sites = {_title_key(s) for s in site_names if _title_key(s)}
    heads = [c for c in cands if c.source == "h1" and 1 <= len(_words(c.value)) <= _HEADLINE_MAX_WORDS
             and _title_key(c.value) not in sites]
    trimmed = None
    if written:
        others = [c.value for c in written[1:]] + [c.value for c in heads[:1]]
        value = trim_site_affix(written[0].value, others, site_names)
        trimmed = written[0] if value == written[0].value else Candidate("title", value, f"{written[0].source}.trimmed")
    if not heads:
        return trimmed if trimmed is not None else cands[0]
    if trimmed is None or (len(heads) == 1 and len(_words(heads[0].value)) >= 2):
        best = heads[0]
    else:
        best = max(heads, key=lambda h: _overlap(h.value, trimmed.value))
        if _overlap(best.value, trimmed.value) < _HEADLINE_OVERLAP:
            return trimmed
    if trimmed is not None and _title_key(trimmed.value) == _title_key(best.value):
        return trimmed  # the same words: credit the written source
    return best


def choose_date(name: str, cands: list[Candidate], by_field: dict[str, list[Candidate]]) -> Candidate:
    """The date by SOURCE_ORDER, unless the page shows another of its written dates with the article:
    a `shown` date the same day as a JSON-LD or meta published/updated date is the one the page
    presents (metadata_dates.py), except on a page of many dated posts (a thread: more than
    _MANY_POST_DAYS days among its written published dates), whose head shows the latest reply. A
    shown date that no written date confirms is still what the page tells its reader, and it is taken
    (structured data is often a template's, re-stamped when the page is re-rendered: WCXB-dev, 9 of
    the 14 pages where they differ follow the shown date), unless it is the written date read another
    way (_same_date_read_otherwise). A UTC instant is written in the page's zone when the URL names
    the day it is there (metadata_dates.py)."""
    order = SOURCE_ORDER[name]
    best = min(cands, key=lambda c: order.index(c.source) if c.source in order else len(order))
    if best.source == "stated":
        return best  # the page says when it first appeared; its other dates are later stamps
    shown = next((c for c in cands if c.source == "shown"), None)
    written = [c for f in ("published", "updated") for c in by_field.get(f, ()) if c.source in _PAGE_DATE_SOURCES]
    post_days = {c.value[:10] for c in by_field.get("published", ()) if c.source in _WRITTEN_DATE_SOURCES}
    if shown is not None and best.source != "shown" and best.value[:10] != shown.value[:10] \
            and len(post_days) <= _MANY_POST_DAYS:
        confirmed = next((c for c in written if c.value[:10] == shown.value[:10]), None)
        if confirmed is not None:
            best = Candidate(name, confirmed.value, f"shown.{confirmed.source}")
        elif not _same_date_read_otherwise(shown.value, best.value):
            best = shown
    url_day = next((c.value for c in by_field.get("published", ()) if c.source == "url"), None)
    zone = page_zone(c.value for f in ("published", "updated") for c in by_field.get(f, ()))
    if url_day and zone is not None and best.value[:10] != url_day \
            and (local := in_zone(best.value, zone))[:10] == url_day:
        best = Candidate(name, local, best.source)
    return best


def _same_date_read_otherwise(shown: str, written: str) -> bool:
    """Whether a shown date may be the written one read another way: day and month swapped (an
    ambiguous 08/01/2025) or the day before or after in some time zone (an instant shown in the
    reader's zone: metadata_dates.zone_days). WCXB-dev: 4 of the 5 shown dates that lost against the
    written date were such readings."""
    try:
        a, b = date.fromisoformat(shown[:10]), date.fromisoformat(written[:10])
    except ValueError:
        return False
    return a in zone_days(written) or (a.year == b.year and a.month == b.day and a.day == b.month)


def choose_author(cands: list[Candidate], site_names: list[str], urls: list[str]) -> Candidate:
    """The author by SOURCE_ORDER, people before the publisher (a value naming the site, or a JSON-LD
    Organization), in the byline's wording when it names the same people (metadata_authors.py)."""
    order = SOURCE_ORDER["author"]
    keys = publisher_keys(site_names, urls)
    best = min(cands, key=lambda c: (c.source == "json_ld_org" or is_publisher(c.value, keys),
                                     order.index(c.source) if c.source in order else len(order)))
    if best.source != "byline_html":
        for c in cands:
            if c.source == "byline_html" and c.value != best.value and same_people(c.value, best.value):
                return c
    return best


def trim_site_affix(title: str, others: Iterable[str], site_names: Iterable[str]) -> str:
    """`title` without the site name before or after a separator (see choose_title)."""
    seps = list(_TITLE_SEP.finditer(title))
    if not seps:
        return title
    keys = {_title_key(o) for o in others} - {""}
    for m in reversed(seps):  # the longest head another source confirms
        if _title_key(title[:m.start()]) in keys:
            return title[:m.start()]
    for m in seps:
        if _title_key(title[m.end():]) in keys:
            return title[m.end():]
    tail, head = _title_key(title[seps[-1].end():]), _title_key(title[:seps[0].start()])
    for site in (_title_key(s) for s in site_names):
        if site and tail and (tail in site or site in tail):
            return title[:seps[-1].start()]
        if site and head and (head in site or site in head):
            return title[seps[0].end():]
    raw_tail = title[seps[-1].end():]
    if len(tail.split()) <= _AFFIX_MAX_WORDS and len(_words(title[:seps[-1].start()])) >= _HEAD_MIN_WORDS \
            and _is_name(raw_tail):
        return title[:seps[-1].start()]
    return title


def _is_name(text: str) -> bool:
    """A site or brand name: every word capitalised (or a number), or a domain ("civic.example")."""
    words = text.split()
    return bool(words) and ("." in text.strip(".") or all(w[0].isupper() or w[0].isdigit() or not w[0].isalpha()
                                                          for w in words))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _title_key(text: str) -> str:
    return " ".join(_words(text))


def _overlap(a: str, b: str) -> float:
    wa = set(_words(a))
    return len(wa & set(_words(b))) / len(wa) if wa else 0.0


def apply_metadata(article: CleanArticle, page: list[Candidate], *, rule_sources: dict[str, str]) -> CleanArticle:
    """The article with page metadata reconciled against what the text rules found in its text."""
    cands = list(page)
    for name in ("author", "published"):
        value = getattr(article, name)
        if value:
            cands.append(Candidate(name, value, "text"))
    if article.language:
        cands.append(Candidate("language", article.language, "detected"))
    rec = reconcile(cands)
    v = rec.values
    sources = tuple(FieldSource(s.field, s.value, rule_sources.get(s.field, "text")) if s.source == "text" else s
                    for s in rec.sources)
    kept = tuple(s for s in article.sources if s.field not in v)
    return replace(article, title=v.get("title", article.title), author=v.get("author"),
                   published=v.get("published"), updated=v.get("updated"), site_name=v.get("site_name"),
                   url=v.get("url"), language=v.get("language", article.language),
                   description=v.get("description"), categories=tuple(v.get("categories", ())),
                   tags=tuple(v.get("tags", ())), sources=kept + sources, conflicts=rec.conflicts)


# -- readers -------------------------------------------------------------------------------------
def _json_ld(scripts: Iterable[HtmlElement]) -> Iterator[Candidate]:
    for script in scripts:
        try:
            data = json.loads(script.text_content())
        except (ValueError, TypeError):
            continue
        for obj in _ld_objects(data):
            yield from _ld_fields(obj)


def _ld_objects(data) -> Iterator[dict]:
    """Objects of an article type, from a list, an @graph, or the top level."""
    items = data if isinstance(data, list) else [data]
    for item in items:
        if not isinstance(item, dict):
            continue
        if "@graph" in item:
            yield from _ld_objects(item["@graph"])
        types = item.get("@type")
        types = " ".join(types) if isinstance(types, list) else str(types or "")
        if _ARTICLE_TYPES.search(types) and ("headline" in item or "datePublished" in item):
            yield item


def _ld_fields(obj: dict) -> Iterator[Candidate]:
    for key, name in (("headline", "title"), ("datePublished", "published"), ("dateModified", "updated"),
                      ("inLanguage", "language")):
        if isinstance(obj.get(key), str):
            yield Candidate(name, obj[key], "json_ld")
    authors = obj["author"] if isinstance(obj.get("author"), list) else [obj.get("author")]
    people = [n for a in authors if not _ld_is_org(a) and (n := _ld_name(a))]
    if people:
        yield Candidate("author", ", ".join(people), "json_ld")
    orgs = [n for a in authors if _ld_is_org(a) and (n := _ld_name(a))]
    if orgs:  # a company as author: the publisher, not who wrote it (metadata_authors.py)
        yield Candidate("author", ", ".join(orgs), "json_ld_org")
    if isinstance(obj.get("description"), str):
        yield Candidate("description", obj["description"], "json_ld")
    for key, name in (("articleSection", "categories"), ("keywords", "tags")):
        for item in _ld_list(obj.get(key)):
            yield Candidate(name, item, "json_ld")
    publisher = _ld_name(obj.get("publisher"))
    if publisher:
        yield Candidate("site_name", publisher, "json_ld")
    url = obj.get("url") or _ld_name(obj.get("mainEntityOfPage"), key="@id")
    if isinstance(url, str) and url.startswith("http"):
        yield Candidate("url", url, "json_ld")


def _ld_list(value) -> list[str]:
    """A JSON-LD list-ish value (a list, or one comma-separated string) as its items."""
    items = value if isinstance(value, list) else [value]
    return [part for item in items if isinstance(item, str) for part in _LIST_SPLIT.split(item) if part.strip()]


def _ld_is_org(value) -> bool:
    types = value.get("@type") if isinstance(value, dict) else None
    types = " ".join(types) if isinstance(types, list) else str(types or "")
    return "Organization" in types and "Person" not in types


def _ld_name(value, key: str = "name") -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get(key), str):
        return value[key]
    return ""


def _meta(metas: Iterable[HtmlElement], links: Iterable[HtmlElement]) -> Iterator[Candidate]:
    for m in metas:
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "").lower()
        if key not in _META_KEYS and _PUBLISHED_META.search(key) and not _NOT_PUBLISHED_META.search(key):
            key = "datepublished"  # a vendor's name for the publication date ("ms.date", "og:publish_date")
        if key in _META_KEYS and m.get("content", "").strip():
            name, source = _META_KEYS[key]
            if name in LIST_FIELDS:
                for part in _LIST_SPLIT.split(m.get("content")):
                    if part.strip():
                        yield Candidate(name, part.strip(), source)
            else:
                yield Candidate(name, m.get("content").strip(), source)
    for link in links:
        if link.get("rel", "").lower() == "canonical" and link.get("href", "").startswith("http"):
            yield Candidate("url", link.get("href"), "canonical")


def _times(elements: Iterable[HtmlElement]) -> Iterator[Candidate]:
    for el in elements:
        value = el.get("datetime") or el.get("content") or el.text_content()
        hint = f"{el.get('itemprop') or ''} {el.get('class') or ''} {el.get('pubdate') is not None}".lower()
        name = "updated" if re.search(r"modif|updat", hint) else "published"
        yield Candidate(name, value.strip(), "time_element")


def _bylines(elements: Iterable[HtmlElement]) -> Iterator[Candidate]:
    for el in elements:
        if el.get("rel") != "author" and el.get("itemprop") != "author" and \
                not _BYLINE_CLASS.search(el.get("class") or "") and \
                not (el.tag == "a" and _AUTHOR_HREF.search(el.get("href") or "")):
            continue
        text = byline_name(el.itertext())
        if 2 < len(text) <= 80 and not find_dates(text) and not any(ch.isdigit() for ch in text):
            yield Candidate("author", text, "byline_html")
            return


def _normalise(c: Candidate) -> Candidate | None:
    value = c.value
    for _ in range(2):  # entities escaped twice ("&amp;#8211;") are common
        if "&" not in value:
            break
        value = _html.unescape(value)
    value = " ".join(value.split())
    if not value:
        return None
    if c.field in _DATE_FIELDS:
        value = _iso_date(value)
        if value is None:
            return None
    elif c.field == "language":
        value = value.replace("_", "-").split("-")[0].lower()
        if not re.fullmatch(r"[a-z]{2,3}", value):
            return None
    elif c.field == "author":
        value = value.strip(" ,;|·-–—")
        if not value or value.startswith("http") or (" " not in value and "." in value):
            return None  # article:author is often a profile URL, a domain or a template key, not a name
    return Candidate(c.field, value, c.source)


def _iso_date(value: str) -> str | None:
    """ISO 8601 of an ISO date or datetime (time and zone kept when given, dates.iso_datetime), or
    YYYY-MM-DD of a written date."""
    iso = iso_datetime(value)
    if iso:
        return iso
    dates = find_dates(value)
    return dates[0].iso() if dates and dates[0].year else None


def _agree(name: str, a: str, b: str) -> bool:
    if name in _DATE_FIELDS or name == "language":
        return a[:10] == b[:10]
    if name == "url":
        return a.rstrip("/").split("://")[-1] == b.rstrip("/").split("://")[-1]
    x, y = (" ".join(re.findall(r"\w+", s.casefold())) for s in (a, b))
    return x in y or y in x
