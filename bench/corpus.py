"""A generated corpus of realistic ~9 KB text dumps, from our own templates (no scraped text).

Every page mixes article prose (en, de, fr, es, ru) with the boilerplate families the cleaner removes:
page chrome, tickers, embedded posts, bylines and dates, comment sections, listing teasers.
Deterministic: the same seed gives the same corpus.
"""
from __future__ import annotations

import random

PROSE = {
    "en": [
        "The regional water authority said on Tuesday that reservoir levels had fallen to their lowest point in "
        "a decade, prompting officials to consider restrictions on garden irrigation for the rest of the summer.",
        "Farmers in the valley have already reduced the acreage planted with thirsty crops such as maize, and "
        "several cooperatives are experimenting with drip systems that cut consumption by almost a third.",
        "Engineers warn that the pipes feeding the eastern districts lose nearly a fifth of the treated water "
        "before it reaches a tap, a problem that years of deferred maintenance have made worse.",
        "At a public hearing last week, residents asked why the new desalination plant promised in the previous "
        "budget has not moved beyond the planning stage, and who would pay for the electricity it needs.",
        "The minister replied that tenders would be published before the end of the year and that the cost would "
        "be shared between the national government and the municipalities that benefit most.",
        "Independent hydrologists caution that even a wet winter would not fully refill the aquifers, which "
        "recharge slowly and have been pumped faster than rain can replace them for more than twenty years.",
        "Local businesses, from car washes to breweries, say they are preparing for tighter rules, though many "
        "of them complain that they have not been told what the limits will be or when they will apply.",
        "For now, the authority is urging households to take shorter showers, fix dripping taps and run washing "
        "machines only when they are full, measures it says could save millions of litres every week.",
    ],
    "de": [
        "Der Stadtrat hat am Donnerstag beschlossen, die Sanierung der alten Markthalle um ein weiteres Jahr zu "
        "verschieben, weil die Kosten seit der ersten Schätzung um fast vierzig Prozent gestiegen sind.",
        "Händler, die seit Jahrzehnten ihre Stände in der Halle betreiben, zeigten sich enttäuscht und forderten "
        "eine verbindliche Zusage, dass sie während der Bauarbeiten einen Ersatzstandort erhalten.",
        "Die Verwaltung verweist auf gestiegene Preise für Baumaterial und auf den Mangel an Handwerksbetrieben, "
        "die kurzfristig Aufträge dieser Größenordnung übernehmen können.",
        "Ein Gutachten aus dem Frühjahr hatte ergeben, dass das Dach der Halle dringend erneuert werden muss und "
        "die elektrischen Leitungen nicht mehr den geltenden Vorschriften entsprechen.",
        "Die Opposition im Rat kritisierte, dass die Stadt zu lange gewartet habe und nun für die Versäumnisse "
        "früherer Jahre deutlich mehr bezahlen müsse als ursprünglich geplant.",
        "Bürgermeisterin Keller versprach, im Herbst einen neuen Zeitplan vorzulegen und die Händler frühzeitig "
        "in die Planung der Übergangslösung einzubeziehen.",
    ],
    "fr": [
        "La municipalité a annoncé lundi l'ouverture d'une consultation publique sur le réaménagement des quais, "
        "un projet qui prévoit de réduire la place de la voiture et d'élargir les espaces réservés aux piétons.",
        "Les commerçants du centre-ville craignent une baisse de leur chiffre d'affaires pendant les travaux, qui "
        "devraient durer au moins dix-huit mois selon les premières estimations des services techniques.",
        "Plusieurs associations de riverains saluent au contraire une mesure attendue depuis longtemps, estimant "
        "que le bruit et la pollution rendent aujourd'hui les berges peu accueillantes pour les familles.",
        "Le maire a rappelé que le financement serait assuré en grande partie par la région et par un fonds "
        "européen destiné à l'adaptation des villes au changement climatique.",
        "Les habitants pourront déposer leurs remarques en ligne ou lors de trois réunions organisées dans les "
        "quartiers concernés avant la fin du mois prochain.",
        "Une décision définitive est attendue au printemps, après l'analyse des contributions et la publication "
        "d'une étude d'impact sur la circulation dans les rues voisines.",
    ],
    "es": [
        "El ayuntamiento presentó el miércoles un plan para ampliar la red de carriles bici en los barrios del "
        "norte, donde la mayoría de los vecinos depende todavía del coche para ir al trabajo.",
        "Según el concejal de movilidad, las obras comenzarán en primavera y se harán por tramos para reducir las "
        "molestias a los comercios y a las líneas de autobús que recorren las avenidas principales.",
        "Las asociaciones vecinales celebraron el anuncio, aunque pidieron que se mejore también la iluminación "
        "de los pasos subterráneos, que muchos ciclistas evitan por la noche por falta de seguridad.",
        "El presupuesto del proyecto supera los doce millones de euros y se financiará en parte con fondos "
        "europeos destinados a la transición ecológica de las ciudades medianas.",
        "La oposición municipal criticó que el plan no incluya aparcamientos seguros para bicicletas cerca de "
        "las estaciones de tren, algo que considera imprescindible para que la red tenga éxito.",
        "El equipo de gobierno respondió que esa parte se estudiará en una segunda fase, una vez que se conozcan "
        "los datos de uso de los primeros tramos.",
    ],
    "ru": [
        "Городская администрация в среду объявила о начале ремонта центральной набережной, который планировали "
        "провести ещё три года назад, но откладывали из-за нехватки средств в бюджете.",
        "По словам представителей подрядчика, работы будут вестись поэтапно, чтобы жители могли пользоваться "
        "хотя бы частью прогулочной зоны в течение всего лета.",
        "Местные предприниматели опасаются, что ограничения движения приведут к снижению числа посетителей "
        "кафе и магазинов, расположенных вдоль реки.",
        "В мэрии пообещали установить временные указатели и организовать дополнительные пешеходные переходы, "
        "чтобы облегчить доступ к заведениям во время ремонта.",
        "Эксперты отмечают, что состояние подпорных стен на некоторых участках вызывает серьёзные опасения и "
        "требует срочного вмешательства специалистов.",
        "Окончание работ намечено на осень следующего года, однако сроки могут измениться в зависимости от "
        "погодных условий и поставок материалов.",
    ],
}

