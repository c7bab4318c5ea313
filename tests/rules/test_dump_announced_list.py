"""A list announced by a clause ending in a colon is the article's own (dump_blocks._introduced): its
items ("Tomates anciennes", "Courgettes") share no word with the text around them, so the topic test
alone took them for a menu. Hard negative: a list under a one- or two-word label ("Related:",
"Lire aussi :") between two paragraphs is still a link list."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.rules.base import TextView
from ingest.rules.dump_blocks import BAD, GOOD, classify
from rules_support import PARAS, body, run

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dumps_model" / "fr_jardins_partages.txt"
LISTS = {
    "en": ("The council looked at these routes before the vote:", ["Mill Lane", "Station Hill", "Old Quay",
                                                                    "Cliff Road"]),
    "de": ("Auf dem Programm der ersten Woche stehen:", ["Stadtführung", "Orgelkonzert", "Weinprobe", "Flohmarkt"]),
    "es": ("Los vecinos podrán elegir entre estas actividades:", ["Yoga", "Cerámica", "Ajedrez", "Teatro"]),
}
LABELS = {"en": "Related:", "de": "Lesen Sie auch:", "es": "Lee también:"}
LINKS = ["Budget 2027", "Tram extension", "Book fair", "Market hall"]


def _classes(text: str) -> dict[str, str]:
    return {b.lines[0].text: b.cls for b in classify(TextView(text).lines(), model=None)}


@pytest.mark.parametrize("lang", ["en", "de", "es"])
def test_a_list_announced_by_a_clause_is_kept(lang):
    p = PARAS[lang]
    intro, items = LISTS[lang]
    cls = _classes("\n".join(["Home", p[0], intro, *items, p[1], p[2]]) + "\n")
    assert [cls[i] for i in [intro, *items]] == [GOOD] * (1 + len(items))


@pytest.mark.parametrize("lang", ["en", "de", "es"])
def test_a_list_under_a_short_label_is_still_a_link_list(lang):
    p = PARAS[lang]
    cls = _classes("\n".join(["Home", p[0], LABELS[lang], *LINKS, p[1], p[2]]) + "\n")
    # (the last item, a title-shaped line right above a paragraph, is the heading rules' to decide)
    assert [cls[i] for i in [LABELS[lang], *LINKS[:-1]]] == [BAD] * len(LINKS)


def test_the_french_fixture_keeps_its_list_of_vegetables():
    text = body(run(FIXTURE.read_text(encoding="utf-8")))
    for item in ("Au programme de la première saison :", "Tomates anciennes", "Courgettes", "Radis roses"):
        assert item in text
    assert "Facebook" not in text and "Enfin une bonne nouvelle" not in text
