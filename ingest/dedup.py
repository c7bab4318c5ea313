"""Near-duplicate detection: the same story re-edited on two sites, or a teaser of a full article.

MinHash over word 5-gram shingles finds candidates in sub-linear time (LSH bands); each candidate is
then verified exactly on the shingle sets. A pair is a near-duplicate when the Jaccard similarity is
high, or — because a listing teaser is a cut-off copy of an article — when most of the smaller text's
shingles occur in the larger one (containment). A teaser shares too few shingles with its article for
any band to meet, so every text also gets a *lead key* (its first words): a teaser and its article
share it. Measured on re-edited copies of one story: Jaccard ≈ 0.64 and containment ≈ 0.82, while
unrelated stories on the same topic stay below 0.02.

The primitives (shingles, signature, bucket keys, compare) are shared by the in-memory index below
(`ingest clean --json`) and the store's persistent index (ingest/store/near_dups.py).
"""
from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

SHINGLE_WORDS = 5
# 128 signature slots (ingest's one-permutation hashing: as many permutations) in 32 bands of 4 rows: a pair at Jaccard 0.6 (a copy with ~5 % of its words edited)
# becomes a candidate with probability 1-(1-0.6^4)^32 = 0.99, one at 0.3 with 0.23, so recall is high
# and the exact check rejects the few false candidates (bench/bench_dedup.py measures both). 64
# permutations in 16 bands missed ~7 % of the 5 %-edited copies.
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
JACCARD_MIN = 0.5
CONTAINMENT_MIN = 0.6
MIN_SHINGLES = 8  # texts shorter than this are too small to call duplicates
# Containment alone (no Jaccard) links a small text to a large one only when the small one is long
# enough to be a story's teaser: a one-line pitch contained in many articles must not join them.
CONTAINMENT_MIN_SHINGLES = 16
# The lead key: this many first words. A teaser repeats its article's opening sentence; 12 words are
# past a shared dateline or a stock opening ("The city council said on Tuesday that").
LEAD_WORDS = 12

_WORD = re.compile(r"\w+", re.UNICODE)
_rng = np.random.default_rng(20261123)  # fixed seed: the same text gets the same signature everywhere
# Mixing constants that turn a band's ROWS values into one 64-bit bucket key (odd: invertible mod 2^64).
_MIX = _rng.integers(1, (1 << 63) - 1, (BANDS, ROWS), dtype=np.uint64) | np.uint64(1)
_BAND_SALT = _rng.integers(0, (1 << 63) - 1, BANDS, dtype=np.uint64)


def words(text: str) -> list[str]:
    """The text's lower-cased `\\w+` runs, in order. Split at whitespace first, the regex only for
    tokens that are not all word characters (punctuation attached, apostrophes, underscores): the same
    list, since no whitespace character is a word character and `str.isalnum` is the regex's `\\w`
    minus the underscore, at ~2/3 of the cost of findall over the whole text (0.13 vs 0.19 ms for
    7,000 characters of prose), which every stored article pays (its near-duplicate keys)."""
    out: list[str] = []
    keep, split_up, runs = out.append, out.extend, _WORD.findall
    for token in text.lower().split():
        if token.isalnum():
            keep(token)
        else:
            split_up(runs(token))
    return out


def shingles(text: str) -> frozenset[int]:
    """Stable 32-bit hashes of the text's lower-cased word 5-grams."""
    return frozenset(shingle_array(text).tolist())


def shingle_array(text: str) -> np.ndarray:
    """shingles(text) as a sorted array of distinct values: what the index compares (a set of a
    thousand Python ints cost more to build and to pickle between processes than the MinHash itself)."""
    return _from_hashes(_hashes_of_tokens(text.lower().split()))


# Rolling combination of word hashes into a 5-gram hash (odd, 64-bit): the same words in the same
# order give the same shingle in every process and on every machine.
_ROLL = np.uint64(0x9E3779B97F4A7C15)
# Word → hash, kept across documents: words repeat (Zipf), and a dict lookup costs a tenth of a crc32
# of the encoded word. Cleared past this many words (~60 MB at most).
WORD_CACHE_SIZE = 500_000


class _WordHashes(dict):
    """word → its stable hash, computed on first use (dict.__getitem__ mapped over a word list runs in C:
    a generator calling get/setdefault per word cost a third of the shingling)."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode()) or 1
        return value


_WORD_HASHES = _WordHashes()


class _TokenHashes(dict):
    """whitespace-separated token (lower-cased) → the hashes of its words, in order: the token itself
    when it is all word characters, else its `\\w+` runs (as words() splits it). Tokens repeat as words
    do, with their punctuation ("said,", "l'été"), so the text's word hashes come from one lookup per
    token in C (map over the split, chained) instead of words()' Python loop plus one lookup per word:
    ~0.15 vs ~0.25 ms per 10,000 characters of prose, paid by every stored article's keys."""

    def __missing__(self, token: str) -> tuple[int, ...]:
        word = _WORD_HASHES.__getitem__
        value = self[token] = (word(token),) if token.isalnum() else tuple(map(word, _WORD.findall(token)))
        return value


