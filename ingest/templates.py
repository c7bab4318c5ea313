"""Per-site templates: lines a host repeats on many of its pages, learned from the store and cut from
that host's later pages (and from its earlier ones by `ingest rerun --outdated`).

Learning is a count over stored documents, deterministic for a given store: for each host, in how
many of its pages each countable edge line (rules/site_template.py) occurs. A line is a template line
when it is on at least MIN_LINE_PAGES pages *and* on at least MIN_LINE_SHARE of the host's pages, and
the host has at least MIN_HOST_PAGES pages. The template is versioned: a new version is stored only
when the set of lines changes. Applying it runs the `template.site_repeat` rule through the same
engine as every other rule, so each cut is a RemovedSpan with its rule and reason (offsets into the
article's text), and a Note names the host and template version. The store side lives in
ingest/store/site_templates.py.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Iterable, Mapping
from urllib.parse import urlsplit

from .normalize import word_count
from .records import CleanArticle, CleanDocument, Note, RemovedSpan
from .rules.base import TextView
from .rules.engine import apply_rules
from .rules.site_template import SiteRepeat, edge_lines, line_key

# A host with fewer stored pages has no template: with 9 pages, a line on 6 of them may be a running
# story's stock sentence as easily as a footer.
MIN_HOST_PAGES = 10
# A template line is on at least this many distinct pages: a sentence quoted in 3–5 articles of a site
# (a remark everyone reports, a campaign slogan) stays.
MIN_LINE_PAGES = 6
# …and on at least this share of the host's pages. A footer or author box is on nearly every page, a
# newsletter pitch on most; on a 1,000-page site a line in 60 articles is a quote, not a template.
MIN_LINE_SHARE = 0.4
# Never cut template lines that hold more than this share of an article's words: a page that is mostly
# "template" is an article about the site itself, or a misread — keep it (and say so in a Note).
MAX_TEMPLATE_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class TemplateLine:
    key: int
    text: str
    pages: int  # pages of the host it was counted on


@dataclass(frozen=True, slots=True)
class SiteTemplate:
    """One version of a host's template."""

    host: str
    version: int
    pages: int
    lines: tuple[TemplateLine, ...]

    @property
    def keys(self) -> frozenset[int]:
        return frozenset(ln.key for ln in self.lines)

    @property
    def digest(self) -> str:
        return template_digest(ln.key for ln in self.lines)


def template_digest(keys: Iterable[int]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for key in sorted(set(keys)):
        h.update(key.to_bytes(8, "little", signed=True))
    return h.hexdigest()


def host_of(doc: CleanDocument) -> str | None:
    """The site a document belongs to: the host of its URL (or its first article's), lower-case,
    without a leading "www."; None for documents without a URL (plain files)."""
    return host_of_url(doc.url or next((a.url for a in doc.articles if a.url), None))


def host_of_url(url: str | None) -> str | None:
    """The host of a URL, lower-case, without a leading "www." (None without one)."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # a malformed URL (bad IPv6 literal): no site to speak of
        return None
    return (host[4:] if host.startswith("www.") else host) or None


@dataclass(frozen=True, slots=True)
class SiteLine:
    """One countable edge line of a stored document (a site_lines row)."""

    key: int
    band: str
    text: str


def site_lines(doc: CleanDocument) -> list[SiteLine]:
    """The distinct countable edge lines of a document's articles, as cleaned before any template."""
    out: dict[tuple[int, str], SiteLine] = {}
    for a in doc.articles:
        for ln in edge_lines(TextView(a.text)):
            out.setdefault((ln.key, ln.band), SiteLine(ln.key, ln.band, ln.text))
    return sorted(out.values(), key=lambda s: (s.key, s.band))


def learn(host: str, pages: int, counts: Mapping[int, tuple[int, str]]) -> tuple[TemplateLine, ...]:
    """The template lines of a host with `pages` stored pages, from line key → (pages it is on, text)."""
    if pages < MIN_HOST_PAGES:
        return ()
    need = max(MIN_LINE_PAGES, MIN_LINE_SHARE * pages)
    return tuple(TemplateLine(key, text, n) for key, (n, text) in sorted(counts.items()) if n >= need)


def apply(doc: CleanDocument, template: SiteTemplate | None) -> CleanDocument:
    """The document with its host's template lines cut from each article (unchanged without one)."""
    if template is None or not template.lines:
        return doc
    rule = SiteRepeat(template.keys)
    articles, removed, notes = [], list(doc.removed), list(doc.notes)
    for i, a in enumerate(doc.articles):
        view = TextView(a.text)
        spans = apply_rules(view, (rule,), source=doc.source_uri).removed
        if not spans:
            articles.append(a)
            continue
        cut_words = sum(word_count(s.text) for s in spans)
        if cut_words > MAX_TEMPLATE_SHARE * max(word_count(a.text), 1):
            notes.append(Note("template", "kept_most_prose", f"article {i}: the {template.host} template (v"
                              f"{template.version}) matched {cut_words} of its {word_count(a.text)} words; kept"))
            articles.append(a)
            continue
        articles.append(_without(a, spans))
        removed += spans
        notes.append(Note("template", "site_repeat", f"article {i}: {len(spans)} line(s) of the {template.host} "
                          f"template v{template.version} removed"))
    if len(removed) == len(doc.removed):
        return replace(doc, notes=tuple(notes)) if len(notes) != len(doc.notes) else doc
    return replace(doc, articles=tuple(articles), removed=tuple(removed), notes=tuple(notes))


def _without(a: CleanArticle, spans: list[RemovedSpan]) -> CleanArticle:
    """The article without the cut lines: paragraphs still separated by one blank line; the Markdown
    version loses the same lines."""
    cut = {(s.start, s.end) for s in spans}
    kept, pos = [], 0
    for line in a.text.split("\n"):
        if (pos, pos + len(line)) not in cut:
            kept.append(line)
        pos += len(line) + 1
    text = _paragraphs(kept)
    keys = {line_key(s.text) for s in spans}
    markdown = a.markdown
    if markdown is not None:
        markdown = _paragraphs([ln for ln in markdown.split("\n") if not ln.strip() or line_key(ln) not in keys])
    return replace(a, text=text, markdown=markdown, word_count=word_count(text))


def _paragraphs(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return "\n".join(out).strip()
