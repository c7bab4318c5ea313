"""A sentence-like paragraph inside the body is kept whatever its neighbours (dump_blocks.
_prose_inside_body): between two link rows in the middle of an article it is the article's own
sentence. Hard negatives: the link rows themselves, the menus, and a comment thread after the body
(prose too, but outside the body) stay removed."""
from __future__ import annotations

from pathlib import Path

from ingest.rules.base import TextView
from ingest.rules.dump_blocks import BAD, GOOD, classify

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dumps_model"

EN = """Home
News
Sport
Weather
Contact
Council approves a second footbridge over the canal
The city council approved on Wednesday a second footbridge over the canal, which will link the new housing estate on the north bank with the railway station and the schools on the south side, the mayor said after the vote.
The bridge will cost about 6 million pounds and should open in the spring of 2028, after a year of work that will close the towpath for several months and move the weekend market to the station square.
Read more: Budget 2026 | Tram extension | Book fair | Market hall
Shop owners near the towpath fear that the closure will keep their regular customers away for most of the year.
Share | Facebook | WhatsApp | Email | Print
The council said it would pay for temporary signs and a shuttle bus for the market traders while the towpath is closed, and that the works would stop during the school holidays so that children can still walk to their schools along the water.
Residents can see the plans at the town hall until the end of the month and send their comments by post or online.
"""


def _classes(text: str) -> dict[str, str]:
    return {b.lines[0].text: b.cls for b in classify(TextView(text).lines(), model=None)}


def _starting(classes: dict[str, str], prefix: str) -> str:
    return next(c for t, c in classes.items() if t.startswith(prefix))


def test_a_sentence_between_link_rows_inside_the_body_is_kept():
    es = _classes((FIXTURES / "es_terminal_cruceros.txt").read_text(encoding="utf-8"))
    assert _starting(es, "Los vecinos del barrio del puerto") == GOOD
    assert _starting(es, "Lee también:") == BAD and _starting(es, "Compartir |") == BAD
    assert es["Inicio"] == BAD and es["Mapa del sitio"] == BAD
    en = _classes(EN)
    assert _starting(en, "Shop owners near the towpath") == GOOD
    assert _starting(en, "Read more:") == BAD and _starting(en, "Share |") == BAD and en["Home"] == BAD


def test_a_comment_thread_after_the_body_stays_removed():
    fr = _classes((FIXTURES / "fr_jardins_partages.txt").read_text(encoding="utf-8"))
    assert _starting(fr, "Enfin une bonne nouvelle") == BAD  # outside the body: a comment
    assert _starting(fr, "Dommage que rien") == BAD  # after the body's last kept block
    assert _starting(fr, "Les inscriptions sont ouvertes") == GOOD
