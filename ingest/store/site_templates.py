"""Per-site templates in the store: what each document's edge lines were (site_lines), which host and
template version it was cleaned with (document_hosts), and the versions of each host's template
(site_templates). The learning and the cut are ingest/templates.py.

A batch's documents get their host's current template before they are written (`apply_templates`);
the write records their lines and recounts the template of each host they belong to, inside the
batch's transaction under the across-documents lock (store/near_dups.lock), so two workers cannot
store two different "version 3" of one host. A document cleaned with an older version than its host's
latest is outdated: `ingest rerun --outdated` re-cleans it.

The counts the templates are learned from (site_line_counts: pages per host and line; site_host_pages:
pages per host) are kept up to date by each batch's delta: the batch's old rows are subtracted, its new
ones added. A recount then reads the batch's own rows and the host's lines that may qualify, whatever
the size of the host (before, it re-aggregated every counted line of the host on every batch).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from sqlalchemy import Connection, Engine, and_, delete, func, select, text

from .. import templates
from ..records import CleanDocument, Outcome
from . import schema as t
from .clock import utc_now
from .engine import upsert


@dataclass(frozen=True, slots=True)
class HostRecord:
    """What the write of one document records for its site: host, template version used, edge lines
    (as cleaned before the template, so the counts do not change because the template cut them)."""

    host: str
    template_version: int
    lines: tuple[templates.SiteLine, ...]


def latest(conn: Connection, hosts: Iterable[str]) -> dict[str, templates.SiteTemplate]:
    """The latest template version of each host that has one."""
    s = t.site_templates.c
    hosts = sorted(set(hosts))
    if not hosts:
        return {}
    newest = (select(s.host, func.max(s.version).label("v")).where(s.host.in_(hosts)).group_by(s.host)
              .subquery())
    q = select(s.host, s.version, s.pages, s.lines).join(newest, and_(s.host == newest.c.host, s.version == newest.c.v))
    out = {}
    for host, version, pages, lines in conn.execute(q):
        out[host] = templates.SiteTemplate(host, version, pages, tuple(
            templates.TemplateLine(ln["key"], ln["text"], ln["pages"]) for ln in json.loads(lines)))
    return out


def apply_templates(engine: Engine, outcomes: Sequence[Outcome]) -> tuple[list[Outcome], dict[str, HostRecord]]:
    """Each clean document with its host's current template applied, and what to record for it."""
    clean = [o for o in outcomes if isinstance(o, CleanDocument)]
    hosts = {o.raw_id: templates.host_of(o) for o in clean}
    with engine.connect() as conn:
        current = latest(conn, {h for h in hosts.values() if h})
    out, records = [], {}
    for o in outcomes:
        host = hosts.get(o.raw_id)
        if host is None:
            out.append(o)
            continue
        tpl = current.get(host)
        records[o.raw_id] = HostRecord(host, tpl.version if tpl else 0, tuple(templates.site_lines(o)))
        out.append(templates.apply(o, tpl))
    return out, records


# Ids per IN (...) list: below SQLite's and psycopg's parameter limits.
_ID_CHUNK = 30_000


def record(conn: Connection, raw_ids: Sequence[str], records: Mapping[str, HostRecord]) -> None:
    """Replace the site rows of the batch's documents (a document without a host now has none), and
    move the running counts by the difference."""
    old_lines, old_hosts = _old_rows(conn, raw_ids)
    for table in (t.site_lines, t.document_hosts):
        for i in range(0, len(raw_ids), _ID_CHUNK):
            conn.execute(delete(table).where(table.c.raw_id.in_(list(raw_ids[i:i + _ID_CHUNK]))))
    upsert(conn, t.document_hosts, [{"raw_id": rid, "host": r.host, "template_version": r.template_version}
                                    for rid, r in records.items()])
    upsert(conn, t.site_lines, [{"raw_id": rid, "line_hash": ln.key, "band": ln.band, "host": r.host, "text": ln.text}
                                for rid, r in records.items() for ln in r.lines])
    new_lines: dict[tuple[str, str, int], str] = {}
    for rid, r in records.items():
        for ln in r.lines:
            _keep_smallest(new_lines, (rid, r.host, ln.key), ln.text)
    _move_counts(conn, old_lines, new_lines, old_hosts, Counter(r.host for r in records.values()))


