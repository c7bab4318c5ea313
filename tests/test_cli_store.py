"""The store verbs of the CLI, in-process (library path, --no-flow): exit codes, output, exports."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from cli_support import run_cli_in_process as _cli
from ingest.clean import clean
from ingest.export import COLUMNS, arrow_schema


def test_run_summary_counts_outcomes_rules_and_failures(stored):
    _, paths, summary = stored
    assert summary["documents"] == len(paths)
    assert (summary["stored"], summary["failed"]) == (len(paths) - 2, 2)
    assert summary["failures_by_reason"] == {"decode:UnreadableInput": 2}
    assert summary["removals_by_rule"]["social_embeds.attributed_post"] == (len(paths) - 2) // 2


def test_run_prints_a_readable_summary_and_strict_exits_1(tmp_path, corpus):
    directory, _ = corpus
    base = ("run", "--no-flow", str(directory), "--store", f"sqlite:///{tmp_path / 'i.db'}",
            "--raw-zone", str(tmp_path / "z"))
    code, out, _ = _cli(*base)
    assert code == 0
    assert "(library)" in out and "social_embeds.attributed_post" in out and "empty.txt" in out
    assert _cli(*base, "--strict")[0] == 1


@pytest.mark.parametrize("argv, message", [
    (("run", "--no-flow", "/no/such/dir"), "no such file or directory"),
    (("run", "--no-flow", "/tmp/*.no-such-extension-xyz"), "matches no"),
    (("rerun", "--no-flow"), "choose what to re-run"),
    (("export", "--format", "csv"), "invalid choice"),
    (("export", "--since", "last tuesday"), "not an ISO 8601"),
    (("run", "--no-flow", "x", "--store", "mysql://u@h/db"), "unsupported database"),
])
def test_bad_arguments_exit_2_with_one_line(tmp_path, argv, message):
    code, _, err = _cli(*argv, *(() if "--store" in argv else ("--store", f"sqlite:///{tmp_path / 'i.db'}")))
    assert code == 2
    assert message in err and err.count("\n") == 1


def test_status_and_failures(stored):
    url, _, summary = stored
    code, out, _ = _cli("status", "--store", url)
    assert code == 0 and summary["run_id"] in out and "decode:UnreadableInput: 2" in out
    code, out, err = _cli("failures", "--json", "--store", url, "--run", summary["run_id"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert sorted(r["source_uri"].rsplit("/", 1)[1] for r in rows) == ["binary.txt", "empty.txt"]
    assert _cli("failures", "--store", url, "--run", "no-such-run")[1] == ""


def test_show_and_explain_a_stored_document_match_clean(stored):
    url, paths, _ = stored
    path = next(p for p in paths if p.suffix == ".txt" and p.stat().st_size > 0 and p.name != "binary.txt")
    expected = next(clean([path])).to_dict()
    code, out, _ = _cli("show", expected["raw_id"][:10], "--json", "--store", url)
    shown = json.loads(out)
    sources = shown.pop("document_sources")  # show adds where the document came from
    clusters = shown.pop("near_duplicates")  # and each article's near-duplicate cluster
    assert shown.pop("site_template") is None  # files without a URL belong to no site
    assert code == 0 and shown == expected
    assert [c["position"] for c in clusters] == list(range(len(expected["articles"])))
    assert [(s["kind"], s["source_uri"]) for s in sources] == [("file", str(path))]
    code, out, _ = _cli("explain", expected["raw_id"], "--store", url)
    assert code == 0 and "social_embeds.attributed_post" in out
    code, _, err = _cli("show", "ffffffffffff", "--store", url)
    assert code == 2 and "no stored document" in err


def test_export_parquet_has_the_documented_schema_and_every_article(stored, tmp_path):
    url, paths, summary = stored
    out = tmp_path / "out" / "articles.parquet"
    code, msg, _ = _cli("export", "--format", "parquet", "--out", str(out), "--store", url)
    assert code == 0 and f"exported {summary['articles']} article(s)" in msg
    table = pq.read_table(out)
    assert table.schema == arrow_schema() and tuple(table.column_names) == COLUMNS
    rows = table.to_pylist()
    assert len(rows) == summary["articles"] == len({r["article_id"] for r in rows})
    with_embeds = [r for r in rows if r["embeds"]]
    assert with_embeds and with_embeds[0]["embeds"][0]["platform"] == "twitter"
    assert {r["language"] for r in rows} == {"de", "en", "es", "fr"}


def test_export_jsonl_and_since(stored, tmp_path):
    url, _, summary = stored
    out = tmp_path / "a.jsonl"
    assert _cli("export", "--out", str(out), "--store", url)[0] == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == summary["articles"] and list(rows[0]) == list(COLUMNS)
    assert _cli("export", "--out", str(out), "--since", "2999-01-01", "--store", url)[0] == 0
    assert out.read_text() == ""
    empty = tmp_path / "empty.parquet"
    assert _cli("export", "--format", "parquet", "--out", str(empty), "--since", "2999-01-01", "--store", url)[0] == 0
    assert pq.read_table(empty).num_rows == 0 and pq.read_table(empty).schema == arrow_schema()


def test_rerun_by_id_replaces_that_document_only(stored, tmp_path):
    url, _, summary = stored
    code, out, _ = _cli("failures", "--json", "--store", url)
    raw_id = json.loads(out.splitlines()[0])["raw_id"]
    code, out, _ = _cli("rerun", "--no-flow", "--json", "--id", raw_id[:12], "--store", url,
                        "--raw-zone", str(tmp_path / "landing"))
    assert code == 0 and json.loads(out)["documents"] == 1 and json.loads(out)["failed"] == 1
