"""Score the text path on a directory of whole-page dumps (<id>.txt + <id>.gold.txt), in process.

Why in process: the tune loop runs it dozens of times; starting the CLI costs more than cleaning.
The split is fixed by a hash of each page id (`is_held_out`: 3 pages in 10 are "held", the rest
"tune"), so it does not depend on which other pages a directory holds, numbers are comparable between
runs, and the held-out part is never trained or tuned on (scripts/train_dump_model.py uses "tune" only).

Usage:
    python scripts/eval_dumps.py DUMPS_DIR [--part tune|held|all] [--diag N] [--scorer PATH] [--model on|off]
    python scripts/eval_dumps.py DUMPS_DIR --link-held OUT_DIR   # symlinks of the held-out pairs,
                                                                 # for score_extraction.py OUT_DIR

`--model on` measures the dump classifier with its learned model (dump_blocks.USE_MODEL's other
setting) without editing the code. Each run also prints how many pages the over-deletion guard
flagged (guard.kept_doubtful: the dump rules' removals were undone because they took most of the prose).
`--scorer` is the directory of score_text.py (default ../shared/eval). `--diag N` prints, for the N
worst pages, the lines the cleaner dropped that the gold keeps and the lines it kept that the gold
does not have (to the terminal only: dumps are measured with, never copied into the repo).
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from pathlib import Path

from ingest.extract.text import clean_text
from ingest.rules.guard import FLAG as GUARD_FLAG
from ingest.settings import Settings

_WORD = re.compile(r"\w+")


# Share of pages (in tenths) kept out of training and tuning.
HELD_OUT_TENTHS = 3


def is_held_out(page_id: str) -> bool:
    """The fixed held-out part: decided by the page id alone (sha1), never by the directory's contents."""
    return int(hashlib.sha1(page_id.encode("utf-8")).hexdigest(), 16) % 10 < HELD_OUT_TENTHS


def split_ids(d: Path, part: str) -> list[str]:
    ids = sorted(g.name[: -len(".gold.txt")] for g in d.glob("*.gold.txt") if (d / (g.name[: -9] + ".txt")).exists())
    if part == "all":
        return ids
    return [i for i in ids if is_held_out(i) == (part == "held")]


def link_part(d: Path, out: Path, part: str) -> int:
    """OUT/<id>.txt and OUT/<id>.gold.txt as symlinks to one part's pairs (what score_extraction.py reads)."""
    out.mkdir(parents=True, exist_ok=True)
    ids = split_ids(d, part)
    for i in ids:
        for name in (f"{i}.txt", f"{i}.gold.txt"):
            link = out / name
            if not link.exists():
                link.symlink_to((d / name).resolve())
    return len(ids)


