"""Hostile page shapes at growing sizes: seconds per MB per rule and per stage, end to end; and the peak
memory of one batch holding all of them.

    python bench/bench_hostile.py [--sizes 0.1,1,5] [--shapes comments,teasers,...] [--budget-seconds 120]
    python bench/bench_hostile.py --batch [--batch-mb 5] [--jobs 2] [--ordinary 40]

--batch writes one page of each hostile shape (--batch-mb each), --ordinary small articles and a FIFO to
a temporary directory, cleans it with `ingest clean --json --jobs N` under the default budgets, and samples
the resident memory of the driver and all its worker processes every 50 ms: it prints the peak of their
sum against the batch's budget (the driver and each worker at their idle size, plus each worker's
per-document memory budget for the largest page, plus the raw pages the driver holds ahead), each
document's outcome, and whether every ordinary document came out clean.

Each page is cleaned once, in a sandbox worker (ingest.sandbox) with a generous budget, so a shape that
is still superlinear shows as `timeout` instead of stalling the benchmark. Targets (issue 15): ≤ 2 s/MB end
to end, no rule above 0.5 s/MB. A shape whose s/MB grows with the size is superlinear. Pages are generated
from a fixed seed; nothing is read from disk.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.pipeline import raw_from_bytes  # noqa: E402
from ingest.procstat import PPID, stat_fields  # noqa: E402
from ingest.records import CleanDocument  # noqa: E402
from ingest.sandbox import LOOKAHEAD_PER_JOB, POLL_SECONDS, Sandbox  # noqa: E402
from ingest.settings import Budget, Settings  # noqa: E402

_WORDS = ("harbour council ferry winter timetable petition island residents crossing operators euros crew fuel "
          "fares spring review valley night train border freight hotel students lectures bridge river school "
          "Gemeinde Brücke Rathaus Bürger été mairie rivière école puente río alcalde").split()
_ARTICLE = ("The harbour commission voted on Monday to extend the ferry timetable through the winter months, after a "
            "petition signed by more than four thousand island residents asked for a later last crossing.\n\n") * 6


def fill(mb: float, unit) -> str:
    """unit(0), unit(1), … joined until the page reaches `mb` megabytes (bench_rules builds its pages so too)."""
    target, parts, size, i = int(mb * 1_000_000), [], 0, 0
    while size < target:
        piece = unit(i)
        parts.append(piece)
        size += len(piece.encode())
        i += 1
    return "".join(parts)


def comments(mb: float) -> tuple[str, str]:
    rnd = random.Random(1)
    lines = ["Great post!", "Thanks for sharing", "Reply", "So true", "lol", "Agreed.", "Not sure about that",
             "Me too", "+1", "Where is this?"]
    return "comments.txt", _ARTICLE + "\n42 comments\n\n" + fill(mb, lambda i: f"user{i} says:\n{rnd.choice(lines)}\n")


def teasers(mb: float) -> tuple[str, str]:
    rnd = random.Random(2)
    return "teasers.txt", fill(mb, lambda i: f"{' '.join(rnd.choices(_WORDS, k=6)).title()}\n"
                                              f"Nov {i % 28 + 1}, 2025\n{' '.join(rnd.choices(_WORDS, k=18))}.\n"
                                              "Read more\n\n")


def cr_only(mb: float) -> tuple[str, str]:
    rnd = random.Random(3)
    return "cr.txt", fill(mb, lambda i: " ".join(rnd.choices(_WORDS, k=rnd.randint(3, 30))) + ".\r")


def many_br(mb: float) -> tuple[str, str]:
    rnd = random.Random(4)
    body = fill(mb, lambda i: " ".join(rnd.choices(_WORDS, k=rnd.randint(2, 12))) + "<br>")
    return "br.html", f"<html><head><title>t</title></head><body><div>{body}</div></body></html>"


def nested_divs(mb: float) -> tuple[str, str]:
    n = int(mb * 1_000_000 / 12)
    inner = "<p>" + _ARTICLE + "</p>"
    return "nested.html", "<html><body>" + "<div>" * min(n, 100_000) + inner + "</div>" * min(n, 100_000) + \
        fill(max(0.0, mb - min(n, 100_000) * 11 / 1e6), lambda i: "<p>x</p>") + "</body></html>"


def tiny_elements(mb: float) -> tuple[str, str]:
    return "tiny.html", "<html><body><article>" + fill(mb, lambda i: f"<b>{i % 10}</b>") + "</article></body></html>"


def one_line(mb: float) -> tuple[str, str]:
    rnd = random.Random(5)
    return "oneline.txt", fill(mb, lambda i: rnd.choice(_WORDS) + " ")


def random_words(mb: float) -> tuple[str, str]:
    rnd = random.Random(6)
    return "random.txt", fill(mb, lambda i: " ".join(rnd.choices(_WORDS, k=rnd.randint(1, 25)))
                               + rnd.choice([".", "", "!", ":", ""]) + rnd.choice(["\n", "\n\n", " "]))


SHAPES = {f.__name__: f for f in (comments, teasers, cr_only, many_br, nested_divs, tiny_elements, one_line,
                                    random_words)}


_PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> dict[int, int]:
    """Resident bytes of `root` and every process below it (Linux /proc)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := stat_fields(entry)) is not None:
            parent[int(entry)] = int(fields[PPID])
    tree, frontier = {root}, [root]
    while frontier:
        kids = [pid for pid, pp in parent.items() if pp in frontier and pid not in tree]
        tree.update(kids)
        frontier = kids
    out = {}
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                out[pid] = int(f.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            pass
    return out


@dataclass
class Sampled:
    """One sampled `ingest clean` run: its outcomes and resident memory (bytes)."""

    outcomes: list[dict]
    peak_sum: int  # the largest sum over the driver and its workers at one sampling moment
    driver_peak: int
    driver_at_peak: int  # the driver's share of peak_sum
    worker_peaks: list[int]
    seconds: float


def _clean_sampled(directory: str, jobs: int) -> Sampled:
    """Run `ingest clean --json` on a directory, sampling its process tree every POLL_SECONDS."""
    cmd = [sys.executable, "-m", "ingest.cli", "clean", "--json", "--jobs", str(jobs), directory]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak_sum, at_peak, peaks, stop = 0, {}, {}, threading.Event()

    def sample() -> None:
        nonlocal peak_sum, at_peak
        while not stop.is_set():
            now = _tree_rss(proc.pid)
            if sum(now.values()) > peak_sum:
                peak_sum, at_peak = sum(now.values()), now
            for pid, rss in now.items():
                peaks[pid] = max(peaks.get(pid, 0), rss)
            stop.wait(POLL_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    stop.set()
    sampler.join()
    return Sampled([json.loads(line) for line in out.splitlines() if line.strip()], peak_sum,
                   peaks.pop(proc.pid, 0), at_peak.get(proc.pid, 0), sorted(peaks.values(), reverse=True),
                   time.monotonic() - started)


def _ordinary(i: int) -> str:
    rnd = random.Random(100 + i)
    paras = [" ".join(rnd.choices(_WORDS, k=40)).capitalize() + "." for _ in range(5)]
    return f"Harbour news {i}\n\n" + "\n\n".join(paras) + "\n"


def batch(mb: float, jobs: int, ordinary: int) -> None:
    """One batch of every hostile shape, ordinary articles and a FIFO: peak memory against the budget."""
    mib = 2 ** 20
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        idle_dir = Path(tmp, "idle")
        idle_dir.mkdir()
        (idle_dir / "one.txt").write_text(_ordinary(0), encoding="utf-8")
        first = _clean_sampled(str(idle_dir), 1)
        idle = max(first.driver_peak, *first.worker_peaks)  # a process's size after one small page
        docs = Path(tmp, "batch")
        docs.mkdir()
        sizes = []
        for n, (name, shape) in enumerate(SHAPES.items()):
            source, text = shape(mb)
            content = text.encode()
            sizes.append(len(content))
            (docs / f"{n:02d}-{name}-{source}").write_bytes(content)
            for k in range(ordinary // len(SHAPES)):  # ordinary pages between the hostile ones
                (docs / f"{n:02d}-{k:02d}-ordinary.txt").write_text(_ordinary(n * 100 + k), encoding="utf-8")
        os.mkfifo(docs / "99-fifo.txt")
        run = _clean_sampled(str(docs), jobs)
    outcomes, peak_sum = run.outcomes, run.peak_sum
    budget = Budget()
    allowed = (jobs + 1) * idle + jobs * budget.memory_bytes(max(sizes)) + jobs * LOOKAHEAD_PER_JOB * max(sizes)
    print(f"batch: {len(SHAPES)} hostile pages of {mb:g} MB, {ordinary // len(SHAPES) * len(SHAPES)} ordinary "
          f"pages, a FIFO; ingest clean --jobs {jobs}; {run.seconds:.0f} s")
    for o in outcomes:
        name = Path(o.get("source") or "?").name
        if "ordinary" in name:
            continue
        error = o.get("error") or {}
        print(f"  {name:34} {o.get('kind') or error.get('type')} {error.get('message', '')[-90:]}")
    plain = [o for o in outcomes if "ordinary" in str(o.get("source"))]
    ok = sum(1 for o in plain if o.get("kind") == "article")
    print(f"  ordinary pages cleaned as articles: {ok} of {len(plain)}")
    print(f"peak RSS of the batch (driver + workers, summed): {peak_sum / mib:.0f} MB; budget {allowed / mib:.0f} MB "
          f"= {jobs + 1} x {idle / mib:.0f} MB idle + {jobs} x {budget.memory_bytes(max(sizes)) / mib:.0f} MB per-page "
          f"budget + {jobs * LOOKAHEAD_PER_JOB} pages held ahead; "
          f"{'within' if peak_sum <= allowed else 'OVER'} budget")
    print(f"driver peak {run.driver_peak / mib:.0f} MB ({run.driver_at_peak / mib:.0f} MB of the batch's peak); "
          f"largest workers {', '.join(f'{v / mib:.0f} MB' for v in run.worker_peaks[:4])} "
          f"({len(run.worker_peaks)} worker processes; one over its budget is killed at the next check, "
          f"every {POLL_SECONDS * 1000:.0f} ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="0.1,1,5", help="page sizes in MB, comma-separated")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--budget-seconds", type=float, default=120, help="CPU seconds per page before timeout")
    ap.add_argument("--top", type=int, default=3, help="slowest rules shown per page")
    ap.add_argument("--batch", action="store_true", help="peak memory of one batch of all shapes instead")
    ap.add_argument("--batch-mb", type=float, default=5, help="--batch: size of each hostile page in MB")
    ap.add_argument("--jobs", type=int, default=2, help="--batch: worker processes")
    ap.add_argument("--ordinary", type=int, default=40, help="--batch: ordinary pages among the hostile ones")
    args = ap.parse_args()
    if args.batch:
        batch(args.batch_mb, args.jobs, args.ordinary)
        return
    settings = Settings(fetched_at="2025-12-01T12:00:00Z",
                        budget=Budget(min_seconds=args.budget_seconds, seconds_per_mb=0.001,
                                      memory_floor_mb=4096, memory_per_input_byte=1))
    sizes = [float(s) for s in args.sizes.split(",")]
    worst_rule: dict[str, float] = {}
    print(f"{'shape':14} {'MB':>5} {'s/MB':>7} {'outcome':22} slowest steps (s/MB)")
    with Sandbox(settings) as box:
        for name in args.shapes.split(","):
            for mb in sizes:
                source, text = SHAPES[name](mb)
                content = text.encode()
                size = len(content) / 1e6
                started = time.perf_counter()
                [out] = box.process([raw_from_bytes(content, source)])
                elapsed = time.perf_counter() - started
                if isinstance(out, CleanDocument):
                    steps = sorted(out.steps, key=lambda s: -s.seconds)
                    for s in out.steps:
                        if s.step.startswith("rule:"):
                            worst_rule[s.step] = max(worst_rule.get(s.step, 0.0), s.seconds / size)
                    slow = ", ".join(f"{s.step} {s.seconds / size:.2f}" for s in steps[:args.top])
                    outcome = f"{out.kind} {len(out.removed)} spans"
                else:
                    slow, outcome = out.message[-60:], out.error_type
                print(f"{name:14} {size:5.2f} {elapsed / size:7.2f} {outcome:22} {slow}", flush=True)
    print("\nper rule, worst s/MB over all pages:")
    for step, v in sorted(worst_rule.items(), key=lambda kv: -kv[1]):
        print(f"  {step:36} {v:6.3f}")
    print(f"\nparent peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"worker peak RSS {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
