"""Throughput of the HTML path (decode → parse → pre-pass → trafilatura → rules → metadata) and its
ratio to bare `trafilatura.extract` on the same pages, measured in the same run (a ratio is stable on
a shared machine where absolute times are not; CPU time of this process is used for both, and the two
are interleaved page by page so that a slow spell of the machine falls on both).

Pages: variants generated from our own fixtures (tests/fixtures/html), and with --eval DIR the first
--limit pages of an extraction set such as ../shared/eval/extraction/l3s-gn1 (skipped when absent).

Usage: python bench/bench_html.py [--pages 300] [--eval ../shared/eval/extraction/l3s-gn1] [--limit 200] [--rounds 3]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "html"
_FILLER = ["The council met again on Tuesday evening to discuss the plan in detail.",
           "Residents asked for more time to respond to the proposals before any decision.",
           "Die Gemeinde will die Pläne im Frühjahr noch einmal öffentlich vorstellen.",
           "Les habitants pourront donner leur avis jusqu'à la fin du mois de février."]


def generated_pages(n: int, seed: int = 7) -> list[bytes]:
    """n pages: each fixture with a different number of extra paragraphs (so pages differ in size)."""
    rng = random.Random(seed)
    bases = [p.read_bytes() for p in sorted(FIXTURES.glob("*.html"))]
    pages = []
    for i in range(n):
        base = bases[i % len(bases)]
        extra = "".join(f"<p>{rng.choice(_FILLER)} {rng.choice(_FILLER)}</p>" for _ in range(rng.randint(2, 30)))
        pages.append(base.replace(b"</article>", extra.encode() + b"</article>", 1) if b"</article>" in base
                     else base.replace(b"</body>", extra.encode() + b"</body>", 1))
    return pages


def eval_pages(directory: Path, limit: int) -> list[bytes]:
    html = directory / "html"
    if not html.is_dir():
        return []
    return [p.read_bytes() for p in sorted(html.glob("*.html"))[:limit]]


def measure(pages: list[bytes], rounds: int) -> list[tuple[float, float]]:
    """(ours, reference) CPU seconds per round. The two are interleaved page by page (and which
    goes first alternates), so a slow spell of the shared machine hits both alike."""
    import trafilatura

    from ingest.extract.html import clean_html
    from ingest.language import detect_language
    from ingest.settings import Settings

    settings = Settings()
    detect_language("warm the language model before timing anything at all")  # one-off load, not per page
    clean_html(pages[0], "warm-up", settings)
    trafilatura.extract(pages[0], include_comments=False)

    def ours(i: int, page: bytes) -> None:
        try:
            clean_html(page, f"page{i}", settings)
        except Exception:  # noqa: BLE001 - a failed page is timed like any other
            pass

    def ref(i: int, page: bytes) -> None:
        trafilatura.extract(page, include_comments=False)

    out = []
    clock = time.process_time
    for r in range(rounds):
        spent = {ours: 0.0, ref: 0.0}
        for i, page in enumerate(pages):
            for fn in ((ours, ref) if (i + r) % 2 else (ref, ours)):
                t0 = clock()
                fn(i, page)
                spent[fn] += clock() - t0
        out.append((spent[ours], spent[ref]))
    return out


def report(label: str, pages: list[bytes], rounds: int) -> None:
    runs = measure(pages, rounds)
    ratios = sorted(ref / ours for ours, ref in runs)
    ours, ref = min(o for o, _ in runs), min(r for _, r in runs)
    print(f"{label}: {len(pages)} pages  html_path={len(pages) / ours:.1f} pages/s  "
          f"trafilatura={len(pages) / ref:.1f} pages/s  (best of {rounds})  "
          f"RATIO speed(html_path/trafilatura)={ratios[len(ratios) // 2]:.3f} "
          f"(median of {rounds} rounds: {', '.join(f'{x:.3f}' for x in ratios)})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval" / "extraction" / "l3s-gn1")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args(argv)
    report("generated", generated_pages(a.pages), a.rounds)
    real = eval_pages(a.eval, a.limit)
    if real:
        report(a.eval.name, real, a.rounds)
    else:
        print(f"{a.eval}: not present, skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
