"""Store URLs that can leave this process: the password stays behind, in an environment variable that
the process opening the store reads.

Flow parameters are saved in Prefect's database and shown in its UI and API (and task inputs travel
to Dask workers in clear), so a flow is given a *reference* — the URL without its password, plus the
name of the variable holding it — and resolves it where the store is opened. In this process (and the
local workers it starts, which inherit its environment) the variable is set from the URL; workers of a
remote cluster get it from their own environment (or libpq's PGPASSWORD / ~/.pgpass, which PostgreSQL
reads when the URL has no password).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import MutableMapping

from .engine import credentials_match

# The variable a worker reads the store password from, as written in the URL (percent-escapes and all).
PASSWORD_ENV = "INGEST_STORE_PASSWORD"
# libpq's own `password=` query parameter is a password too.
_QUERY_PASSWORD = re.compile(r"(?i)([?&])password=([^&#]*)&?")


@dataclass(frozen=True)
class StoreReference:
    """A store URL without its password (safe to record and show) and where the password is found."""

    url: str
    password_env: str | None = None


def split_password(url: str) -> tuple[str, str | None]:
    """(the URL without its password, the password as written or None). The password runs to the last
    "@" before the host, so one holding an unescaped "@", ":" or "/" is taken whole."""
    m = credentials_match(url)
    if m and ":" in m["userinfo"]:
        user, password = m["userinfo"].split(":", 1)
        return f"{m['scheme']}{user}@{m['rest']}", password
    q = _QUERY_PASSWORD.search(url)
    if q:
        stripped = url[:q.start()] + (q[1] if url[q.end():] else "") + url[q.end():]
        return stripped, q[2]
    return url, None


def with_password(url: str, password: str) -> str:
    """The URL with `password` put back as the userinfo password (the form split_password takes apart)."""
    m = credentials_match(url)
    if m:
        return f"{m['scheme']}{m['userinfo']}:{password}@{m['rest']}"
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}:{password}@{rest}" if sep else url


def reference(url: str, env: MutableMapping[str, str] | None = None) -> StoreReference:
    """The reference to pass on for `url`; its password, if any, goes to PASSWORD_ENV in `env` (this
    process's environment by default, inherited by the worker processes it starts)."""
    env = os.environ if env is None else env
    public, password = split_password(url)
    if password is None:
        return StoreReference(url)  # PostgreSQL may still find one (PGPASSWORD, ~/.pgpass)
    env[PASSWORD_ENV] = password
    return StoreReference(public, PASSWORD_ENV)


def resolve(url: str, password_env: str | None = None, env: MutableMapping[str, str] | None = None) -> str:
    """The URL to open: a URL without a password gets the one in `password_env`, when that is set
    here. A URL that carries its own password is used as it is."""
    env = os.environ if env is None else env
    if not password_env or split_password(url)[1] is not None:
        return url
    password = env.get(password_env)
    return with_password(url, password) if password else url


__all__ = ["PASSWORD_ENV", "StoreReference", "reference", "resolve", "split_password", "with_password"]
