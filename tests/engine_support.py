"""A rule stub for engine tests: claims given spans, with a given action and data."""
from ingest.rules.base import Finding


class Claim:
    family = "test"

    def __init__(self, name, spans, action="remove", data=None):
        self.name, self.spans, self.action, self.data = name, spans, action, data or {}

    def find(self, view):
        return [Finding(s, e, "claimed", self.action, self.data) for s, e in self.spans]
