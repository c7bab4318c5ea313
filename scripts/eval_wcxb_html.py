"""Score the HTML path on WCXB-dev (CC-BY-4.0) per page type and per fixed part, in process.

The parts are those of the dump work (scripts/eval_dumps.is_held_out: 3 page ids in 10, by hash,
are "held"); thresholds of the HTML path (e.g. extract/html.py WIDEN_COVERAGE) are tuned on "tune"
and reported on "held". The metric is WCXB's word F1 from ../shared/eval/score_wcxb.py, imported,
so the two cannot drift; so is its title / author / date match (score_wcxb.same: words compared
case-insensitively, an author right when it contains the gold name, a date by its day), counted on
the pages whose gold has the field. `--reference` scores bare trafilatura on the same pages beside it
(trafilatura.bare_extraction with metadata, as score_wcxb.py runs it). `--dump FILE` writes one JSON
line per page and system (id, part, type, F1, predicted and gold title/author/date) for study.

Usage:
    python scripts/eval_wcxb_html.py [WCXB_DIR] [--part tune|held|all] [--reference] [--eval PATH]
                                     [--dump FILE]
"""
from __future__ import annotations

import argparse
import gzip
import json
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
    ap.add_argument("--dump", help="write per-page predictions and gold (JSON lines) to this file")
    ap.add_argument("--every", type=int, default=1, metavar="N",
                    help="a fixed sample: every N-th page by id (after --part), for quick comparisons")
    ap.add_argument("--types", default="", help="comma-separated page types (default: all)")
    args = ap.parse_args()
    sys.path.insert(0, args.eval)
    import score_wcxb  # the benchmark's own loader and metric

    d = Path(args.wcxb)
    pages = {i: g for i, g in score_wcxb.load(d, set(filter(None, args.types.split(","))), 0).items()
             if args.part == "all" or is_held_out(i) == (args.part == "held")}
    pages = dict(list(pages.items())[::args.every])
    systems = {"ingest": _ingest_text}
    for value in args.widen_coverage or ():
        systems[f"ingest widen<{value}"] = _with_coverage(value)
    if args.reference:
        systems["trafilatura"] = _trafilatura_text
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    for name, run in systems.items():
        by_type, secs, meta = defaultdict(list), 0.0, defaultdict(lambda: [0, 0])
        snippets = defaultdict(list)
        for i, gold in pages.items():
            html = gzip.decompress((d / "html" / f"{i}.html.gz").read_bytes())
            t0 = time.process_time()
            pred = run(html)
            secs += time.process_time() - t0
            f1 = score_wcxb.word_f1(pred["text"], gold["gold"])
            by_type[gold["type"]].append(f1)
            for key in ("with", "without"):
                rate = score_wcxb.snippet_rate(pred["text"], gold[key])
                if rate == rate:  # not NaN: the page has such snippets
                    snippets[key].append(rate)
            for field in _META_FIELDS:
                ok = score_wcxb.same(pred.get(field), gold[field], field)
                if ok is not None:
                    meta[field][0] += ok
                    meta[field][1] += 1
            if dump:
                dump.write(json.dumps({"system": name, "id": i, "held": is_held_out(i), "type": gold["type"],
                                       "f1": round(f1[2], 4), **{f: pred.get(f) for f in _META_FIELDS},
                                       **{f"gold_{f}": gold[f] for f in _META_FIELDS}}, ensure_ascii=False) + "\n")
        rows = [r for v in by_type.values() for r in v]
        print(f"{name} ({args.part}, {len(rows)} pages, {secs:.1f} CPU s)")
        for t, v in sorted(by_type.items(), key=lambda kv: -len(kv[1])):
            print(f"  {t:<14}{len(v):>5}  F1 {_mean(v, 2):.3f}  P {_mean(v, 0):.3f}  R {_mean(v, 1):.3f}")
        print(f"  {'all':<14}{len(rows):>5}  F1 {_mean(rows, 2):.4f}  P {_mean(rows, 0):.4f}  R {_mean(rows, 1):.4f}")
        print("  snippets: " + "  ".join(f"{k} {sum(v) / len(v):.3f}" for k, v in snippets.items() if v))
        print("  metadata right: " + "  ".join(f"{f} {meta[f][0]}/{meta[f][1]}" for f in _META_FIELDS))
    if dump:
        dump.close()


_META_FIELDS = ("title", "author", "date")


def _ingest_text(html: bytes) -> dict:
    doc = ingest.clean_html(html)
    arts = getattr(doc, "articles", ()) or ()
    first = arts[0] if arts else None  # score_wcxb.py reads the first article's metadata
    return {"text": "\n\n".join(a.text for a in arts), "title": getattr(first, "title", None),
            "author": getattr(first, "author", None), "date": getattr(first, "published", None)}


def _with_coverage(value: float):
    from ingest.extract import html as html_path

    def run(html: bytes) -> dict:
        saved, html_path.WIDEN_COVERAGE = html_path.WIDEN_COVERAGE, value
        try:
            return _ingest_text(html)
        finally:
            html_path.WIDEN_COVERAGE = saved
    return run


def _trafilatura_text(html: bytes) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(html.decode("utf-8", "replace"), include_comments=False, with_metadata=True)
    doc = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
    return {"text": doc.get("text") or "", "title": doc.get("title"), "author": doc.get("author"),
            "date": doc.get("date")}


def _mean(rows: list[tuple[float, float, float]], k: int) -> float:
    return sum(r[k] for r in rows) / len(rows) if rows else float("nan")


if __name__ == "__main__":
    main()
