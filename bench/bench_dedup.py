"""Near-duplicate index: cost per document at 10k and 100k stored articles, and recall on re-edited copies.

    .venv/bin/python bench/bench_dedup.py                      # SQLite file in a temp dir, 10k and 100k
    .venv/bin/python bench/bench_dedup.py --sizes 2000,20000   # quicker
    .venv/bin/python bench/bench_dedup.py --store postgresql+psycopg://postgres@127.0.0.1:54329/bench

1. MinHash: this project's numpy one-permutation MinHash (ingest/dedup.py) against datasketch's classic
   MinHash (if installed; it is not a dependency), same number of slots and bands, interleaved in one run: seconds per document to sign and
   bucket, and recall of copies with 2-5 % of their words edited (substituted, inserted, deleted).
2. The persistent index (ingest/store/near_dups.py), written straight through its API (no cleaning, no
   articles table: candidate texts are regenerated from their seed): the store is filled to each size,
   then a probe batch of new articles (a fifth of them re-edited copies of stored ones) is indexed and
   timed per document. Sub-linear growth means the 100k figure stays near the 10k one, not 10× it.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import dedup  # noqa: E402
from ingest.store import SqlStore, near_dups  # noqa: E402
from ingest.store.engine import writing  # noqa: E402

WORDS_PER_DOC = 220  # a short news article
BATCH = 500  # documents per write transaction, as in `ingest run`
PROBE = 1000  # documents timed at each size
COPY_SHARE = 0.2  # of the probe: re-edited copies of stored documents
_VOCAB = None


def vocab() -> list[str]:
    global _VOCAB
    if _VOCAB is None:
        rng = random.Random(1)
        letters = "abcdefghijklmnopqrstuvwxyz"
        _VOCAB = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(20_000)]
    return _VOCAB


def document(seed: int) -> str:
    """A deterministic synthetic article: Zipf-like word frequencies, like prose."""
    rng = random.Random(seed)
    v = vocab()
    ws = [v[min(int(rng.paretovariate(1.1)) - 1, len(v) - 1)] if rng.random() < 0.5 else rng.choice(v)
          for _ in range(WORDS_PER_DOC)]
    return " ".join(ws)


def reedit(text: str, share: float, seed: int) -> str:
    """`share` of the words substituted, inserted or deleted (a copy edited by another site)."""
    rng = random.Random(seed)
    ws = text.split()
    for _ in range(max(1, round(len(ws) * share))):
        i = rng.randrange(len(ws))
        op = rng.random()
        if op < 0.5:
            ws[i] = rng.choice(vocab())
        elif op < 0.75:
            ws.insert(i, rng.choice(vocab()))
        elif len(ws) > 10:
            del ws[i]
    return " ".join(ws)


def copy_of(seed: int) -> tuple[int, str]:
    """A probe copy: which stored seed it copies and its text (2-5 % of its words edited)."""
    rng = random.Random(seed)
    original = rng.randrange(0, seed // 2 or 1)
    return original, reedit(document(original), rng.uniform(0.02, 0.05), seed)


# --- 1. our MinHash vs datasketch ------------------------------------------------------------------

def _ours(texts: list[str]) -> tuple[float, list[list[int]]]:
    started = time.perf_counter()
    keys = [list(dedup.prepare(t).keys) for t in texts]
    return time.perf_counter() - started, keys


def _datasketch(texts: list[str]):
    from datasketch import MinHash, MinHashLSH

    started = time.perf_counter()
    lsh = MinHashLSH(num_perm=dedup.NUM_PERM, params=(dedup.BANDS, dedup.ROWS))
    sigs = []
    for i, t in enumerate(texts):
        m = MinHash(num_perm=dedup.NUM_PERM)
        ws = dedup.words(t)
        m.update_batch([" ".join(ws[j:j + dedup.SHINGLE_WORDS]).encode() for j in range(len(ws) - dedup.SHINGLE_WORDS + 1)])
        sigs.append(m)
        lsh.insert(i, m)
    return time.perf_counter() - started, lsh, sigs


def compare_minhash(n: int = 2000, copies: int = 500) -> None:
    originals = [document(s) for s in range(n)]
    pairs = [(s % n, reedit(originals[s % n], random.Random(s).uniform(0.02, 0.05), s)) for s in range(n, n + copies)]
    texts = originals + [t for _, t in pairs]
    try:
        import datasketch  # noqa: F401
        have_ds = True
    except ImportError:
        have_ds = False
    ours_s, ds_s = [], []
    for _ in range(2):  # interleaved: a noisy machine slows both alike
        seconds, keys = _ours(texts)
        ours_s.append(seconds)
        if have_ds:
            seconds, lsh, sigs = _datasketch(texts)
            ds_s.append(seconds)
    buckets: dict[int, set[int]] = {}
    for i, ks in enumerate(keys[:n]):
        for k in ks:
            buckets.setdefault(k, set()).add(i)
    shingled = {i: dedup.shingles(t) for i, t in enumerate(originals)}
    found = 0
    for (orig, text), ks in zip(pairs, keys[n:]):
        cands = set().union(*(buckets.get(k, set()) for k in ks))
        sh = dedup.shingles(text)
        found += any(c == orig and dedup.compare(sh, shingled[c]) for c in cands)
    print(f"MinHash (one-permutation hashing, {dedup.NUM_PERM} slots, {dedup.BANDS} bands × {dedup.ROWS} rows), {len(texts)} documents "
          f"of {WORDS_PER_DOC} words:")
    print(f"  ours        {min(ours_s) / len(texts) * 1e3:.3f} ms/doc   recall on 2-5 % re-edited copies "
          f"{found / copies:.3f}")
    if have_ds:
        ds_found = 0
        for j, (orig, _) in enumerate(pairs):
            ds_found += orig in lsh.query(sigs[n + j])
        print(f"  datasketch  {min(ds_s) / len(texts) * 1e3:.3f} ms/doc   recall {ds_found / copies:.3f} "
              f"(candidates only, before the exact check)   ours/datasketch time {min(ours_s) / min(ds_s):.2f}")
    else:
        print("  datasketch not installed (pip install datasketch to compare)")


# --- 2. the persistent index -------------------------------------------------------------------------

def _aid(seed: int) -> str:
    return f"{seed:016x}".rjust(64, "a")


def _seed(aid: str) -> int:
    return int(aid[-16:], 16)


class Texts:
    """Candidate texts for the exact check, regenerated from their seed (probe copies kept aside)."""

    def __init__(self):
        self.extra: dict[str, str] = {}

    def __call__(self, ids):
        return {i: (self.extra.get(i) or document(_seed(i)), False) for i in ids}


CPU = {"seconds": 0.0}  # CPU time of this process inside the index (SQLite works in-process)


def _index(store: SqlStore, entries: list[near_dups.Entry], texts: Texts) -> tuple[float, list]:
    started, cpu = time.perf_counter(), time.process_time()
    with writing(store.engine) as conn:
        near_dups.lock(conn)
        links = near_dups.index_articles(conn, entries, texts=texts)
    CPU["seconds"] += time.process_time() - cpu
    return time.perf_counter() - started, links


def fill(store: SqlStore, start: int, stop: int, texts: Texts) -> float:
    seconds = 0.0
    for lo in range(start, stop, BATCH):
        entries = [near_dups.Entry(_aid(s), _aid(s), document(s)) for s in range(lo, min(stop, lo + BATCH))]
        seconds += _index(store, entries, texts)[0]
    return seconds


def probe(store: SqlStore, stored: int, texts: Texts) -> tuple[float, float]:
    """Index PROBE new documents (COPY_SHARE of them copies of stored ones): ms/doc, recall."""
    entries, originals = [], {}
    base = 10**9 + stored * 10  # seeds no fill uses
    for j in range(PROBE):
        s = base + j
        if j % round(1 / COPY_SHARE) == 0:
            orig, text = copy_of(stored * 7 + j)
            orig %= stored
            text = reedit(document(orig), random.Random(s).uniform(0.02, 0.05), s)
            originals[_aid(s)] = orig
            texts.extra[_aid(s)] = text
            texts.extra[_aid(orig)] = document(orig)  # what the store would read: not the bench's work
        else:
            text = document(s)
        entries.append(near_dups.Entry(_aid(s), _aid(s), text))
    seconds = 0.0
    links = []
    reference = 0.0
    CPU["seconds"] = 0.0
    for lo in range(0, PROBE, BATCH):
        started = time.perf_counter()  # reference, interleaved: signing the same texts, no store
        for e in entries[lo:lo + BATCH]:
            dedup.prepare(e.text)
        reference += time.perf_counter() - started
        sec, ls = _index(store, entries[lo:lo + BATCH], texts)
        seconds += sec
        links += ls
    hit = sum(1 for ln in links if ln.article_id in originals and ln.cluster_id == _aid(originals[ln.article_id]))
    return seconds / PROBE * 1e3, hit / len(originals), seconds / reference, CPU["seconds"] / PROBE * 1e3


def bench_index(url: str, sizes: list[int]) -> None:
    texts = Texts()
    print(f"\npersistent index on {url.split('://')[0]} (batches of {BATCH}; probe of {PROBE} new documents, "
          f"{COPY_SHARE:.0%} of them re-edited copies):")
    with SqlStore(url) as store:
        have, results = 0, []
        for size in sizes:
            CPU["seconds"] = 0.0
            secs = fill(store, have, size, texts)
            print(f"  filled {have:>7,} → {size:>7,} stored: {secs / (size - have) * 1e3:.3f} ms/doc wall, "
                  f"{CPU['seconds'] / (size - have) * 1e3:.3f} ms/doc CPU while filling")
            have = size
            ms, recall, ratio, cpu = probe(store, size, texts)
            results.append((size, ms, ratio))
            print(f"  at {size:>7,} stored: {ms:.3f} ms/doc wall, {cpu:.3f} ms/doc CPU   {ratio:.2f}× signing alone "
                  f"(same run)   recall {recall:.3f}")
        if len(results) > 1:
            (s0, m0, r0), (s1, m1, r1) = results[0], results[-1]
            print(f"  {s1 // s0}× the documents → {m1 / m0:.2f}× the cost per document ({r1 / r0:.2f}× against "
                  f"signing alone, which does not depend on the store)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="stored documents at which to measure")
    ap.add_argument("--store", help="store URL (default: a SQLite file in a temporary directory)")
    ap.add_argument("--skip-minhash", action="store_true")
    args = ap.parse_args()
    if not args.skip_minhash:
        compare_minhash()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.store:
        bench_index(args.store, sizes)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            bench_index(f"sqlite:///{tmp}/bench.db", sizes)


if __name__ == "__main__":
    main()
