"""Benchmark `ingest run` through the Prefect flow: throughput as a ratio to cleaning alone, and peak
memory at 1k vs 10k documents.

    .venv/bin/python bench/bench_run.py                 # 5,000 docs; memory at 1,000 and 10,000
    .venv/bin/python bench/bench_run.py --docs 1000 --memory 500 2000   # quicker

Both sides of the ratio run in this process on the same generated documents: "clean" is read files +
process_raw (what `ingest clean` does, minus printing); "run" is the `ingest` flow (list sources,
land in the raw zone, clean in batch tasks, store every outcome in SQLite, summary) on a temporary
Prefect server started beforehand (its start-up, ~8-25 s, is a one-off and reported apart).
Targets: ratio >= 0.85; peak RSS flat from 1k to 10k documents.
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
import time
from pathlib import Path

for _name, _value in {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                      "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}.items():
    os.environ.setdefault(_name, _value)  # offline and quiet, before Prefect is imported

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "flows"))

WORDS = {
    "en": "the council city budget school road market river station plan vote week residents company report "
          "said would could after before during about new old north south people water energy price".split(),
    "de": "der die das stadt rat haushalt schule straße markt fluss bahnhof plan woche bewohner firma bericht "
          "sagte nach vor während über neue alte nord süd menschen wasser energie preis".split(),
    "fr": "le la les ville conseil budget école route marché fleuve gare plan semaine habitants entreprise "
          "rapport a dit après avant pendant sur nouveau ancien nord sud gens eau énergie prix".split(),
    "es": "el la los ciudad consejo presupuesto escuela calle mercado río estación plan semana vecinos "
          "empresa informe dijo después antes durante sobre nuevo viejo norte sur gente agua energía precio".split(),
}


def _sentence(rng: random.Random, words: list[str]) -> str:
    s = " ".join(rng.choice(words) for _ in range(rng.randint(9, 22)))
    return s[0].upper() + s[1:] + "."


def _paragraphs(rng, words, n):
    return [" ".join(_sentence(rng, words) for _ in range(rng.randint(2, 5))) for _ in range(n)]


def generate(directory: Path, n: int, seed: int = 7) -> None:
    """n unique documents, half HTML pages with chrome, half text dumps with bylines, tickers, embeds."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        lang = rng.choice(sorted(WORDS))
        words = WORDS[lang]
        title = _sentence(rng, words)[:70].rstrip(".")
        paras = _paragraphs(rng, words, rng.randint(4, 9)) + [f"Ref {i}."]
        if i % 2 == 0:
            body = "".join(f"<p>{p}</p>" for p in paras)
            doc = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
                   f'<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>{title}</h1>'
                   f'<p class="byline">By Sam Lee</p>{body}</article><footer>© 2024 Example</footer></body></html>')
            (directory / f"d{i:06d}.html").write_text(doc, encoding="utf-8")
        else:
            extra = ["EUR/USD 1.0842 +0.21%\nGBP/USD 1.2710 -0.05%\nDAX 17,842.10 +0.8%",
                     f"{_sentence(rng, words)}\n— Example News (@example_news) March 12, 2024\n"
                     "https://twitter.com/example_news/status/1767512345678901234"]
            paras[2:2] = extra
            doc = f"Home | News | Contact\n{title}\nBy Sam Lee | 12.03.2024\n\n" + "\n\n".join(paras) + "\n"
            (directory / f"d{i:06d}.txt").write_text(doc, encoding="utf-8")


def clean_only(directory: Path) -> float:
    from ingest.pipeline import process_raw
    from ingest.settings import Settings
    from ingest.sources.files import read_files

    settings, start = Settings(), time.perf_counter()
    for raw in read_files([str(directory)]):
        process_raw(raw, settings)
    return time.perf_counter() - start


def flow_run(directory: Path, work: Path) -> tuple[float, dict]:
    from ingest_flow import ingest

    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    summary = ingest([str(directory)], f"sqlite:///{work / 'ingest.db'}", str(work / "landing"))
    return time.perf_counter() - start, summary


def _rss_mb() -> float:
    """Current resident set size (VmRSS), MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory_child(n: int) -> None:
    """Child process: generate n docs, run the flow, print peak and end RSS (MB) as JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "docs", n, seed=n)
        import ingest_flow  # noqa: F401 - imports counted in the baseline
        import ingest.extract.html  # noqa: F401
        base = _rss_mb()
        seconds, summary = flow_run(Path(tmp) / "docs", Path(tmp))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        end = _rss_mb()
    print(json.dumps({"docs": n, "base_mb": base, "peak_mb": peak, "end_mb": end, "seconds": seconds,
                      "stored": summary["stored"]}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--memory", type=int, nargs="*", default=[1000, 10000])
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds; the best of each side counts")
    ap.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.memory_child:
        return memory_child(args.memory_child)
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate(work / "docs", args.docs)
        t0 = time.perf_counter()
        with prefect_test_harness(server_startup_timeout=180):
            print(f"prefect temporary server start-up: {time.perf_counter() - t0:.1f} s (one-off, not in the ratio)")
            # The machine may be shared: alternate the two sides and keep each side's best round.
            clean_s, run_s = float("inf"), float("inf")
            for round_ in range(args.rounds):
                clean_s = min(clean_s, clean_only(work / "docs"))
                seconds, summary = flow_run(work / "docs", work / f"round{round_}")
                run_s = min(run_s, seconds)
                assert summary["stored"] == args.docs, summary
            print(f"clean alone : {args.docs} docs in {clean_s:6.1f} s = {args.docs / clean_s:7.1f} docs/s")
            print(f"ingest run  : {args.docs} docs in {run_s:6.1f} s = {args.docs / run_s:7.1f} docs/s "
                  "(flow: land + clean + store)")
            print(f"throughput ratio run/clean = {clean_s / run_s:.3f}  (target >= 0.85)")
            env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
            peaks = []
            for n in args.memory:
                out = subprocess.run([sys.executable, __file__, "--memory-child", str(n)], env=env, check=True,
                                     capture_output=True, text=True).stdout.strip().splitlines()[-1]
                m = json.loads(out)
                peaks.append(m["peak_mb"])
                print(f"peak RSS at {n:6d} docs: {m['peak_mb']:6.1f} MB (RSS after imports {m['base_mb']:.1f} MB, "
                      f"at the end {m['end_mb']:.1f} MB; run {m['seconds']:.1f} s)")
            if len(peaks) > 1:
                print(f"peak memory ratio {args.memory[-1]} vs {args.memory[0]} docs = {peaks[-1] / peaks[0]:.2f}"
                      "  (target: flat, ~1.0)")


if __name__ == "__main__":
    main()
