"""Seconds per MB of every rule and end to end, on generated pages of several shapes and sizes.

    python bench/bench_rules.py [--sizes 0.1,1,5] [--shapes dates,ui,...] [--reference DIR] [--repeat 1]

Each page is cleaned in a fresh child process (so memo caches start cold, as in a new worker), timed
per rule by the engine's own step figures, in CPU seconds (steadier than wall time on a shared machine). With --reference DIR (a checkout of another
commit, e.g. `git worktree add --detach /tmp/base main`), every page is cleaned by both checkouts in
turn, interleaved, and both figures are printed side by side: on a shared, noisy machine only a ratio
measured in the same run means anything. Targets (issue 15): <= 2 s/MB end to end, no rule above
0.5 s/MB. A shape whose s/MB grows with the size is superlinear. Pages come from a fixed seed.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RULE_TARGET, END_TO_END_TARGET = 0.5, 2.0  # s/MB, issue 15

sys.path.insert(0, str(HERE))
from bench_hostile import _WORDS, fill as _fill  # noqa: E402  (one page builder, one word list)

_UI = ("Share", "Menu", "Sign in", "Subscribe", "Log in", "Search", "Close", "Print", "Email", "Teilen",
       "Anmelden", "Partager", "Compartir", "Поделиться", "Read more", "Show more", "Advertisement", "Top")
_DATES = ("Nov 26", "27.11.2025", "1 hour ago", "vor 2 Stunden", "il y a 3 heures", "hace 2 horas", "yesterday",
          "Wednesday, November 26, 2025", "27 ноября 2025 г.", "2025-11-27 10:30", "Updated 3 days ago",
          "Posted on 12/03/2025", "le 4 mars 2025", "5 de marzo de 2025")


def _sentence(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choices(_WORDS, k=n)).capitalize() + "."


def dates(mb: float) -> tuple[str, str]:
    """Short date-only lines among short non-prose lines: every line is in the page's 'edge'."""
    rnd = random.Random(11)
    return "dates.txt", _fill(mb, lambda i: f"{rnd.choice(_DATES)}\n{' '.join(rnd.choices(_WORDS, k=4))}\n")


def ui(mb: float) -> tuple[str, str]:
    """UI strings, prose now and then: the shape page chrome is made of."""
    rnd = random.Random(12)
    return "ui.txt", _fill(mb, lambda i: (_sentence(rnd, 30) + "\n\n") if i % 20 == 0 else
                           f"{rnd.choice(_UI)}\n" if i % 3 else f"{rnd.choice(_UI)} | {rnd.choice(_UI)}\n")


def nav(mb: float) -> tuple[str, str]:
    """Menus of short capitalised links, in blocks between paragraphs."""
    rnd = random.Random(13)
    return "nav.txt", _fill(mb, lambda i: (_sentence(rnd, 28) + "\n\n") if i % 15 == 0 else
                            " ".join(w.capitalize() for w in rnd.choices(_WORDS, k=rnd.randint(1, 3))) + "\n")


def quotes(mb: float) -> tuple[str, str]:
    """Market quote lines between paragraphs, some flattened onto one line."""
    rnd = random.Random(14)

    def unit(i: int) -> str:
        sym = "".join(rnd.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=rnd.randint(2, 4)))
        q = f"{sym} {rnd.uniform(1, 999):.2f} {rnd.choice('▲▼')}{rnd.uniform(0, 5):.1f}%"
        if i % 25 == 0:
            return _sentence(rnd, 30) + "\n\n"
        return (q + "  " + q + "  " + q + "\n") if i % 7 == 0 else q + "\n"
    return "quotes.txt", _fill(mb, unit)


def article_dump(mb: float) -> tuple[str, str]:
    """A whole-page text dump: chrome, bylines, dates, paragraphs, teasers and comments, repeated."""
    rnd = random.Random(15)

    def unit(i: int) -> str:
        return "\n".join([
            rnd.choice(_UI), rnd.choice(_UI), " ".join(rnd.choices(_WORDS, k=7)).title(),
            f"By {rnd.choice(['Anna', 'Jean', 'Olga', 'Pedro'])} {rnd.choice(['Berg', 'Dupont', 'Ivanova', 'Ruiz'])}",
            rnd.choice(_DATES), "5 min read", "",
            *(_sentence(rnd, rnd.randint(15, 40)) + "\n" for _ in range(4)),
            "Related", *(" ".join(rnd.choices(_WORDS, k=6)).title() for _ in range(4)), "",
            f"{rnd.randint(1, 99)} comments", "Reply", "Great post!", "", ""])
    return "article.txt", _fill(mb, unit)


def _hostile_shapes() -> dict:
    import bench_hostile  # noqa: E402  (the hostile shapes live there; one definition)

    return bench_hostile.SHAPES


def shapes() -> dict:
    own = {f.__name__: f for f in (dates, ui, nav, quotes, article_dump)}
    return {**own, **_hostile_shapes()}


