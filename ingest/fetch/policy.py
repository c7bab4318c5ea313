"""The rules a fetch obeys, with the reason for each default. Security defaults: http/https only,
no connection to loopback, private, link-local, multicast or reserved addresses (checked on every
connection, redirects included, after DNS resolution), at most MAX_REDIRECTS redirects, bodies cut
at max_bytes, robots.txt obeyed."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass

# Names the tool; set your own (with a contact URL) with --user-agent, as crawl etiquette asks.
DEFAULT_USER_AGENT = "ingest/0.1 (article fetcher; robots.txt obeyed)"
# Connect/read timeouts: a live server answers in well under 10 s; 30 s total bounds a trickling one.
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 20.0
TOTAL_TIMEOUT_S = 30.0
# One request at a time per host, one second apart: the common politeness norm (and robots.txt
# Crawl-delay, when larger, wins). Eight hosts at once keeps a URL list moving.
PER_HOST_DELAY_S = 1.0
PER_HOST_CONCURRENCY = 1
CONCURRENCY = 8
# 429/5xx: three retries, 1 s, 2 s, 4 s apart unless Retry-After says otherwise; a Retry-After longer
# than a minute is the server asking us to come back another day: it is a failure, not a wait.
RETRIES = 3
BACKOFF_S = 1.0
MAX_RETRY_AFTER_S = 60.0
# Browsers stop at 20; 5 is plenty for real sites and bounds redirect chains.
MAX_REDIRECTS = 5
# Same limit as a file: far past any article page.
MAX_BYTES = 20 * 1024 * 1024
ALLOWED_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = CONNECT_TIMEOUT_S
    read_timeout: float = READ_TIMEOUT_S
    total_timeout: float = TOTAL_TIMEOUT_S
    per_host_delay: float = PER_HOST_DELAY_S
    per_host_concurrency: int = PER_HOST_CONCURRENCY
    concurrency: int = CONCURRENCY
    retries: int = RETRIES
    backoff: float = BACKOFF_S
    max_retry_after: float = MAX_RETRY_AFTER_S
    max_redirects: int = MAX_REDIRECTS
    max_bytes: int = MAX_BYTES
    respect_robots: bool = True
    allow_private_addresses: bool = False  # every non-public address allowed (--allow-private-addresses)
    allow_networks: tuple[str, ...] = ()  # or only these networks, e.g. ("127.0.0.0/8",) for a test server


def blocked_reason(address: str, allow_networks: tuple[str, ...] = ()) -> str | None:
    """Why a connection to this IP address is refused (None: a public or explicitly allowed address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if any(ip in ipaddress.ip_network(net, strict=False) for net in allow_networks):
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for name in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{name}"):
            return name
    if not ip.is_global:  # shared address space (100.64/10), benchmarking, documentation ranges…
        return "not_global"
    return None