def _keep_smallest(texts: dict, key, text_: str) -> None:
    """texts[key] = the smallest text seen for key (a line's stored text is min(site_lines.text))."""
    old = texts.get(key)
    texts[key] = text_ if old is None or text_ < old else old


def _old_rows(conn: Connection, raw_ids: Sequence[str]) -> tuple[dict[tuple[str, str, int], str], Counter]:
    """The batch's documents' stored site rows: (raw id, host, line) → smallest text, and pages per host."""
    sl, dh = t.site_lines.c, t.document_hosts.c
    lines: dict[tuple[str, str, int], str] = {}
    hosts: Counter = Counter()
    for i in range(0, len(raw_ids), _ID_CHUNK):
        chunk = list(raw_ids[i:i + _ID_CHUNK])
        for rid, host, key, txt in conn.execute(select(sl.raw_id, sl.host, sl.line_hash, sl.text)
                                                .where(sl.raw_id.in_(chunk))):
            _keep_smallest(lines, (rid, host, key), txt)
        hosts.update(conn.scalars(select(dh.host).where(dh.raw_id.in_(chunk))))
    return lines, hosts


def _move_counts(conn: Connection, old_lines: Mapping[tuple[str, str, int], str],
                 new_lines: Mapping[tuple[str, str, int], str], old_hosts: Counter, new_hosts: Counter) -> None:
    """site_line_counts and site_host_pages plus the new rows, minus the old ones (a line on no page is
    deleted). Written without reading the counts first: an upsert adds to the stored count by primary
    key, so the cost is the batch's lines whatever the host's size. A line's text stays the smallest of
    its texts: where a removed text was the smallest and no new one is as small, it is looked up again
    among the line's remaining rows."""
    delta: Counter = Counter()
    smallest: dict[tuple[str, int], str] = {}
    for (_, host, key), txt in new_lines.items():
        delta[host, key] += 1
        _keep_smallest(smallest, (host, key), txt)
    removed: dict[tuple[str, int], str] = {}
    for (_, host, key), txt in old_lines.items():
        delta[host, key] -= 1
        _keep_smallest(removed, (host, key), txt)
    smaller = "least" if conn.dialect.name == "postgresql" else "min"
    added = [{"host": h, "line_hash": k, "pages": delta[h, k], "text": txt} for (h, k), txt in sorted(smallest.items())]
    if added:
        conn.execute(text(
            "INSERT INTO site_line_counts (host, line_hash, pages, text) VALUES (:host, :line_hash, :pages, :text) "
            "ON CONFLICT (host, line_hash) DO UPDATE SET pages = site_line_counts.pages + excluded.pages, "
            f"text = {smaller}(site_line_counts.text, excluded.text)"), added)
    only_removed = [{"host": h, "line_hash": k, "d": delta[h, k]} for h, k in sorted(removed)
                    if (h, k) not in smallest and delta[h, k]]
    if only_removed:
        conn.execute(text("UPDATE site_line_counts SET pages = pages + :d WHERE host = :host AND line_hash = :line_hash"),
                     only_removed)
    for host in sorted({h for h, _ in removed}):  # a range of ix_site_line_counts_pages: only the emptied lines
        conn.execute(delete(t.site_line_counts).where(t.site_line_counts.c.host == host, t.site_line_counts.c.pages <= 0))
    relook = [{"host": h, "line_hash": k, "gone": txt} for (h, k), txt in sorted(removed.items())
              if (h, k) not in smallest or smallest[h, k] > txt]
    if relook:
        conn.execute(text(
            "UPDATE site_line_counts SET text = (SELECT min(site_lines.text) FROM site_lines WHERE site_lines.host = "
            ":host AND site_lines.line_hash = :line_hash) WHERE host = :host AND line_hash = :line_hash AND text = :gone"),
            relook)
    pages = Counter(new_hosts)
    pages.subtract(old_hosts)
    _apply_host_delta(conn, {h: n for h, n in pages.items() if n})