TITLES = {
    "en": ["Reservoirs at ten-year low as city weighs watering limits", "Valley farmers turn to drip irrigation"],
    "de": ["Sanierung der Markthalle verschoben", "Händler fordern Ersatzstandort"],
    "fr": ["Consultation publique sur l'avenir des quais", "Les commerçants inquiets face aux travaux"],
    "es": ["Más carriles bici para los barrios del norte", "Vecinos piden mejor iluminación"],
    "ru": ["На набережной начинается ремонт", "Предприниматели опасаются падения выручки"],
}

CHROME_HEAD = {
    "en": ["Skip to content", "Menu", "Search", "Home › News › Environment", "Advertisement"],
    "de": ["Zum Inhalt springen", "Menü", "Suche", "Startseite › Lokales › Stadt", "Anzeige"],
    "fr": ["Aller au contenu", "Menu", "Rechercher", "Accueil › Actualités › Ville", "Publicité"],
    "es": ["Saltar al contenido", "Menú", "Buscar", "Inicio › Noticias › Ciudad", "Publicidad"],
    "ru": ["Перейти к содержимому", "Меню", "Поиск", "Главная › Новости › Город", "Реклама"],
}
CHROME_TAIL = {
    "en": ["Share this article", "Facebook Twitter WhatsApp Email", "Related articles", "Page 1 of 3",
           "© 2025 Valley Herald. All rights reserved."],
    "de": ["Artikel teilen", "Facebook Twitter WhatsApp E-Mail", "Verwandte Artikel", "Seite 1 von 3",
           "© 2025 Stadtbote. Alle Rechte vorbehalten."],
    "fr": ["Partager cet article", "Facebook Twitter WhatsApp Email", "Articles similaires", "Page 1 sur 3",
           "© 2025 Le Courrier du Quai. Tous droits réservés."],
    "es": ["Compartir", "Facebook Twitter WhatsApp Email", "Noticias relacionadas", "Página 1 de 3",
           "© 2025 Diario del Norte. Todos los derechos reservados."],
    "ru": ["Поделиться", "ВКонтакте Telegram WhatsApp Email", "Похожие новости", "Страница 1 из 3",
           "© 2025 Городские вести. Все права защищены."],
}
BYLINE = {"en": "By Laura Whitfield", "de": "Von Jonas Brenner", "fr": "Par Claire Dumont",
          "es": "Por Marta Iglesias", "ru": "Автор: Ирина Соколова"}
