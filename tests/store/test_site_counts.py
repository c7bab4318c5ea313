"""The site-template counts are kept by each batch's delta (store/site_templates.record): after any
sequence of batches (new pages, re-stored pages with other lines, a page moving host or losing it)
they equal a full recount from site_lines, the templates learned are the ones a full recount gives, and
a batch's recount reads a bounded number of rows however large its host has grown."""
from __future__ import annotations

import random

from sqlalchemy import func, select, text

from ingest import templates
from ingest.store import SqlStore, schema as t, site_templates
from ingest.store.engine import writing

HOSTS = ("courier.example", "zeitung.example")


def _line(key: int, variant: int = 0) -> templates.SiteLine:
    # One key may be written several ways (case, spacing): the count keeps the smallest text.
    word = ("Footer", "FOOTER", "footer")[variant % 3]
    return templates.SiteLine(key, "tail" if key % 2 else "head", f"{word} line {key}")


def _full_recount(conn) -> tuple[dict, dict]:
    sl, dh = t.site_lines.c, t.document_hosts.c
    lines = {(h, k): (n, txt) for h, k, n, txt in conn.execute(
        select(sl.host, sl.line_hash, func.count(func.distinct(sl.raw_id)), func.min(sl.text)).group_by(sl.host, sl.line_hash))}
    pages = dict(conn.execute(select(dh.host, func.count()).group_by(dh.host)).all())
    return lines, pages


def _kept(conn) -> tuple[dict, dict]:
    c, p = t.site_line_counts.c, t.site_host_pages.c
    return ({(h, k): (n, txt) for h, k, n, txt in conn.execute(select(c.host, c.line_hash, c.pages, c.text))},
            dict(conn.execute(select(p.host, p.pages)).all()))


def _batch(store, records: dict[str, site_templates.HostRecord | None]) -> dict[str, int]:
    ids = sorted(records)
    hosts = {rid: r for rid, r in records.items() if r is not None}
    with writing(store.engine) as conn:
        site_templates.record(conn, ids, hosts)
        return site_templates.refresh(conn, {r.host for r in hosts.values()})


def test_kept_counts_equal_a_full_recount_after_any_batches(store_url):
    rng = random.Random(14)
    with SqlStore(store_url) as store:
        for step in range(30):
            records = {}
            for _ in range(rng.randint(1, 8)):
                rid = f"doc{rng.randint(0, 60):03d}"  # ids repeat: re-stored documents replace their rows
                if rng.random() < 0.1:
                    records[rid] = None  # no host any more (e.g. its URL was dropped)
                    continue
                keys = {1, 2} if rng.random() < 0.8 else set()  # the site's footer and pitch, usually
                keys |= {rng.randint(3, 12) for _ in range(rng.randint(0, 3))}  # quoted here and there
                keys |= {1000 * step + rng.randint(0, 999)}  # the page's own line
                records[rid] = site_templates.HostRecord(
                    rng.choice(HOSTS), 0, tuple(_line(k, rng.randint(0, 2)) for k in sorted(keys)))
            _batch(store, records)
            recounted = {r.host for r in records.values() if r is not None}
            with store.engine.connect() as conn:
                truth = _full_recount(conn)
                assert _kept(conn) == truth, f"after batch {step}"
                for host in recounted:  # the template stored is the one a full recount gives
                    pages = truth[1].get(host, 0)
                    want = templates.learn(host, pages, {k: v for (h, k), v in truth[0].items() if h == host})
                    tpl = site_templates.latest(conn, [host]).get(host)
                    assert {ln.key for ln in want} == (tpl.keys if tpl else set()), f"after batch {step}"
        with store.engine.connect() as conn:
            assert any(tpl.lines for tpl in site_templates.latest(conn, HOSTS).values())  # templates were learned


def _rows_read(conn) -> int:
    """Rows this transaction has read from the site tables (PostgreSQL's per-transaction statistics)."""
    return conn.scalar(text(
        "SELECT coalesce(sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)), 0) FROM pg_stat_xact_user_tables "
        "WHERE relname IN ('site_lines', 'document_hosts', 'site_line_counts', 'site_host_pages', 'site_templates')"))


def _fill(store, host: str, start: int, pages: int) -> None:
    for b in range(start, start + pages, 20):
        _batch(store, {f"{host}-{i:05d}": site_templates.HostRecord(host, 0, (_line(1), _line(2), _line(10_000 + i)))
                       for i in range(b, min(b + 20, start + pages))})


def _batch_cost(store, host: str, first: int) -> int:
    records = {f"{host}-{i:05d}": site_templates.HostRecord(host, 0, (_line(1), _line(2), _line(10_000 + i)))
               for i in range(first, first + 20)}
    # A fresh server process: PostgreSQL's per-transaction figures include what this backend has not
    # yet flushed from its earlier transactions (the fill).
    store.engine.dispose()
    with writing(store.engine) as conn:
        # The access paths a large store gets: on these small test tables the planner would rather
        # read a whole table than an index, whichever host the batch belongs to.
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        before = _rows_read(conn)
        site_templates.record(conn, sorted(records), records)
        site_templates.refresh(conn, {host})
        return _rows_read(conn) - before


def test_a_batch_recount_reads_as_many_rows_on_a_large_host_as_on_a_small_one(pg_url):
    with SqlStore(pg_url) as store:
        _fill(store, "small.example", 0, 20)
        _fill(store, "large.example", 0, 1000)
        small = _batch_cost(store, "small.example", 20)
        large = _batch_cost(store, "large.example", 1000)
    # A full recount reads every counted line of the host: ~3 per page, 3,000+ rows on the large host.
    assert large <= small + 20, (small, large)


def test_the_recount_query_is_an_index_range_on_sqlite(tmp_path):
    with SqlStore(f"sqlite:///{tmp_path / 's.db'}") as store, store.engine.connect() as conn:
        c = t.site_line_counts.c
        q = select(c.line_hash, c.pages, c.text).where(c.host == "x", c.pages >= 8)
        plan = " ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + str(
            q.compile(conn, compile_kwargs={"literal_binds": True})))))
    assert "SEARCH site_line_counts USING INDEX ix_site_line_counts_pages (host=? AND pages>?)" in plan, plan


def test_migration_v9_fills_the_counts_from_an_older_store(store_url):
    with SqlStore(store_url) as store:
        _fill(store, "courier.example", 0, 25)
        with writing(store.engine) as conn:
            conn.execute(t.site_line_counts.delete())
            conn.execute(t.site_host_pages.delete())
            conn.execute(t.schema_version.delete().where(t.schema_version.c.version >= 9))
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        truth = _full_recount(conn)
        assert _kept(conn) == truth and truth[1] == {"courier.example": 25}