def _apply_host_delta(conn: Connection, delta: Mapping[str, int]) -> None:
    if not delta:
        return
    c = t.site_host_pages.c
    have = dict(conn.execute(select(c.host, c.pages).where(c.host.in_(sorted(delta)))).all())
    rows = [{"host": h, "pages": have.get(h, 0) + n} for h, n in sorted(delta.items())]
    gone = [r["host"] for r in rows if r["pages"] <= 0]
    if gone:
        conn.execute(delete(t.site_host_pages).where(c.host.in_(gone)))
    upsert(conn, t.site_host_pages, [r for r in rows if r["pages"] > 0])


def rebuild_counts(conn: Connection) -> None:
    """site_line_counts and site_host_pages from scratch, from site_lines and document_hosts (migration
    v9; afterwards record() keeps them up to date)."""
    sl, dh = t.site_lines.c, t.document_hosts.c
    conn.execute(delete(t.site_line_counts))
    conn.execute(delete(t.site_host_pages))
    conn.execute(t.site_line_counts.insert().from_select(
        ["host", "line_hash", "pages", "text"],
        select(sl.host, sl.line_hash, func.count(func.distinct(sl.raw_id)), func.min(sl.text))
        .group_by(sl.host, sl.line_hash)))
    conn.execute(t.site_host_pages.insert().from_select(
        ["host", "pages"], select(dh.host, func.count()).group_by(dh.host)))


def refresh(conn: Connection, hosts: Iterable[str]) -> dict[str, int]:
    """Recount the template of each host from its stored documents; store a new version where the set
    of lines changed. Returns host → new version (only hosts that got one)."""
    new = {}
    current = latest(conn, hosts)
    for host in sorted(set(hosts)):
        pages = conn.scalar(select(t.site_host_pages.c.pages).where(t.site_host_pages.c.host == host)) or 0
        lines = templates.learn(host, pages, _counts(conn, host, pages))
        old = current.get(host)
        if templates.template_digest(ln.key for ln in lines) == (old.digest if old else templates.template_digest(())):
            continue
        version = (old.version if old else 0) + 1
        upsert(conn, t.site_templates, [{
            "host": host, "version": version, "pages": pages, "digest": templates.template_digest(ln.key for ln in lines),
            "lines": json.dumps([{"key": ln.key, "text": ln.text, "pages": ln.pages} for ln in lines], ensure_ascii=False),
            "created_at": utc_now()}], update=False)
        new[host] = version
    return new


def _counts(conn: Connection, host: str, pages: int) -> dict[int, tuple[int, str]]:
    """line key → (distinct pages of the host it is on, its text), for lines that may qualify: a range
    of ix_site_line_counts_pages, at most pages × edge lines per page / need rows."""
    if pages < templates.MIN_HOST_PAGES:
        return {}
    c = t.site_line_counts.c
    need = max(templates.MIN_LINE_PAGES, int(templates.MIN_LINE_SHARE * pages))
    q = select(c.line_hash, c.pages, c.text).where(c.host == host, c.pages >= need)
    return {key: (n, txt) for key, n, txt in conn.execute(q)}


def outdated_ids():
    """A subquery of the raw ids cleaned with an older template than their host's latest."""
    dh, s = t.document_hosts.c, t.site_templates.c
    newest = select(s.host, func.max(s.version).label("v")).group_by(s.host).subquery()
    return (select(dh.raw_id).join(newest, newest.c.host == dh.host).where(dh.template_version < newest.c.v))


def template_of(conn: Connection, raw_id: str) -> tuple[str, int, int | None] | None:
    """(host, template version the document was cleaned with, its host's latest version) or None."""
    row = conn.execute(select(t.document_hosts.c.host, t.document_hosts.c.template_version)
                       .where(t.document_hosts.c.raw_id == raw_id)).first()
    if row is None:
        return None
    tpl = latest(conn, [row[0]]).get(row[0])
    return row[0], row[1], tpl.version if tpl else None
