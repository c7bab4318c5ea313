"""The persistent near-duplicate index: every stored article is linked against everything stored
before it, across runs and workers, on SQLite and PostgreSQL.

Per article, `near_dups` keeps its MinHash signature, its cluster (the id of the cluster's earliest
member, which never changes while that member is stored) and the article it was linked to;
`near_dup_buckets` maps each LSH band key and the lead key (ingest.dedup) to the articles holding it.
A batch of new articles costs one bucket lookup, one query for the candidates' clusters and one for
their texts (the exact check), whatever the store's size: candidates come from an index range scan
of (bucket, article_id).

Concurrency: two workers storing near-duplicates of each other at once would each look the other up
before it commits and miss it. Linking therefore runs inside the batch's write transaction under one
lock: SQLite's writer lock (BEGIN IMMEDIATE) or, on PostgreSQL, a transaction-scoped advisory lock
taken before any row lock (so it cannot deadlock with the outcome's FOR UPDATE). Cleaning, the
expensive part, runs outside it; the linking step is milliseconds per batch.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
from sqlalchemy import Connection, delete, select, text, update

from .. import dedup
from . import schema as t
from .clock import utc_now
from .engine import upsert

# pg_advisory_xact_lock key of the across-documents step (near-duplicates and site templates): "ingest1".
ACROSS_DOCUMENTS_LOCK = 0x696E6765737431
# Candidates verified exactly per new article, most shared buckets first. A story copied a thousand
# times has a thousand candidates; one verified member per cluster is enough to join it, and ten
# bounds the cost while leaving room for clusters that differ.
VERIFY_LIMIT = 10
# Values per IN (...) list: under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters, so a batch
# of 500 articles × 33 keys is one query.
IN_CHUNK = 30_000

TextLookup = Callable[[Sequence[str]], Mapping[str, tuple[str, bool]]]


@dataclass(frozen=True, slots=True)
class Entry:
    """An article to index: its id, its document, its clean text, and whether it is a teaser."""

    article_id: str
    raw_id: str
    text: str
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """Where an article landed: its cluster and the stored article it matched (None: none)."""

    article_id: str
    cluster_id: str
    linked_to: str | None = None
    relation: str | None = None
    jaccard: float | None = None
    containment: float | None = None


def lock(conn: Connection) -> None:
    """Serialise the across-documents step between workers (PostgreSQL; SQLite writers already are)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ACROSS_DOCUMENTS_LOCK})


def _chunks(values: Sequence, size: int = IN_CHUNK) -> Iterable[list]:
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]


def forget(conn: Connection, raw_ids: Sequence[str], keep: Iterable[str] = ()) -> None:
    """Drop the index rows of these documents' articles, except `keep` (a re-cleaned document that now
    has fewer articles, or failed)."""
    keep = set(keep)
    gone = [a for chunk in _chunks(raw_ids) for a in
            conn.scalars(select(t.near_dups.c.article_id).where(t.near_dups.c.raw_id.in_(chunk))) if a not in keep]
    for chunk in _chunks(gone):
        conn.execute(delete(t.near_dup_buckets).where(t.near_dup_buckets.c.article_id.in_(chunk)))
        conn.execute(delete(t.near_dups).where(t.near_dups.c.article_id.in_(chunk)))


def stored_texts(conn: Connection) -> TextLookup:
    """Candidate texts for the exact check, from the articles table."""
    def lookup(ids: Sequence[str]) -> dict[str, tuple[str, bool]]:
        a = t.articles.c
        return {aid: (txt, bool(tr)) for chunk in _chunks(ids)
                for aid, txt, tr in conn.execute(select(a.article_id, a.text, a.truncated).where(a.article_id.in_(chunk)))}
    return lookup


@dataclass(slots=True)
class _Known:
    """What the batch knows of an indexed article (stored, or indexed earlier in this batch)."""

    raw_id: str
    cluster_id: str
    first_seen: str


