"""Throughput of the text path (repair → rules → articles) in documents/s on one core.

Usage: python bench/bench_clean.py [--docs N] [--profile]

The corpus is generated (bench/corpus.py: ~9 KB dumps in five languages with every boilerplate family);
nothing is read from disk or written, so the figure is the cleaner's own cost.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate  # noqa: E402

from ingest.extract.text import clean_text  # noqa: E402
from ingest.language import _identifier  # noqa: E402
from ingest.settings import Settings  # noqa: E402


def run(pages: list[str], settings: Settings) -> float:
    """CPU seconds of this process for cleaning `pages` (CPU time, not wall time: the machine is shared,
    and a figure per core should not depend on what the neighbours run)."""
    start = time.process_time()
    for page in pages:
        clean_text(page, settings)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile instead")
    args = parser.parse_args()
    pages = generate(args.docs)
    settings = Settings(fetched_at="2025-03-05T12:00:00Z")
    run(pages[:10], settings)  # warm-up: regex compilation, lazy imports
    _identifier()  # the language model loads once per process (~0.3 s); its first use is a start-up cost
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        run(pages, settings)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        return
    # Best of three rounds: on a shared machine the fastest round is the one least disturbed by neighbours.
    seconds = min(run(pages, settings) for _ in range(args.rounds))
    size = sum(len(p.encode()) for p in pages) / len(pages)
    print(f"docs={len(pages)} avg_size={size / 1024:.1f}KB cpu_seconds={seconds:.2f} "
          f"docs_per_s={len(pages) / seconds:.0f} (one core, single process, best of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
