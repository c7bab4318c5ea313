"""The near-duplicate signature (one-permutation hashing with densification): its agreement estimates
Jaccard similarity as 128 independent permutations would, short texts get a full signature, the
same shingles give the same signature, and its memory does not grow with the page beyond the shingles."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from ingest import dedup


def _pair(rng: np.random.Generator, n: int, jaccard: float) -> tuple[np.ndarray, np.ndarray]:
    """Two sets of n shingles each whose Jaccard similarity is `jaccard` (shared / union)."""
    shared = round(2 * n * jaccard / (1 + jaccard))
    pool = np.unique(rng.integers(0, 1 << 32, 3 * n, dtype=np.uint64))
    rng.shuffle(pool)
    common, a_only, b_only = pool[:shared], pool[shared:n], pool[n:2 * n - shared]
    return np.sort(np.concatenate([common, a_only])), np.sort(np.concatenate([common, b_only]))


@pytest.mark.parametrize("n", [12, 60, 1500])  # short texts need densification, long ones fill every bin
@pytest.mark.parametrize("jaccard", [0.1, 0.5, 0.9])
def test_agreement_estimates_jaccard(n, jaccard):
    rng = np.random.default_rng(int(n * 10 + jaccard * 100))
    estimates = []
    for _ in range(60):
        a, b = _pair(rng, n, jaccard)
        true = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
        estimates.append(dedup.estimate(dedup.signature(a), dedup.signature(b)) - true)
    # unbiased: the mean error over 60 pairs is far below one slot's standard deviation (~0.044 at 0.5)
    assert abs(np.mean(estimates)) < 0.03, (n, jaccard, np.mean(estimates))


def test_a_short_text_gets_a_full_signature_from_its_own_shingles():
    x = np.unique(np.random.default_rng(5).integers(0, 1 << 32, dedup.MIN_SHINGLES, dtype=np.uint64))
    sig = dedup.signature(x)
    assert len(sig) == dedup.NUM_PERM and int(sig.max()) < 1 << 32  # no empty bin left
    assert len(set(sig.tolist())) <= len(x)  # every slot holds a value of one of its 8 shingles' bins
    other = np.unique(np.random.default_rng(6).integers(0, 1 << 32, dedup.MIN_SHINGLES, dtype=np.uint64))
    assert dedup.estimate(sig, dedup.signature(other)) < 0.2  # disjoint short texts do not look alike


def test_signature_of_a_set_equals_that_of_its_array_and_is_stable():
    sh = dedup.shingles("the harbour commission voted on monday to extend the ferry timetable through winter " * 3)
    arr = dedup.shingle_array("the harbour commission voted on monday to extend the ferry timetable through winter " * 3)
    assert dedup.signature(sh).tobytes() == dedup.signature(arr).tobytes()
    assert dedup.signature(arr).tobytes() == dedup.signature(arr.copy()).tobytes()


def test_signature_memory_does_not_grow_beyond_the_shingles():
    """200,000 shingles (a ~1 MB page of random words): 128 permutations as one block would be 205 MB."""
    x = np.unique(np.random.default_rng(3).integers(0, 1 << 32, 200_000, dtype=np.uint64))
    tracemalloc.start()
    try:
        dedup.signature(x)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    bound = 6 * x.nbytes  # a handful of arrays the size of the shingles
    assert peak < bound, f"peak {peak / 1e6:.1f} MB"
