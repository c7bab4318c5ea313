"""Text normalisation: before the rules (repair) and after them (layout).

`repair` runs before any rule so rules see one canonical form: mojibake fixed with ftfy (curly quotes
kept as the source has them: consumers quote the text, and ftfy's uncurling would rewrite the
article), HTML entities left in text decoded, Unicode NFC, zero-width characters and soft hyphens
dropped, line breaks unified. NBSP stays until after the rules, so `page_chrome` can report
NBSP-only filler lines as removals instead of them vanishing silently.

`layout` runs after the rules: spaces collapsed, one paragraph per line block, paragraphs separated
by exactly one blank line.
"""
from __future__ import annotations

import html
import re
import unicodedata

import ftfy
from ftfy.badness import is_bad

# ftfy's own defaults, except: keep quotes curly; keep full-width forms (CJK text uses them on purpose);
# NFC (not NFKC) so that ligatures and superscripts in the source are not rewritten.
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, normalization="NFC",
                             unescape_html=False, explain=False)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks that scrapers leave in text.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Not U+0085 (NEL): it is byte 0x85 of latin-1 mojibake ("Ñ\x85" is "х"); a stray one goes with the C1 controls.
_ODD_NEWLINES = ("\r", "\u2028", "\u2029", "\x0b", "\x0c")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")
# C0/C1 control characters other than tab and newline never belong in article text.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_C0 = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# The invisibles minus the soft hyphen, which is byte 0xAD of cp1252/latin-1 mojibake ("Ã\xad" is "í").
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What `layout` must rewrite: a run of 2+ spaces, or any space other than U+0020. Matching only these
# (single plain spaces are most of a text) makes the pass ~5x cheaper than substituting every space.
_SPACE_FIX = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000][ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*"
                        r"| [ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Any character one of the clean-up passes in `repair` would touch: one scan decides whether to run them.
_REPAIR_TARGETS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def _mojibake_signature() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A cheap gate in front of ftfy's `is_bad` (≈2 ms per page): the shapes UTF-8 takes when its bytes
    are read as cp1252, latin-1 or cp1251 — a lead byte (2-, 3- or 4-byte sequence) followed by the
    right number of continuation bytes, as those code pages display them (`Ã©`, `â€™`, `Ã\xa0`, `РџСЂ`) —
    plus Mac Roman's `√©`/`‚Äô`. Built from the code pages themselves, not from a list of examples.
    Text without any of these shapes cannot hold the mojibake ftfy repairs, so it skips `is_bad`.
    """
    alternatives = [r"√[\u00a0-\u00ff]|‚Ä."]
    all_leads, all_conts = set("√‚"), set("Ä\ufffd") | {chr(c) for c in range(0xA0, 0x100)}
    for codec in ("cp1252", "latin-1", "cp1251"):
        def chars(lo: int, hi: int) -> set[str]:
            return set(bytes(range(lo, hi)).decode(codec, errors="replace"))
        cont = _char_class(chars(0x80, 0xC0) | {"\ufffd"})
        alternatives += [f"{_char_class(chars(0xC2, 0xE0))}{cont}", f"{_char_class(chars(0xE0, 0xF0))}{cont}{{2}}",
                         f"{_char_class(chars(0xF0, 0xF5))}{cont}{{3}}"]
        all_leads |= chars(0xC2, 0xF5)
        all_conts |= chars(0x80, 0xC0)
    # One lead+continuation pair of any code page: a fast superset scan before the exact shapes.
    coarse = re.compile(_char_class(all_leads) + _char_class(all_conts))
    return coarse, re.compile("|".join(alternatives))


def _char_class(chars: set[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


_MOJIBAKE_COARSE, MOJIBAKE = _mojibake_signature()


def may_be_mojibake(text: str) -> bool:
    """True when `text` shows a mojibake shape (then ftfy's own judgement decides)."""
    return _MOJIBAKE_COARSE.search(text) is not None and MOJIBAKE.search(text) is not None


def repair(text: str) -> str:
    """Fix encoding damage and invisible characters; keep every visible character otherwise."""
    if any(c in text for c in _ODD_NEWLINES):  # plain `in` scans are far cheaper than a regex pass
        text = _NEWLINES.sub("\n", text)
    if "&" in text and _ENTITY.search(text):
        text = _unescape_entities(text)
    # Most pages have no control or invisible characters: one scan decides whether the passes run.
    dirty = _REPAIR_TARGETS.search(text) is not None
    # C0 controls and zero-width characters go first: one inside a mojibake sequence ("Â\x1f¡") would hide it from
    # ftfy, and the repair would then only happen on a second pass (cleaning would not be idempotent).
    # C1 controls stay until after ftfy: they are part of latin-1 mojibake ("â\x80\x94" is "—").
    if dirty:
        text = _C0.sub("", text)
        text = _ZERO_WIDTH.sub("", text)
    for _ in range(3):  # to a fixed point: a repair can reveal another layer (or leave C1 residue)
        if text.isascii() or not may_be_mojibake(text) or not is_bad(text):
            break
        text = _CONTROL.sub("", ftfy.fix_text(text, _FTFY))
        dirty = True
    if dirty:
        text = _CONTROL.sub("", text)
        text = _INVISIBLE.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def _unescape_entities(text: str) -> str:
    # Twice at most: "&amp;eacute;" is a doubly escaped "é" in scraped text.
    for _ in range(2):
        new = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
        if new == text:
            break
        text = new
    return text


def layout(text: str) -> str:
    """One paragraph per non-empty line, separated by one blank line; spaces collapsed."""
    lines = _SPACE_FIX.sub(" ", text).split("\n")  # one pass over the text, not one per line
    return "\n\n".join(p for p in (line.strip() for line in lines) if p)


# Kana, CJK ideographs and hangul: scripts written without spaces between words.
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_HAS_WORD_CHAR = re.compile(r"\w")


def word_count(text: str) -> int:
    """Words as `wc -w` counts them (whitespace-separated tokens); in CJK text, which has no spaces,
    each ideograph, kana or hangul syllable counts as a word."""
    if not text.isascii() and CJK_CHAR.search(text):
        cjk = len(CJK_CHAR.findall(text))
        return cjk + sum(1 for tok in CJK_CHAR.sub(" ", text).split() if _HAS_WORD_CHAR.search(tok))
    return len(text.split())
