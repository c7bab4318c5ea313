"""Helpers and prose for the rule tests. All text here is our own writing (never scraped or seed text)."""
from __future__ import annotations

from ingest.extract.text import CleanedText, clean_text
from ingest.rules.base import TextView
from ingest.rules.registry import DEFAULT_RULES
from ingest.settings import Settings

PARAS = {
    "en": [
        "The harbour commission voted on Monday to extend the ferry timetable through the winter months, "
        "after a petition signed by more than four thousand island residents asked for a later last crossing.",
        "Operators said the change would cost roughly 1.2 million euros a year, most of it for crew overtime "
        "and fuel, and that fares would stay the same at least until the spring review.",
        "Shop owners on the island welcomed the decision. Several of them said evening visitors had stopped "
        "coming because they feared missing the last boat home and spending the night in a hotel.",
    ],
    "de": [
        "Die Gemeinde hat am Dienstag beschlossen, die Öffnungszeiten der Stadtbibliothek am Wochenende zu "
        "verlängern, nachdem sich Studierende und Familien wiederholt über volle Lesesäle beschwert hatten.",
        "Nach Angaben der Verwaltung entstehen dadurch zusätzliche Personalkosten von rund 80.000 Euro im Jahr, "
        "die teilweise durch Spenden eines örtlichen Fördervereins gedeckt werden sollen.",
        "Die Leiterin der Bibliothek sagte, man werde die Nutzung in den ersten sechs Monaten genau beobachten "
        "und die Zeiten gegebenenfalls noch einmal anpassen.",
    ],
    "fr": [
        "Le conseil régional a adopté jeudi un plan de rénovation des lycées professionnels, qui prévoit le "
        "remplacement des ateliers les plus anciens et l'isolation thermique de vingt bâtiments d'ici trois ans.",
        "Les syndicats d'enseignants saluent un effort attendu depuis longtemps, mais regrettent que le calendrier "
        "ne tienne pas compte des examens de fin d'année dans plusieurs établissements.",
        "La présidente de la région a promis une concertation avec les équipes de chaque lycée avant le début "
        "des travaux, prévu pour l'été prochain.",
    ],
    "es": [
        "El gobierno autonómico aprobó el viernes una ayuda para los pequeños productores de aceite afectados por "
        "la sequía, que podrán solicitar hasta quince mil euros por explotación durante los próximos dos meses.",
        "Las organizaciones agrarias consideran la medida insuficiente y recuerdan que la cosecha de este año ha "
        "caído casi a la mitad en algunas comarcas del interior.",
        "La consejera de agricultura defendió que se trata de una primera fase y anunció nuevas líneas de apoyo "
        "para modernizar los sistemas de riego antes del verano.",
    ],
    "ru": [
        "Областное правительство в четверг утвердило программу ремонта сельских дорог, по которой до конца "
        "следующего года планируется восстановить более трёхсот километров покрытия.",
        "По словам министра транспорта, в первую очередь будут отремонтированы дороги, ведущие к школам, "
        "больницам и фельдшерским пунктам в отдалённых населённых пунктах.",
        "Жители нескольких районов уже направили в министерство обращения с просьбой включить их улицы в "
        "список, однако окончательный перечень объектов будет опубликован только весной.",
    ],
    "zh": [
        "市政府周一宣布，将在明年春天之前完成老城区供水管网的改造工程，预计惠及超过十万名居民。",
        "负责该项目的工程师表示，新管道将大幅减少漏水，并提高高峰时段的水压，居民用水将更加稳定。",
    ],
    "ja": [
        "市は月曜日、来年の春までに旧市街の水道管の改修工事を終えると発表し、十万人以上の住民が恩恵を受ける見込みだ。",
        "担当の技術者によると、新しい配管によって漏水が大きく減り、利用が集中する時間帯の水圧も安定するという。",
    ],
    "ar": [
        "أعلنت البلدية يوم الاثنين أنها ستنتهي من تجديد شبكة المياه في المدينة القديمة قبل الربيع المقبل، "
        "وهو مشروع يستفيد منه أكثر من مئة ألف ساكن.",
        "وقال المهندس المسؤول عن المشروع إن الأنابيب الجديدة ستقلل التسرب بشكل كبير وتحسن ضغط المياه في "
        "ساعات الذروة.",
    ],
}


def page(*blocks: str | list[str]) -> str:
    """Lines and paragraphs joined the way text dumps come: one paragraph per line, blank lines between."""
    out: list[str] = []
    for b in blocks:
        out.extend(b if isinstance(b, list) else [b])
    return "\n".join(out) + "\n"


# The default rules without the whole-page `dump` classifier: for tests of one family's own behaviour on
# pages where the dump heuristics (tuned on real dumps) would judge our short synthetic lines first.
WITHOUT_DUMP = tuple(r for r in DEFAULT_RULES if r.family != "dump")


def run(text: str, fetched_at: str | None = None, rules=DEFAULT_RULES) -> CleanedText:
    return clean_text(text, Settings(fetched_at=fetched_at), rules=rules)


def removals(res: CleanedText, family: str | None = None) -> list[tuple[str, str, str]]:
    """(rule, reason, text) of every removal, optionally of one family."""
    return [(s.rule, s.reason, s.text) for s in res.removed
            if family is None or s.rule.split(".")[0] == family]


def removed_text(res: CleanedText, family: str | None = None) -> str:
    return "\n".join(t for _, _, t in removals(res, family))


def body(res: CleanedText) -> str:
    return "\n\n".join(a.text for a in res.articles)


def assert_intact(res: CleanedText, paragraphs: list[str]) -> None:
    """Every paragraph survives whole, and no removal touched any of them."""
    text = body(res)
    for p in paragraphs:
        assert p in text, f"paragraph lost: {p[:60]!r}"


def find(rule, text: str) -> list:
    """Findings of one rule on a fresh view (no other rule ran)."""
    return list(rule.find(TextView(text)))
