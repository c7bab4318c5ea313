"""The polite, guarded HTTP client: every URL a run fetches goes through Fetcher.fetch.

Guard: connections are made by GuardedBackend, which resolves the host itself and refuses loopback,
private, link-local, multicast and reserved addresses before connecting (so the first request, every
redirect and a DNS name that resolves to 127.0.0.1 are all caught, and no second lookup can differ).
Redirects are followed here, one hop at a time (scheme checked, robots.txt checked, capped).
Politeness: robots.txt per origin (robots.py), one delay and a concurrency cap per host (HostGate),
a global worker cap, retries with backoff on 429/5xx that honour Retry-After. Bodies are streamed
and cut at max_bytes; a total deadline per request stops a server that trickles.
"""
from __future__ import annotations

import email.utils
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import islice
from typing import Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from .policy import ALLOWED_SCHEMES, FetchPolicy, blocked_reason
from .robots import RobotsCache

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class BlockedAddress(Exception):
    def __init__(self, host: str, address: str, why: str):
        self.host, self.address, self.why = host, address, why
        super().__init__(f"{host} resolves to {address} ({why}): refused")


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one URL gave: a body, a 304, or a failure reason (timeout, http_404, blocked_address…)."""

    url: str
    final_url: str | None = None
    body: bytes | None = None
    content_type: str | None = None
    charset: str | None = None
    fetched_at: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    reason: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.body is not None


class GuardedBackend(httpcore.SyncBackend):
    """Resolves, checks every address, then connects to a checked address (never re-resolves)."""

    def __init__(self, allow_private: bool, allow_networks: tuple[str, ...] = ()):
        self.allow_private, self.allow_networks = allow_private, tuple(allow_networks)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not self.allow_private:
            for address in addresses:
                if why := blocked_reason(address, self.allow_networks):
                    raise BlockedAddress(host, address, why)
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")


class HostGate:
    """One host's politeness: at most `concurrency` requests at once, `delay` seconds between starts."""

    def __init__(self, concurrency: int):
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._next = 0.0

    @contextmanager
    def slot(self, delay: float) -> Iterator[None]:
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                self._next = start + delay
            if start > now:
                time.sleep(start - now)
            yield


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.lower() == "charset" and v:
            return v.strip("\"' ").lower()
    return None


