"""Hostile page shapes at growing sizes: seconds per MB per rule and per stage, end to end.

    python bench/bench_hostile.py [--sizes 0.1,1,5] [--shapes comments,teasers,...] [--budget-seconds 120]

Each page is cleaned once, in a sandbox worker (ingest.sandbox) with a generous budget, so a shape that
is still superlinear shows as `timeout` instead of stalling the benchmark. Targets (issue 15): ≤ 2 s/MB end
to end, no rule above 0.5 s/MB. A shape whose s/MB grows with the size is superlinear. Pages are generated
from a fixed seed; nothing is read from disk.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.pipeline import raw_from_bytes  # noqa: E402
from ingest.records import CleanDocument  # noqa: E402
from ingest.sandbox import Sandbox  # noqa: E402
from ingest.settings import Budget, Settings  # noqa: E402

_WORDS = ("harbour council ferry winter timetable petition island residents crossing operators euros crew fuel "
          "fares spring review valley night train border freight hotel students lectures bridge river school "
          "Gemeinde Brücke Rathaus Bürger été mairie rivière école puente río alcalde").split()
_ARTICLE = ("The harbour commission voted on Monday to extend the ferry timetable through the winter months, after a "
            "petition signed by more than four thousand island residents asked for a later last crossing.\n\n") * 6


def _fill(mb: float, unit) -> str:
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
    return "comments.txt", _ARTICLE + "\n42 comments\n\n" + _fill(mb, lambda i: f"user{i} says:\n{rnd.choice(lines)}\n")


def teasers(mb: float) -> tuple[str, str]:
    rnd = random.Random(2)
    return "teasers.txt", _fill(mb, lambda i: f"{' '.join(rnd.choices(_WORDS, k=6)).title()}\n"
                                              f"Nov {i % 28 + 1}, 2025\n{' '.join(rnd.choices(_WORDS, k=18))}.\n"
                                              "Read more\n\n")


def cr_only(mb: float) -> tuple[str, str]:
    rnd = random.Random(3)
    return "cr.txt", _fill(mb, lambda i: " ".join(rnd.choices(_WORDS, k=rnd.randint(3, 30))) + ".\r")


def many_br(mb: float) -> tuple[str, str]:
    rnd = random.Random(4)
    body = _fill(mb, lambda i: " ".join(rnd.choices(_WORDS, k=rnd.randint(2, 12))) + "<br>")
    return "br.html", f"<html><head><title>t</title></head><body><div>{body}</div></body></html>"


def nested_divs(mb: float) -> tuple[str, str]:
    n = int(mb * 1_000_000 / 12)
    inner = "<p>" + _ARTICLE + "</p>"
    return "nested.html", "<html><body>" + "<div>" * min(n, 100_000) + inner + "</div>" * min(n, 100_000) + \
        _fill(max(0.0, mb - min(n, 100_000) * 11 / 1e6), lambda i: "<p>x</p>") + "</body></html>"


def tiny_elements(mb: float) -> tuple[str, str]:
    return "tiny.html", "<html><body><article>" + _fill(mb, lambda i: f"<b>{i % 10}</b>") + "</article></body></html>"


def one_line(mb: float) -> tuple[str, str]:
    rnd = random.Random(5)
    return "oneline.txt", _fill(mb, lambda i: rnd.choice(_WORDS) + " ")


def random_words(mb: float) -> tuple[str, str]:
    rnd = random.Random(6)
    return "random.txt", _fill(mb, lambda i: " ".join(rnd.choices(_WORDS, k=rnd.randint(1, 25)))
                               + rnd.choice([".", "", "!", ":", ""]) + rnd.choice(["\n", "\n\n", " "]))


SHAPES = {f.__name__: f for f in (comments, teasers, cr_only, many_br, nested_divs, tiny_elements, one_line,
                                    random_words)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="0.1,1,5", help="page sizes in MB, comma-separated")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--budget-seconds", type=float, default=120, help="CPU seconds per page before timeout")
    ap.add_argument("--top", type=int, default=3, help="slowest rules shown per page")
    args = ap.parse_args()
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
