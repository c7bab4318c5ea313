"""The persistent near-duplicate index, on a real SQLite file and a real PostgreSQL database: links
across runs, teasers to their article, stable cluster ids, concurrent writers, and what `show` and
`export` say about it."""
from __future__ import annotations

import json
import random
import threading
import time

from sqlalchemy import select

from cli_support import run_cli_in_process as _cli
from ingest import runs
from ingest.ids import article_id
from ingest.pipeline import raw_from_bytes
from ingest.records import CleanArticle, CleanDocument
from ingest.settings import Settings
from ingest.store import SqlStore, near_dups, queries, schema
from ingest.store.engine import writing

STORY_EN = (
    "The harbour board of Westmere voted on Thursday to close the old grain quay by the end of next year, "
    "ending almost ninety years of cargo handling beside the town centre. Board members said the quay walls "
    "had become too costly to repair after the spring floods undermined two of its cranes. Dock workers, "
    "most of whom live in the streets behind the quay, filled the meeting room and warned that moving the "
    "trade to the outer port would add an hour to every shift. The chair promised a retraining fund and a "
    "study of a smaller berth for fishing boats, but gave no figure for either. A decision on the budget is "
    "due in April, when the regional council presents its transport plan for the coming decade."
)
REEDITED_EN = (
    "Westmere's harbour board voted on Thursday to close the old grain quay by the end of next year, "
    "ending almost ninety years of cargo handling beside the town centre. Board members said the quay walls "
    "had become far too expensive to repair after the spring floods undermined two of its cranes. Dock workers, "
    "most of whom live in the streets behind the quay, packed the meeting room and warned that moving the "
    "trade to the outer port would add an hour to every shift. The chair promised a retraining fund and a "
    "study of a smaller berth for fishing boats, but gave no figure for either."
)
OTHER_DE = (
    "Die Stadtwerke von Kleinau haben am Montag eine neue Wärmepumpe für das Hallenbad in Betrieb genommen. "
    "Nach Angaben des Betriebsleiters spart die Anlage im Jahr rund zweihundert Tonnen Kohlendioxid und "
    "senkt die Heizkosten um fast ein Drittel. Badegäste bemerkten von der Umstellung nichts, nur die "
    "Öffnungszeiten am Wochenende wurden für die Bauarbeiten zweimal verkürzt. Der Gemeinderat will nun "
    "prüfen, ob auch die Schulen der Stadt auf diese Weise beheizt werden können."
)


def _settings(store_url, tmp_path) -> Settings:
    return Settings(store_url=store_url, raw_zone=tmp_path / "zone")


def _cluster_rows(store_url) -> dict[str, dict]:
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        return {r["article_id"]: dict(r) for r in conn.execute(select(schema.near_dups)).mappings()}


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _raw_id(path) -> str:
    return raw_from_bytes(path.read_bytes(), str(path)).raw_id


def test_a_near_duplicate_in_a_second_run_joins_the_first_runs_cluster(store_url, tmp_path):
    settings = _settings(store_url, tmp_path)
    first = _write(tmp_path / "one" / "quay.txt", STORY_EN)
    other = _write(tmp_path / "one" / "heat.txt", OTHER_DE)
    runs.run([str(tmp_path / "one")], settings)
    copy = _write(tmp_path / "two" / "quay-copy.txt", REEDITED_EN)
    runs.run([str(tmp_path / "two")], settings)

    rows = _cluster_rows(store_url)
    a, b, c = (article_id(_raw_id(p), 0) for p in (first, copy, other))
    assert rows[b]["cluster_id"] == a and rows[b]["linked_to"] == a and rows[b]["relation"] == "copy"
    assert rows[b]["jaccard"] >= 0.5
    assert rows[a]["cluster_id"] == a and rows[a]["linked_to"] is None
    assert rows[c]["cluster_id"] == c  # another story: its own cluster
    assert rows[a]["first_seen"] < rows[b]["first_seen"]

    # show: the cluster and its other member, as text and as JSON
    code, out, _ = _cli("show", b[:12], "--store", store_url)
    assert code == 0 and f"near-duplicate cluster {a[:12]} (2 article(s))" in out
    assert f"earliest  {a[:12]}  {first}" in out
    code, out, _ = _cli("show", b[:12], "--json", "--store", store_url)
    [cluster] = json.loads(out)["near_duplicates"]
    assert cluster["cluster_id"] == a and [m["article_id"] for m in cluster["members"]] == [a]

    # export: every article carries its cluster id
    target = tmp_path / "out.jsonl"
    assert _cli("export", "--out", str(target), "--store", store_url)[0] == 0
    exported = {r["article_id"]: r["cluster_id"] for r in map(json.loads, target.read_text().splitlines())}
    assert exported == {a: a, b: a, c: c}


