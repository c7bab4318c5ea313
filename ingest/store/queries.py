"""Reading the store back: records rebuilt exactly as the pipeline produced them, and the views
behind `status`, `failures`, `rerun`, `show` and `export`."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import Engine, func, select

from ..errors import UnknownReference
from ..records import CleanArticle, CleanDocument, Embed, FailedDocument, FieldSource, Note, Outcome, RemovedSpan
from . import schema as t

TABLES = (t.raw_documents, t.documents, t.articles, t.removed_spans, t.embeds, t.failures, t.runs, *t.V4_TABLES,
          t.document_sources)


@dataclass(frozen=True, slots=True)
class StoredFailure:
    """A failure row: the document, the stage and reason, and the run that recorded it."""

    raw_id: str
    source_uri: str
    stage: str
    error_type: str
    message: str
    ruleset_version: str
    run_id: str
    failed_at: str


@dataclass(frozen=True, slots=True)
class RunRow:
    run_id: str
    kind: str
    engine: str
    status: str
    ruleset_version: str
    started_at: str
    finished_at: str | None
    documents: int | None
    stored: int | None
    unchanged: int | None
    failed: int | None
    articles: int | None
    flow_run_id: str | None = None  # the Prefect flow run that executed it (None without Prefect)


@dataclass(frozen=True, slots=True)
class StoreStatus:
    """What `ingest status` shows: table sizes, recent runs, failures by reason, outdated documents."""

    counts: dict[str, int]
    runs: tuple[RunRow, ...]
    failures_by_reason: dict[str, int]
    outdated: int  # documents whose outcome came from another ruleset version


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return _counts(conn)


def _counts(conn) -> dict[str, int]:
    return {tb.name: conn.scalar(select(func.count()).select_from(tb)) for tb in TABLES}


def status(engine: Engine, ruleset: str, last_runs: int = 10) -> StoreStatus:
    reason = t.failures.c.stage + ":" + t.failures.c.error_type
    with engine.connect() as conn:
        runs = conn.execute(select(*[t.runs.c[f] for f in RunRow.__slots__])
                            .order_by(t.runs.c.started_at.desc()).limit(last_runs)).all()
        by_reason = conn.execute(select(reason, func.count()).group_by(reason).order_by(func.count().desc())).all()
        from .site_templates import outdated_ids

        outdated = conn.scalar(select(func.count()).select_from(t.documents)
                               .where((t.documents.c.ruleset_version != ruleset)
                                      | t.documents.c.raw_id.in_(outdated_ids())))
        return StoreStatus(_counts(conn), tuple(RunRow(*r) for r in runs),
                           {k: v for k, v in by_reason}, outdated or 0)


def failures(engine: Engine, run_id: str | None = None) -> list[StoredFailure]:
    """Current failures (of one run, if given: an unknown run id is an UnknownReference)."""
    if run_id and not run_exists(engine, run_id):
        raise UnknownReference("run", run_id, "no such run (ingest status lists them)")
    q = select(*[t.failures.c[f] for f in StoredFailure.__slots__]).order_by(t.failures.c.source_uri)
    if run_id:
        q = q.where(t.failures.c.run_id == run_id)
    with engine.connect() as conn:
        return [StoredFailure(*r) for r in conn.execute(q)]


@dataclass(frozen=True, slots=True)
class FlaggedDocument:
    """A clean document whose outcome carries flags (e.g. the over-deletion guard kept doubtful text)."""

    raw_id: str
    source_uri: str
    flags: str
    run_id: str
    processed_at: str


def flagged(engine: Engine, flag: str | None = None) -> list[FlaggedDocument]:
    """Documents with any flag, or with `flag`, in source order."""
    d = t.documents.c
    q = select(*[d[f] for f in FlaggedDocument.__slots__]).where(d.flags != "").order_by(d.source_uri)
    if flag:
        q = q.where((" " + d.flags + " ").like(f"% {flag} %"))
    with engine.connect() as conn:
        return [FlaggedDocument(*r) for r in conn.execute(q)]


def ids_to_rerun(engine: Engine, *, failed: bool = False, outdated_from: str | None = None) -> list[str]:
    """Raw ids of failed documents and/or of documents processed by a ruleset other than `outdated_from`."""
    from .site_templates import outdated_ids

    d = t.documents.c
    conds = ([d.status == "failed"] if failed else []) + ([d.ruleset_version != outdated_from] if outdated_from else [])
    if outdated_from:  # or cleaned with an older version of its site's template
        conds.append(d.raw_id.in_(outdated_ids()))
    if not conds:
        return []
    from sqlalchemy import or_

    landed = select(t.raw_documents.c.raw_id)  # a source that never yielded bytes is re-read by `run`, not rerun
    with engine.connect() as conn:
        return list(conn.scalars(select(d.raw_id).where(or_(*conds), d.raw_id.in_(landed)).order_by(d.raw_id)))


# A prefix this short is ambiguous in any store of a few thousand documents.
MIN_ID_PREFIX = 6
_LIKE_ESCAPE = "\\"


def like_prefix(prefix: str) -> str:
    """A LIKE pattern matching strings that start with `prefix` literally (`%` and `_` escaped)."""
    for ch in (_LIKE_ESCAPE, "%", "_"):
        prefix = prefix.replace(ch, _LIKE_ESCAPE + ch)
    return prefix + "%"


def resolve(engine: Engine, ident: str) -> str:
    """The raw id behind a raw id, an article id, or a unique prefix (≥ 6 characters) of either."""
    if len(ident) < MIN_ID_PREFIX:
        raise UnknownReference("id", ident, f"too short (give at least {MIN_ID_PREFIX} characters)")
    pattern = like_prefix(ident.lower())
    raw, art = t.raw_documents.c, t.articles.c
    with engine.connect() as conn:
        found = set(conn.scalars(select(raw.raw_id).where(raw.raw_id.like(pattern, escape=_LIKE_ESCAPE)).limit(2)))
        found |= set(conn.scalars(select(art.raw_id).where(art.article_id.like(pattern, escape=_LIKE_ESCAPE))
                                  .limit(2)))
    if not found:
        raise UnknownReference("id", ident, "no stored document or article has this id")
    if len(found) > 1:
        raise UnknownReference("id", ident, "ambiguous; give more characters")
    return found.pop()


def run_exists(engine: Engine, run_id: str) -> bool:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(t.runs).where(t.runs.c.run_id == run_id)) > 0


def load_outcome(engine: Engine, raw_id: str) -> Outcome | None:
    """The stored outcome of a raw document, rebuilt as the same record the pipeline returned."""
    with engine.connect() as conn:
        doc = conn.execute(select(t.documents).where(t.documents.c.raw_id == raw_id)).mappings().first()
        if doc is None:
            return None
        if doc["status"] == "failed":
            f = conn.execute(select(t.failures).where(t.failures.c.raw_id == raw_id)).mappings().one()
            return FailedDocument(raw_id, f["source_uri"], f["stage"], f["error_type"], f["message"],
                                  f["ruleset_version"], doc["url"], doc["fetched_at"])
        rows = conn.execute(select(t.articles).where(t.articles.c.raw_id == raw_id)
                            .order_by(t.articles.c.position)).mappings().all()
        embeds = _embeds_by_article(conn, raw_id)
        spans = conn.execute(select(t.removed_spans).where(t.removed_spans.c.raw_id == raw_id)
                             .order_by(t.removed_spans.c.position)).mappings()
        removed = tuple(RemovedSpan(s["rule"], s["reason"], s["start_offset"], s["end_offset"], s["text"])
                        for s in spans)
    articles = tuple(_article(r, embeds.get(r["article_id"], ())) for r in rows)
    notes = tuple(Note(*n) for n in json.loads(doc["notes"] or "[]"))
    return CleanDocument(raw_id, doc["source_uri"], doc["kind"], articles, removed, doc["input_format"],
                         doc["ruleset_version"], doc["extractor"], notes, tuple((doc["flags"] or "").split()),
                         doc["url"], doc["fetched_at"])


def _embeds_by_article(conn, raw_id: str) -> dict[str, tuple[Embed, ...]]:
    out: dict[str, list[Embed]] = {}
    q = select(t.embeds).where(t.embeds.c.raw_id == raw_id).order_by(t.embeds.c.article_id, t.embeds.c.position)
    for e in conn.execute(q).mappings():
        out.setdefault(e["article_id"], []).append(
            Embed(e["platform"], e["author"], e["handle"], e["date"], e["url"], e["text"]))
    return {k: tuple(v) for k, v in out.items()}


def _article(r, embeds: tuple[Embed, ...]) -> CleanArticle:
    return CleanArticle(
        text=r["text"], title=r["title"], author=r["author"], published=r["published"], updated=r["updated"],
        dateline=r["dateline"], language=r["language"],
        language_score=r["language_score"], truncated=bool(r["truncated"]), embeds=embeds,
        word_count=r["word_count"], site_name=r["site_name"], url=r["url"],
        sources=tuple(FieldSource(*s) for s in json.loads(r["sources"])),
        conflicts=tuple(json.loads(r["conflicts"])), markdown=r["markdown"], description=r["description"],
        categories=tuple(json.loads(r["categories"] or "[]")), tags=tuple(json.loads(r["tags"] or "[]")))


def iter_articles(engine: Engine, since: str | None = None, chunk: int = 1000, *, dedup: bool = False) -> Iterator[dict]:
    """Every stored article (optionally stored at or after `since`) with its embeds, its document's
    input format and URL, and its near-duplicate cluster, streamed in article-id order by keyset
    pagination so memory stays flat on any store size. `dedup`: one article per cluster among those
    selected (see export_choice)."""
    a, n, d = t.articles.c, t.near_dups.c, t.documents.c
    # An article without an index row (stored before the index existed) is its own cluster.
    cluster = func.coalesce(n.cluster_id, a.article_id)
    base = (select(t.articles, cluster.label("cluster_id"), d.input_format, d.url.label("document_url"))
            .outerjoin(t.near_dups, n.article_id == a.article_id).join(t.documents, d.raw_id == a.raw_id))
    if since:
        base = base.where(a.stored_at >= since)
    if dedup:
        base = base.where(a.article_id.in_(export_choice(since)))
    last = ""
    while True:
        with engine.connect() as conn:
            rows = conn.execute(base.where(a.article_id > last).order_by(a.article_id).limit(chunk)).mappings().all()
            if not rows:
                return
            ids = [r["article_id"] for r in rows]
            embeds: dict[str, list[dict]] = {}
            for e in conn.execute(select(t.embeds).where(t.embeds.c.article_id.in_(ids))
                                  .order_by(t.embeds.c.article_id, t.embeds.c.position)).mappings():
                embeds.setdefault(e["article_id"], []).append(
                    {k: e[k] for k in ("platform", "author", "handle", "date", "url", "text")})
        for r in rows:
            yield {**r, "embeds": embeds.get(r["article_id"], [])}
        last = rows[-1]["article_id"]


def export_choice(since: str | None = None):
    """The article ids `export --dedup` writes: per near-duplicate cluster (among articles stored at or
    after `since`), the longest member — a full article before its teasers, the most complete copy of
    a re-edited story — and among equally long ones the earliest (ties broken by id, so the choice is
    the same on every export of the same store)."""
    a, n = t.articles.c, t.near_dups.c
    cluster = func.coalesce(n.cluster_id, a.article_id)
    rank = func.row_number().over(partition_by=cluster, order_by=(a.word_count.desc(), a.truncated.asc(),
                                                                  func.coalesce(n.first_seen, a.stored_at), a.article_id))
    q = select(a.article_id, rank.label("rank")).outerjoin(t.near_dups, n.article_id == a.article_id)
    if since:
        q = q.where(a.stored_at >= since)
    ranked = q.subquery()
    return select(ranked.c.article_id).where(ranked.c.rank == 1)


def run_started(engine: Engine, run_id: str) -> str:
    """When a run started (UnknownReference when there is no such run)."""
    with engine.connect() as conn:
        started = conn.scalar(select(t.runs.c.started_at).where(t.runs.c.run_id == run_id))
    if started is None:
        raise UnknownReference("run", run_id, "no such run (ingest status lists them)")
    return started


def last_export_watermark(engine: Engine) -> str | None:
    """Where the next `export --new` starts: the watermark of the latest recorded export (None: none)."""
    e = t.exports.c
    with engine.connect() as conn:
        return conn.scalar(select(e.watermark).order_by(e.started_at.desc(), e.export_id.desc()).limit(1))


def export_watermark(engine: Engine, now: str) -> str:
    """The watermark an export starting `now` records: `now`, or the start of the earliest run still
    running — its later batches store articles stamped before `now` that this export cannot see yet,
    and the next `--new` export must not skip them (it may repeat a few instead)."""
    with engine.connect() as conn:
        running = conn.scalar(select(func.min(t.runs.c.started_at)).where(t.runs.c.status == "running"))
    return min(now, running) if running else now


# Members of a cluster listed by `ingest show` (a story copied a thousand times prints its first 20).
SHOW_MEMBERS = 20


@dataclass(frozen=True, slots=True)
class ClusterMember:
    """An article of a near-duplicate cluster, as `ingest show` lists it."""

    article_id: str
    raw_id: str
    source_uri: str
    first_seen: str
    relation: str | None  # how it was linked (copy / teaser / contained); None for the first member
    linked_to: str | None
    truncated: bool
    word_count: int


@dataclass(frozen=True, slots=True)
class ArticleCluster:
    """One stored article's near-duplicate cluster: its id (the earliest member), size and members."""

    article_id: str
    position: int
    cluster_id: str
    linked_to: str | None
    relation: str | None
    jaccard: float | None
    containment: float | None
    size: int
    members: tuple[ClusterMember, ...]  # the other members, earliest first (at most SHOW_MEMBERS)

    def to_dict(self) -> dict:
        return {**{k: getattr(self, k) for k in self.__slots__ if k != "members"},
                "members": [{k: getattr(m, k) for k in m.__slots__} for m in self.members]}