DATE = {"en": "March 4, 2025", "de": "4. März 2025", "fr": "4 mars 2025", "es": "4 de marzo de 2025",
        "ru": "4 марта 2025"}
COMMENTS = {
    "en": ["3 comments", "Leave a Reply", "Your email address will not be published. Required fields are marked *"],
    "de": ["Kommentare (3)", "Kommentar schreiben", "Antworten"],
    "fr": ["3 commentaires", "Laisser un commentaire", "Répondre"],
    "es": ["3 comentarios", "Deja un comentario", "Responder"],
    "ru": ["3 комментария", "Оставить комментарий", "Ответить"],
}


def _ticker(rng: random.Random) -> list[str]:
    kinds = [
        lambda: [f"  • {a}/USD = {rng.uniform(0.001, 2):.5f} {rng.choice(['0%', '-0.19%', '+0.4%'])}"
                 for a in ("EUR", "GBP", "CHF", "JPY", "CNY")],
        lambda: [f"{s} {rng.uniform(20, 900):.2f} {rng.choice('▲▼')}{rng.uniform(0, 3):.1f}%"
                 for s in ("AAPL", "MSFT", "NVDA", "TSLA")],
        lambda: [f"{s} ${rng.randint(1, 95000):,} {rng.choice('+-')}{rng.uniform(0, 9):.1f}%"
                 for s in ("BTC", "ETH", "SOL")],
        lambda: [f"{c} {rng.randint(-9, 31)}°C" for c in ("Berlin", "Paris", "Madrid", "Moscow")],
    ]
    block = rng.choice(kinds)()
    return block * rng.choice([1, 2, 3])


def _tweet(rng: random.Random) -> list[str]:
    return [
        rng.choice(["Water levels at the northern reservoir this morning. Worst I have seen in years",
                    "Heute Abend Bürgerversammlung zur Markthalle, alle sind eingeladen",
                    "Сегодня на набережной начались первые работы"]) + " https://t.co/AbC123xYz",
        f"— {rng.choice(['Valley Herald', 'Stadtbote', 'Вести'])} (@{rng.choice(['valleyherald', 'stadtbote', 'vesti_city'])}) "
        f"{rng.choice(['March 3, 2025', 'February 27, 2025'])}",
        "https://platform.twitter.com/widgets.js",
    ]


def _article(rng: random.Random, lang: str) -> list[str]:
    paras = PROSE[lang][:]
    rng.shuffle(paras)
    out = [rng.choice(CHROME_HEAD[lang]) for _ in range(rng.randint(1, 3))] + [""]
    if rng.random() < 0.5:
        out += _ticker(rng) + [""]
    out += [rng.choice(TITLES[lang]), "", BYLINE[lang], DATE[lang], "5 min read", ""]
    body: list[str] = []
    while sum(len(p) for p in body) < 7600:
        body.append(paras[len(body) % len(paras)])
    for i, p in enumerate(body):
        out += [p, "\u00a0" if rng.random() < 0.2 else ""]
        if i == 2 and rng.random() < 0.5:
            out += _tweet(rng) + [""]
    out += [rng.choice(CHROME_TAIL[lang]) for _ in range(2)] + [""]
    if rng.random() < 0.5:
        out += COMMENTS[lang]
    return out


def _listing(rng: random.Random, lang: str) -> list[str]:
    out = [rng.choice(CHROME_HEAD[lang]), "", "Viewing results 1 - 6 of 12", ""]
    paras = PROSE[lang]
    for i in range(7):
        text = " ".join(paras[(i + k) % len(paras)] for k in range(4))
        out += [f"{rng.choice(TITLES[lang])} ({i + 1})", "", text[: rng.randint(900, 1300)].rstrip() + "…", ""]
    return out


def generate(n: int, seed: int = 7) -> list[str]:
    """`n` pages of ~9 KB: 80% articles, 20% listings, languages in rotation."""
    rng = random.Random(seed)
    langs = sorted(PROSE)
    pages = []
    for i in range(n):
        lang = langs[i % len(langs)]
        lines = _listing(rng, lang) if rng.random() < 0.2 else _article(rng, lang)
        pages.append("\n".join(lines) + "\n")
    return pages
