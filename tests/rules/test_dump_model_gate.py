"""Where the dump classifier's learned model may overrule the hand rules (dump_blocks.classify).

A model scoring every block as content may rescue only what lies inside the body the hand rules kept
(an in-body list), never the page head's menu or the share row and comment thread after the body; a
model scoring every block as chrome may not drop a paragraph that reads as running text alone, a
section head between two paragraphs, the title or the closing sentence. Constant models make the
gate's own behaviour visible whatever the shipped weights are.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.rules.base import TextView
from ingest.rules.dump_blocks import BAD, GOOD, classify
from ingest.rules.dump_model import DumpModel

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dumps_model" / "fr_jardins_partages.txt"
# Clean articles (every block is content) with one-word section heads, for the drop side.
CLEAN_EN = """The school board voted on Thursday to move the start of the school day to half past eight.
Parents had asked for the change for years, saying that teenagers who start earlier sleep too little and do worse in the first lessons of the day.
Buses
The bus company will need four more drivers to cover the new timetable, which the board will pay for from its transport budget.
The new times apply from the autumn term.
"""
CLEAN_IT = """Il consiglio comunale ha approvato ieri sera il nuovo piano per il centro storico, che chiude al traffico tre strade durante il fine settimana.
Secondo il sindaco, la misura serve a proteggere i negozi del centro e a ridurre il rumore nelle ore serali, quando le strade sono piene di turisti.
Commercianti
Le associazioni dei commercianti hanno chiesto più parcheggi ai margini della zona chiusa e un servizio di navette gratuito.
La prova durerà sei mesi.
"""
CLEAN_ES = """El ayuntamiento aprobó el lunes la ampliación del horario de la biblioteca municipal hasta las diez de la noche.
La medida, que entrará en vigor en septiembre, responde a la petición de los estudiantes universitarios, que llevan años reclamando un lugar tranquilo para estudiar por la tarde.
Presupuesto
El coste anual de la ampliación se estima en 120.000 euros, que saldrán del presupuesto de cultura.
La concejala dijo que el horario se revisará dentro de un año.
"""


def _constant(score: float) -> DumpModel:
    """A real DumpModel whose every score is `score` (zero weights, the bias sets the sigmoid)."""
    n = 92
    logit = float(np.log(score / (1 - score)))
    return DumpModel(np.zeros(n), np.ones(n), np.zeros((n, 1)), np.zeros(1), np.zeros(1), logit)


def _classes(text: str, model) -> dict[str, str]:
    return {b.lines[0].text: b.cls for b in classify(TextView(text).lines(), model=model)}


def test_a_model_rescues_inside_the_body_only():
    # without its announcing colon the list is one the hand rules lose (dump_blocks._introduced)
    text = FIXTURE.read_text(encoding="utf-8").replace("première saison :", "première saison")
    hand = _classes(text, None)
    everything = _classes(text, _constant(0.999))
    items = ["Tomates anciennes", "Courgettes", "Haricots verts", "Radis roses", "Fraises"]
    assert all(hand[i] == BAD for i in items)  # the hand rules lose the article's own list
    assert all(everything[i] == GOOD for i in items)  # the model may give it back
    for chrome in ("Accueil", "Contact", "Partager", "Twitter", "Commentaires", "Jean-Pierre", "Plan du site"):
        assert everything[chrome] == BAD, chrome
    assert everything[next(t for t in everything if t.startswith("Dommage que rien"))] == BAD  # a comment


@pytest.mark.parametrize("text", [CLEAN_EN, CLEAN_IT, CLEAN_ES, FIXTURE.read_text(encoding="utf-8")])
def test_a_model_cannot_drop_paragraphs_heads_title_or_closing_line(text):
    hand = _classes(text, None)
    nothing = _classes(text, _constant(0.001))
    assert [t for t, c in hand.items() if c == GOOD and nothing[t] != GOOD] == []
