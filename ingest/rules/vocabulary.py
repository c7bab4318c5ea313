"""Short UI strings of page chrome, by language. Data only: the rules in page_chrome.py decide where
they apply. Keys are compared after `ui_key` (lower-cased, bullets/arrows/colons and counts stripped).

STRONG strings are never article text on a line of their own; WEAK ones can be (a heading "Menu" in a
restaurant review), so they are removed only in the page head or tail, outside the body.
"""
from __future__ import annotations

import re

STRONG = frozenset("""
top of page|bottom of page|skip to content|skip to main content|skip to navigation|jump to navigation|
skip to main|back to top|scroll to top|go to top|toggle navigation|open menu|close menu|main menu|
advertisement|advertisements|advertising|sponsored|sponsored content|paid content|ad|ads|promoted|
share this article|share this story|share this post|share this|share on facebook|share on twitter|
share on linkedin|share via email|share via|copy link|link copied|print this article|print article|email this|
click to share on facebook|click to share on twitter|click to print|click to email a link to a friend|
follow us|follow us on|sign up|log in|sign in|login|register|subscribe now|already a subscriber|
continue reading|read more|read full article|read the full story|show more|load more|view more|see more|
view all|see all|more stories|more news|related|related articles|related posts|related stories|
related news|related content|you may also like|you might also like|recommended|recommended for you|
most read|most popular|trending|trending now|popular posts|recent posts|latest news|latest posts|
previous article|next article|previous post|next post|older posts|newer posts|
accept|accept all|accept all cookies|reject all|manage cookies|cookie settings|manage preferences|got it|
i agree|agree|allow all|allow cookies|
tags|categories|filed under|topics|
zum inhalt springen|zum hauptinhalt springen|zur navigation springen|nach oben|anzeige|werbung|
artikel teilen|teilen|drucken|per e-mail teilen|weiterlesen|mehr lesen|mehr zum thema|
das könnte sie auch interessieren|auch interessant|verwandte artikel|ähnliche artikel|meistgelesen|
alle akzeptieren|akzeptieren|ablehnen|einstellungen|newsletter abonnieren|jetzt abonnieren|anmelden|
abmelden|registrieren|vorheriger artikel|nächster artikel|
aller au contenu|aller au contenu principal|passer au contenu|retour en haut|haut de page|publicité|
partager|partager cet article|imprimer|lire la suite|lire aussi|à lire aussi|a lire aussi|voir aussi|
articles similaires|articles liés|sur le même sujet|les plus lus|tout accepter|accepter|refuser|
paramètres des cookies|s'abonner|se connecter|s'inscrire|article précédent|article suivant|
saltar al contenido|ir al contenido|ir al contenido principal|volver arriba|publicidad|anuncio|
compartir|compartir en facebook|compartir en twitter|imprimir|leer más|seguir leyendo|lee también|
noticias relacionadas|artículos relacionados|te puede interesar|también te puede interesar|
lo más leído|aceptar|aceptar todo|rechazar|configurar cookies|suscríbete|iniciar sesión|registrarse|
artículo anterior|artículo siguiente|
перейти к содержимому|перейти к основному содержанию|наверх|вверх|реклама|поделиться|
поделиться в соцсетях|распечатать|версия для печати|читать далее|читать полностью|читайте также|
смотрите также|похожие статьи|похожие новости|другие новости|новости по теме|самое читаемое|
популярное|принять|принять все|отклонить|подписаться|войти|регистрация|
предыдущая статья|следующая статья|
vai al contenuto|pubblicità|condividi|leggi anche|leggi di più|articoli correlati|accetta|
ir para o conteúdo|publicidade|compartilhar|leia também|leia mais|aceitar
""".replace("\n", "").split("|")) - {""}

WEAK = frozenset("""
search|menu|menü|menú|meny|home|navigation|share|tweet|email|e-mail|print|facebook|twitter|x|linkedin|whatsapp|telegram|
pinterest|reddit|instagram|youtube|tiktok|vk|ok|messenger|flipboard|more|next|previous|prev|back|close|
subscribe|newsletter|contact|contact us|about|about us|privacy|privacy policy|terms|terms of use|
terms of service|imprint|impressum|datenschutz|kontakt|suche|startseite|rechercher|recherche|accueil|
buscar|búsqueda|inicio|поиск|главная|меню|cerca|pesquisar|sections|news|sport|sports|weather|
video|videos|photos|gallery|podcasts|opinion|world|business|politics|culture|
weiter|zurück|suivant|précédent|siguiente|anterior|далее|назад|вперёд|вперед
""".replace("\n", "").split("|")) - {""}

SHARE_TARGETS = frozenset("""facebook twitter x linkedin whatsapp telegram pinterest reddit email e-mail mail print
copy link messenger viber vk vkontakte ok odnoklassniki xing tumblr flipboard pocket threads bluesky mastodon
line weibo wechat sms вконтакте одноклассники телеграм телеграм-канал whatsapp-канал share teilen partager compartir поделиться condividi compartilhar""".split())

_KEY_STRIP = re.compile(r"^[\s•·▪◦‣∙●○■□►▶➤→←↑»«›‹|*#>\-–—]+|[\s•·▪◦‣∙●○■□►▶➤→←↑»«›‹|*:.!>\-–—]+$")
_COUNT = re.compile(r"\s*[(\[]?\d+[)\]]?$")


def ui_key(text: str) -> str:
    """Comparable form of a short UI line: lower-case, no bullets, arrows, trailing colon or count."""
    key = _KEY_STRIP.sub("", text.strip().lower())
    return " ".join(key.split())


def ui_key_without_count(text: str) -> str:
    return _COUNT.sub("", ui_key(text))