_TOKEN_HASHES = _TokenHashes()
# Tokens cached at most (then cleared, as the word cache): a token is a word with its punctuation, so
# there are more distinct ones than words; 200,000 entries (key, tuple, dict slot: ~230 bytes) are ~50 MB at most
# in a sandbox worker, and a page's tokens are mostly the common ones that come back at once.
TOKEN_CACHE_SIZE = 200_000


def _hashes_of_tokens(tokens: list[str]) -> list[int]:
    """The word hashes of a lower-cased text's whitespace tokens: [word hash of w for w in words(text)]."""
    if len(_WORD_HASHES) > WORD_CACHE_SIZE:
        _WORD_HASHES.clear()
    if len(_TOKEN_HASHES) > TOKEN_CACHE_SIZE:
        _TOKEN_HASHES.clear()
    return list(chain.from_iterable(map(_TOKEN_HASHES.__getitem__, tokens)))


def _first_words(tokens: list[str], n: int) -> list[str]:
    """words(text)[:n] from the lower-cased text's whitespace tokens (only as many as it takes)."""
    out: list[str] = []
    for token in tokens:
        if len(out) >= n:
            break
        if token.isalnum():
            out.append(token)
        else:
            out.extend(_WORD.findall(token))
    return out[:n]


def _shingle_array(ws: list[str]) -> np.ndarray:
    """The distinct shingles of a word list, as a sorted uint64 array of 32-bit values."""
    if len(_WORD_HASHES) > WORD_CACHE_SIZE:
        _WORD_HASHES.clear()
    return _from_hashes(list(map(_WORD_HASHES.__getitem__, ws)))


def _from_hashes(hashes: list[int]) -> np.ndarray:
    """The distinct shingles of a text given as its words' hashes (sorted uint64 array of 32-bit values)."""
    if not hashes:
        return np.zeros(0, dtype=np.uint64)
    h = np.array(hashes, dtype=np.uint64)
    width = min(len(hashes), SHINGLE_WORDS)
    n = len(hashes) - width + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            acc = acc * _ROLL + h[j:j + n]
    return _sorted_distinct(acc >> np.uint64(32))


def _sorted_distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values) for a 1-D integer array: sort, keep each value's first. np.unique costs ten
    times as much on a page's ~1,400 shingles (0.10 vs 0.01 ms: its general machinery)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def shingles_of(ws: list[str]) -> frozenset[int]:
    return frozenset(_shingle_array(ws).tolist())


# The signature: one-permutation hashing (Li, Owen & Zhang, NeurIPS 2012) with optimal densification
# (Shrivastava, ICML 2017). One hash per shingle splits the shingles into NUM_PERM bins by its top bits
# and keeps each bin's minimum of the next 32 bits; an empty bin (a short text) borrows the value of
# the first non-empty bin in its own fixed random order of the bins. Two texts then agree in a slot
# with probability equal to their Jaccard similarity, as with NUM_PERM independent permutations, at
# one hash per shingle instead of NUM_PERM: the 128 × shingles products were ~0.45 ms of a page's
# ~1.3 ms of keys (bench/bench_run.py's pages), this is ~0.05 ms. Memory is a few arrays the size of
# the shingles, whatever the page.
BIN_BITS = 7
assert 1 << BIN_BITS == NUM_PERM
_OPH_A = int(_rng.integers(1, (1 << 63) - 1, dtype=np.uint64)) | 1
_OPH_B = int(_rng.integers(0, (1 << 63) - 1, dtype=np.uint64))
_BORROW_ORDER = np.argsort(_rng.random((NUM_PERM, NUM_PERM)), axis=1)  # per bin: where an empty one borrows
_EMPTY = np.uint64(np.iinfo(np.uint64).max)  # above any 32-bit value


def signature(sh: frozenset[int] | np.ndarray) -> np.ndarray:
    """NUM_PERM values below 2**32 (one per bin) whose share of agreement between two texts
    estimates their Jaccard similarity; the same shingles give the same signature everywhere."""
    x = sh if isinstance(sh, np.ndarray) else np.fromiter(sh, dtype=np.uint64, count=len(sh))
    if len(x) == 0:
        raise ValueError("no shingles to sign")
    with np.errstate(over="ignore"):
        h = x * np.uint64(_OPH_A) + np.uint64(_OPH_B)
    bins = (h >> np.uint64(64 - BIN_BITS)).astype(np.intp)
    values = (h >> np.uint64(64 - BIN_BITS - 32)) & np.uint64(0xFFFFFFFF)
    out = np.full(NUM_PERM, _EMPTY, dtype=np.uint64)
    np.minimum.at(out, bins, values)
    empty = np.flatnonzero(out == _EMPTY)
    if len(empty):
        order = _BORROW_ORDER[empty]
        first = np.argmax(out[order] != _EMPTY, axis=1)
        out[empty] = out[order[np.arange(len(empty)), first]]
    return out


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity estimated from two signatures (share of equal minima)."""
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit bucket key per LSH band (signed: it fits a BIGINT column)."""
    with np.errstate(over="ignore"):
        mixed = (sig.reshape(BANDS, ROWS) * _MIX).sum(axis=1) ^ _BAND_SALT
    return mixed.view(np.int64).tolist()