def _worker(root: str, shape: str, mb: float) -> None:
    """Clean one page with the checkout at `root`; print its step figures as JSON."""
    sys.path.insert(0, root)
    # bench_hostile (imported above for its page builders) already imported this checkout's ingest; drop
    # it so the checkout at `root` is the one measured (without this, --reference measured this one twice).
    for name in [m for m in sys.modules if m == "ingest" or m.startswith("ingest.")]:
        del sys.modules[name]
    import types

    import ingest.rules.engine as engine
    from ingest.pipeline import process_raw, raw_from_bytes
    from ingest.records import CleanDocument
    from ingest.settings import Settings

    import ingest
    if not Path(ingest.__file__).resolve().is_relative_to(Path(root).resolve()):
        raise SystemExit(f"measuring {ingest.__file__}, not the checkout at {root}")
    source, text = shapes()[shape](mb)
    content = text.encode()
    settings = Settings(fetched_at="2025-12-01T12:00:00Z")
    # The engine times rules with the wall clock; on a shared machine CPU time is the steadier figure.
    engine.time = types.SimpleNamespace(perf_counter=time.process_time)
    process_raw(raw_from_bytes(b"Warm up.\n\nA short page so imports and compiled patterns are ready.\n",
                               "warm.txt"), settings)
    started = time.process_time()
    out = process_raw(raw_from_bytes(content, source), settings)
    total = time.process_time() - started
    steps = {s.step: s.seconds for s in out.steps} if isinstance(out, CleanDocument) else {}
    outcome = f"{out.kind} {len(out.removed)} spans" if isinstance(out, CleanDocument) else out.error_type
    print(json.dumps({"mb": len(content) / 1e6, "total": total, "steps": steps, "outcome": outcome}))


def _measure(root: Path, shape: str, mb: float, timeout: float) -> dict | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(root), shape, str(mb)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        raise SystemExit(f"{root}: {shape} {mb} MB failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="0.1,1,5", help="page sizes in MB, comma-separated")
    ap.add_argument("--shapes", default="dates,ui,nav,quotes,article_dump,comments,teasers,cr_only,one_line,"
                                        "random_words", help="comma-separated; the HTML shapes of "
                                        "bench_hostile.py work too")
    ap.add_argument("--reference", type=Path, help="another checkout, measured interleaved in the same run")
    ap.add_argument("--repeat", type=int, default=1, help="runs per page and checkout; the fastest counts")
    ap.add_argument("--timeout", type=float, default=300, help="wall seconds per page before giving up")
    ap.add_argument("--worker", nargs=3, metavar=("ROOT", "SHAPE", "MB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        _worker(args.worker[0], args.worker[1], float(args.worker[2]))
        return
    roots = {"now": ROOT} | ({"ref": args.reference.resolve()} if args.reference else {})
    worst: dict[str, dict[str, float]] = {label: {} for label in roots}
    print(f"{'shape':13} {'MB':>5} " + " ".join(f"{label + ' s/MB':>10}" for label in roots)
          + "  slowest rules now (s/MB)" + (" [ref]" if args.reference else ""))
    for shape in args.shapes.split(","):
        for mb in (float(s) for s in args.sizes.split(",")):
            best: dict[str, dict | None] = {}
            for _ in range(args.repeat):
                for label, root in roots.items():  # interleaved: both checkouts see the same load
                    r = _measure(root, shape, mb, args.timeout)
                    if label not in best or (r and (best[label] is None or r["total"] < best[label]["total"])):
                        best[label] = r
            cells, size = [], next((r["mb"] for r in best.values() if r), mb)
            for label in roots:
                r = best[label]
                cells.append(f"{r['total'] / size:10.2f}" if r else f"{'timeout':>10}")
                for step, sec in (r or {}).get("steps", {}).items():
                    if step.startswith("rule:"):
                        worst[label][step] = max(worst[label].get(step, 0.0), sec / size)
            now = best["now"] or {"steps": {}}
            ref = best.get("ref") or {"steps": {}}
            slow = sorted((s for s in now["steps"] if s.startswith("rule:")), key=lambda s: -now["steps"][s])[:3]
            detail = ", ".join(f"{s[5:]} {now['steps'][s] / size:.2f}"
                               + (f" [{ref['steps'].get(s, 0) / size:.2f}]" if args.reference else "") for s in slow)
            print(f"{shape:13} {size:5.2f} {' '.join(cells)}  {detail}", flush=True)
    print("\nper rule, worst s/MB over all pages" + (" (now / ref)" if args.reference else "") + ":")
    over = []
    for step in sorted(worst["now"], key=lambda s: -worst["now"][s]):
        v = worst["now"][step]
        ref = f" / {worst['ref'].get(step, 0.0):6.3f}" if args.reference else ""
        print(f"  {step:36} {v:6.3f}{ref}")
        if v > RULE_TARGET:
            over.append(step)
    print(f"\nrules above {RULE_TARGET} s/MB now: {', '.join(over) or 'none'}")


if __name__ == "__main__":
    main()
