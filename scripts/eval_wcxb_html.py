"""Score the HTML path on WCXB-dev (CC-BY-4.0) per page type and per fixed part, in process.

The parts are those of the dump work (scripts/eval_dumps.is_held_out: 3 page ids in 10, by hash,
are "held"); thresholds of the HTML path (e.g. extract/html.py WIDEN_COVERAGE) are tuned on "tune"
and reported on "held". The metric is WCXB's word F1 from ../shared/eval/score_wcxb.py, imported,
so the two cannot drift. `--reference` scores bare trafilatura on the same pages beside it.

Usage:
    python scripts/eval_wcxb_html.py [WCXB_DIR] [--part tune|held|all] [--reference] [--eval PATH]
"""
from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from eval_dumps import is_held_out  # noqa: E402

import ingest  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wcxb", nargs="?", default=str(ROOT.parent / "shared/eval/extraction/wcxb-dev"))
    ap.add_argument("--part", choices=("tune", "held", "all"), default="held")
    ap.add_argument("--reference", action="store_true", help="also bare trafilatura.extract")
    ap.add_argument("--widen-coverage", type=float, nargs="*", default=None,
                    help="score ingest at these values of extract/html.py WIDEN_COVERAGE (0: never widen)")
    ap.add_argument("--eval", default=str(ROOT.parent / "shared/eval"), help="directory of score_wcxb.py")
    args = ap.parse_args()
    sys.path.insert(0, args.eval)
    import score_wcxb  # the benchmark's own loader and metric

    d = Path(args.wcxb)
    pages = {i: g for i, g in score_wcxb.load(d, set(), 0).items()
             if args.part == "all" or is_held_out(i) == (args.part == "held")}
    systems = {"ingest": _ingest_text}
    for value in args.widen_coverage or ():
        systems[f"ingest widen<{value}"] = _with_coverage(value)
    if args.reference:
        systems["trafilatura"] = _trafilatura_text
    for name, run in systems.items():
        by_type, secs = defaultdict(list), 0.0
        for i, gold in pages.items():
            html = gzip.decompress((d / "html" / f"{i}.html.gz").read_bytes())
            t0 = time.process_time()
            text = run(html)
            secs += time.process_time() - t0
            by_type[gold["type"]].append(score_wcxb.word_f1(text, gold["gold"]))
        rows = [r for v in by_type.values() for r in v]
        print(f"{name} ({args.part}, {len(rows)} pages, {secs:.1f} CPU s)")
        for t, v in sorted(by_type.items(), key=lambda kv: -len(kv[1])):
            print(f"  {t:<14}{len(v):>5}  F1 {_mean(v, 2):.3f}  P {_mean(v, 0):.3f}  R {_mean(v, 1):.3f}")
        print(f"  {'all':<14}{len(rows):>5}  F1 {_mean(rows, 2):.4f}  P {_mean(rows, 0):.4f}  R {_mean(rows, 1):.4f}")


def _ingest_text(html: bytes) -> str:
    doc = ingest.clean_html(html)
    return "\n\n".join(a.text for a in getattr(doc, "articles", ()) or ())


def _with_coverage(value: float):
    from ingest.extract import html as html_path

    def run(html: bytes) -> str:
        saved, html_path.WIDEN_COVERAGE = html_path.WIDEN_COVERAGE, value
        try:
            return _ingest_text(html)
        finally:
            html_path.WIDEN_COVERAGE = saved
    return run


def _trafilatura_text(html: bytes) -> str:
    import trafilatura

    return trafilatura.extract(html.decode("utf-8", "replace"), include_comments=False) or ""


def _mean(rows: list[tuple[float, float, float]], k: int) -> float:
    return sum(r[k] for r in rows) / len(rows) if rows else float("nan")


if __name__ == "__main__":
    main()
