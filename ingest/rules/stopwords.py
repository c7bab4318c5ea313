"""Small per-language function-word lists: the share of them in a line tells running text from chrome.

Why: menus, link lists and footers are runs of nouns and names ("Politics · Sport · Weather"); a
sentence is glued together by articles, pronouns, prepositions and auxiliaries. The lists are short
on purpose (the most frequent closed-class words of each language, written for this project): density,
not coverage, is the signal, and a short list keeps the per-line cost to one set look-up per word.

`guess_language` picks the list that covers most of a document's words, so a French page is not
judged by English function words. Languages without a list (and CJK) fall back to "no stopword
signal", which the dump classifier treats as neutral rather than as boilerplate.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping

_LISTS = {
    "en": """a about after all also an and any are as at be because been but by can could did do does for
        from had has have he her his how i if in into is it its just more most no not of on one or our out
        over she so some than that the their them then there these they this those to up us was we were what
        when which who will with would you your""",
    "de": """aber als am an auch auf aus bei bin bis da damit dann das dass dem den der des die dies diese
        dieser doch du durch ein eine einem einen einer es für hat hatte haben ich ihr im in ist ja kann kein
        man mehr mit nach nicht noch nur oder sein sich sie sind so über um und uns unter vom von vor war
        waren was wenn werden wie wir wird wurde zu zum zur zwischen""",
    "fr": """à au aux avec ce ces cette comme dans de des du elle en est et été être il ils je la le les
        leur lui mais me même ne nous on ont ou où par pas plus pour qu que qui sa sans se ses son sont sur
        tout très un une vous y avait était fait leurs aussi d l n s c j qu""",
    "es": """a al algo como con de del desde donde el ella en entre era es esta este esto está están fue
        ha han hay la las le les lo los más me mi muy no nos o para pero por que qué se ser si sin sobre su
        sus también tiene todo un una uno y ya""",
    "ru": """а без бы был была были было в вы да для до его ее её если есть же за и из или им их к как
        когда кто ли мы на над не него нет но о об он она они от по под при с со так также то тоже только у
        уже что чтобы это этот эта эти я будет быть был может можно после перед через между про более очень
        который которая которое которые которого которой которых своей своих свой всех все всё ещё еще
        этого этой этих том тем чем где там здесь сейчас""",
    "it": """a al alla anche che chi ci come con da dal dalla dei del della delle di e è gli ha hanno i il
        in la le lo loro ma mi ne nei nel nella non o per più può quando quello questa questo se si sono su
        sua suo tra un una uno""",
    "pt": """a ao aos as com como da das de do dos e é ela ele eles em entre era essa esse está foi há isso
        já mais mas me muito na nas não no nos o os ou para pela pelo por que se sem ser seu sua são também
        tem um uma""",
    "nl": """aan al als bij dan dat de den der deze die dit door een en er had heb heeft hem het hij hoe
        hun ik in is je kan maar met meer na naar niet nog nu of om onder ons ook op over te tot uit van
        voor was wat we werd wie wij worden wordt zal ze zich zij zijn zo""",
}

STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in _LISTS.items()}
LANGUAGES = tuple(sorted(STOPWORDS))
# Every language's function words in one set: the fallback for a page too short to guess from.
ANY_LANGUAGE = frozenset().union(*STOPWORDS.values())
# A guess needs this many hits: below it, the page is too short or in a language without a list.
_MIN_HITS = 8


# Each function word → the languages whose list has it, so a guess costs one look-up per distinct word.
LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang in LANGUAGES:
    for _word in STOPWORDS[_lang]:
        LANGUAGES_OF[_word] = LANGUAGES_OF.get(_word, ()) + (_lang,)


def language_hits(counts: Mapping[str, int]) -> dict[str, int]:
    """Function-word hits per language of LANGUAGES, from word counts: each distinct word is looked up
    once (in LANGUAGES_OF), not once per language list."""
    hits = dict.fromkeys(LANGUAGES, 0)
    for tok, n in counts.items():
        for lang in LANGUAGES_OF.get(tok, ()):
            hits[lang] += n
    return hits


def guess_language(tokens: Iterable[str]) -> str | None:
    """The language whose list covers most of `tokens` (lower-cased words; the first of LANGUAGES on a
    tie), or None below _MIN_HITS."""
    # Only function words can count: most tokens are not, so they never reach the Counter.
    hits = language_hits(Counter(filter(ANY_LANGUAGE.__contains__, tokens)))
    best = max(LANGUAGES, key=hits.__getitem__)
    return best if hits[best] >= _MIN_HITS else None


def stopword_set(language: str | None) -> frozenset[str]:
    return STOPWORDS.get(language or "", ANY_LANGUAGE)