def in_gold(line: str, gold_words: set[tuple[str, ...]], gold_text: str) -> bool:
    """A line belongs to the gold when most of its word trigrams (or, if shorter, its words) are there."""
    w = _WORD.findall(line)
    if len(w) < 3:
        return " ".join(w) in gold_text if w else False
    grams = [tuple(w[i:i + 3]) for i in range(len(w) - 2)]
    return sum(g in gold_words for g in grams) >= 0.5 * len(grams)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--part", default="tune", choices=["tune", "held", "all"])
    ap.add_argument("--diag", type=int, default=0)
    ap.add_argument("--lost", action="store_true", help="gold words removed, by rule and reason")
    ap.add_argument("--scorer", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval")
    ap.add_argument("--by-type", type=Path, metavar="WCXB_DIR",
                    help="also print P/R/F1 per page type (read from WCXB_DIR/ground-truth/<id>.json)")
    ap.add_argument("--model", choices=["on", "off"], help="dump classifier's learned model (default: as shipped)")
    ap.add_argument("--link-held", type=Path, metavar="OUT_DIR", help="write symlinks of the held-out pairs and stop")
    ap.add_argument("--link-tune", type=Path, metavar="OUT_DIR", help="write symlinks of the tune pairs and stop")
    a = ap.parse_args(argv)
    if a.link_held or a.link_tune:
        for out, part in ((a.link_held, "held"), (a.link_tune, "tune")):
            if out:
                print(f"{link_part(a.dir, out, part)} {part} pairs linked in {out}")
        return 0
    if not a.model:
        return _evaluate(a)
    from ingest.rules import dump_blocks

    shipped = dump_blocks.classify.__defaults__
    dump_blocks.classify.__defaults__ = (a.model == "on",) + shipped[1:]
    try:
        return _evaluate(a)
    finally:
        dump_blocks.classify.__defaults__ = shipped


def _evaluate(a: argparse.Namespace) -> int:
    sys.path.insert(0, str(a.scorer))
    from score_text import aggregate, page_counts

    settings = Settings(detect_language=False)
    rows = []
    secs = 0.0
    for i in split_ids(a.dir, a.part):
        raw = (a.dir / f"{i}.txt").read_text(encoding="utf-8")
        gold = (a.dir / f"{i}.gold.txt").read_text(encoding="utf-8")
        t0 = time.perf_counter()
        out = clean_text(raw, settings) if raw.strip() else None
        secs += time.perf_counter() - t0
        pred = "\n\n".join(x.text for x in out.articles) if out else ""
        rows.append((i, raw, gold, pred, out, page_counts(gold, pred)))
    m = aggregate([r[-1] for r in rows])
    print(f"{a.part}: P={m['precision']:.4f} R={m['recall']:.4f} F1={m['f1']:.4f} pages={len(rows)} "
          f"{1000 * secs / max(1, len(rows)):.2f} ms/page")
    print(f"guard.kept_doubtful: {sum(1 for r in rows if r[4] is not None and GUARD_FLAG in r[4].flags)} of {len(rows)} pages")
    if a.by_type:
        _by_type(rows, a.by_type, aggregate)
    for i, raw, gold, pred, out, c in sorted(rows, key=lambda r: r[-1].f1)[: a.diag]:
        _diagnose(i, raw, gold, pred, c)
    if a.lost:
        _lost_by_reason(rows)
    return 0


def _by_type(rows, wcxb: Path, aggregate) -> None:
    import json

    kinds: dict[str, list] = {}
    for r in rows:
        g = json.loads((wcxb / "ground-truth" / f"{r[0]}.json").read_text(encoding="utf-8"))
        kinds.setdefault(((g.get("_internal") or {}).get("page_type") or {}).get("primary") or "?", []).append(r[-1])
    for kind, counts in sorted(kinds.items()):
        m = aggregate(counts)
        print(f"  {kind}: P={m['precision']:.4f} R={m['recall']:.4f} F1={m['f1']:.4f} pages={len(counts)}")


def _lost_by_reason(rows) -> None:
    """Gold words each rule.reason removed (a removed line counts when it belongs to the gold)."""
    lost: dict[str, int] = {}
    for _, _, gold, _, out, _ in rows:
        if out is None:
            continue
        gw = _WORD.findall(gold)
        grams, gtext = {tuple(gw[k:k + 3]) for k in range(len(gw) - 2)}, " ".join(gw)
        for s in out.removed:
            for line in s.text.splitlines():
                if line.strip() and in_gold(line, grams, gtext):
                    key = f"{s.rule}:{s.reason}"
                    lost[key] = lost.get(key, 0) + len(_WORD.findall(line))
    print("\ngold words removed, by rule:reason")
    for key, n in sorted(lost.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {n:7d}  {key}")


def _diagnose(i: str, raw: str, gold: str, pred: str, c) -> None:
    gw = _WORD.findall(gold)
    grams = {tuple(gw[k:k + 3]) for k in range(len(gw) - 2)}
    gtext = " ".join(gw)
    pw = _WORD.findall(pred)
    pgrams = {tuple(pw[k:k + 3]) for k in range(len(pw) - 2)}
    ptext = " ".join(pw)
    print(f"\n### {i} P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}")
    for line in raw.splitlines():
        g = in_gold(line, grams, gtext)
        p = in_gold(line, pgrams, ptext)
        if g != p:
            print(f"  {'LOST' if g else 'KEPT'} | {line[:140]}")


if __name__ == "__main__":
    sys.exit(main())