class Fetcher:
    def __init__(self, policy: FetchPolicy, *, sleep: Callable[[float], None] = time.sleep):
        self.policy = policy
        self._sleep = sleep
        transport = httpx.HTTPTransport(retries=0)
        transport._pool._network_backend = GuardedBackend(policy.allow_private_addresses,
                                                                 policy.allow_networks)  # see module doc
        self.client = httpx.Client(
            transport=transport, follow_redirects=False, trust_env=False,  # no proxy from the environment
            headers={"User-Agent": policy.user_agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,"
                     "application/xml;q=0.8,*/*;q=0.5"},
            timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout))
        self._gates: dict[str, HostGate] = {}
        self._gates_lock = threading.Lock()
        self.robots = RobotsCache(self)

    def close(self) -> None:
        self.client.close()

    def gate(self, host: str) -> HostGate:
        with self._gates_lock:
            return self._gates.setdefault(host, HostGate(self.policy.per_host_concurrency))

    # -- one URL ------------------------------------------------------------------------------
    def fetch(self, url: str, validators: dict | None = None) -> FetchResult:
        """GET url (following redirects one checked hop at a time). Never raises."""
        try:
            return self._fetch(url, validators or {})
        except BlockedAddress as exc:
            return FetchResult(url, reason="blocked_address", message=f"{url}: {exc}")
        except httpx.TimeoutException:
            return FetchResult(url, reason="timeout", message=f"{url}: timed out")
        except httpx.HTTPError as exc:
            return FetchResult(url, reason="connect_error" if isinstance(exc, httpx.ConnectError) else "http_error",
                               message=f"{url}: {type(exc).__name__}: {exc}")

    def _fetch(self, url: str, validators: dict) -> FetchResult:
        current = url
        for _ in range(self.policy.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
                return FetchResult(url, reason="bad_scheme", message=f"{url}: only http/https URLs ({current})")
            if self.policy.respect_robots and not self.robots.allowed(current):
                return FetchResult(url, reason="robots_disallowed", message=f"{url}: disallowed by robots.txt ({current})")
            headers = {}
            if current == url and validators.get("etag"):
                headers["If-None-Match"] = validators["etag"]
            if current == url and validators.get("last_modified"):
                headers["If-Modified-Since"] = validators["last_modified"]
            result = self._get_with_retries(url, current, headers)
            if isinstance(result, FetchResult):
                return result
            current = result  # a redirect target
        return FetchResult(url, reason="too_many_redirects", message=f"{url}: more than {self.policy.max_redirects} redirects")

    def _get_with_retries(self, url: str, current: str, headers: dict) -> FetchResult | str:
        host = urlsplit(current).hostname or ""
        for attempt in range(self.policy.retries + 1):
            delay = max(self.policy.per_host_delay, self.robots.crawl_delay(current))
            with self.gate(host).slot(delay):
                outcome = self._get_once(url, current, headers)
            if not (isinstance(outcome, tuple)):
                return outcome
            status, retry_after = outcome
            if attempt == self.policy.retries:
                break
            wait = retry_after if retry_after is not None else self.policy.backoff * (2 ** attempt)
            if wait > self.policy.max_retry_after:
                return FetchResult(url, reason=f"http_{status}",
                                   message=f"{url}: HTTP {status}, Retry-After {wait:.0f} s is past the limit")
            self._sleep(wait)
        return FetchResult(url, reason=f"http_{status}", message=f"{url}: HTTP {status} after {self.policy.retries} retries")

    def _get_once(self, url: str, current: str, headers: dict) -> FetchResult | str | tuple[int, float | None]:
        deadline = time.monotonic() + self.policy.total_timeout
        with self.client.stream("GET", current, headers=headers) as resp:
            status = resp.status_code
            if status in REDIRECT_STATUSES and resp.headers.get("location"):
                return urljoin(current, resp.headers["location"])
            if status == 304:
                return FetchResult(url, final_url=current, not_modified=True, fetched_at=_now())
            if status in RETRY_STATUSES:
                return status, retry_after_seconds(resp.headers.get("retry-after"))
            if status != 200:
                return FetchResult(url, final_url=current, reason=f"http_{status}", message=f"{url}: HTTP {status}")
            limit = self.policy.max_bytes
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                return FetchResult(url, final_url=current, reason="too_large",
                                   message=f"{url}: Content-Length {declared} over the limit of {limit} bytes")
            body = bytearray()
            for chunk in resp.iter_bytes():  # content encodings undone, so the cap bounds the real size
                body += chunk
                if len(body) > limit:
                    return FetchResult(url, final_url=current, reason="too_large",
                                       message=f"{url}: body over the limit of {limit} bytes (cut)")
                if time.monotonic() > deadline:
                    return FetchResult(url, final_url=current, reason="timeout",
                                       message=f"{url}: body not complete within {self.policy.total_timeout} s")
            content_type = resp.headers.get("content-type")
            return FetchResult(url, final_url=current, body=bytes(body), content_type=content_type,
                               charset=_charset(content_type), fetched_at=_now(), etag=resp.headers.get("etag"),
                               last_modified=resp.headers.get("last-modified"))

    # -- many URLs ----------------------------------------------------------------------------
    def fetch_many(self, urls: Iterable[str], validators: Callable[[str], dict | None]) -> Iterator[FetchResult]:
        """Results in input order; at most `concurrency` requests in flight and a bounded window of
        URLs read ahead, so a 1M-line list is streamed."""
        it = iter(urls)
        window = max(1, self.policy.concurrency) * 4
        with ThreadPoolExecutor(max_workers=max(1, self.policy.concurrency)) as pool:
            pending = [pool.submit(self.fetch, u, validators(u)) for u in islice(it, window)]
            while pending:
                result = pending.pop(0).result()
                nxt = next(it, None)
                if nxt is not None:
                    pending.append(pool.submit(self.fetch, nxt, validators(nxt)))
                yield result