def lead_key(ws: list[str]) -> int | None:
    """The bucket key of the text's first LEAD_WORDS words (None when it has fewer)."""
    if len(ws) < LEAD_WORDS:
        return None
    digest = hashlib.blake2b(" ".join(ws[:LEAD_WORDS]).encode(), digest_size=8, person=b"ingest-lead").digest()
    return int.from_bytes(digest, "little", signed=True)


@dataclass(frozen=True, slots=True)
class Match:
    """How two texts relate: copy (Jaccard), teaser (a truncated one contained), contained."""

    relation: str
    jaccard: float
    containment: float


Shingles = frozenset[int] | np.ndarray  # a set, or a sorted array of distinct values (shingle_array)


def _common(a: Shingles, b: Shingles) -> int:
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return int(np.intersect1d(a, b, assume_unique=True).size)
    a = a if isinstance(a, frozenset) else frozenset(a.tolist())
    b = b if isinstance(b, frozenset) else frozenset(b.tolist())
    return len(a & b)


def compare(a: Shingles, b: Shingles, a_truncated: bool = False, b_truncated: bool = False) -> Match | None:
    """The exact check of a candidate pair; None when they are not near-duplicates."""
    if not len(a) or not len(b):
        return None
    inter = _common(a, b)
    if not inter:
        return None
    jac = inter / (len(a) + len(b) - inter)
    small = min(len(a), len(b))
    con = inter / small
    if jac >= JACCARD_MIN:
        return Match("copy", round(jac, 3), round(con, 3))
    if con >= CONTAINMENT_MIN and small >= CONTAINMENT_MIN_SHINGLES:
        return Match("teaser" if a_truncated or b_truncated else "contained", round(jac, 3), round(con, 3))
    return None


@dataclass(frozen=True, slots=True)
class Keyed:
    """A text ready for the index: its shingles, MinHash signature and bucket keys."""

    shingles: np.ndarray  # sorted, distinct (shingle_array)
    signature: np.ndarray | None  # None: too short to index
    keys: tuple[int, ...]  # the band keys, then the lead key (if any)
    lead: int | None = None


def prepare(text: str) -> Keyed:
    tokens = text.lower().split()
    arr = _from_hashes(_hashes_of_tokens(tokens))
    if len(arr) < MIN_SHINGLES:
        return Keyed(arr, None, ())
    sig = signature(arr)
    lead = lead_key(_first_words(tokens, LEAD_WORDS))
    return Keyed(arr, sig, (*band_keys(sig), *((lead,) if lead is not None else ())), lead)


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    key: str
    other: str
    jaccard: float
    containment: float


@dataclass
class NearDuplicateIndex:
    """Add texts one by one; each add returns the earlier texts it near-duplicates."""

    _sets: dict[str, np.ndarray] = field(default_factory=dict)
    _buckets: dict[int, list[str]] = field(default_factory=dict)

    def add(self, key: str, text: str) -> list[NearDuplicate]:
        keyed = prepare(text)
        if keyed.signature is None:
            return []
        candidates: set[str] = set()
        for bucket in keyed.keys:
            found = self._buckets.setdefault(bucket, [])
            candidates.update(found)
            found.append(key)
        self._sets[key] = keyed.shingles
        out = []
        for other in sorted(candidates):
            m = compare(keyed.shingles, self._sets[other])
            if m is not None:
                out.append(NearDuplicate(key, other, m.jaccard, m.containment))
        return out


def article_key(source: str, index: int) -> str:
    """How a near-duplicate link names an article: its document's source and its position."""
    return f"{source}#{index}"


def link_documents(docs: list[tuple[str, list[str]]]) -> dict[str, list[str]]:
    """Near-duplicate links between the articles of many documents (never within one document).

    `docs` holds (source, [article texts]); the result maps each article key to the keys of the
    articles in *other* documents it near-duplicates, both directions.
    """
    index = NearDuplicateIndex()
    owner: dict[str, str] = {}
    links: dict[str, list[str]] = {}
    for source, texts in docs:
        for i, text in enumerate(texts):
            key = article_key(source, i)
            owner[key] = source
            for nd in index.add(key, text):
                if owner[nd.other] == source:
                    continue
                links.setdefault(key, []).append(nd.other)
                links.setdefault(nd.other, []).append(key)
    return links
