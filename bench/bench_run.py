"""Benchmark `ingest run` through the Prefect flow on every core: (a) its throughput against `ingest
clean --jobs <cores>`, (b) 2 workers against 1, (c) the driver's peak memory at 10k vs 100k documents.

    .venv/bin/python bench/bench_run.py                          # 4,000 small + 400 page-size docs; memory at 10k and 100k
    .venv/bin/python bench/bench_run.py --docs 1000 --large 200 --memory 2000 20000   # quicker
    .venv/bin/python bench/bench_run.py --docs 0 --memory --pg postgresql+psycopg://…   # stage rates only

Every figure is measured in this run on the same generated documents, the sides interleaved round by
round (the machine may be shared: each side keeps its best round):
  clean        `ingest.clean(..., jobs=<cores>)` consuming every outcome: what `ingest clean --jobs N`
               does minus printing (reads, cleans in sandbox workers, stores nothing)
  run W        the `ingest` flow with workers=W on a temporary Prefect server started beforehand (its
               start-up is a one-off, reported apart): read, land, clean on W cores, store in SQLite
               (W >= 2: each batch landed, cleaned and stored by one of W batch processes)
  run W in-process  with --in-process: the same with INGEST_BATCH_PROCESSES=0, landing and storing in
               the flow's own process (the design before batch processes), interleaved with the rest
  dask         with --pg: the same flow with --dask on a LocalCluster of 2 workers started beforehand,
               storing in PostgreSQL (a cluster needs a shared store): what a local Dask cluster would
               cost per batch as the default (it also costs seconds to start)
(a) and (b) are measured on two sets: small generated documents (~3 KB, where a document's fixed costs
in the driver — landing, the sandbox round-trip, storing ~41 rows — weigh as much as cleaning it) and
page-size ones (~20-200 KB, inline scripts and styles, menus, comments: what crawled pages weigh, where
cleaning dominates). A target counts as met only on both.
Targets: (a) run(cores) / clean >= 0.9, (b) run(2) / run(1) >= 1.8, (c) peak RSS ratio <= 1.1.
Each line also prints the CPU per document of all the benchmark's processes (ALL_CPU: the driver, the
batch processes and sandboxes, Prefect's temporary server), best round, and "(a) by CPU" compares
clean's with run's: the work ratio, which a loaded machine moves much less than the wall-time ratios.
Each `run` line also prints the driver's CPU per document (this process's own CPU, every thread, best
round): the serial part that bounds (a) and (b), and the figure that does not depend on the load.
(c) runs the flow (every core) in a child process per size on one JSONL file of small text documents
(~1 KB each, so 100k of them fit in minutes) and reads that process's own peak RSS (getrusage
RUSAGE_SELF): the driver, which reads and submits, with the Dask scheduler in it; the worker
processes that clean are not counted (they are bounded per batch).
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
from contextlib import contextmanager
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


def _chrome_links(rng: random.Random, words: list[str], n: int) -> str:
    return "".join(f'<li><a href="/{rng.choice(words)}/{rng.randint(1, 99999)}">{_sentence(rng, words)[:48]}</a></li>'
                   for _ in range(n))


def generate_large(directory: Path, n: int, seed: int = 13) -> None:
    """n unique pages of real-page size (~20-200 KB, median ~60 KB): inline scripts and styles, a menu,
    a sidebar and a footer of link lists, share buttons, comments, and an article of 8-40 paragraphs.
    Cleaning dominates a document's fixed costs (landing, storing) here, as on crawled pages."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        lang = rng.choice(sorted(WORDS))
        words = WORDS[lang]
        title = _sentence(rng, words)[:70].rstrip(".")
        scale = rng.choice((1, 1, 2, 2, 3, 4, 6))  # page weight: most pages mid-sized, a few heavy
        script = ";".join(f"window.cfg{j}={{id:{rng.randint(1, 10**9)},k:'{rng.choice(words)}'}}"
                          for j in range(120 * scale))
        style = "".join(f".c{j}{{margin:{j % 9}px;color:#{rng.randint(0, 0xFFFFFF):06x}}}" for j in range(150 * scale))
        paras = "".join(f"<p>{p}</p>" for p in _paragraphs(rng, words, rng.randint(8, 40)))
        comments = "".join(f'<div class="comment"><span class="user">user{rng.randint(1, 999)}</span>'
                           f"<p>{_sentence(rng, words)}</p></div>" for _ in range(rng.randint(0, 10) * scale))
        doc = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
               f"<style>{style}</style><script>{script}</script></head><body>"
               f'<header><nav class="menu"><ul>{_chrome_links(rng, words, 40 * scale)}</ul></nav></header>'
               f'<main><article><h1>{title}</h1><p class="byline">By Sam Lee</p>'
               f'<time datetime="2024-03-12">12.03.2024</time>{paras}<p>Ref {i}.</p></article>'
               f'<div class="share"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Mail</a></div>'
               f'<section class="comments">{comments}</section></main>'
               f'<aside class="sidebar"><h3>Most read</h3><ul>{_chrome_links(rng, words, 25 * scale)}</ul></aside>'
               f'<footer><ul>{_chrome_links(rng, words, 30 * scale)}</ul>© 2024 Example</footer>'
               f"<script>{script[: len(script) // 2]}</script></body></html>")
        (directory / f"p{i:05d}.html").write_text(doc, encoding="utf-8")