def clusters_of(engine: Engine, raw_id: str) -> list[ArticleCluster]:
    """The near-duplicate cluster of each article of a stored document (articles not indexed: none)."""
    n, a = t.near_dups.c, t.articles.c
    out = []
    with engine.connect() as conn:
        mine = conn.execute(select(n.article_id, a.position, n.cluster_id, n.linked_to, n.relation, n.jaccard,
                                   n.containment).join(t.articles, a.article_id == n.article_id)
                            .where(n.raw_id == raw_id).order_by(a.position)).all()
        for aid, position, cluster, linked, relation, jac, con in mine:
            size = conn.scalar(select(func.count()).select_from(t.near_dups).where(n.cluster_id == cluster))
            rows = conn.execute(
                select(n.article_id, n.raw_id, a.source_uri, n.first_seen, n.relation, n.linked_to, a.truncated,
                       a.word_count).join(t.articles, a.article_id == n.article_id)
                .where(n.cluster_id == cluster, n.article_id != aid)
                .order_by(n.first_seen, n.article_id).limit(SHOW_MEMBERS)).all()
            members = tuple(ClusterMember(*r[:6], bool(r[6]), r[7]) for r in rows)
            out.append(ArticleCluster(aid, position, cluster, linked, relation, jac, con, size, members))
    return out
