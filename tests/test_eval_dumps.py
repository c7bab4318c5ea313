"""scripts/eval_dumps.py reports how often the over-deletion guard fired, and measures the dump
classifier with its model on or off without leaving the switch changed.

Skips where ../shared/eval (its score_text.py) is absent."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval"
pytestmark = pytest.mark.skipif(not (SCORER / "score_text.py").is_file(), reason="../shared/eval is not beside this checkout")
FIXTURES = ROOT / "tests" / "fixtures" / "dumps"

LEAD = ("The river authority said on Tuesday that the new flood wall along the east bank would be finished before "
        "the winter storms, two months earlier than planned. ") * 6
SECTION = ("Residents of the lower town, who were evacuated twice last year, said they would believe the promise when "
           "they saw the wall standing, but welcomed the news. ") * 2
MENU = ["Home", "News", "Sport", "Weather", "Travel", "Culture", "Contact"]


def _guard_page() -> tuple[str, str]:
    """A body in eight sections, each cut off from the lead by a menu: the dump rules would drop most
    of the prose as outside the main stretch, so the guard keeps the doubtful blocks."""
    parts, gold = [LEAD.strip()], [LEAD.strip()]
    for k in range(8):
        parts += MENU
        parts.append(f"Section {k + 1}: {SECTION.strip()}")
        gold.append(parts[-1])
    return "\n".join(parts) + "\n", "\n".join(gold) + "\n"


def _main(argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from eval_dumps import main

    assert main(argv + ["--scorer", str(SCORER)]) == 0


def test_the_guard_count_is_reported(tmp_path, capsys):
    raw, gold = _guard_page()
    (tmp_path / "flood.txt").write_text(raw, encoding="utf-8")
    (tmp_path / "flood.gold.txt").write_text(gold, encoding="utf-8")
    for name in ("es_biblioteca.txt", "es_biblioteca.gold.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    _main([str(tmp_path), "--part", "all"])
    assert "guard.kept_doubtful: 1 of 2 pages" in capsys.readouterr().out


@pytest.mark.parametrize("setting", ["on", "off"])
def test_the_model_switch_is_put_back(tmp_path, setting):
    from ingest.rules import dump_blocks

    shutil.copy(FIXTURES / "de_stadtwerke.txt", tmp_path / "de_stadtwerke.txt")
    shutil.copy(FIXTURES / "de_stadtwerke.gold.txt", tmp_path / "de_stadtwerke.gold.txt")
    before = dump_blocks.classify.__defaults__
    seen = []
    real = dump_blocks.classify

    def spy(lines, model=before[0], cuts=before[1]):
        seen.append(model)
        return real(lines, model, cuts)

    spy.__defaults__ = before
    dump_blocks.classify = spy
    try:
        _main([str(tmp_path), "--part", "all", "--model", setting])
    finally:
        dump_blocks.classify = real
    assert seen and all(m is (setting == "on") for m in seen)
    assert spy.__defaults__ == before  # main put the switch back