def generate_jsonl(path: Path, n: int, seed: int = 11) -> None:
    """n unique small text documents (~1 KB) as JSON Lines, one file however many there are."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            words = WORDS[rng.choice(sorted(WORDS))]
            title = _sentence(rng, words)[:60].rstrip(".")
            text = f"{title}\nBy Sam Lee | 12.03.2024\n\n" + "\n\n".join(_paragraphs(rng, words, 3)) + f"\n\nRef {i}.\n"
            out.write(json.dumps({"url": f"https://news.example/{seed}/{i}", "text": text}) + "\n")


def cores() -> int:
    from ingest.execution import available_cores

    return available_cores()


def clean_all(directory: Path, jobs: int) -> float:
    """`ingest clean --jobs N` minus printing: every outcome produced, nothing stored."""
    from ingest.clean import clean
    from ingest.settings import Settings

    start, cpu = time.perf_counter(), _all_cpu()
    for _ in clean([str(directory)], Settings(), jobs=jobs):
        pass
    ALL_CPU[0] = _all_cpu() - cpu
    return time.perf_counter() - start


# CPU seconds the driver (this process, every thread: reading, landing, Prefect, unpickling outcomes,
# storing) spent in the last flow_run; the sandbox workers that clean are other processes, not counted.
# On N cores the driver's per-document CPU, mostly under one GIL, bounds what N workers can reach.
DRIVER_CPU: list[float] = [0.0]


def _own_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# CPU seconds of every process of this benchmark in the last clean_all or flow_run: this one, its ended
# children (a sandbox's workers), and its live descendants with their ended children (the batch
# processes' fork server, which reaps them and their sandboxes; Prefect's temporary server, which
# answers the flow's API calls). The work a side costs per document, whatever the load: on a shared
# machine the wall-time ratios also measure the neighbours, this does much less.
ALL_CPU: list[float] = [0.0]
# After a run, how long the fork server is given to reap the batch processes (their CPU counts once
# reaped, in its cutime); outside the timed part. Reaping takes milliseconds.
REAP_SECONDS = 0.2
_TICKS = os.sysconf("SC_CLK_TCK")


def _descendants_cpu(pid: int) -> float:
    """utime + stime + cutime + cstime of the live descendants of `pid` (Linux /proc)."""
    total, todo = 0.0, [pid]
    while todo:
        parent = todo.pop()
        try:
            kids = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        for kid in map(int, kids):
            try:
                fields = Path(f"/proc/{kid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(f) for f in fields[11:15]) / _TICKS  # utime stime cutime cstime
            todo.append(kid)
    return total


def _all_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return _own_cpu() + r.ru_utime + r.ru_stime + _descendants_cpu(os.getpid())


def flow_run(source: Path, work: Path, workers: int, dask_address: str | None = None,
             store_url: str | None = None, in_process: bool = False) -> tuple[float, dict]:
    from ingest_flow import ingest

    from ingest.batch_processes import ENV

    work.mkdir(parents=True, exist_ok=True)
    saved = os.environ.get(ENV)
    if in_process:
        os.environ[ENV] = "0"
    start, cpu, everything = time.perf_counter(), _own_cpu(), _all_cpu()
    try:
        summary = ingest([str(source)], store_url or f"sqlite:///{work / 'ingest.db'}", str(work / "landing"),
                         workers=workers, dask_address=dask_address)
    finally:
        if in_process:
            os.environ.pop(ENV) if saved is None else os.environ.__setitem__(ENV, saved)
    seconds = time.perf_counter() - start
    DRIVER_CPU[0] = _own_cpu() - cpu
    time.sleep(REAP_SECONDS)  # untimed: the batch processes have exited (close()); the fork server reaps them
    ALL_CPU[0] = _all_cpu() - everything
    return seconds, summary


def _rss_mb() -> float:
    """Current resident set size (VmRSS), MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory_child(n: int) -> None:
    """Child process: n small documents in one JSONL file through the flow on every core; prints its
    own peak and end RSS (MB) as JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "docs.jsonl"
        generate_jsonl(source, n, seed=n)
        import ingest_flow  # noqa: F401 - imports counted in the baseline
        import ingest.extract.html  # noqa: F401
        base = _rss_mb()
        seconds, summary = flow_run(source, Path(tmp) / "work", cores())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        end = _rss_mb()
    print(json.dumps({"docs": n, "base_mb": base, "peak_mb": peak, "end_mb": end, "seconds": seconds,
                      "stored": summary["stored"]}))


def _load() -> str:
    """The load averages (1, 5, 15 min): the machine may be shared, so every figure says how busy it was."""
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def throughput(args, docs: int, make, label: str) -> None:
    """The throughput sides on `docs` documents made by make(directory, n), interleaved round by round."""
    n_cores = cores()
    sides: list = sorted({1, 2, n_cores})
    if args.in_process:
        sides += [f"{w} in-process" for w in sorted({2, n_cores})]
    print(f"--- {label}: {docs} documents ({_load()})", flush=True)
    with tempfile.TemporaryDirectory() as tmp, _local_cluster(args.dask_workers if args.pg else 0) as address:
        work = Path(tmp)
        make(work / "docs", docs)
        size = sum(f.stat().st_size for f in (work / "docs").iterdir()) / docs / 1024
        print(f"mean document size {size:.1f} KB", flush=True)
        best = {"clean": float("inf"), **{w: float("inf") for w in sides}, **({"dask": float("inf")} if address else {})}
        driver_cpu = {w: float("inf") for w in sides}
        all_cpu = {k: float("inf") for k in ("clean", *sides)}
        for round_ in range(args.rounds):
            best["clean"] = min(best["clean"], clean_all(work / "docs", n_cores))
            all_cpu["clean"] = min(all_cpu["clean"], ALL_CPU[0])
            for w in sides:
                workers, in_process = (int(w.split()[0]), True) if isinstance(w, str) else (w, False)
                seconds, summary = flow_run(work / "docs", work / f"r{round_}-w{w}".replace(" ", "-"), workers,
                                            in_process=in_process)
                assert summary["stored"] == docs, summary
                best[w] = min(best[w], seconds)
                driver_cpu[w] = min(driver_cpu[w], DRIVER_CPU[0])
                all_cpu[w] = min(all_cpu[w], ALL_CPU[0])
            if address:
                seconds, summary = flow_run(work / "docs", work / f"r{round_}-dask", 1, address,
                                            _fresh_pg(args.pg, f"bench_dask_{round_}"))
                assert summary["stored"] == docs, summary
                best["dask"] = min(best["dask"], seconds)
            print(f"round {round_ + 1} (best so far, {_load()}): " + ", ".join(
                f"{k if k in ('clean', 'dask') else f'run {k}'} {docs / v:.0f} docs/s" for k, v in best.items()),
                flush=True)
    rate = {k: docs / v for k, v in best.items()}
    print(f"clean --jobs {n_cores}  : {rate['clean']:7.1f} docs/s  (CPU of all processes {all_cpu['clean'] * 1000 / docs:.2f} "
          "ms/doc)")
    for w in sides:
        print(f"run --workers {w} : {rate[w]:7.1f} docs/s  (flow: read, land, clean on {str(w).split()[0]} core(s), "
              f"store; driver CPU {driver_cpu[w] * 1000 / docs:.2f} ms/doc, all processes {all_cpu[w] * 1000 / docs:.2f})")
    if address:
        print(f"run --dask (a LocalCluster of {args.dask_workers} workers started beforehand, PostgreSQL store): "
              f"{rate['dask']:7.1f} docs/s = {rate['dask'] / rate[n_cores]:.2f} x run --workers {n_cores}")
    print(f"(a) {label}: run all cores / clean --jobs {n_cores} = {rate[n_cores] / rate['clean']:.3f}  "
          f"(target >= 0.9; {_load()})")
    print(f"(b) {label}: run 2 workers / 1 worker = {rate[2] / rate[1]:.3f}  (target >= 1.8 on 2 cores; {_load()})")
    print(f"(a) by CPU, {label}: clean's CPU per document / run all cores' = "
          f"{all_cpu['clean'] / all_cpu[n_cores]:.3f}  (the work ratio, much less load-dependent: what the stored run "
          f"costs beyond cleaning, whatever the neighbours do; (a) cannot exceed it on {n_cores} busy cores)")
    if args.in_process:
        side = f"{n_cores} in-process"
        print(f"(a) {label}, in-process: run all cores / clean --jobs {n_cores} = {rate[side] / rate['clean']:.3f}; "
              f"(b) {rate['2 in-process'] / rate[1]:.3f}; batch processes / in-process, all cores = "
              f"{rate[n_cores] / rate[side]:.3f}")


def _fresh_pg(url: str, name: str) -> str:
    """An empty database `name` on the PostgreSQL server of `url` (a Dask cluster needs a shared store)."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    with psycopg.connect(host=u.host, port=u.port or 5432, user=u.username, password=u.password,
                         dbname=u.database, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return u.set(database=name).render_as_string(hide_password=False)


