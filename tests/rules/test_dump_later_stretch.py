"""A later section of a long article that a picture strip set apart from the rest stays
(dump_blocks.LATER_STRETCH_BLOCKS): nothing an earlier rule cut stands between the two, and the
section holds several kept blocks. Hard negatives: the same section after a line an earlier rule cut
(a share row, a comment's "Reply"), and a short stretch of a few blocks, still go as outside_body."""
from __future__ import annotations

from ingest.rules.base import TextView
from ingest.rules.dump_blocks import BAD, GOOD, LATER_STRETCH_BLOCKS, classify

EN_MAIN = """Home
Destinations
Guides
Contact
Ten days along the northern lakes by bike
The route starts at the railway station of the old mill town and follows the river north for the first three days, on quiet farm roads and a gravel towpath that is flat enough for children and loaded touring bikes, with a village and a bakery every ten kilometres or so.
On the first day the path leaves the town past the cotton mills and the canal basin, crosses the river on the iron footbridge and runs along the water meadows to the lock keeper's cottage, where a small café serves soup and cake from April to October.
The second day is the longest of the trip, almost seventy kilometres, but most of it is on the towpath and the only climb comes at the end, up to the youth hostel in the castle above the first lake, which has a shed for bicycles and a drying room.
On the third day the route leaves the river and climbs gently through the beech woods to the watershed, where a wooden tower gives a view over all five lakes on a clear morning, before it drops down to the campsite on the southern shore of the second lake.
Most of the villages on the way have a shop that opens early, and the ferries across the lakes carry bicycles for a small fee, so it is easy to shorten a day when the weather turns or the legs are tired after the first long stage along the river.
We rode the route in early June, when the evenings are long and the campsites are still quiet, and we met more herons than cars on most of the farm roads between the river and the lakes.
Photo 1 of 8
Photo 2 of 8
Photo 3 of 8
Photo 4 of 8
Photo 5 of 8
Photo 6 of 8
Photo 7 of 8
"""
EN_DAYS = [("Day four: the island ferry", "The morning ferry takes the bikes across to the island, where a sandy track circles the old abbey."),
           ("Day five: along the eastern shore", "A shore road with almost no traffic leads past reed beds and bathing spots to the fishing harbour."),
           ("Day six: the orchard villages", "The route turns inland through apple orchards and three villages with painted timber houses."),
           ("Day seven: back to the river", "A long descent brings the route back to the river and the towpath for the last days of the trip.")]

DE_MAIN = """Startseite
Reiseziele
Ratgeber
Kontakt
Zehn Tage an den nördlichen Seen mit dem Rad
Die Route beginnt am Bahnhof der alten Mühlenstadt und folgt in den ersten drei Tagen dem Fluss nach Norden, auf ruhigen Feldwegen und einem Treidelpfad, der auch für Kinder und schwer beladene Reiseräder flach genug ist, mit einem Dorf und einer Bäckerei etwa alle zehn Kilometer.
Am ersten Tag verlässt der Weg die Stadt an den Spinnereien und dem Kanalhafen vorbei, überquert den Fluss auf der eisernen Fußgängerbrücke und führt an den Wiesen entlang bis zum Haus des Schleusenwärters, wo ein kleines Café von April bis Oktober Suppe und Kuchen anbietet.
Der zweite Tag ist mit fast siebzig Kilometern der längste der Reise, aber der größte Teil davon liegt auf dem Treidelpfad, und der einzige Anstieg kommt erst am Ende, hinauf zur Jugendherberge in der Burg über dem ersten See, die einen Schuppen für Fahrräder und einen Trockenraum hat.
Am dritten Tag verlässt die Route den Fluss und steigt sanft durch die Buchenwälder zur Wasserscheide an, wo ein hölzerner Turm an einem klaren Morgen den Blick über alle fünf Seen freigibt, bevor sie zum Zeltplatz am Südufer des zweiten Sees hinunterführt.
Die meisten Dörfer am Weg haben einen Laden, der früh öffnet, und die Fähren über die Seen nehmen Fahrräder gegen eine kleine Gebühr mit, so dass man einen Tag leicht abkürzen kann, wenn das Wetter umschlägt oder die Beine nach der ersten langen Etappe müde sind.
Wir sind die Route Anfang Juni gefahren, wenn die Abende lang und die Zeltplätze noch ruhig sind, und auf den meisten Feldwegen zwischen dem Fluss und den Seen sind uns mehr Reiher als Autos begegnet.
Foto 1 von 8
Foto 2 von 8
Foto 3 von 8
Foto 4 von 8
Foto 5 von 8
Foto 6 von 8
Foto 7 von 8
"""
DE_DAYS = [("Tag vier: die Fähre zur Insel", "Die Morgenfähre bringt die Räder auf die Insel, wo ein sandiger Weg um die alte Abtei führt."),
           ("Tag fünf: am Ostufer entlang", "Eine Uferstraße fast ohne Verkehr führt an Schilf und Badestellen vorbei zum Fischerhafen."),
           ("Tag sechs: die Obstdörfer", "Die Route biegt ins Land ab, durch Apfelgärten und drei Dörfer mit bemalten Fachwerkhäusern."),
           ("Tag sieben: zurück zum Fluss", "Eine lange Abfahrt bringt die Route für die letzten Tage zurück an den Fluss und den Treidelpfad.")]


