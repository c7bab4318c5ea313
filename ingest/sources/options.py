"""What a user can say about reading sources, in one frozen record (part of Settings)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..fetch.policy import FetchPolicy


@dataclass(frozen=True, slots=True)
class JsonlFields:
    """Field names of a JSONL export (`{"url", "html" | "text", "fetched_at"?, "id"?}` by default)."""

    url: str = "url"
    html: str = "html"
    text: str = "text"
    fetched_at: str = "fetched_at"
    id: str = "id"


@dataclass(frozen=True, slots=True)
class SourceOptions:
    follow_symlinks: bool = False  # follow links out of a source directory (loops are detected either way)
    since: str | None = None  # feeds/sitemaps: only entries published/modified at or after (ISO)
    url_pattern: str | None = None  # feeds/sitemaps/URL lists: only URLs matching this regex
    jsonl: JsonlFields = field(default_factory=JsonlFields)
    fetch: FetchPolicy = field(default_factory=FetchPolicy)

    def to_dict(self) -> dict:
        """Plain JSON (a flow parameter)."""
        from dataclasses import asdict

        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> "SourceOptions":
        if not d:
            return cls()
        d = dict(d)
        return cls(**{**d, "jsonl": JsonlFields(**d.get("jsonl", {})), "fetch": _policy(d.get("fetch", {}))})


def _policy(d: dict) -> FetchPolicy:
    return FetchPolicy(**{**d, "allow_networks": tuple(d.get("allow_networks", ()))})