@contextmanager
def _local_cluster(workers: int):
    """A Dask LocalCluster of `workers` processes for the --dask side (its start-up is not timed)."""
    if not workers:
        yield None
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c.scheduler_address


def stage_rates(args) -> None:
    """Documents/s of each stage on one core, in this process, on the same generated documents: the
    figures of the README's scale model. Store: SQLite, and PostgreSQL with --pg URL."""
    from ingest.landing import land_many
    from ingest.pipeline import process_raw
    from ingest.runs import batched
    from ingest.settings import Settings
    from ingest.sources.dispatch import SourceContext, iter_items
    from ingest.store import SqlStore

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate(work / "docs", args.stages)
        settings = Settings(raw_zone=work / "zone")
        t = time.perf_counter()
        ctx = SourceContext(settings)
        raws = list(iter_items([str(work / "docs")], ctx))
        ctx.close()
        timings = {"read (files)": time.perf_counter() - t}
        t = time.perf_counter()
        landed = land_many(raws, settings.raw_zone)
        timings["land (raw zone)"] = time.perf_counter() - t
        t = time.perf_counter()
        outcomes = [process_raw(r, settings) for r in raws]
        timings["clean (in process)"] = time.perf_counter() - t
        stores = {"SQLite": f"sqlite:///{work / 'stages.db'}", **({"PostgreSQL": args.pg} if args.pg else {})}
        rows = 0
        for name, url in stores.items():
            with SqlStore(url) as store:
                t = time.perf_counter()
                for docs, outs in zip(batched(landed, 500), batched(outcomes, 500)):
                    store.record_landed(docs)
                    store.write_outcomes(outs, "bench-stages")
                timings[f"store ({name}, batches of 500)"] = time.perf_counter() - t
                if not rows:
                    with store.engine.connect() as conn:
                        from sqlalchemy import func, select

                        from ingest.store import queries
                        rows = sum(conn.scalar(select(func.count()).select_from(tb)) for tb in queries.TABLES
                                   if tb.name != "runs")
    n = len(raws)
    for stage, seconds in timings.items():
        print(f"stage {stage:34}: {n / seconds:8.0f} docs/s on one core")
    print(f"store rows written per document: {rows / n:.1f} (documents, articles, removed spans, embeds, raw index)")


