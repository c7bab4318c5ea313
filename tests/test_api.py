"""The public surface: __all__ complete and sorted; the library never imports Prefect."""
import subprocess
import sys

import ingest


def test_all_is_sorted_and_complete():
    assert ingest.__all__ == sorted(ingest.__all__)
    public = {n for n in dir(ingest) if not n.startswith("_") and not isinstance(getattr(ingest, n), type(sys))}
    assert public - {"annotations"} <= set(ingest.__all__) | {"__version__"}
    for name in ingest.__all__:
        assert hasattr(ingest, name), name


def test_the_library_never_imports_prefect():
    code = ("import sys, ingest, ingest.cli, ingest.pipeline, ingest.extract.text, ingest.rules.registry;"
            "from ingest import clean, Settings;"
            "import tempfile, pathlib;"
            "p = pathlib.Path(tempfile.mkdtemp()) / 'a.txt'; p.write_text('Some words of text here. ' * 10);"
            "list(clean([p], Settings()));"
            "print('prefect' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_clean_html_and_clean_text_return_what_the_cli_prints(tmp_path):
    """The one-call API gives the record `ingest clean --json` prints for the same bytes in a file."""
    import json

    from ingest import CleanDocument, clean_html, clean_text

    root = __import__("pathlib").Path(__file__).resolve().parent / "fixtures"
    for path, call in ((root / "html" / "en_harbour_embeds.html", clean_html),
                       (root / "dumps" / "fr_vendanges.txt", clean_text)):
        content = path.read_text(encoding="utf-8")
        cli_line = subprocess.run([sys.executable, "-m", "ingest.cli", "clean", "--json", str(path)],
                                  capture_output=True, text=True, timeout=120, check=True).stdout
        expected = json.loads(cli_line)
        for a in expected["articles"]:
            a.pop("near_duplicates")
        got = call(content, str(path))
        assert isinstance(got, CleanDocument) and got.articles
        assert got.to_dict() == expected


def test_clean_html_names_the_document_by_its_url_and_never_raises_for_bad_input():
    from ingest import FailedDocument, clean_html, clean_text

    page = ("<html><head><title>Tram line approved</title></head><body><article><h1>Tram line approved</h1>"
            + "<p>The council voted on Tuesday to extend the tram network to the northern districts.</p>" * 6
            + "</article></body></html>")
    doc = clean_html(page, url="https://news.example/tram")
    assert doc.source_uri == "https://news.example/tram" and "northern districts" in doc.articles[0].text
    bad = clean_text("")
    assert isinstance(bad, FailedDocument) and bad.stage == "decode" and "empty" in bad.message


def test_clean_takes_one_path_as_a_str_and_refuses_page_content(tmp_path):
    import pytest

    from ingest import clean

    p = tmp_path / "a.txt"
    p.write_text("Some words of an article that is long enough to keep. " * 12, encoding="utf-8")
    assert [o.source_uri for o in clean(str(p))] == [str(p)]
    assert [o.source_uri for o in clean(p)] == [str(p)]
    with pytest.raises(TypeError, match="clean_html"):
        list(clean("<html><body><p>Hello</p></body></html>"))
