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

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
from sqlalchemy import BigInteger, Connection, any_, bindparam, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY

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
# How far below a threshold a signature estimate may fall and the pair still get the exact check: three
# standard deviations of a 128-slot estimate at Jaccard 0.5 (0.044 each).
PREFILTER_MARGIN = 0.15
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
    keyed: dedup.Keyed | None = None  # dedup.prepare(text), when the caller has it (computed where it was cleaned)


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


def _keys_of(signature: bytes | None, lead_key: int | None) -> list[int]:
    """The bucket keys an indexed article was stored under (recomputed from its signature)."""
    keys = dedup.band_keys(np.frombuffer(signature, dtype="<u8")) if signature is not None else []
    return list(dict.fromkeys(keys + ([lead_key] if lead_key is not None else [])))


def _drop_keys(conn: Connection, rows: Iterable[Mapping]) -> None:
    pairs = [{"b": key, "s": r["seq"]} for r in rows if r["seq"] is not None
             for key in _keys_of(r["signature"], r["lead_key"])]
    if pairs:
        b = t.near_dup_buckets.c
        conn.execute(delete(t.near_dup_buckets).where(b.bucket == bindparam("b"), b.seq == bindparam("s")), pairs)


def forget(conn: Connection, raw_ids: Sequence[str], keep: Iterable[str] = ()) -> None:
    """Drop the index rows of these documents' articles, except `keep` (a re-cleaned document that now
    has fewer articles, or failed)."""
    keep = set(keep)
    n = t.near_dups.c
    gone = [dict(r) for chunk in _chunks(raw_ids) for r in conn.execute(
        select(n.article_id, n.seq, n.signature, n.lead_key).where(n.raw_id.in_(chunk))).mappings()
        if r["article_id"] not in keep]
    _drop_keys(conn, gone)
    for chunk in _chunks([r["article_id"] for r in gone]):
        conn.execute(delete(t.near_dups).where(n.article_id.in_(chunk)))


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
    signature: np.ndarray | None
    shingles: int


def index_articles(conn: Connection, entries: Sequence[Entry], *, texts: TextLookup | None = None,
                   now: str | None = None) -> list[Link]:
    """Link each entry against every article indexed before it (stored, or earlier in `entries`) and
    persist its row and buckets; returns one Link per entry, in order. Call inside the batch's write
    transaction, after `lock`. An article indexed before with the same text keeps its row; one whose
    text changed keeps its first_seen and is linked again against the articles older than it."""
    if not entries:
        return []
    texts = texts or stored_texts(conn)
    keyed = [e.keyed if e.keyed is not None else dedup.prepare(e.text) for e in entries]
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
    _drop_keys(conn, [existing[entries[i].article_id] for i in todo if entries[i].article_id in existing])
    batch = _Batch(conn, texts, {key for i in todo for key in keyed[i].keys}, existing)
    base = datetime.fromisoformat(now or utc_now())
    next_seq = (conn.scalar(select(func.max(t.near_dups.c.seq))) or 0) + 1
    rows, buckets = [], []
    for n, i in enumerate(todo):
        e, k = entries[i], keyed[i]
        old = existing.get(e.article_id)
        if old is not None and old["seq"] is not None:
            seq, first_seen = old["seq"], old["first_seen"]
        else:
            seq, next_seq = next_seq, next_seq + 1
            first_seen = old["first_seen"] if old else (base + timedelta(microseconds=n)).isoformat(timespec="microseconds")
        link = batch.link(e, k, first_seen)
        links[i] = link
        rows.append({"article_id": e.article_id, "raw_id": e.raw_id, "cluster_id": link.cluster_id,
                     "first_seen": first_seen, "linked_to": link.linked_to, "relation": link.relation,
                     "jaccard": link.jaccard, "containment": link.containment, "shingles": len(k.shingles),
                     "signature": _sig_bytes(k.signature), "seq": seq, "lead_key": k.lead})
        buckets += [(key, seq) for key in dict.fromkeys(k.keys)]
    upsert(conn, t.near_dups, rows)
    _insert_keys(conn, sorted(buckets))  # in key order: neighbouring keys share B-tree pages
    batch.apply_merges()
    # A merge may have moved a cluster this batch linked into: report what is stored.
    return [_relabel(links[i], batch.merged) for i in range(len(entries))]


