"""A fixed sample of one-line mutations to the rules, extract and dates code: how many the suite catches.

    python bench/mutation_sample.py [--tests "tests/rules tests/extract tests/test_pinned_behaviour.py"] [--only N]

Each mutation replaces one exact line fragment in one file, runs the tests (stop at the first failure),
and restores the file; a mutation is caught when a test fails. Run by hand, not in CI (it runs the tests
once per mutation). A mutation whose fragment is not found (the code moved) is reported as `stale`, not
counted. Target (issue 15): at least 28 of 32 caught.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (file, fragment, replacement, what the mutation breaks)
MUTATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("ingest/extract/dom_prepass.py", 'if tag in ("body", "html", "main", "article")', 'if tag in ("body", "html")',
     "the pre-pass may remove <main>/<article>"),
    ("ingest/extract/dom_prepass.py", "or _PROTECTED(el):", "or False:", "the pre-pass may remove blocks holding <h1>"),
    ("ingest/dates.py", "timedelta(days=_DAY_WORDS[", "timedelta(days=0 * _DAY_WORDS[", '"yesterday" counted as today'),
    ("ingest/dates.py", "n = int(n_raw) if n_raw.isdigit() else 1", "n = 1", '"N hours ago" ignores N'),
    ("ingest/rules/comments.py", "if pos < n // 2 and n > 6 and not", "if False and not",
     "a comment section accepted anywhere"),
    ("ingest/rules/comments.py", "return above > below", "return True", "tail test always true"),
    ("ingest/dedup.py", "JACCARD_MIN = 0.5", "JACCARD_MIN = 0.9", "dedup Jaccard threshold"),
    ("ingest/dedup.py", "CONTAINMENT_MIN = 0.6", "CONTAINMENT_MIN = 0.95", "dedup containment threshold"),
    ("ingest/decode.py", "if declared and declared not in", "if False and declared not in",
     "the declared charset ignored"),
    ("ingest/extract/dom_tables.py", "        if not is_layout_table(table):", "        if True:",
     "layout tables never unwrapped"),
    ("ingest/extract/dom_tables.py", "    if rows <= 1:\n        return True", "    if rows <= 1:\n        return False",
     "one-row tables kept as tables"),
    ("ingest/metadata.py", r'_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/\-_]?([01]\d)[/\-_]?([0-3]\d)',
     r'_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/\-_]?([0-3]\d)[/\-_]?([01]\d)', "URL dates read day/month swapped"),
    ("ingest/extract/text.py", "mine = [x for x in result.extracted if start <= x.start < end]",
     "mine = list(result.extracted)", "teaser metadata taken from the whole page"),
    ("ingest/rules/features.py", "    if len(t) < 40:\n        return False", "    if len(t) < 4:\n        return False",
     "short lines counted as prose"),
    ("ingest/rules/features.py", "return n >= 10 and (ends_sentence(t) or n >= 25)", "return n >= 10",
     "prose without a sentence end"),
    ("ingest/rules/features.py", "return len(t) >= 40 and ends_sentence(t)", "return len(t) >= 40",
     "CJK prose without a sentence end"),
    ("ingest/rules/engine.py", "            if not pieces:\n                continue", "            if not pieces:\n                pass",
     "a finding whose text is gone still counted"),
    ("ingest/rules/engine.py", 'if f.action == "extract" and f.data:', "if f.data:", "remove findings carry metadata"),
    ("ingest/rules/base.py", "        if is_blank(text[pe:s]):", "        if True:", "pieces merged across text"),
    ("ingest/rules/comments.py", 'if len(t) <= 160 and _STUB.match(t):', 'if len(t) <= 16 and _STUB.match(t):',
     "long comment stubs kept"),
    ("ingest/rules/comments.py", "            if len(t) > 80:\n                continue", "            if len(t) > 8:\n                continue",
     "comment headers over 8 chars ignored"),
    ("ingest/rules/title.py", "return", "return None  #", "title rule returns nothing"),
    ("ingest/rules/tickers.py", "return", "return ()  #", "ticker rule finds nothing"),
    ("ingest/rules/bylines.py", "yield Finding(", "if False: yield Finding(", "first byline finding dropped"),
    ("ingest/rules/listing.py", "yield Finding(", "if False: yield Finding(", "first listing finding dropped"),
    ("ingest/rules/page_chrome.py", "yield Finding(", "if False: yield Finding(", "first chrome finding dropped"),
    ("ingest/rules/social_embeds.py", "yield Finding(", "if False: yield Finding(", "first embed finding dropped"),
    ("ingest/rules/dump_blocks.py", "yield Finding(", "if False: yield Finding(", "first dump finding dropped"),
    ("ingest/normalize.py", "return", "return  #", "first normaliser returns None"),
    ("ingest/extract/html.py", 'if cleaned.kind != "article":', 'if cleaned.kind == "article":',
     "HTML metadata attached to non-articles only"),
    ("ingest/extract/main_content.py", "return", "return None  #", "main content returns nothing"),
    ("ingest/language.py", "return", "return None  #", "language detection returns nothing"),
)


def _run_tests(tests: list[str]) -> bool:
    """True when the tests pass."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                          cwd=ROOT, capture_output=True, text=True)
    return proc.returncode == 0


def _restore_on_sigterm() -> None:
    """A SIGTERM (e.g. `timeout`) ends the script through the `finally` that restores the mutated file."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def main() -> None:
    _restore_on_sigterm()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tests", default="tests/rules tests/extract tests/test_pinned_behaviour.py tests/test_dedup.py "
                                       "tests/test_cli_clean.py tests/test_engine.py tests/test_seed_gold.py")
    ap.add_argument("--only", type=int, help="run only mutation N (1-based)")
    args = ap.parse_args()
    tests = args.tests.split()
    caught = counted = 0
    for n, (rel, old, new, what) in enumerate(MUTATIONS, 1):
        if args.only and n != args.only:
            continue
        path = ROOT / rel
        original = path.read_text(encoding="utf-8")
        if old not in original:
            print(f"{n:2} stale   {rel}: {what}")
            continue
        path.write_text(original.replace(old, new, 1), encoding="utf-8")
        started = time.monotonic()
        try:
            survived = _run_tests(tests)
        finally:
            path.write_text(original, encoding="utf-8")
        counted += 1
        caught += not survived
        print(f"{n:2} {'SURVIVED' if survived else 'caught  '} {rel}: {what} ({time.monotonic() - started:.0f} s)",
              flush=True)
    print(f"\ncaught {caught} of {counted} mutations ({len(MUTATIONS) - counted} stale)")


if __name__ == "__main__":
    main()
