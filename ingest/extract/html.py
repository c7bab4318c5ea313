"""The HTML path: decode, extract the main content with trafilatura, then the same text rules.

(First version: plain trafilatura extraction; the DOM pre-pass and metadata reconciliation build on it.)
"""
from __future__ import annotations

import trafilatura

from ..errors import ExtractionFailed, UnreadableInput
from ..settings import Settings
from .text import CleanedText, clean_text


def clean_html(content: bytes, source: str, settings: Settings) -> CleanedText:
    try:
        html = content.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(content).best()
        if best is None:
            raise UnreadableInput(source, "undecodable HTML") from None
        html = str(best)
    text = trafilatura.extract(html, include_comments=False, favor_precision=True)
    if not text:
        raise ExtractionFailed(source, "the extractor found no main content")
    return clean_text(text, settings, source=source)