def test_running_again_leaves_the_index_as_it_is(store_url, tmp_path):
    settings = _settings(store_url, tmp_path)
    _write(tmp_path / "in" / "quay.txt", STORY_EN)
    _write(tmp_path / "in" / "copy.txt", REEDITED_EN)
    runs.run([str(tmp_path / "in")], settings)
    before = _cluster_rows(store_url)
    with SqlStore(store_url) as store:
        runs.rerun(settings, ids=[next(iter(before))])  # re-cleaned with the same text: same row
    assert _cluster_rows(store_url) == before
    assert len({r["cluster_id"] for r in before.values()}) == 1


def _doc(raw_id: str, *articles: tuple[str, bool], kind: str = "article") -> CleanDocument:
    return CleanDocument(raw_id, f"test://{raw_id}", kind,
                         tuple(CleanArticle(text=txt, truncated=tr, word_count=len(txt.split())) for txt, tr in articles),
                         ())


def _rid(n: int) -> str:
    return f"{n:064x}"


def test_a_listing_teaser_is_linked_to_its_full_article(store_url):
    # The teaser is the article's first sentence: too little of a long article for any LSH band to
    # meet (Jaccard ≈ 0.07); the lead key finds it.
    article = STORY_EN + " " + " ".join(_sentences(20, seed=11))
    lead = STORY_EN.split(". ")[0] + "."
    unrelated_teaser = OTHER_DE.split(". ")[0] + ". " + OTHER_DE.split(". ")[1] + "."
    with SqlStore(store_url) as store:
        store.write_outcomes([_doc(_rid(1), (article, False))], "run-1")
        store.write_outcomes([_doc(_rid(2), (lead, True), (unrelated_teaser, True), kind="listing")], "run-2")
    rows = _cluster_rows(store_url)
    full, teaser, other = article_id(_rid(1), 0), article_id(_rid(2), 0), article_id(_rid(2), 1)
    assert rows[teaser]["linked_to"] == full and rows[teaser]["relation"] == "teaser"
    assert rows[teaser]["cluster_id"] == full and rows[teaser]["containment"] >= 0.9
    assert rows[other]["cluster_id"] == other and rows[other]["linked_to"] is None


def _sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocab = ("river bridge council budget school harbour market winter train museum election library "
             "forest farmers tunnel station clinic festival mayor workers storm village ferry garden").split()
    return [" ".join(rng.choice(vocab) for _ in range(9)).capitalize() + f" number {i}." for i in range(n)]


def test_an_article_joining_two_clusters_merges_them_into_the_earliest(store_url):
    s = _sentences(16, seed=7)
    # z holds both (Jaccard 0.62 with each: a candidate of each with probability 0.995), x and y overlap barely
    x, y, z = " ".join(s[0:10]), " ".join(s[6:16]), " ".join(s[0:16])
    with SqlStore(store_url) as store:
        for n, body in enumerate((x, y, z), start=1):
            store.write_outcomes([_doc(_rid(n), (body, False))], f"run-{n}")
    rows = _cluster_rows(store_url)
    ax, ay, az = (article_id(_rid(n), 0) for n in (1, 2, 3))
    assert rows[ay]["linked_to"] is None  # y alone did not match x
    assert {rows[a]["cluster_id"] for a in (ax, ay, az)} == {ax}


def test_a_re_cleaned_document_with_fewer_articles_or_a_failure_leaves_no_stale_rows(store_url):
    s = _sentences(20, seed=3)
    with SqlStore(store_url) as store:
        store.write_outcomes([_doc(_rid(1), (" ".join(s[:10]), True), (" ".join(s[10:]), True), kind="listing")], "r1")
        assert len(_cluster_rows(store_url)) == 2
        store.write_outcomes([_doc(_rid(1), (" ".join(s[:10]), False))], "r2")
        assert set(_cluster_rows(store_url)) == {article_id(_rid(1), 0)}
        from ingest.records import FailedDocument

        store.write_outcomes([FailedDocument(_rid(1), "test://1", "decode", "UnreadableInput", "bad")], "r3")
        assert _cluster_rows(store_url) == {}
        with store.engine.connect() as conn:
            assert conn.execute(select(schema.near_dup_buckets)).all() == []