def _one_of(conn: Connection, column, values: Sequence[int]):
    """`column IN (values)` with the values in one bound parameter — a JSON array read by json_each on
    SQLite, an array on PostgreSQL — instead of 16,000 placeholders compiled into each batch's query."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam("keys", list(values), type_=ARRAY(BigInteger)))
    each = func.json_each(bindparam("keys", json.dumps(list(values)))).table_valued("value")
    return column.in_(select(each.c.value))


def _insert_keys(conn: Connection, pairs: list[tuple[int, int]]) -> None:
    """Store (bucket, seq) rows through the driver's executemany: 33 rows an article, the index's
    largest write, without building a dict per row. Plain SQL both dialects accept (ON CONFLICT: a
    re-indexed article may keep a key)."""
    if pairs:
        mark = "%s" if conn.dialect.name == "postgresql" else "?"
        conn.exec_driver_sql(f"INSERT INTO near_dup_buckets (bucket, seq) VALUES ({mark}, {mark}) "
                             "ON CONFLICT DO NOTHING", pairs)


def rebuild_keys(conn: Connection) -> None:
    """Give every indexed article a seq (in first_seen order) and store its bucket keys again (schema
    v8: the keys of v4 pointed at article ids). Lead keys are recomputed from the stored texts."""
    n, a = t.near_dups.c, t.articles.c
    rows = conn.execute(select(n.article_id, n.signature, a.text).outerjoin(t.articles, a.article_id == n.article_id)
                        .order_by(n.first_seen, n.article_id)).all()
    updates, buckets = [], []
    for seq, (aid, sig, txt) in enumerate(rows, start=1):
        lead = dedup.lead_key(dedup.words(txt)) if txt is not None and sig is not None else None
        updates.append({"aid": aid, "seq": seq, "lead": lead})
        buckets += [(key, seq) for key in _keys_of(bytes(sig) if sig is not None else None, lead)]
    if updates:
        conn.execute(update(t.near_dups).where(n.article_id == bindparam("aid"))
                     .values(seq=bindparam("seq"), lead_key=bindparam("lead")), updates)
    _insert_keys(conn, sorted(buckets))


def _relabel(link: Link, merged: Mapping[str, str]) -> Link:
    cluster = link.cluster_id
    while cluster in merged:
        cluster = merged[cluster]
    return link if cluster == link.cluster_id else Link(link.article_id, cluster, link.linked_to, link.relation,
                                                        link.jaccard, link.containment)


def _sig_bytes(sig: np.ndarray | None) -> bytes | None:
    return None if sig is None else sig.astype("<u8").tobytes()


def _sig_array(sig) -> np.ndarray | None:
    return None if sig is None else np.frombuffer(bytes(sig), dtype="<u8")


def _existing(conn: Connection, ids: Sequence[str]) -> dict[str, dict]:
    n = t.near_dups.c
    out = {}
    for chunk in _chunks(ids):
        q = select(n.article_id, n.cluster_id, n.first_seen, n.linked_to, n.relation, n.jaccard, n.containment,
                   n.shingles, n.signature, n.seq, n.lead_key).where(n.article_id.in_(chunk))
        for r in conn.execute(q).mappings():
            row = dict(r)
            row["signature"] = bytes(row["signature"]) if row["signature"] is not None else None
            out[r["article_id"]] = row
    return out


class _Batch:
    """Linking state of one batch: stored candidates fetched once (one join of the buckets with their
    articles' rows), in-batch articles added as they are indexed, clusters merged when an article joins
    two of them."""

    def __init__(self, conn: Connection, texts: TextLookup, keys: set[int], existing: dict[str, dict]):
        self.conn, self.texts = conn, texts
        self.hits: dict[int, list[str]] = {}
        self.known: dict[str, _Known] = {}
        self.shingles: dict[str, np.ndarray] = {}
        self.truncated: dict[str, bool] = {}
        self.merged: dict[str, str] = {}  # loser cluster → winner
        self.cluster_age: dict[str, str] = {}  # cluster id → first_seen of its root (when known)
        self._lookup(keys)
        for aid, row in existing.items():  # articles re-linked in this batch keep their age
            self.cluster_age.setdefault(aid, row["first_seen"])

    def _lookup(self, keys: set[int]) -> None:
        """bucket key → stored articles holding it, with what linking needs of them: one query per
        IN_CHUNK keys (one per batch), then one for the age of their clusters."""
        b, n = t.near_dup_buckets.c, t.near_dups.c
        roots: set[str] = set()
        for chunk in _chunks(sorted(keys)):
            q = (select(b.bucket, n.article_id, n.raw_id, n.cluster_id, n.first_seen, n.signature, n.shingles)
                 .join(t.near_dups, n.seq == b.seq).where(_one_of(self.conn, b.bucket, chunk)))
            for bucket, aid, rid, cluster, seen, sig, count in self.conn.execute(q):
                self.hits.setdefault(bucket, []).append(aid)
                if aid not in self.known:
                    self.known[aid] = _Known(rid, cluster, seen, _sig_array(sig), count)
                    roots.add(cluster)
        n = t.near_dups.c
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
        """Stored or earlier in-batch articles sharing a bucket, worth the exact check: sharing the lead
        key, or similar enough by their signatures (PREFILTER_MARGIN below a threshold), most shared
        buckets first."""
        counts: dict[str, int] = {}
        for key in k.keys:
            for aid in self.hits.get(key, ()):
                counts[aid] = counts.get(aid, 0) + 1
        lead = set(self.hits.get(k.lead, ())) if k.lead is not None else set()
        ranked = []
        for aid in counts:
            other = self.known.get(aid)
            if other is None or aid == e.article_id or other.raw_id == e.raw_id or other.first_seen >= first_seen:
                continue
            if aid in lead or _plausible(k, other):
                ranked.append(aid)
        ranked.sort(key=lambda aid: (-counts[aid], self.known[aid].first_seen, aid))
        return ranked

    def _shingles_of(self, ids: Sequence[str]) -> None:
        missing = [aid for aid in ids if aid not in self.shingles]
        if missing:
            for aid, (txt, truncated) in self.texts(missing).items():
                self.shingles[aid] = dedup.shingle_array(txt)
                self.truncated[aid] = truncated

    def link(self, e: Entry, k: dedup.Keyed, first_seen: str) -> Link:
        matches: list[tuple[dedup.Match, str]] = []
        if k.signature is not None:
            ranked = self._candidates(e, k, first_seen)
            seen_clusters: set[str] = set()
            verified = 0
            self._shingles_of(ranked[:VERIFY_LIMIT])
            for aid in ranked:
                if verified >= VERIFY_LIMIT:
                    break
                cluster = self._cluster(aid)
                if cluster in seen_clusters:
                    continue
                self._shingles_of([aid])
                if aid not in self.shingles:
                    continue
                verified += 1
                m = dedup.compare(k.shingles, self.shingles[aid], e.truncated, self.truncated[aid])
                if m is not None:
                    matches.append((m, aid))
                    seen_clusters.add(cluster)
        was_root = self.cluster_age.get(e.article_id) is not None and self._members_follow(e.article_id)
        if matches:
            best, best_id = max(matches, key=lambda mt: (mt[0].jaccard, mt[0].containment, mt[1]))
            clusters = {self._cluster(aid) for _, aid in matches}
            if was_root:
                clusters.add(e.article_id)  # it was a cluster's root: its members follow it
            winner = min(clusters, key=lambda c: (self._age(c, first_seen), c))
            for c in clusters - {winner}:
                self.merged[c] = winner
            link = Link(e.article_id, winner, best_id, best.relation, best.jaccard, best.containment)
        else:
            link = Link(e.article_id, e.article_id)
        self.known[e.article_id] = _Known(e.raw_id, link.cluster_id, first_seen, k.signature, len(k.shingles))
        self.cluster_age.setdefault(e.article_id, first_seen)
        self.shingles[e.article_id] = k.shingles
        self.truncated[e.article_id] = e.truncated
        for key in k.keys:  # later articles of this batch find this one
            self.hits.setdefault(key, []).append(e.article_id)
        return link

    def _members_follow(self, aid: str) -> bool:
        """Whether a re-linked article is the root of a stored cluster with other members."""
        n = t.near_dups.c
        return bool(self.conn.scalar(select(func.count()).select_from(t.near_dups)
                                     .where(n.cluster_id == aid, n.article_id != aid)))

    def apply_merges(self) -> None:
        """Move the members of every merged cluster to the cluster that won (the earliest)."""
        for loser in list(self.merged):
            winner = loser
            while winner in self.merged:
                winner = self.merged[winner]
            self.conn.execute(update(t.near_dups).where(t.near_dups.c.cluster_id == loser).values(cluster_id=winner))


def _plausible(k: dedup.Keyed, other: _Known) -> bool:
    """Could the pair pass the exact check? Jaccard estimated from the signatures, and the containment
    that Jaccard implies for the two shingle counts, each within PREFILTER_MARGIN of its threshold.
    Unrelated articles that met in one band by chance stop here, without their text being read."""
    if other.signature is None or k.signature is None:
        return False
    jac = dedup.estimate(k.signature, other.signature)
    if jac >= dedup.JACCARD_MIN - PREFILTER_MARGIN:
        return True
    small = min(len(k.shingles), other.shingles)
    inter = jac / (1 + jac) * (len(k.shingles) + other.shingles)
    return small >= dedup.CONTAINMENT_MIN_SHINGLES and inter / small >= dedup.CONTAINMENT_MIN - PREFILTER_MARGIN
