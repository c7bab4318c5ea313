"""The MinHash signature is computed in bounded memory, and chunking does not change a single value."""
from __future__ import annotations

import tracemalloc

import numpy as np

from ingest import dedup


def _one_block(x: np.ndarray) -> np.ndarray:
    """The signature as one permutations × shingles block (the definition the chunked code must match)."""
    with np.errstate(over="ignore"):
        return ((np.outer(dedup._A, x) + dedup._B[:, None]) >> np.uint64(32)).min(axis=1)


def test_chunked_signature_is_byte_identical_across_chunk_boundaries():
    rng = np.random.default_rng(7)
    chunk = dedup.SIGNATURE_CHUNK
    for n in (1, 8, chunk - 1, chunk, chunk + 1, 3 * chunk + 17):
        x = np.unique(rng.integers(0, 1 << 32, n, dtype=np.uint64))
        assert dedup.signature(x).tobytes() == _one_block(x).tobytes(), n


def test_signature_of_a_set_equals_that_of_its_array():
    sh = dedup.shingles("the harbour commission voted on monday to extend the ferry timetable through winter " * 3)
    assert dedup.signature(sh).tobytes() == _one_block(np.array(sorted(sh), dtype=np.uint64)).tobytes()


def test_signature_memory_does_not_grow_with_the_page():
    """200,000 shingles (a ~1 MB page of random words): one block would be 128 × 200,000 × 8 = 205 MB."""
    x = np.unique(np.random.default_rng(3).integers(0, 1 << 32, 200_000, dtype=np.uint64))
    tracemalloc.start()
    try:
        dedup.signature(x)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    bound = 3 * dedup.NUM_PERM * dedup.SIGNATURE_CHUNK * 8  # the block and its row minima, with room
    assert peak < bound, f"peak {peak / 1e6:.1f} MB"
