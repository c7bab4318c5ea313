"""Cost of a batch's per-site template recount (store/site_templates.record + refresh) on a small host and
a large one, against the full recount it replaced (aggregating every counted line of the host, the v8
query), measured in the same run on the same store.

    flock /work/wt/bench.lock .venv/bin/python bench/bench_templates.py [--store URL] [--pages 100 10000]

Each page has EDGE_LINES edge lines: 2 the site repeats (footer, pitch), the rest its own. A batch is
BATCH new pages of the host. Prints ms per batch (wall and CPU, median of REPEAT batches) and the load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from sqlalchemy import func, select

from ingest import templates
from ingest.store import SqlStore, schema as t, site_templates
from ingest.store.engine import writing

BATCH = 50  # pages per batch (a run's batches hold ~50-200 documents of many hosts; one host's share)
EDGE_LINES = 8
REPEAT = 7


def _record(host: str, i: int) -> site_templates.HostRecord:
    own = tuple(templates.SiteLine(hash((host, i, j)) & 0x7FFF_FFFF_FFFF_FFFF, "head" if j % 2 else "tail",
                                   f"{host} page {i} line {j}") for j in range(EDGE_LINES - 2))
    site = (templates.SiteLine(1, "tail", f"{host} footer"), templates.SiteLine(2, "tail", f"{host} newsletter"))
    return site_templates.HostRecord(host, 0, site + own)


def _write(store, host: str, first: int, n: int) -> tuple[float, float]:
    """Store n new pages of the host as one batch; ms wall of (record: site rows + count delta, refresh)."""
    records = {f"{host}-{i:07d}": _record(host, i) for i in range(first, first + n)}
    with writing(store.engine) as conn:
        t0 = time.perf_counter()
        site_templates.record(conn, sorted(records), records)
        t1 = time.perf_counter()
        site_templates.refresh(conn, {host})
        return (t1 - t0) * 1000, (time.perf_counter() - t1) * 1000


def _full_recount(store, host: str) -> None:
    """The v8 recount: every counted line of the host aggregated (what each batch did before)."""
    sl = t.site_lines.c
    with store.engine.connect() as conn:
        pages = conn.scalar(select(func.count()).select_from(t.document_hosts).where(t.document_hosts.c.host == host))
        need = max(templates.MIN_LINE_PAGES, int(templates.MIN_LINE_SHARE * pages))
        on = func.count(func.distinct(sl.raw_id))
        conn.execute(select(sl.line_hash, on, func.min(sl.text)).where(sl.host == host)
                     .group_by(sl.line_hash).having(on >= need)).all()


def _timed(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - w) * 1000, (time.process_time() - c) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", help="store URL (default: a fresh SQLite file)")
    ap.add_argument("--pages", type=int, nargs="+", default=[100, 10_000, 50_000])
    args = ap.parse_args()
    url = args.store or f"sqlite:///{tempfile.mkdtemp(prefix='bench_tpl_')}/s.db"
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}  store: {url.split(':')[0]}  "
          f"batch {BATCH} pages x {EDGE_LINES} edge lines")
    with SqlStore(url) as store:
        for pages in args.pages:
            host = f"h{pages}.example"
            for b in range(0, pages, 500):
                _write(store, host, b, min(500, pages - b))
            new, parts, old = [], [], []
            for r in range(REPEAT):
                new.append(_timed(lambda: parts.append(_write(store, host, pages + r * BATCH, BATCH))))
                old.append(_timed(lambda: _full_recount(store, host)))
            nw, nc = (statistics.median(x[k] for x in new) for k in (0, 1))
            rec, ref = (statistics.median(x[k] for x in parts) for k in (0, 1))
            ow, oc = (statistics.median(x[k] for x in old) for k in (0, 1))
            print(f"host of {pages:>7,} pages: batch {nw:6.2f} ms wall {nc:6.2f} CPU (record: lines + count delta "
                  f"{rec:5.2f}, recount {ref:5.2f}) | v8 recount alone {ow:8.2f} ms wall {oc:8.2f} CPU | "
                  f"v8 recount / new recount {ow / ref:6.1f}x")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