def _page(main: str, days: list[tuple[str, str]]) -> str:
    return main + "".join(f"{head}\n{text}\n" for head, text in days)


def _classes(text: str, cut_before: str | None = None) -> dict[str, tuple[str, str]]:
    lines = TextView(text).lines()
    cuts = {ln.index: 1 for ln in lines if ln.text == cut_before} if cut_before else None
    return {b.lines[0].text: (b.cls, b.reason) for b in classify(lines, model=None, cuts=cuts)}


def test_a_later_section_after_a_picture_strip_stays():
    assert len(EN_DAYS) * 2 >= LATER_STRETCH_BLOCKS
    for main, days in ((EN_MAIN, EN_DAYS), (DE_MAIN, DE_DAYS)):
        c = _classes(_page(main, days))
        assert all(c[t][0] == GOOD for d in days for t in d), {t: c[t] for d in days for t in d}
        assert c[main.splitlines()[0]][0] == BAD and c[main.splitlines()[-1]][0] == BAD


def test_the_same_section_after_a_cut_line_goes():
    for main, days in ((EN_MAIN, EN_DAYS), (DE_MAIN, DE_DAYS)):
        c = _classes(_page(main, days), cut_before=days[0][0])  # a share row was cut right above it
        assert all(c[t] == (BAD, "outside_body") for d in days for t in d[1:]), {t: c[t] for d in days for t in d}


EN_BLURB = """About the travel desk
Our travel desk has tested cycling routes in the lake district since 2011, and every guide on this site is ridden again every second year so that the ferry times, the campsites and the cafés we recommend are still there when you arrive.
Sign up for our weekly letter to hear about new routes first, with maps you can print and a list of bike shops near each stage, and write to us when you find that something on one of our routes has changed since our last visit.
"""
DE_BLURB = """Über die Reiseredaktion
Unsere Reiseredaktion testet seit 2011 Radrouten im Seengebiet, und jeder Führer auf dieser Seite wird alle zwei Jahre neu gefahren, damit die Fährzeiten, die Zeltplätze und die Cafés, die wir empfehlen, noch da sind, wenn Sie ankommen.
Abonnieren Sie unseren wöchentlichen Brief, um als Erste von neuen Routen zu erfahren, mit Karten zum Ausdrucken und einer Liste der Radläden an jeder Etappe, und schreiben Sie uns, wenn sich auf einer unserer Routen etwas geändert hat.
"""


def test_a_short_later_stretch_goes():
    for main, blurb in ((EN_MAIN, EN_BLURB), (DE_MAIN, DE_BLURB)):
        c = _classes(main + blurb)
        paragraphs = blurb.splitlines()[1:]
        assert all(c[t] == (BAD, "outside_body") for t in paragraphs), {t[:30]: c[t] for t in paragraphs}
