"""robots.txt per origin (Protego: RFC 9309 with wildcards and Crawl-delay), fetched once per run
through the same guarded client. Unreachable or 5xx robots.txt: nothing is fetched from that origin
(RFC 9309 §2.3.1.4); 4xx: everything is allowed."""
from __future__ import annotations

import threading
from urllib.parse import urlsplit

import httpx

# robots.txt files past 500 KiB may be ignored by crawlers (RFC 9309 §2.5): we read that much.
ROBOTS_MAX_BYTES = 500 * 1024
# Crawl-delay is obeyed up to this many seconds; beyond, a list would take days.
MAX_CRAWL_DELAY_S = 30.0
_DISALLOW_ALL = "disallow_all"


class RobotsCache:
    def __init__(self, fetcher):
        self.fetcher = fetcher
        self._rules: dict[str, object] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def _origin(self, url: str) -> str:
        p = urlsplit(url)
        return f"{p.scheme.lower()}://{p.netloc.lower()}"

    def _get(self, url: str):
        origin = self._origin(url)
        with self._lock:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._rules:
                self._rules[origin] = self._load(origin)
            return self._rules[origin]

    def _load(self, origin: str):
        from protego import Protego

        from .client import BlockedAddress

        try:
            resp = self.fetcher.client.get(f"{origin}/robots.txt", follow_redirects=True)
        except BlockedAddress:
            return None  # the page itself will be refused with blocked_address
        except httpx.HTTPError:
            return _DISALLOW_ALL
        if resp.status_code >= 500:
            return _DISALLOW_ALL
        if resp.status_code >= 400:
            return None
        return Protego.parse(resp.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace"))

    def allowed(self, url: str) -> bool:
        rules = self._get(url)
        if rules is None:
            return True
        if rules == _DISALLOW_ALL:
            return False
        return rules.can_fetch(url, self.fetcher.policy.user_agent)

    def crawl_delay(self, url: str) -> float:
        if not self.fetcher.policy.respect_robots:
            return 0.0
        rules = self._get(url)
        if rules is None or rules == _DISALLOW_ALL:
            return 0.0
        return min(float(rules.crawl_delay(self.fetcher.policy.user_agent) or 0.0), MAX_CRAWL_DELAY_S)
