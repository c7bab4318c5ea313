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
