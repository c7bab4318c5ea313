"""Per-site templates in the store: what each document's edge lines were (site_lines), which host and
template version it was cleaned with (document_hosts), and the versions of each host's template
(site_templates). The learning and the cut are ingest/templates.py.

A batch's documents get their host's current template before they are written (`apply_templates`);
the write records their lines and recounts the template of each host they belong to, inside the
batch's transaction under the across-documents lock (store/near_dups.lock), so two workers cannot
store two different "version 3" of one host. A document cleaned with an older version than its host's
latest is outdated: `ingest rerun --outdated` re-cleans it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from sqlalchemy import Connection, Engine, and_, delete, func, select

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


def record(conn: Connection, raw_ids: Sequence[str], records: Mapping[str, HostRecord]) -> None:
    """Replace the site rows of the batch's documents (a document without a host now has none)."""
    for table in (t.site_lines, t.document_hosts):
        for i in range(0, len(raw_ids), 30_000):
            conn.execute(delete(table).where(table.c.raw_id.in_(list(raw_ids[i:i + 30_000]))))
    upsert(conn, t.document_hosts, [{"raw_id": rid, "host": r.host, "template_version": r.template_version}
                                    for rid, r in records.items()])
    upsert(conn, t.site_lines, [{"raw_id": rid, "line_hash": ln.key, "band": ln.band, "host": r.host, "text": ln.text}
                                for rid, r in records.items() for ln in r.lines])


def refresh(conn: Connection, hosts: Iterable[str]) -> dict[str, int]:
    """Recount the template of each host from its stored documents; store a new version where the set
    of lines changed. Returns host → new version (only hosts that got one)."""
    new = {}
    current = latest(conn, hosts)
    for host in sorted(set(hosts)):
        pages = conn.scalar(select(func.count()).select_from(t.document_hosts).where(t.document_hosts.c.host == host))
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
    """line key → (distinct pages of the host it is on, its text), for lines that may qualify."""
    if pages < templates.MIN_HOST_PAGES:
        return {}
    sl = t.site_lines.c
    need = max(templates.MIN_LINE_PAGES, int(templates.MIN_LINE_SHARE * pages))
    pages_on = func.count(func.distinct(sl.raw_id))
    q = (select(sl.line_hash, pages_on, func.min(sl.text)).where(sl.host == host)
         .group_by(sl.line_hash).having(pages_on >= need))
    return {key: (n, text) for key, n, text in conn.execute(q)}


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
