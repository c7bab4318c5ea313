"""language_score: py3langid's probability for the article's language, stored and exported on both
backends; a float in (0, 1] wherever there is a language, null only where there is none."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
from sqlalchemy import select

from cli_support import run_cli_in_process as _cli
from ingest import runs
from ingest.settings import Settings
from ingest.store import SqlStore, schema
from store.test_near_dups import OTHER_DE, STORY_EN

# Names only: no language can be told from them, and the page declares none.
NAMES = "Anna Berg, Jean Dupont, Olga Ivanova, Pedro Ruiz, Li Wei, Ahmed Khan, Yuki Sato, Maria Rossi."


def _inputs(tmp_path):
    rows = [
        {"url": "https://westmere.example/quay", "text": STORY_EN},
        {"url": "https://kleinau.example/rat", "html": f"<html><body><article><p>{OTHER_DE}</p></article></body></html>"},
        # Too little prose to detect: the page's own lang="de" names the language, the score says how
        # little the text bears it out.
        {"url": "https://kleinau.example/team", "html": f'<html lang="de-DE"><head><title>Team</title></head>'
                                                        f"<body><article><h1>Team</h1><p>{NAMES}</p></article></body></html>"},
        {"url": "https://nowhere.example/names", "text": f"{NAMES}\n\nXqzt vlorp mekk dran ulvo presk wint gadd oomb fiska.\n"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _by_url(rows):
    return {r["url"] or r["source_uri"]: r for r in rows}


def test_language_score_is_stored_and_exported(store_url, tmp_path):
    settings = Settings(store_url=store_url, raw_zone=tmp_path / "zone")
    runs.run([str(_inputs(tmp_path))], settings)
    with SqlStore(store_url) as store, store.engine.connect() as conn:
        a = schema.articles.c
        stored = {r.url: (r.language, r.language_score)
                  for r in conn.execute(select(a.url, a.language, a.language_score, a.source_uri))}
    assert len(stored) == 4, stored
    url = {k.rsplit("/", 1)[-1]: k for k in stored}
    assert stored[url["quay"]][0] == "en" and stored[url["quay"]][1] > 0.99
    assert stored[url["rat"]][0] == "de" and stored[url["rat"]][1] > 0.99
    team_lang, team_score = stored[url["team"]]
    assert team_lang == "de" and 0 < team_score < 0.5  # declared, and the names do not read as German
    assert stored[url["names"]] == (None, None)
    for lang, score in stored.values():
        assert (score is None) == (lang is None)
        assert score is None or (isinstance(score, float) and 0 < score <= 1)

    out = tmp_path / "a.jsonl"
    code, _, err = _cli("export", "--format", "jsonl", "--out", str(out), "--store", store_url)
    assert code == 0, err
    jsonl = {r["url"]: (r["language"], r["language_score"]) for r in map(json.loads, out.read_text().splitlines())}
    assert jsonl == stored
    out = tmp_path / "a.parquet"
    code, _, err = _cli("export", "--format", "parquet", "--out", str(out), "--store", store_url)
    assert code == 0, err
    table = pq.read_table(out)
    assert {r["url"]: (r["language"], r["language_score"]) for r in table.to_pylist()} == stored


def test_a_language_off_run_stores_no_score(tmp_path):
    settings = Settings(store_url=f"sqlite:///{tmp_path / 's.db'}", raw_zone=tmp_path / "zone", detect_language=False)
    runs.run([str(_inputs(tmp_path))], settings)
    with SqlStore(settings.store_url) as store, store.engine.connect() as conn:
        scores = {r.url.rsplit("/", 1)[-1]: (r.language, r.language_score)
                  for r in conn.execute(select(schema.articles.c.url, schema.articles.c.language,
                                               schema.articles.c.language_score))}
    # Detection off: the page's declared language is kept, but nothing was identified, so no score.
    assert scores["team"] == ("de", None) and scores["quay"] == (None, None)
