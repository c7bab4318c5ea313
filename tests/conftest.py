"""Shared fixtures. Generic on purpose: other test packages may add theirs here.

- `store_url`: one test body against a real SQLite file AND a real PostgreSQL database (a fresh
  database per test, from INGEST_TEST_PG_URL). Without that variable the PostgreSQL case is skipped,
  except under CI=true where it fails: CI must prove both backends.
- `corpus`: writes realistic documents of our own (several languages, HTML and text dumps, plus
  inputs that must fail) into a directory.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

PG_ENV = "INGEST_TEST_PG_URL"


def _pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set under CI: start PostgreSQL with .ci/start_postgres.sh")
        pytest.skip(f"{PG_ENV} not set (start one: INGEST_PG_PORT=54331 bash .ci/start_postgres.sh)")
    return url


def _admin(url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return psycopg.connect(host=u.host, port=u.port or 5432, user=u.username, password=u.password,
                           dbname=u.database, autocommit=True)


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for this test (dropped afterwards)."""
    from sqlalchemy.engine import make_url

    base = _pg_base_url()
    name = f"t_{secrets.token_hex(6)}"
    try:
        with _admin(base) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001 - report which server could not be reached
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL at {make_url(base).render_as_string(hide_password=True)} unusable: {exc}")
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with _admin(base) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A store URL on each backend: a real SQLite file, then a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'ingest.db'}"
    return request.getfixturevalue("pg_url")


_HTML = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {site}</title></head>
<body><nav><a href="/">{home}</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p class="byline">{by} Ana Ribeiro</p>
<p>{p1} ({n})</p><p>{p2}</p><p>{p3}</p></article>
<footer>© 2024 {site}</footer></body></html>"""

_TEXT = """{home} | Sport | Kontakt
{title}
{by} Ana Ribeiro | 12.03.2024

{p1} ({n})

EUR/USD 1.0842 +0.21%
GBP/USD 1.2710 -0.05%
DAX 17,842.10 +0.8%
Brent 82.40 -1.2%

{p2}

The new line will run every six minutes at peak hours #tram
— {site} (@harbour_news) March 12, 2024
https://twitter.com/harbour_news/status/1767512345678901234

{p3}
"""

DOCS = {
    "en": ("City council approves new tram line", "Daily Harbour", "Home", "By",
           "The council voted on Tuesday evening to extend the tram network to the northern districts, "
           "a project residents have asked for since the old bus depot closed.",
           "Construction is expected to begin next spring and last about three years, according to the "
           "transport department, which published the plans after months of consultation.",
           "Shop owners along the route welcomed the decision but asked for support during the works."),
    "de": ("Stadtrat beschließt neue Straßenbahnlinie", "Hafenbote", "Startseite", "Von",
           "Der Stadtrat hat am Dienstagabend beschlossen, das Straßenbahnnetz bis in die nördlichen "
           "Stadtteile zu verlängern, wie es Anwohner seit Jahren fordern.",
           "Die Bauarbeiten sollen im kommenden Frühjahr beginnen und etwa drei Jahre dauern, teilte das "
           "Verkehrsamt mit, das die Pläne nach monatelanger Beteiligung veröffentlichte.",
           "Die Geschäftsleute entlang der Strecke begrüßten den Beschluss, baten aber um Unterstützung."),
    "fr": ("Le conseil municipal approuve une nouvelle ligne de tram", "Le Courrier du Port", "Accueil", "Par",
           "Le conseil a voté mardi soir le prolongement du réseau de tramway vers les quartiers nord, "
           "un projet réclamé par les habitants depuis la fermeture de l'ancien dépôt de bus.",
           "Les travaux devraient commencer au printemps prochain et durer environ trois ans, selon le "
           "service des transports, qui a publié les plans après des mois de concertation.",
           "Les commerçants du tracé ont salué la décision tout en demandant un soutien pendant les travaux."),
    "es": ("El ayuntamiento aprueba una nueva línea de tranvía", "El Diario del Puerto", "Inicio", "Por",
           "El pleno votó el martes por la noche la ampliación de la red de tranvía hacia los barrios del "
           "norte, un proyecto que los vecinos reclamaban desde el cierre de la antigua cochera.",
           "Las obras comenzarán la próxima primavera y durarán unos tres años, según el departamento de "
           "transporte, que publicó los planos tras meses de consultas.",
           "Los comerciantes del recorrido celebraron la decisión, aunque pidieron apoyo durante las obras."),
}


def write_corpus(directory: Path, n: int = 12, *, bad: bool = True) -> list[Path]:
    """n documents cycling languages and formats (HTML / text dump), each with unique content; with
    `bad`, also an empty file and a binary file, which must become failure rows."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    langs = sorted(DOCS)
    for i in range(n):
        lang = langs[i % len(langs)]
        title, site, home, by, p1, p2, p3 = DOCS[lang]
        fields = dict(lang=lang, title=title, site=site, home=home, by=by, p1=p1, p2=p2, p3=p3, n=i)
        html = i % 2 == 0
        path = directory / f"{lang}-{i:05d}.{'html' if html else 'txt'}"
        path.write_text((_HTML if html else _TEXT).format(**fields), encoding="utf-8")
        paths.append(path)
    if bad:
        (directory / "empty.txt").write_bytes(b"")
        (directory / "binary.txt").write_bytes(bytes(range(256)) * 8)
        paths += [directory / "empty.txt", directory / "binary.txt"]
    return paths


@pytest.fixture
def write_docs():
    """write_corpus itself, for tests that need another size (fixtures avoid importing conftest)."""
    return write_corpus


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server (SQLite in a temp dir) for the whole session; offline, quiet."""
    for name, value in {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                        "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false"}.items():
        os.environ.setdefault(name, value)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def corpus(tmp_path):
    """A directory of documents (see write_corpus) and the list of its files."""
    directory = tmp_path / "corpus"
    return directory, write_corpus(directory)


@pytest.fixture
def stored(tmp_path, corpus):
    """The corpus run into a fresh SQLite store (--no-flow): (store url, corpus paths, run summary)."""
    import json

    from cli_support import run_cli_in_process

    directory, paths = corpus
    url = f"sqlite:///{tmp_path / 'clean' / 'ingest.db'}"
    code, out, err = run_cli_in_process("run", "--no-flow", "--json", str(directory), "--store", url,
                                        "--raw-zone", str(tmp_path / "landing"))
    assert code == 0, err
    return url, paths, json.loads(out)
