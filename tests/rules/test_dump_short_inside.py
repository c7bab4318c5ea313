"""A short line between the body's first and last kept block is kept even when it is no sentence
(dump_blocks.SHORT_KEPT_REASONS): there, between a share row and a link row, it is a table's label,
a list item or a section head of the article. Hard negatives: the menu above the body, the link rows
themselves and the short lines after the body's last kept block stay removed."""
from __future__ import annotations

from ingest.rules.base import TextView
from ingest.rules.dump_blocks import BAD, GOOD, classify

EN = """Home
News
Sport
Weather
Contact
A new ferry line links the two harbours from March
The regional transport authority will open a ferry line between the old harbour and the new marina on the first of March, with boats every forty minutes from early morning until late in the evening, the authority said on Tuesday.
The line replaces the bus that runs around the bay, which takes almost an hour at rush hour, and the crossing will take twelve minutes in all weathers except the worst winter storms.
Share | Facebook | WhatsApp | Email | Print
Weekday departures
Every 40 minutes
Read more: Budget 2026 | Tram extension | Book fair | Market hall
Tickets cost the same as a bus ticket, and the monthly pass of the city network is valid on the boats as well, so most commuters who cross the bay every day will not have to pay anything more for the crossing.
The authority expects about four thousand passengers a day in the first year and will add a third boat if the line is already full before the summer holidays begin in July.
Related stories
Bus drivers strike again
Sign up for our newsletter
Privacy | Terms | Cookies | Advertise
© 2026 Harbour Media Ltd
"""

DE = """Startseite
Politik
Sport
Wetter
Kontakt
Neue Fähre verbindet die beiden Häfen ab März
Die Verkehrsbetriebe der Region eröffnen am ersten März eine Fährlinie zwischen dem alten Hafen und der neuen Marina, mit Abfahrten alle vierzig Minuten vom frühen Morgen bis zum späten Abend, wie sie am Dienstag mitteilten.
Die Linie ersetzt den Bus, der um die Bucht fährt und im Berufsverkehr fast eine Stunde braucht, und die Überfahrt dauert bei jedem Wetter zwölf Minuten, außer bei den schlimmsten Winterstürmen.
Teilen | Facebook | WhatsApp | E-Mail | Drucken
Abfahrten werktags
Alle 40 Minuten
Mehr zum Thema: Haushalt 2026 | Straßenbahn | Buchmesse | Markthalle
Die Fahrkarten kosten so viel wie ein Busticket, und die Monatskarte des städtischen Netzes gilt auch auf den Booten, so dass die meisten Pendler für die tägliche Überfahrt nichts mehr bezahlen müssen.
Die Verkehrsbetriebe erwarten im ersten Jahr etwa viertausend Fahrgäste am Tag und setzen ein drittes Boot ein, wenn die Linie schon vor den Sommerferien im Juli voll ist.
Weitere Artikel
Busfahrer streiken wieder
Newsletter abonnieren
Datenschutz | Impressum | Cookies | Werbung
© 2026 Hafen Medien GmbH
"""

ES = """Inicio
Noticias
Deportes
El tiempo
Contacto
Una nueva línea de ferri une los dos puertos desde marzo
La autoridad regional de transporte abrirá el primero de marzo una línea de ferri entre el puerto viejo y la nueva marina, con barcos cada cuarenta minutos desde primera hora de la mañana hasta la noche, según informó el martes.
La línea sustituye al autobús que rodea la bahía, que tarda casi una hora en hora punta, y la travesía durará doce minutos con cualquier tiempo salvo en los peores temporales de invierno.
Compartir | Facebook | WhatsApp | Correo | Imprimir
Salidas diarias
Cada 40 minutos
Lee también: Presupuesto 2026 | Tranvía | Feria del libro | Mercado
Los billetes cuestan lo mismo que un billete de autobús, y el abono mensual de la red urbana también vale en los barcos, de modo que la mayoría de los viajeros que cruzan la bahía cada día no pagará nada más por la travesía.
La autoridad espera unos cuatro mil pasajeros al día durante el primer año y añadirá un tercer barco si la línea ya se llena antes de las vacaciones de verano en julio.
Más noticias
Huelga de conductores de autobús
Suscríbete al boletín
Privacidad | Aviso legal | Cookies | Publicidad
© 2026 Medios del Puerto S.L.
"""


def _classes(text: str) -> dict[str, str]:
    return {b.lines[0].text: b.cls for b in classify(TextView(text).lines(), model=None)}


def _starting(classes: dict[str, str], prefix: str) -> str:
    return next(c for t, c in classes.items() if t.startswith(prefix))


def test_a_short_label_between_two_link_rows_inside_the_body_is_kept():
    for text, label, rows in ((EN, "Weekday departures", ("Share |", "Read more:")),
                              (DE, "Abfahrten werktags", ("Teilen |", "Mehr zum Thema:")),
                              (ES, "Salidas diarias", ("Compartir |", "Lee también:"))):
        c = _classes(text)
        assert c[label] == GOOD, label
        assert all(_starting(c, r) == BAD for r in rows), rows


def test_short_lines_before_and_after_the_body_stay_removed():
    for text, menu, after in ((EN, ("Home", "Sport", "Contact"), ("Related stories", "Bus drivers strike again")),
                              (DE, ("Startseite", "Sport", "Kontakt"), ("Weitere Artikel", "Busfahrer streiken wieder")),
                              (ES, ("Inicio", "Deportes", "Contacto"), ("Más noticias", "Huelga de conductores de autobús"))):
        c = _classes(text)
        assert all(c[m] == BAD for m in menu), menu
        assert all(c[a] == BAD for a in after), after
