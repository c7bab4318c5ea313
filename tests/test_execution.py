"""Choosing where a run's batches go (--workers / --dask / the environment), refusing what the workers
could not share, and keeping the store password out of everything that leaves the process."""
from __future__ import annotations

import json

import pytest
from cli_support import run_cli_in_process

from sqlalchemy import select

from ingest.errors import ConfigError
from ingest.execution import DASK_ENV, WORKERS_ENV, Execution, available_cores, check_store, choose
from ingest.store import SqlStore, schema
from ingest.store.credentials import PASSWORD_ENV, reference, resolve, split_password
from ingest.store.engine import redacted

# Passwords people type: unescaped "@", ":", "/", "?", "#", percent signs, spaces.
ODD_PASSWORDS = ["plain-Secret1", "p@ss:w/o#rd", "S3cr@t?x=1", "a%40b%2Fc", "sp ace@@twice", "end@"]


def test_explicit_choice_wins_over_the_environment_which_wins_over_every_core():
    env = {WORKERS_ENV: "3"}
    assert choose(5, env=env) == Execution(workers=5)
    assert choose(None, env=env) == Execution(workers=3)
    assert choose(None, env={}) == Execution(workers=available_cores())
    assert choose(0, env=env).workers == available_cores()  # 0 = every core
    assert not choose(2, env={}).remote
    remote = choose(None, None, env={DASK_ENV: "tcp://10.0.0.5:8786", WORKERS_ENV: "1"})
    assert remote.remote and remote.dask_address == "tcp://10.0.0.5:8786"
    assert choose(1, "scheduler:8786", env={}).dask_address == "scheduler:8786"


@pytest.mark.parametrize("workers, address, env, setting", [
    (-1, None, {}, "workers"),
    (None, None, {WORKERS_ENV: "many"}, WORKERS_ENV),
    (None, "http://host:8786", {}, "dask"),
    (None, "tcp://:8786", {}, "dask"),
])
def test_bad_choices_name_the_setting(workers, address, env, setting):
    with pytest.raises(ConfigError) as exc:
        choose(workers, address, env=env)
    assert exc.value.setting == setting


def test_a_remote_cluster_refuses_sqlite_but_a_local_one_shares_it():
    check_store(Execution(workers=4), "sqlite:///clean/ingest.db")  # one box: SQLite is shared fine
    check_store(Execution(dask_address="tcp://h:8786"), "postgresql+psycopg://u@db/ingest")
    with pytest.raises(ConfigError, match="SQLite"):
        check_store(Execution(dask_address="tcp://h:8786"), "sqlite:///clean/ingest.db")


def test_ingest_run_refuses_sqlite_with_a_remote_cluster_in_one_line(tmp_path, corpus, monkeypatch):
    directory, _ = corpus
    db = tmp_path / "store" / "ingest.db"
    argv = ["run", str(directory), "--store", f"sqlite:///{db}", "--raw-zone", str(tmp_path / "zone")]
    code, out, err = run_cli_in_process(*argv, "--dask", "tcp://127.0.0.1:8786")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "SQLite" in err and "PostgreSQL" in err, err
    monkeypatch.setenv(DASK_ENV, "tcp://127.0.0.1:8786")  # the same from the environment
    code, _, err = run_cli_in_process(*argv)
    assert code == 2 and "SQLite" in err
    assert not db.exists() and not (tmp_path / "zone").exists()  # refused before any work


def test_a_cluster_without_the_flow_is_refused(tmp_path, corpus):
    directory, _ = corpus
    code, _, err = run_cli_in_process("run", "--no-flow", str(directory), "--store",
                                      "postgresql://u:pw@127.0.0.1:1/db", "--dask", "tcp://127.0.0.1:8786")
    assert code == 2 and "--no-flow" in err and len(err.strip().splitlines()) == 1


def test_workers_without_the_flow_clean_on_several_cores_and_store_the_same(tmp_path, corpus):
    directory, paths = corpus
    summaries = {}
    for workers in (1, 2):
        url = f"sqlite:///{tmp_path / f'w{workers}.db'}"
        code, out, err = run_cli_in_process("run", "--no-flow", "--json", str(directory), "--store", url,
                                            "--raw-zone", str(tmp_path / f"zone{workers}"), "--batch-size", "4",
                                            "--workers", str(workers))
        assert code == 0, err
        summaries[workers] = {k: v for k, v in json.loads(out).items() if k not in ("run_id", "seconds", "steps",
                                                                                 "total_seconds")}
        with SqlStore(url) as store, store.engine.connect() as conn:
            summaries[workers]["articles"] = sorted(conn.execute(select(schema.articles.c.raw_id,
                                                                        schema.articles.c.text)).all())
    assert summaries[1] == summaries[2]
    assert summaries[1]["stored"] == len(paths) - 2 and len(summaries[1]["articles"]) == len(paths) - 2


@pytest.mark.parametrize("password", ODD_PASSWORDS)
def test_a_store_reference_carries_no_password_and_resolves_to_the_url(password):
    url = f"postgresql+psycopg://ingest:{password}@db.example:5432/ingest?sslmode=require"
    env: dict[str, str] = {}
    ref = reference(url, env)
    assert password not in ref.url and ref.url == "postgresql+psycopg://ingest@db.example:5432/ingest?sslmode=require"
    assert ref.password_env == PASSWORD_ENV and env == {PASSWORD_ENV: password}
    assert resolve(ref.url, ref.password_env, env) == url  # on the worker: the URL as given
    assert resolve(ref.url, ref.password_env, {}) == ref.url  # no variable there: libpq may find one
    assert split_password(url) == (ref.url, password)
    shown = redacted(url)
    assert password not in shown and "ingest:***@" in shown


def test_a_url_without_a_password_is_its_own_reference():
    for url in ("sqlite:///clean/ingest.db", "postgresql+psycopg://postgres@127.0.0.1:5432/ingest"):
        env: dict[str, str] = {}
        assert reference(url, env).url == url and reference(url, env).password_env is None and env == {}
    env = {}
    ref = reference("postgresql://u@h/db?sslmode=require&password=Hidden1", env)
    assert "Hidden1" not in ref.url and env[PASSWORD_ENV] == "Hidden1"


@pytest.mark.parametrize("password", ["p@ss:w/o#rd", "S3cr@t?x=1", "sp ace@@twice"])
def test_an_unreachable_store_with_an_odd_password_is_one_line_without_it(tmp_path, corpus, password):
    directory, _ = corpus
    code, out, err = run_cli_in_process("run", "--no-flow", str(directory), "--raw-zone", str(tmp_path / "zone"),
                                        "--store", f"postgresql://bob:{password}@127.0.0.1:1/ingest")
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert "127.0.0.1" in err and "bob:***@" in err
    for piece in {password, *[p for p in password.replace("@", " ").replace("?", " ").replace("#", " ").split()
                              if len(p) > 2]}:
        assert piece not in err + out, piece
