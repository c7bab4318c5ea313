"""A list that _short_runs condemned before its neighbours were judged, but that ends up between the
body's first and last kept block and shares its words with the body, is the article's own list
(dump_blocks._lists_inside_body). Hard negative: a menu of other sections in the same place (its
items name other pages) stays removed, and so does the menu at the page head."""
from __future__ import annotations

from ingest.rules.base import TextView
from ingest.rules.dump_blocks import BAD, GOOD, classify

EN = """Home
News
Outdoors
Travel
Contact
What to pack for a day on the coastal path
A day on the coastal path between the two lighthouses is about twenty kilometres of walking, with long climbs out of every cove, and the weather can turn from sunshine to driving rain within an hour, so the rangers ask every walker to carry a few things.
Share | Facebook | WhatsApp | Email | Print
Rain jacket
Walking boots, worn in
Two litres of water
A paper map of the path
Spare warm layer
The rangers say that most of the walkers they rescue each summer set out in trainers and without a rain jacket, and that a paper map matters because the phone signal disappears in most of the coves between the lighthouses.
Water can be refilled at the café in the harbour halfway along, which is open every day from Easter to the end of October, but there is no other tap on the whole path and the streams are not safe to drink from.
"""

DE = """Startseite
Nachrichten
Wandern
Reisen
Kontakt
Was man für einen Tag auf dem Küstenweg einpacken sollte
Ein Tag auf dem Küstenweg zwischen den beiden Leuchttürmen bedeutet etwa zwanzig Kilometer zu Fuß, mit langen Anstiegen aus jeder Bucht, und das Wetter kann innerhalb einer Stunde von Sonne zu Regen wechseln, deshalb bitten die Ranger jeden Wanderer, einiges mitzunehmen.
Teilen | Facebook | WhatsApp | E-Mail | Drucken
Gute Regenjacke
Eingelaufene Wanderschuhe
Zwei Liter Wasser
Eine Wanderkarte aus Papier
Warme Ersatzschicht
Die Ranger sagen, dass die meisten Wanderer, die sie jeden Sommer retten, in Turnschuhen und ohne Regenjacke losgehen, und dass eine Wanderkarte wichtig ist, weil das Handynetz in den meisten Buchten verschwindet.
Wasser kann man im Café am Hafen auf halber Strecke nachfüllen, das von Ostern bis Ende Oktober jeden Tag geöffnet ist, aber sonst gibt es auf dem ganzen Weg keinen Wasserhahn, und aus den Bächen sollte man nicht trinken.
"""

FR = """Accueil
Actualités
Randonnée
Voyages
Contact
Que faut-il emporter pour une journée sur le sentier côtier
Une journée sur le sentier côtier entre les deux phares représente une vingtaine de kilomètres de marche, avec de longues montées au sortir de chaque crique, et le temps peut passer du soleil à la pluie en une heure, alors les gardes demandent à chaque randonneur d'emporter quelques affaires.
Partager | Facebook | WhatsApp | Courriel | Imprimer
Veste imperméable
Chaussures de randonnée déjà portées
Deux litres d'eau
Une carte papier du sentier
Une couche chaude de rechange
Les gardes disent que la plupart des randonneurs qu'ils secourent chaque été partent en baskets et sans veste imperméable, et qu'une carte papier compte parce que le réseau disparaît dans la plupart des criques du sentier.
On peut remplir sa gourde d'eau au café du port à mi-chemin, ouvert tous les jours de Pâques à la fin octobre, mais il n'y a aucun autre robinet sur tout le sentier et l'eau des ruisseaux n'est pas potable.
"""

MENUS = {"EN": ["Politics", "Business", "Culture", "Science", "Weather"],
         "DE": ["Politik", "Wirtschaft", "Kultur", "Wissenschaft", "Wetter"],
         "FR": ["Politique", "Économie", "Culture", "Sciences", "Météo"]}
LISTS = {"EN": (EN, "Rain jacket", "Spare warm layer"),
         "DE": (DE, "Gute Regenjacke", "Warme Ersatzschicht"),
         "FR": (FR, "Veste imperméable", "Une couche chaude de rechange")}


def _classes(text: str) -> dict[str, str]:
    return {b.lines[0].text: b.cls for b in classify(TextView(text).lines(), model=None)}


def test_a_list_on_the_body_s_subject_after_a_share_row_is_kept():
    for lang, (text, first, last) in LISTS.items():
        c = _classes(text)
        lines = text.splitlines()
        items = lines[lines.index(first):lines.index(last) + 1]
        assert all(c[i] == GOOD for i in items), (lang, {i: c[i] for i in items})
        assert c[lines[0]] == BAD and c[lines[4]] == BAD, lang  # the page head's menu


def test_a_menu_of_other_sections_in_the_same_place_stays_removed():
    for lang, (text, first, last) in LISTS.items():
        lines = text.splitlines()
        a, b = lines.index(first), lines.index(last)
        c = _classes("\n".join(lines[:a] + MENUS[lang] + lines[b + 1:]) + "\n")
        assert all(c[m] == BAD for m in MENUS[lang]), (lang, {m: c[m] for m in MENUS[lang]})
        assert c[lines[b + 1]] == GOOD, lang  # the body goes on after it