def index_articles(conn: Connection, entries: Sequence[Entry], *, texts: TextLookup | None = None,
                   now: str | None = None) -> list[Link]:
    """Link each entry against every article indexed before it (stored, or earlier in `entries`) and
    persist its row and buckets; returns one Link per entry, in order. Call inside the batch's write
    transaction, after `lock`. An article indexed before with the same text keeps its row; one whose
    text changed keeps its first_seen and is linked again against the articles older than it."""
    if not entries:
        return []
    texts = texts or stored_texts(conn)
    keyed = [dedup.prepare(e.text) for e in entries]
    existing = _existing(conn, [e.article_id for e in entries])
    links: dict[int, Link] = {}
    todo: list[int] = []
    for i, (e, k) in enumerate(zip(entries, keyed)):
        old = existing.get(e.article_id)
        if old is not None and old["shingles"] == len(k.shingles) and old["signature"] == _sig_bytes(k.signature):
            links[i] = Link(e.article_id, old["cluster_id"], old["linked_to"], old["relation"], old["jaccard"],
                            old["containment"])
        else:
            todo.append(i)
    if not todo:
        return [links[i] for i in range(len(entries))]
    relinked = [entries[i].article_id for i in todo if entries[i].article_id in existing]
    for chunk in _chunks(relinked):
        conn.execute(delete(t.near_dup_buckets).where(t.near_dup_buckets.c.article_id.in_(chunk)))
    hits = _bucket_hits(conn, {key for i in todo for key in keyed[i].keys})
    base = datetime.fromisoformat(now or utc_now())
    batch = _Batch(conn, texts, hits, existing)
    rows, buckets = [], []
    for n, i in enumerate(todo):
        e, k = entries[i], keyed[i]
        old = existing.get(e.article_id)
        first_seen = old["first_seen"] if old else (base + timedelta(microseconds=n)).isoformat(timespec="microseconds")
        link = batch.link(e, k, first_seen, old)
        links[i] = link
        rows.append({"article_id": e.article_id, "raw_id": e.raw_id, "cluster_id": link.cluster_id,
                     "first_seen": first_seen, "linked_to": link.linked_to, "relation": link.relation,
                     "jaccard": link.jaccard, "containment": link.containment, "shingles": len(k.shingles),
                     "signature": _sig_bytes(k.signature)})
        buckets += [{"bucket": key, "article_id": e.article_id} for key in dict.fromkeys(k.keys)]
    upsert(conn, t.near_dups, rows)
    upsert(conn, t.near_dup_buckets, buckets, update=False)
    batch.apply_merges()
    # A merge may have moved a cluster this batch linked into: report what is stored.
    return [_relabel(links[i], batch.merged) for i in range(len(entries))]


def _relabel(link: Link, merged: Mapping[str, str]) -> Link:
    cluster = link.cluster_id
    while cluster in merged:
        cluster = merged[cluster]
    return link if cluster == link.cluster_id else Link(link.article_id, cluster, link.linked_to, link.relation,
                                                        link.jaccard, link.containment)


def _sig_bytes(sig: np.ndarray | None) -> bytes | None:
    return None if sig is None else sig.astype("<u8").tobytes()


def _existing(conn: Connection, ids: Sequence[str]) -> dict[str, dict]:
    n = t.near_dups.c
    out = {}
    for chunk in _chunks(ids):
        q = select(n.article_id, n.cluster_id, n.first_seen, n.linked_to, n.relation, n.jaccard, n.containment,
                   n.shingles, n.signature).where(n.article_id.in_(chunk))
        for r in conn.execute(q).mappings():
            row = dict(r)
            row["signature"] = bytes(row["signature"]) if row["signature"] is not None else None
            out[r["article_id"]] = row
    return out


def _bucket_hits(conn: Connection, keys: set[int]) -> dict[int, list[str]]:
    """bucket key → stored articles holding it: one query per IN_CHUNK keys (one per batch)."""
    b = t.near_dup_buckets.c
    hits: dict[int, list[str]] = {}
    for chunk in _chunks(sorted(keys)):
        for bucket, aid in conn.execute(select(b.bucket, b.article_id).where(b.bucket.in_(chunk))):
            hits.setdefault(bucket, []).append(aid)
    return hits


