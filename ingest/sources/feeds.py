"""RSS/Atom feeds (feedparser) and sitemaps / sitemap indexes (lxml, no entities, no network) →
the URLs they list, each with the date it carries (published/updated, lastmod) for `--since`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

# A sitemap holds at most 50,000 URLs and 50 MB (sitemaps.org); a feed is far smaller.
MAX_LISTING_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Listed:
    url: str
    date: str | None  # ISO 8601 UTC, when the entry says
    is_sitemap: bool = False  # an entry of a sitemap index: another sitemap to read


def parse_feed(content: bytes) -> list[Listed]:
    import feedparser

    parsed = feedparser.parse(content, resolve_relative_uris=False, sanitize_html=False)
    out = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        date = datetime(*when[:6], tzinfo=timezone.utc).isoformat(timespec="microseconds") if when else None
        out.append(Listed(link, date))
    return out


def parse_sitemap(content: bytes) -> list[Listed]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    root = etree.fromstring(content, parser)
    if root is None:
        return []
    index = etree.QName(root).localname.lower() == "sitemapindex"
    out = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        fields = {etree.QName(c).localname.lower(): (c.text or "").strip() for c in node if isinstance(c.tag, str)}
        if fields.get("loc"):
            out.append(Listed(fields["loc"], _iso(fields.get("lastmod")), is_sitemap=index))
    return out


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat(timespec="microseconds")