def memory(args, env: dict) -> None:
    peaks = []
    for n in args.memory:
        out = subprocess.run([sys.executable, __file__, "--memory-child", str(n)], env=env, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        m = json.loads(out)
        peaks.append(m["peak_mb"])
        print(f"driver peak RSS at {n:7d} docs: {m['peak_mb']:6.1f} MB (after imports {m['base_mb']:.1f} MB, "
              f"at the end {m['end_mb']:.1f} MB; run {m['seconds']:.1f} s, {n / m['seconds']:.0f} docs/s)")
    if len(peaks) > 1:
        print(f"(c) driver peak RSS {args.memory[-1]} vs {args.memory[0]} docs = {peaks[-1] / peaks[0]:.3f}"
              "  (target <= 1.1)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=4000)
    ap.add_argument("--large", type=int, default=400, help="page-size documents (~20-200 KB) for (a) and (b) too (0: skip)")
    ap.add_argument("--memory", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the best of each side counts")
    ap.add_argument("--dask-workers", type=int, default=2, help="workers of the --dask side's LocalCluster (0: skip)")
    ap.add_argument("--stages", type=int, default=2000, help="documents for the per-stage rates (0: skip)")
    ap.add_argument("--pg", metavar="URL", help="also time the store stage on this PostgreSQL database")
    ap.add_argument("--in-process", action="store_true",
                    help="also run --workers 2 / all cores with INGEST_BATCH_PROCESSES=0 (landing and storing in the "
                         "flow's process), interleaved, to compare the two designs in one run")
    ap.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.memory_child:
        return memory_child(args.memory_child)
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    t0 = time.perf_counter()
    with prefect_test_harness(server_startup_timeout=300):
        print(f"prefect temporary server start-up: {time.perf_counter() - t0:.1f} s (one-off, not in the ratios); "
              f"{cores()} cores")
        t0 = time.perf_counter()
        from ingest.batch_processes import BatchProcesses

        with BatchProcesses(1) as processes:
            processes.call(os.getpid)
        print(f"batch processes' fork server start-up: {time.perf_counter() - t0:.1f} s (one-off per process that "
              f"runs flows, i.e. per `ingest run`; not in the ratios)", flush=True)
        if args.stages:
            stage_rates(args)
        if args.docs:
            throughput(args, args.docs, generate, "small documents (~3 KB)")
        if args.large:
            throughput(args, args.large, generate_large, "page-size documents (~20-200 KB)")
        if args.memory:
            memory(args, {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()})


if __name__ == "__main__":
    main()
