"""The command-line arguments about sources, shared by `ingest run` and `ingest clean`."""
from __future__ import annotations

import argparse
import re
from dataclasses import replace

from ..errors import ConfigError
from .options import SourceOptions


def add_source_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("sources")
    g.add_argument("--follow-symlinks", action="store_true",
                   help="follow symbolic links out of a source directory (loops are detected either way)")
    g.add_argument("--since", metavar="ISO", help="feeds and sitemaps: only entries dated at or after this")
    g.add_argument("--url-pattern", metavar="REGEX", help="URL lists, feeds, sitemaps: only URLs matching this")
    g.add_argument("--jsonl-fields", metavar="K=V,…",
                   help="JSONL field names, e.g. url=link,html=body,fetched_at=crawled (defaults: url, html, text, "
                        "fetched_at, id)")
    g = p.add_argument_group("fetching (URLs, URL lists, feeds, sitemaps)")
    g.add_argument("--user-agent", metavar="UA", help="User-Agent header (name yourself and a contact URL)")
    g.add_argument("--fetch-delay", type=float, metavar="S", help="seconds between requests to one host (default 1)")
    g.add_argument("--fetch-timeout", type=float, metavar="S", help="total seconds per request (default 30)")
    g.add_argument("--ignore-robots", action="store_true", help="do not read robots.txt (only for your own sites)")
    g.add_argument("--allow-private-addresses", action="store_true",
                   help="allow fetching loopback/private/link-local addresses (refused by default)")


def source_options(args: argparse.Namespace) -> SourceOptions:
    opts = SourceOptions()
    fetch = opts.fetch
    if getattr(args, "user_agent", None):
        fetch = replace(fetch, user_agent=args.user_agent)
    if getattr(args, "fetch_delay", None) is not None:
        fetch = replace(fetch, per_host_delay=max(0.0, args.fetch_delay))
    if getattr(args, "fetch_timeout", None):
        fetch = replace(fetch, total_timeout=args.fetch_timeout, read_timeout=min(fetch.read_timeout, args.fetch_timeout))
    if getattr(args, "ignore_robots", False):
        fetch = replace(fetch, respect_robots=False)
    if getattr(args, "allow_private_addresses", False):
        fetch = replace(fetch, allow_private_addresses=True)
    jsonl = opts.jsonl
    if getattr(args, "jsonl_fields", None):
        pairs = [kv.split("=", 1) for kv in args.jsonl_fields.split(",") if kv.strip()]
        known = set(jsonl.__dataclass_fields__)
        bad = [kv[0] for kv in pairs if len(kv) != 2 or kv[0].strip() not in known]
        if bad:
            raise ConfigError("jsonl_fields", f"unknown or malformed {bad} (known: {', '.join(sorted(known))})")
        jsonl = replace(jsonl, **{k.strip(): v.strip() for k, v in pairs})
    if getattr(args, "url_pattern", None):
        try:
            re.compile(args.url_pattern)
        except re.error as exc:
            raise ConfigError("url_pattern", f"not a regular expression: {exc}") from None
    since = getattr(args, "since", None)
    if since:
        from ..store.clock import normalize_since

        try:
            since = normalize_since(since)
        except ValueError:
            raise ConfigError("since", f"not an ISO 8601 date or datetime: {since!r}") from None
    return replace(opts, follow_symlinks=getattr(args, "follow_symlinks", False), since=since,
                   url_pattern=getattr(args, "url_pattern", None), jsonl=jsonl, fetch=fetch)