def test_two_writers_storing_near_duplicates_at_once_still_link_them(store_url):
    """Writer A indexes the story and holds its transaction open; writer B stores the copy meanwhile.
    B must wait for A (the lock) and then see A's article: without the lock B would look up before A
    commits and miss it."""
    indexed, results = threading.Event(), {}
    texts = {article_id(_rid(1), 0): (STORY_EN, False)}

    def writer_a():
        with SqlStore(store_url) as store, writing(store.engine) as conn:
            near_dups.lock(conn)
            near_dups.index_articles(conn, [near_dups.Entry(article_id(_rid(1), 0), _rid(1), STORY_EN)],
                                     texts=lambda ids: {i: texts[i] for i in ids if i in texts})
            indexed.set()
            time.sleep(1.5)  # B runs now

    def writer_b():
        indexed.wait(30)
        with SqlStore(store_url) as store, writing(store.engine) as conn:
            near_dups.lock(conn)
            results["b"] = near_dups.index_articles(
                conn, [near_dups.Entry(article_id(_rid(2), 0), _rid(2), REEDITED_EN)],
                texts=lambda ids: {i: texts[i] for i in ids if i in texts})

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    [link] = results["b"]
    assert link.linked_to == article_id(_rid(1), 0) and link.cluster_id == article_id(_rid(1), 0)


def test_byte_copies_under_two_paths_in_one_run_keep_both_sources(store_url, tmp_path):
    settings = _settings(store_url, tmp_path)
    one = _write(tmp_path / "in" / "a" / "page.txt", STORY_EN)
    two = _write(tmp_path / "in" / "b" / "same.txt", STORY_EN)
    summary = runs.run([str(tmp_path / "in")], settings)
    assert summary.stored == 1 and summary.unchanged == 1
    sources = runs.sources_of(settings, _raw_id(one))
    assert sorted(s["source_uri"] for s in sources) == sorted([str(one), str(two)])
    assert len(_cluster_rows(store_url)) == 1  # one document, one article, one index row


def test_clusters_of_reports_members_in_order(store_url):
    with SqlStore(store_url) as store:
        store.write_outcomes([_doc(_rid(1), (STORY_EN, False))], "r1")
        store.write_outcomes([_doc(_rid(2), (REEDITED_EN, False))], "r2")
        [cluster] = queries.clusters_of(store.engine, _rid(2))
    assert cluster.size == 2 and cluster.cluster_id == article_id(_rid(1), 0)
    assert [m.article_id for m in cluster.members] == [article_id(_rid(1), 0)]


def test_v8_rebuilds_buckets_of_the_v4_shape_and_links_still_work(store_url):
    """A store whose near_dup_buckets point at article ids (v4 shape, what v7 stores hold) is upgraded
    in place: seq assigned, keys rebuilt, and a copy stored afterwards still finds the older story."""
    import sqlalchemy as sa

    with SqlStore(store_url) as store:
        store.write_outcomes([_doc(_rid(1), (STORY_EN, False))], "r1")
        with writing(store.engine) as conn:
            conn.execute(sa.text("DROP TABLE near_dup_buckets"))
            conn.execute(sa.text("CREATE TABLE near_dup_buckets (bucket BIGINT NOT NULL, article_id VARCHAR(64) "
                                 "NOT NULL, PRIMARY KEY (bucket, article_id))"))
            conn.execute(sa.update(schema.near_dups).values(seq=None, lead_key=None))
            conn.execute(sa.delete(schema.schema_version).where(schema.schema_version.c.version >= 8))
    with SqlStore(store_url) as store:
        with store.engine.connect() as conn:
            assert "seq" in {c["name"] for c in sa.inspect(conn).get_columns("near_dup_buckets")}
            assert conn.scalar(sa.select(schema.near_dups.c.seq)) == 1
            assert conn.scalar(sa.select(sa.func.count()).select_from(schema.near_dup_buckets)) == 33
        store.write_outcomes([_doc(_rid(2), (REEDITED_EN, False))], "r2")
    assert _cluster_rows(store_url)[article_id(_rid(2), 0)]["cluster_id"] == article_id(_rid(1), 0)