class _Batch:
    """Linking state of one batch: stored candidates fetched once, in-batch articles added as they
    are indexed, clusters merged when an article joins two of them."""

    def __init__(self, conn: Connection, texts: TextLookup, hits: dict[int, list[str]], existing: dict[str, dict]):
        self.conn, self.texts, self.hits = conn, texts, hits
        self.known: dict[str, _Known] = {}
        self.shingles: dict[str, frozenset[int]] = {}
        self.truncated: dict[str, bool] = {}
        self.merged: dict[str, str] = {}  # loser cluster → winner
        self.cluster_age: dict[str, str] = {}  # cluster id → first_seen of its root (when known)
        stored = {aid for ids in hits.values() for aid in ids}
        self._load(stored)
        for aid, row in existing.items():  # articles re-linked in this batch keep their age
            self.cluster_age.setdefault(aid, row["first_seen"])

    def _load(self, ids: set[str]) -> None:
        n = t.near_dups.c
        roots: set[str] = set()
        for chunk in _chunks(sorted(ids)):
            for aid, rid, cluster, seen in self.conn.execute(
                    select(n.article_id, n.raw_id, n.cluster_id, n.first_seen).where(n.article_id.in_(chunk))):
                self.known[aid] = _Known(rid, cluster, seen)
                roots.add(cluster)
        for chunk in _chunks(sorted(roots)):
            for aid, seen in self.conn.execute(select(n.article_id, n.first_seen).where(n.article_id.in_(chunk))):
                self.cluster_age[aid] = seen

    def _cluster(self, aid: str) -> str:
        cluster = self.known[aid].cluster_id
        while cluster in self.merged:
            cluster = self.merged[cluster]
        return cluster

    def _age(self, cluster: str, fallback: str) -> str:
        return self.cluster_age.get(cluster, fallback)

    def _candidates(self, e: Entry, k: dedup.Keyed, first_seen: str) -> list[str]:
        counts: dict[str, int] = {}
        for key in k.keys:
            for aid in self.hits.get(key, ()):
                counts[aid] = counts.get(aid, 0) + 1
        ranked = [aid for aid in counts if aid in self.known and aid != e.article_id
                  and self.known[aid].raw_id != e.raw_id and self.known[aid].first_seen < first_seen]
        ranked.sort(key=lambda aid: (-counts[aid], self.known[aid].first_seen, aid))
        return ranked

    def _shingles_of(self, ids: Sequence[str]) -> None:
        missing = [aid for aid in ids if aid not in self.shingles]
        for aid, (txt, truncated) in self.texts(missing).items():
            self.shingles[aid] = dedup.shingles(txt)
            self.truncated[aid] = truncated

    def link(self, e: Entry, k: dedup.Keyed, first_seen: str, old: dict | None) -> Link:
        matches: list[tuple[dedup.Match, str]] = []
        if k.signature is not None:
            ranked = self._candidates(e, k, first_seen)
            seen_clusters: set[str] = set()
            verified = 0
            self._shingles_of(ranked[:VERIFY_LIMIT * 2])
            for aid in ranked:
                if verified >= VERIFY_LIMIT:
                    break
                cluster = self._cluster(aid)
                if cluster in seen_clusters or aid not in self.shingles:
                    continue
                verified += 1
                m = dedup.compare(k.shingles, self.shingles[aid], e.truncated, self.truncated[aid])
                if m is not None:
                    matches.append((m, aid))
                    seen_clusters.add(cluster)
        own_root = old is None or old["cluster_id"] == e.article_id
        if matches:
            best, best_id = max(matches, key=lambda mt: (mt[0].jaccard, mt[0].containment, mt[1]))
            clusters = {self._cluster(aid) for _, aid in matches}
            if own_root and old is not None:
                clusters.add(e.article_id)  # it was a cluster's root: its members follow it
            winner = min(clusters, key=lambda c: (self._age(c, first_seen), c))
            for c in clusters - {winner}:
                self.merged[c] = winner
            link = Link(e.article_id, winner, best_id, best.relation, best.jaccard, best.containment)
        else:
            link = Link(e.article_id, e.article_id)
        self.known[e.article_id] = _Known(e.raw_id, link.cluster_id, first_seen)
        self.cluster_age.setdefault(e.article_id, first_seen)
        self.shingles[e.article_id] = k.shingles
        self.truncated[e.article_id] = e.truncated
        for key in k.keys:  # later articles of this batch find this one
            self.hits.setdefault(key, []).append(e.article_id)
        return link

    def apply_merges(self) -> None:
        """Move the members of every merged cluster to the cluster that won (the earliest)."""
        for loser in list(self.merged):
            winner = loser
            while winner in self.merged:
                winner = self.merged[winner]
            self.conn.execute(update(t.near_dups).where(t.near_dups.c.cluster_id == loser).values(cluster_id=winner))
