"""A store's rows as comparable data, for tests that check two ways of running store the same thing."""
from __future__ import annotations

from sqlalchemy import select

from ingest.store import SqlStore, queries, schema

# Columns saying when or in which run: they differ between two runs by design.
WHEN = ("run_id", "stored_at", "processed_at", "failed_at", "landed_at", "first_seen", "created_at")
# The near-duplicate index records the order batches committed in (seq, which member of a cluster came
# first and what it was linked to); batches on several workers commit in any order, so only the
# clusters' membership must agree.
ORDER = {"near_dups": ("seq", "cluster_id", "linked_to", "relation", "jaccard", "containment"),
         "near_dup_buckets": ("seq",)}


def store_snapshot(url: str) -> dict:
    """Every table but runs, without the WHEN and ORDER columns, plus the near-duplicate clusters as sets."""
    with SqlStore(url) as store, store.engine.connect() as conn:
        snap = {t.name: sorted(tuple((k, v) for k, v in r.items() if k not in WHEN + ORDER.get(t.name, ()))
                               for r in conn.execute(select(t)).mappings())
                for t in queries.TABLES if t.name != "runs"}
        clusters: dict[str, set] = {}
        for aid, cluster in conn.execute(select(schema.near_dups.c.article_id, schema.near_dups.c.cluster_id)):
            clusters.setdefault(cluster, set()).add(aid)
        snap["clusters"] = sorted(sorted(m) for m in clusters.values())
        return snap
