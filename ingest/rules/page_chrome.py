"""Page chrome: the site's own furniture around the article.

Shapes: short UI lines (`top of page`, `Search`, `Skip to content`, `Advertisement`, in EN/DE/FR/ES/RU/IT/PT;
see vocabulary.py), NBSP-only filler lines, breadcrumbs (`Home › News › World`), share rows
(`Facebook Twitter WhatsApp Email`), menu rows in the page head or tail (`Home  About  Archive`),
pagination (`Page 2 of 5`, `« Previous Next »`, `1 2 3 … 9`), listing counters (`Viewing results 1 - 6
of 12`), image placeholders (a lone lower-case token such as an image's alt text, or a file name),
paywall prompts (`Subscribe to continue reading`), cookie/consent and newsletter prompts, "Read more:"
cross-links, related-article lists under their header, copyright lines, and a date line above the title (the
site's "today" date, not the article's).

Hard negatives: an article *about* search engines or web design uses these words inside sentences, and
only whole short lines are ever matched; words like "Menu" or "Search" alone are removed only outside
the body (page head/tail), since they can be section headings.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable

from ..dates import is_relative_date, parse_date_line
from .base import Finding, Line, TextView, is_blank
from .features import LINE_CACHE, is_prose, prose_bounds, strip_bullet, words
from .vocabulary import SHARE_TARGETS, STRONG, WEAK, ui_key, ui_key_without_count


def _edges(lines: list[Line]) -> tuple[int, int]:
    """(first body position, last body position); everything outside is page head/tail."""
    bounds = prose_bounds(lines)
    return bounds if bounds else (len(lines), -1)


_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]")
# Every non-ASCII character base.is_blank counts as nothing (str.isspace's and BLANK_RE's own; a test
# checks the list against is_blank): a line without one is either ASCII or not blank.
NON_ASCII_BLANKS = "\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
_NON_ASCII_BLANK = re.compile(f"[{NON_ASCII_BLANKS}]")


class BlankFiller:
    """Lines of only NBSP or other invisible spacing (layout fillers between paragraphs)."""

    name = "page_chrome.blank_filler"
    family = "page_chrome"

    def find(self, view: TextView) -> Iterable[Finding]:
        if _ODD_SPACE.search(view.text) is None:  # no NBSP-like character: no filler line possible
            return
        # Only a line holding a non-ASCII blank character can be a filler: those lines, not every line.
        candidates = sorted({view.line_at(m.start()) for m in _NON_ASCII_BLANK.finditer(view.text)})
        for i in candidates:
            if not view.is_alive(i):
                continue
            raw = view.raw_line(i)
            if raw and is_blank(raw) and not raw.isascii():
                yield Finding(*view.line_bounds(i), "nbsp_only_line")


_PAGINATION = re.compile(
    r"^(?:(?:page|seite|página|pagina|страница|стр\.)\s*\d+\s*(?:of|von|sur|de|di|из|/)\s*\d+|"
    r"(?:[«‹<←]\s*)?(?:previous|prev|older|newer|zurück|vorherige|précédent|anterior|назад|предыдущая)"
    r"(?:\s+(?:page|posts|seite|page|página))?\s*(?:[|/·•]\s*)?"
    r"(?:(?:\d+\s+){0,12})?(?:next|weiter|nächste|suivant|siguiente|далее|вперёд|вперед|следующая)?"
    r"(?:\s+(?:page|posts|seite|página))?\s*[»›>→]?|"
    r"(?:[«‹<←]\s*)?(?:\d{1,4}\s*(?:[|·•]\s*)?){2,15}(?:…|\.\.\.)?\s*(?:\d{1,4})?\s*(?:next|weiter|suivant|siguiente|далее)?\s*[»›>→]?|"
    r"(?:next|weiter|nächste|suivant|siguiente|далее|вперёд|следующая)(?:\s+(?:page|seite|página))?\s*[»›>→]+)$",
    re.IGNORECASE,
)
_COUNTER = re.compile(
    r"^(?:viewing|showing|displaying|results?|ergebnisse?|zeige|anzeige|affichage|résultats?|mostrando|"
    r"resultados?|показано|показаны|результаты|visualizzazione|risultati)?\s*(?:results?|ergebnisse?|"
    r"résultats?|resultados?|результаты|risultati|items?|articles?|einträge|записи)?\s*"
    r"\d+\s*[-–—]\s*\d+\s*(?:of|von|sur|de|из|di)\s*\d+(?:\s*(?:results?|ergebnisse?|résultats?|resultados?|"
    r"результатов|risultati|items?|articles?|einträgen|записей))?\.?$",
    re.IGNORECASE,
)
_BREADCRUMB_SEP = re.compile(r"\s*(?:›|»|>|/|→|\\|::|‣|▸|►)\s*")
# The characters a separator is made of: a line without any has no trail (one fast scan, where the
# separator pattern's leading \s* is tried at every position).
_BREADCRUMB_CHAR = re.compile(r"[›»>/→\\:‣▸►]")
# Share rows: at least this share of the words are share targets; a line is ruled out early once more
# than _SHARE_EARLY_MISSES of its words (a margin below 1 - _SHARE_MIN) are not.
_SHARE_MIN = 0.7
_SHARE_EARLY_MISSES = 0.35
# The little words of "Partager sur Facebook", "Auf X teilen", "Share via Email": neither share targets nor
# misses (a row still needs two targets or verbs, so "on" alone never makes one).
_SHARE_LINKS = frozenset("on via with sur par avec auf per mit über en por con в через su tramite no na com".split())
# A paywall's prompt on a line of its own: a call to subscribe or sign in *in order to read on*, or the notice
# that the piece is for subscribers. Short lines only (a sentence about subscriptions is prose and stays).
_PAYWALL = re.compile(
    r"^(?:(?:subscribe|sign up|sign in|log in|register|become a (?:member|subscriber)|abonnez-vous|abonnieren sie|"
    r"jetzt abonnieren|melden sie sich an|suscríbete|suscribite|regístrate|inicia sesión|подпишитесь|abbonati|"
    r"assine)\b[^.!?]{0,40}?\b(?:to (?:continue|keep) reading|"
    r"to read (?:more|on|the (?:full|rest|whole)\b[^.!?,;]{0,30})|to (?:unlock|access) (?:this|the full)\b[^.!?,;]{0,30}|"
    r"pour (?:lire la suite|continuer (?:à|la) lecture|lire cet article)|"
    r"(?:und )?weiter(?:lesen| zu lesen)|para (?:seguir|continuar) leyendo|para leer (?:más|el artículo completo)|"
    r"чтобы (?:продолжить чтение|читать дальше)|per continuare a leggere|para continuar lendo)|"
    r"(?:this|the) (?:article|story|content|post) is (?:only )?(?:for|available (?:only )?to|reserved for) "
    r"(?:paid )?(?:subscribers|members)(?: only)?|cet article est réservé aux abonnés|"
    r"dieser artikel ist (?:nur )?für abonnenten|este artículo es (?:solo|exclusivo) para suscriptores)[\s.!:…]*$",
    re.IGNORECASE,
)
PAYWALL_MAX_CHARS = 120
# Reported speech ("…, the commission said on Tuesday") makes a line the article's own sentence, whatever
# prompt-like words it holds: a site's prompt addresses the reader, it does not quote anyone.
_REPORTED = re.compile(
    r"\b(?:said|says|told|according to|sagte|sagt|erklärte|teilte .{0,20} mit|a déclaré|a dit|a indiqué|selon|"
    r"dijo|explicó|según|afirmó|сказал[аи]?|заявил[аи]?|сообщил[аи]?|ha detto|secondo)\b",
    re.IGNORECASE,
)
_HOME = re.compile(r"^(?:home|start|startseite|accueil|inicio|portada|главная|home page|homepage|news)$", re.IGNORECASE)
_IMAGE_FILE = re.compile(r"^[\w\-. ]{1,80}\.(?:jpe?g|png|gif|webp|svg|avif|bmp|tiff?)$", re.IGNORECASE)
_IMAGE_WORDS = frozenset("""image img photo picture foto bild bilder abbildung imagen imagem immagine
изображение фото фотография картинка illustration graphic grafik""".split())
_CAPTION_CREDIT = re.compile(
    r"^(?:\(?(?:photo|image|picture|foto|bild|imagen|фото|credit|crédit|crédito|quelle|source|fuente|источник)"
    r"\s*(?:credit)?\s*[:©]\s*[^.]{1,60}\)?|©\s*[^.]{1,60}|(?:getty images|reuters|ap photo|afp|epa|dpa|shutterstock)"
    r"(?:\s*/\s*[\w ]{1,40})?)$",
    re.IGNORECASE,
)
_CONSENT = re.compile(
    r"\b(?:we use cookies|this (?:web)?site uses cookies|uses cookies to|by (?:continuing to (?:browse|use)|using this "
    r"(?:web)?site)|accept (?:all )?cookies|cookie (?:policy|settings|preferences)|consent to (?:the use of )?cookies|"
    r"wir verwenden cookies|diese (?:web)?seite verwendet cookies|nutzung von cookies|cookie-einstellungen|"
    r"nous utilisons des cookies|ce site utilise des cookies|utilisation (?:des|de) cookies|"
    r"utilizamos cookies|este sitio (?:web )?utiliza cookies|uso de cookies|política de cookies|"
    r"мы используем (?:файлы )?cookie|сайт использует (?:файлы )?cookie|использование (?:файлов )?cookie|"
    r"utilizziamo i cookie|questo sito utilizza (?:i )?cookie|usamos cookies|"
    # "we (and our partners) use … cookies", with a few words between, in each language
    r"(?:we(?: and our partners)? use|wir (?:verwenden|nutzen|setzen)|nous utilisons|utilizamos|usamos|"
    r"utilizziamo|мы используем)\b[^.]{0,40}?\bcookies?)\b",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(
    r"^(?:.{0,40}\b)?(?:sign up for (?:our|the)\b.{0,40}newsletter|subscribe to (?:our|the)\b.{0,40}"
    r"(?:newsletter|mailing list)|get (?:the latest|our)\b.{0,60}(?:in|to) your inbox|"
    r"enter your e-?mail(?: address)?|your e-?mail address|join our (?:newsletter|mailing list)|"
    r"newsletter abonnieren|melden sie sich .{0,30}newsletter|abonnieren sie .{0,30}newsletter|"
    r"ihre e-mail-adresse|inscrivez-vous .{0,30}(?:newsletter|lettre)|abonnez-vous .{0,30}(?:newsletter|lettre)|"
    r"votre (?:adresse )?e-?mail|suscríbete a .{0,30}(?:newsletter|boletín)|recibe .{0,40}en tu (?:correo|email)|"
    r"tu correo electrónico|подпишитесь на .{0,30}(?:рассылку|новости|канал)|ваш e-?mail|"
    r"iscriviti alla newsletter|assine (?:a|nossa) newsletter)\b.{0,160}$",
    re.IGNORECASE,
)
_CROSS_LINK = re.compile(
    r"^(?:read more|read also|also read|see also|related|more|watch|listen|recommended|mehr dazu|lesen sie auch|"
    r"lesen sie mehr|auch lesen|mehr zum thema|lire aussi|à lire aussi|a lire aussi|voir aussi|lire la suite|"
    r"lee también|leer más|lea también|ver también|читайте также|читать также|смотрите также|см\. также|"
    r"подробнее|leggi anche|leia também|leia mais)\s*[:：|»>–—-]\s*.{3,200}$",
    re.IGNORECASE,
)
_LIST_HEADER = frozenset("""related|related articles|related posts|related stories|related news|related content|
you may also like|you might also like|recommended|recommended for you|more stories|more news|more from|
most read|most popular|trending|trending now|popular posts|recent posts|latest news|latest posts|read more|
read next|up next|more on this story|more on this topic|das könnte sie auch interessieren|auch interessant|
verwandte artikel|ähnliche artikel|mehr zum thema|meistgelesen|weitere artikel|articles similaires|
articles liés|sur le même sujet|les plus lus|à lire aussi|lire aussi|noticias relacionadas|
artículos relacionados|te puede interesar|también te puede interesar|lo más leído|más noticias|
читайте также|похожие статьи|похожие новости|другие новости|новости по теме|самое читаемое|популярное|
articoli correlati|leggi anche|notícias relacionadas|leia também""".replace("\n", "").split("|"))
_COPYRIGHT = re.compile(
    r"(?:^©|^\(c\)|^copyright\b|\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b|"
    r"\btodos los derechos reservados\b|\bвсе права защищены\b|\btutti i diritti riservati\b)",
    re.IGNORECASE,
)


# Substrings every match of the pattern contains: a plain `in` test skips the regex on ordinary lines
# (these patterns are long alternations, and most lines of a page are prose).
_CONSENT_HINTS = ("cookie", "by continuing", "by using")
_NEWSLETTER_HINTS = ("newsletter", "mailing", "inbox", "mail", "lettre", "boletín", "correo", "подпишитесь")
_COPYRIGHT_HINTS = ("©", "(c)", "copyright", "reserv", "riserv", "vorbehalten", "réservés", "защищены")


def _hint_pattern(hints: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(h) for h in hints))


# Each family's hint substrings as one regex: one scan of a line instead of one `in` per hint.
_CONSENT_HINT = _hint_pattern(_CONSENT_HINTS)
_NEWSLETTER_HINT = _hint_pattern(_NEWSLETTER_HINTS)
_COPYRIGHT_HINT = _hint_pattern(_COPYRIGHT_HINTS)


_COMBO_SPLIT = re.compile(r"\s*[?|·•/]\s*|\s{2,}")


@lru_cache(maxsize=LINE_CACHE)
def ui_keys(text: str) -> tuple[str, str]:
    """(ui_key(text), ui_key_without_count(text)), memoised: RelatedList and UiLine ask it of the same
    lines. A count is a trailing number, maybe bracketed, so only a key ending in a digit or a bracket
    can lose one (the count pattern's scan is skipped on every other line)."""
    key = ui_key(text)
    last = key[-1:]
    return key, (ui_key_without_count(text) if last.isdecimal() or last in (")", "]") else key)


def _ui_combo(text: str) -> bool:
    """A short line made of several UI strings ("Already a subscriber? Sign in", "Log in | Register")."""
    stripped = text.strip()
    if _COMBO_SPLIT.search(stripped) is None:  # no separator: one part
        return False
    parts = [p for p in _COMBO_SPLIT.split(stripped) if p]
    return len(parts) >= 2 and all(ui_keys(p)[0] in STRONG for p in parts)


class UiLine:
    """Whole lines of UI vocabulary: strong ones anywhere, weak ones in the page head or tail only."""

    name = "page_chrome.ui_line"
    family = "page_chrome"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        first, last = _edges(lines)
        for pos, ln in enumerate(lines):
            if len(ln.text) > 60:
                if len(ln.text) <= PAYWALL_MAX_CHARS and _PAYWALL.match(strip_bullet(ln.text)):
                    yield Finding(ln.start, ln.end, "paywall_prompt")
                continue
            key, bare = ui_keys(ln.text)
            if key in STRONG or bare in STRONG or _ui_combo(ln.text):
                yield Finding(ln.start, ln.end, "ui_string")
            elif _PAYWALL.match(strip_bullet(ln.text)):
                yield Finding(ln.start, ln.end, "paywall_prompt")
            elif (pos < first or pos > last) and (key in WEAK or bare in WEAK):
                yield Finding(ln.start, ln.end, "ui_string_at_edge")


# A share column: the buttons of a share row one per line ("Partager" / "Facebook" / "Twitter" /
# "Envoyer"). Its items are share targets or the verbs beside them (print, send, e-mail). Networks alone
# ("Facebook" / "Twitter") may be an article's own list of platforms, so a column also needs a verb
# among its items or right above it (often already cut as a UI string: "Partager", "Teilen").
_SHARE_VERBS = frozenset("""share partager teilen compartir поделиться condividi compartilhar print imprimer
drucken imprimir stampa распечатать imprimi send envoyer senden enviar invia email e-mail mail courriel
sms tweet""".split()) | {"copy link", "copier le lien", "link kopieren", "copiar enlace", "copiar link"}
_SHARE_ITEMS = SHARE_TARGETS | _SHARE_VERBS
SHARE_COLUMN_MIN = 2


def _share_columns(view: TextView, lines: list[Line]) -> set[int]:
    """Positions (in `lines`) of the lines that make up share columns."""
    out: set[int] = set()
    pos = 0
    while pos < len(lines):
        end = pos
        while end < len(lines) and len(lines[end].text) <= 40 and ui_keys(lines[end].text)[0] in _SHARE_ITEMS:
            end += 1
        if end - pos >= SHARE_COLUMN_MIN:
            keys = {ui_keys(ln.text)[0] for ln in lines[pos:end]}
            networks, verbs = keys - _SHARE_VERBS, keys & _SHARE_VERBS
            if len(keys) >= SHARE_COLUMN_MIN and networks and (verbs or _verb_above(view, lines[pos])):
                out.update(range(pos, end))
        pos = max(end, pos + 1)
    return out


def _verb_above(view: TextView, line: Line) -> bool:
    """The nearest non-blank line above `line` in the page (cut or not) is a share verb or label."""
    i = line.index - 1
    while i >= 0 and is_blank(view.raw_line(i)):
        i -= 1
    if i < 0:
        return False
    key = ui_key(view.raw_line(i))
    return key in _SHARE_VERBS or (key in STRONG and key.split()[0] in _SHARE_VERBS)


class Navigation:
    """Breadcrumbs, pagination, listing counters, share rows and share columns."""

    name = "page_chrome.navigation"
    family = "page_chrome"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        first, last = _edges(lines)
        columns = _share_columns(view, lines)
        for pos, ln in enumerate(lines):
            t = strip_bullet(ln.text)
            if len(t) > 160 or is_prose(t):
                continue
            if pos in columns:
                yield Finding(ln.start, ln.end, "share_row")
            elif _COUNTER.match(t):
                yield Finding(ln.start, ln.end, "listing_counter")
            elif _PAGINATION.match(t) and any(c.isalnum() for c in t):
                yield Finding(ln.start, ln.end, "pagination")
            elif self._is_share_row(t):
                yield Finding(ln.start, ln.end, "share_row")
            elif self._is_breadcrumb(t, at_edge=pos < first or pos > last):
                yield Finding(ln.start, ln.end, "breadcrumb")
            elif (pos < first or pos > last) and _is_menu_row(t):
                yield Finding(ln.start, ln.end, "menu_row")

    @staticmethod
    def _is_share_row(t: str) -> bool:
        raw = t.split()
        if len(raw) < 2:
            return False
        # A share row is mostly share targets: stop at the first words once too many miss (most lines miss
        # at once). The margin keeps the early "no" well clear of the exact test's rounding.
        allowed, misses = _SHARE_EARLY_MISSES * len(raw), 0
        for w in raw:
            w = w.lower().strip(":|•·,")
            if w and w not in SHARE_TARGETS and w not in _SHARE_LINKS:
                misses += 1
                if misses > allowed:
                    return False
        tokens = [w.lower().strip(":|•·,") for w in raw]
        tokens = [w for w in tokens if w and w not in _SHARE_LINKS]
        if len(tokens) < 2:
            return False
        hits = sum(1 for w in tokens if w in SHARE_TARGETS)
        return hits >= 2 and hits >= _SHARE_MIN * len(tokens)

    @staticmethod
    def _is_breadcrumb(t: str, at_edge: bool) -> bool:
        if _BREADCRUMB_CHAR.search(t) is None:  # no separator at all (most lines): not a trail
            return False
        parts = [p for p in _BREADCRUMB_SEP.split(t) if p]
        if len(parts) < 2 or len(parts) > 8 or _BREADCRUMB_SEP.search(t) is None:
            return False
        if any(len(p.split()) > 6 or p.rstrip().endswith((".", "?", "!")) for p in parts):
            return False
        if "/" in t and re.search(r"\d\s*/\s*\d", t):  # a fraction or date, not a trail
            return False
        return bool(_HOME.match(parts[0].strip())) or (at_edge and len(parts) >= 3)


# A site menu flattened into one line: "Home  About  Archive", "Accueil | Actualités | Sport | Culture".
# Items are split at runs of 2+ spaces, tabs or a spaced bar/dot; each is a short name that starts with a
# letter (a table row of figures is not a menu) and ends without sentence punctuation. Three or more items,
# because a headline with one double space ("Rates  rise") is two. Only in the page head or tail: inside the
# body the same shape is a table header, and it stays.
_MENU_GAP = re.compile(r"\s*\t\s*|\s{2,}|\s[|•·]\s")
MENU_MIN_ITEMS = 3
MENU_ITEM_MAX_WORDS = 3
MENU_ITEM_MAX_CHARS = 30


def _is_menu_row(t: str) -> bool:
    if _MENU_GAP.search(t) is None:
        return False
    items = [p.strip() for p in _MENU_GAP.split(t) if p.strip()]
    return len(items) >= MENU_MIN_ITEMS and all(
        len(p) <= MENU_ITEM_MAX_CHARS and len(p.split()) <= MENU_ITEM_MAX_WORDS and p[0].isalpha()
        and (p[0].isupper() or not p[0].islower()) and not p.endswith((".", "?", "!", ",", ";", ":"))
        for p in items)


class ImagePlaceholder:
    """Image residue: a lone lower-case token between blank lines (an image's alt text), an image file
    name, a bare word like "Image"/"Foto", or a photo credit line."""

    name = "page_chrome.image_placeholder"
    family = "page_chrome"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        for pos, ln in enumerate(lines):
            t = ln.text.strip()
            if len(t) > 90:
                continue
            if _IMAGE_FILE.match(t) or t.lower().strip("[]()") in _IMAGE_WORDS:
                yield Finding(ln.start, ln.end, "image_placeholder")
            elif self._lone_token(view, lines, pos, t):
                yield Finding(ln.start, ln.end, "image_placeholder")
            elif _CAPTION_CREDIT.match(t):
                yield Finding(ln.start, ln.end, "photo_credit")

    @staticmethod
    def _lone_token(view: TextView, lines: list[Line], pos: int, t: str) -> bool:
        if not _is_token(t):
            return False
        # Alone means no short-token neighbour (a vertical list of words stays). Blank lines around it are
        # not required: cleaned output separates every line by a blank line, so requiring them would make
        # a second cleaning pass remove what the first kept.
        # The same token repeated (a gallery of images with one alt text) is still a placeholder.
        before = pos > 0 and _is_other_token(lines[pos - 1].text.strip(), t)
        after = pos + 1 < len(lines) and _is_other_token(lines[pos + 1].text.strip(), t)
        return not before and not after


def _is_token(t: str) -> bool:
    return 1 <= len(t) <= 5 and t.isalpha() and t.islower()


def _is_other_token(neighbour: str, t: str) -> bool:
    return neighbour != t and _is_token(neighbour)


_ANY_HINT = _hint_pattern(_CONSENT_HINTS + _NEWSLETTER_HINTS + _COPYRIGHT_HINTS)


def _lines_with_hints(view: TextView, lines: list[Line]) -> set[int]:
    """Indices of the lines holding a prompt keyword: one scan of the page instead of one per line."""
    low = view.text.lower()
    if len(low) != len(view.text):  # a few capitals lower-case to two characters: offsets would drift
        return {ln.index for ln in lines if _ANY_HINT.search(ln.text.lower())}
    starts = [ln.start for ln in lines]
    out = set()
    for m in _ANY_HINT.finditer(low):
        pos = bisect.bisect_right(starts, m.start()) - 1
        if pos >= 0 and m.start() < lines[pos].end:
            out.add(lines[pos].index)
    return out


class Prompts:
    """Cookie/consent banners, newsletter sign-up prompts, "Read more: …" cross-links, copyright lines."""

    name = "page_chrome.prompts"
    family = "page_chrome"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        first, last = _edges(lines)
        hinted = _lines_with_hints(view, lines)
        for pos, ln in enumerate(lines):
            t = strip_bullet(ln.text)
            if len(t) > 400:
                continue
            at_edge = pos < first or pos > last
            if ln.index not in hinted:  # most lines: only the cross-link shape is possible
                if _is_cross_link(t):
                    yield Finding(ln.start, ln.end, "cross_link")
                continue
            low = t.lower()
            if _CONSENT_HINT.search(low) and _CONSENT.search(t) and (at_edge or self._addresses_reader(t)):
                yield Finding(ln.start, ln.end, "cookie_prompt")
            elif len(t) <= 220 and _NEWSLETTER_HINT.search(low) and _NEWSLETTER.match(t) and not _REPORTED.search(t):
                yield Finding(ln.start, ln.end, "newsletter_prompt")
            elif _is_cross_link(t):
                yield Finding(ln.start, ln.end, "cross_link")
            elif len(t) <= 200 and _COPYRIGHT_HINT.search(low) and _COPYRIGHT.search(t) and (at_edge or len(t) < 100):
                yield Finding(ln.start, ln.end, "copyright")

    @staticmethod
    def _addresses_reader(t: str) -> bool:
        return bool(re.search(r"\b(?:we|our|you|your|wir|unser\w*|sie|ihr\w*|nous|vous|votre|nos|nosotros|usted|nuestr\w*|tu|tus|"
                              r"utilizamos|usamos|utilizziamo|nostr\w*|мы|вы|ваш\w*|наш\w*|используем)\b", t,
                              re.IGNORECASE))


def _is_cross_link(t: str) -> bool:
    """ "Read more: <title>" on a line of its own."""
    return len(t) <= 220 and _CROSS_LINK.match(t) is not None and not ends_in_sentence_with_verb(t)


def ends_in_sentence_with_verb(t: str) -> bool:
    """ "More: the ministry said on Friday that …" is prose after a label; a cross-link is a bare title."""
    return len(words(t)) > 25


class RelatedList:
    """A related-articles header ("Related", "Read more", "Lesen Sie auch", "Читайте также") and the
    title-like lines under it, up to the next prose line."""

    name = "page_chrome.related_list"
    family = "page_chrome"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        pos = 0
        while pos < len(lines):
            ln = lines[pos]
            if len(ln.text) <= 60 and ui_keys(ln.text)[1] in _LIST_HEADER:
                end = pos
                while end + 1 < len(lines) and self._is_item(lines[end + 1].text):
                    end += 1
                if end > pos and end + 1 < len(lines) and is_prose(lines[end + 1].text):
                    end -= 1  # a title right above prose heads that text (a teaser, a section): not a link
                if end > pos:
                    yield Finding(ln.start, lines[end].end, "related_list")
                pos = end + 1
                continue
            pos += 1

    @staticmethod
    def _is_item(text: str) -> bool:
        t = strip_bullet(text)
        return 0 < len(t) <= 160 and not is_prose(t) and not t.endswith(":")


class PageDate:
    """A date line above the title: the site's own "today" date, not the article's."""

    name = "page_chrome.page_date"
    family = "page_chrome"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        if len(lines) < 2:
            return
        ln = lines[0]
        t = strip_bullet(ln.text)
        dated = parse_date_line(ln.text.strip()) or parse_date_line(t) or is_relative_date(t)
        if len(t) <= 50 and dated and not is_prose(lines[1].text):
            yield Finding(ln.start, ln.end, "page_date")


RULES = (BlankFiller(), UiLine(), Navigation(), ImagePlaceholder(), Prompts(), RelatedList(), PageDate())
