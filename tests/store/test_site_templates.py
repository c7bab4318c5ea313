"""Per-site templates on a real SQLite file and a real PostgreSQL database: a site of 20 pages sharing a
footer sentence gets a template; the 21st page loses the footer, the 20 lose it after
`rerun --outdated`, and a sentence quoted on 3 of the pages stays everywhere."""
from __future__ import annotations

import json
import random

from sqlalchemy import select

from cli_support import run_cli_in_process as _cli
from ingest import runs
from ingest.settings import Settings
from ingest.store import SqlStore, queries, schema

FOOTER = "The Westmere Courier is published every weekday by the Westmere Community Trust, a registered charity."
QUOTE = "“We will not let the harbour close without a fight,” the union's regional secretary told the meeting."
QUOTED_ON = (2, 7, 13)
_TOPICS = ("harbour", "school", "library", "bridge", "market", "tram", "clinic", "festival", "ferry", "museum",
           "stadium", "park", "river", "station", "theatre", "bakery", "orchard", "tunnel", "airport", "garden", "quay")
_VERBS = ("approved", "rejected", "postponed", "debated", "funded", "reviewed", "announced", "questioned")


def _page(i: int) -> str:
    rng = random.Random(i)
    topic = _TOPICS[i % len(_TOPICS)]
    paras = [f"The council {rng.choice(_VERBS)} plans for the {topic} on {rng.choice(('Monday', 'Friday'))} after "
             f"residents of the {rng.choice(_TOPICS)} district asked for {rng.randint(2, 90)} more "
             f"{rng.choice(('seats', 'staff', 'buses', 'trees'))}. Officials expect work on the {topic} to take "
             f"{rng.randint(2, 9)} months and cost {rng.randint(1, 40)} million." for _ in range(3)]
    lines = [f"Council {rng.choice(_VERBS)} {topic} plan {i}", *paras, *([QUOTE] if i in QUOTED_ON else []), FOOTER]
    return "\n\n".join(lines)


def _site(path, pages) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for i in pages:
            f.write(json.dumps({"url": f"https://www.courier.example/news/{i}", "text": _page(i)}) + "\n")


def _texts(store_url) -> dict[str, str]:
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        return {u: txt for u, txt in conn.execute(select(schema.documents.c.url, schema.articles.c.text)
                                                  .join(schema.articles, schema.articles.c.raw_id == schema.documents.c.raw_id))}


def test_a_site_footer_becomes_a_template_and_leaves_later_and_earlier_pages(store_url, tmp_path):
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone")
    _site(tmp_path / "first.jsonl", range(20))
    runs.run([str(tmp_path / "first.jsonl")], settings)
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        [(host, version, lines)] = conn.execute(select(schema.site_templates.c.host, schema.site_templates.c.version,
                                                       schema.site_templates.c.lines)).all()
        assert (host, version) == ("courier.example", 1)
        assert [ln["text"] for ln in json.loads(lines)] == [FOOTER]  # the quote (3 pages) is not a template
        assert len(runs.select_rerun(store, outdated=True)) == 20  # cleaned before their template existed
    assert all(FOOTER in txt for txt in _texts(store_url).values())

    _site(tmp_path / "second.jsonl", [20])
    runs.run([str(tmp_path / "second.jsonl")], settings)
    page21 = _texts(store_url)["https://www.courier.example/news/20"]
    assert FOOTER not in page21 and "Officials expect work" in page21
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        rid = conn.scalar(select(schema.documents.c.raw_id).where(schema.documents.c.url.like("%/news/20")))
    code, out, _ = _cli("explain", rid, "--store", store_url)
    flat = " ".join(out.split())  # the table wraps on a narrow terminal
    assert code == 0 and "template.site_repeat" in flat and "courier.example template v1 removed" in flat

    code, out, _ = _cli("show", rid, "--store", store_url)
    assert "site courier.example: cleaned with template v1 (latest v1)" in out
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        first = conn.scalar(select(schema.documents.c.raw_id).where(schema.documents.c.url.like("%/news/0")))
    assert "outdated: ingest rerun --outdated" in _cli("show", first, "--store", store_url)[1]
    summary = runs.rerun(settings, outdated=True)
    assert summary.stored == 20
    texts = _texts(store_url)
    assert len(texts) == 21 and not any(FOOTER in txt for txt in texts.values())
    for i in QUOTED_ON:  # the quoted sentence stays where it was
        assert QUOTE in texts[f"https://www.courier.example/news/{i}"]
    assert sum(QUOTE in txt for txt in texts.values()) == len(QUOTED_ON)
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        assert runs.select_rerun(store, outdated=True) == []  # the same lines: no new version
        assert conn.scalar(select(schema.site_templates.c.version).order_by(schema.site_templates.c.version.desc())) == 1
        assert queries.status(store.engine, runs.PROCESSING_VERSION).outdated == 0


def test_a_site_with_too_few_pages_gets_no_template(store_url, tmp_path):
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone")
    _site(tmp_path / "small.jsonl", range(9))
    runs.run([str(tmp_path / "small.jsonl")], settings)
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        assert conn.execute(select(schema.site_templates)).all() == []
        assert len(conn.execute(select(schema.document_hosts)).all()) == 9
    assert all(FOOTER in txt for txt in _texts(store_url).values())
