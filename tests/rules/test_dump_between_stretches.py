"""A small stretch of text between two large ones is the body's own (dump_blocks._main_region): an
FAQ answer or a short section that a table of links or a picture strip cut off from the paragraphs
around it. Hard negative: the same small stretch after the body's last large stretch (a site blurb, a
comment) is still dropped as outside_body."""
from __future__ import annotations

import pytest

from ingest.rules.base import TextView
from ingest.rules.dump_blocks import BAD, GOOD, classify

TEXT = {
    "en": (["The river authority opened the new flood barrier on Friday, three years after the storm that flooded "
            "more than two hundred homes in the lower town and closed the railway line for a month.",
            "The barrier can be raised in less than an hour and protects the old market, the school and the "
            "two bridges, the authority said, adding that it had been tested twice during the winter.",
            "Residents who lost their homes in the storm welcomed the opening but asked why the work had taken "
            "so long and whether the upper streets would be protected as well."],
           "Who pays for the upkeep? The town and the authority share the cost, which is about forty thousand "
           "pounds a year, and the county has promised to pay for the repairs if a storm ever damages the barrier "
           "again.",
           ["A second barrier further up the valley is planned for the end of the decade, but the authority has "
            "not yet found the money for it and is waiting for a decision of the government.",
            "Until then, the emergency services will keep their pumps and sandbags in the old fire station, which "
            "the council has agreed to lend them for another five years at no cost.",
            "The authority will publish the results of the winter tests next month and hold a public meeting in "
            "the town hall for residents who want to ask questions about the barrier."]),
    "de": (["Die Stadt hat am Montag die neue Brücke über den Fluss eröffnet, nachdem die alte Brücke vor zwei "
            "Jahren wegen Rissen in den Pfeilern für den gesamten Verkehr gesperrt worden war.",
            "Die Bauarbeiten haben nach Angaben der Verwaltung rund zwölf Millionen Euro gekostet, von denen das "
            "Land mehr als die Hälfte übernommen hat, und sie wurden zwei Monate früher fertig als geplant.",
            "Viele Anwohner sind erleichtert, weil sie in den vergangenen Jahren einen Umweg von fast zwanzig "
            "Minuten fahren mussten, um in die Innenstadt oder zum Bahnhof zu kommen."],
           "Wer darf die Brücke benutzen? Autos, Busse und Fahrräder, aber keine Lastwagen über zwölf Tonnen, "
           "denn die Pfeiler sind für so schwere Fahrzeuge nicht gebaut, wie die Verwaltung am Montag noch "
           "einmal erklärte.",
           ["Für Radfahrer gibt es auf beiden Seiten einen eigenen Weg, der durch ein Geländer von der Fahrbahn "
            "getrennt ist und am Abend beleuchtet wird, was sich viele Familien gewünscht hatten.",
            "Die alte Brücke soll im Sommer abgerissen werden, und an ihrer Stelle will die Stadt einen kleinen "
            "Park am Ufer anlegen, für den die Bürger in den nächsten Wochen Vorschläge machen können.",
            "Der Bürgermeister dankte bei der Eröffnung den Arbeitern und den Nachbarn für ihre Geduld und lud "
            "alle Einwohner zu einem Fest auf der Brücke am kommenden Wochenende ein."]),
}
# Link rows, six per gap: a gap of bad lines (GAP_LINES) on their own.
_NAMES = """Budget Tram Books Market Weather Traffic Jobs Cinema Theatre Football Tennis Cycling Gardens Recipes
Travel Music Science Health Schools Housing Courts Elections Farming Energy""".split()
LINKS = [" | ".join(_NAMES[k:k + 4]) for k in range(0, 24, 4)]
MORE_LINKS = [" | ".join(reversed(_NAMES[k:k + 4])) + " »" for k in range(0, 24, 4)]


def _classes(text: str) -> dict[str, str]:
    return {b.lines[0].text: b.cls for b in classify(TextView(text).lines(), model=None)}


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_small_stretch_between_two_large_ones_is_kept(lang):
    first, small, last = TEXT[lang]
    # the first stretch is the main one; the last (two paragraphs) is more than half its size
    tail = [last[0] + " " + last[2], last[1]]
    cls = _classes("\n".join(["Home", *first, *LINKS, small, *MORE_LINKS, *tail]) + "\n")
    assert 200 < len(small) < 0.5 * sum(map(len, first))  # good on its own, a small stretch
    assert cls[small] == GOOD
    assert all(cls[p] == GOOD for p in first + tail)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_small_stretch_after_the_last_large_one_is_dropped(lang):
    first, small, last = TEXT[lang]
    cls = _classes("\n".join(["Home", *first, *last, *LINKS, small]) + "\n")
    assert cls[small] == BAD
    assert all(cls[p] == GOOD for p in first + last)
