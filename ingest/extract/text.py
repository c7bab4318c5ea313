"""The text-dump path: repair → rules → split listing teasers → layout → metadata per article."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from ..dates import parse_date_line, relative_date, year_hint
from ..language import LanguageGuess, identify_language
from ..normalize import layout, repair, word_count
from ..records import CleanArticle, Embed, FieldSource, Kind, Note, RemovedSpan
from ..rules import guard
from ..rules.base import Rule, TextView
from ..rules.engine import Extracted, RuleResult, apply_rules
from ..rules.features import is_prose
from ..rules.registry import DEFAULT_RULES
from ..settings import Settings

_MIN_ARTICLE_WORDS = 15


@dataclass(frozen=True, slots=True)
class CleanedText:
    kind: Kind
    articles: tuple[CleanArticle, ...]
    removed: tuple[RemovedSpan, ...]
    notes: tuple[Note, ...] = ()  # decisions that changed no text (see records.Note)
    flags: tuple[str, ...] = ()  # marks for an operator (records.CleanDocument.flags)


def clean_text(text: str, settings: Settings, *, source: str = "<text>",
               rules: tuple[Rule, ...] = DEFAULT_RULES, prior: RuleResult | None = None) -> CleanedText:
    """Clean one text dump (or the text an HTML extractor produced) into articles."""
    clean = repair(text)
    view = TextView(clean)
    first_doubtful = next((i for i, r in enumerate(rules) if r.family in guard.DOUBTFUL_FAMILIES), None)
    if prior is not None or first_doubtful is None:
        return assemble(view, apply_rules(view, rules, source=source, result=prior), settings)
    # The rules before the first doubtful one run once; their state is kept, so undoing the doubtful
    # rules is that state plus the later sure rules, not a second run of the whole page (on a 5 MB page
    # of UI lines the second run was a third of the document's time). Same outcome as running the sure
    # rules alone from the start: each rule sees exactly what it saw then.
    sure_head, tail = rules[:first_doubtful], rules[first_doubtful:]
    head = apply_rules(view, sure_head, source=source)
    kept_view, kept = view.copy(), RuleResult(list(head.removed), list(head.extracted))
    result = apply_rules(view, tail, source=source, result=head)
    tripped, lost, total = guard.over_deletes(clean, result.removed)
    if not tripped:
        return assemble(view, result, settings)
    # keep the doubtful blocks: the page as the sure rules leave it
    result = apply_rules(kept_view, tuple(r for r in tail if r.family not in guard.DOUBTFUL_FAMILIES),
                         source=source, result=kept)
    note = Note("guard", "kept_doubtful", f"cleaning would have removed {lost} of the {total} words in "
                f"sentence-like lines; the dump classifier's doubtful blocks were kept")
    cleaned = assemble(kept_view, result, settings)
    return replace(cleaned, notes=(*cleaned.notes, note), flags=(*cleaned.flags, guard.FLAG))


def assemble(view: TextView, result: RuleResult, settings: Settings) -> CleanedText:
    """Cut the surviving text into articles and attach the metadata the rules extracted."""
    titles = [x for x in result.extracted if "teaser_title" in x.data]
    if len(titles) >= 2 and settings.split_listings:
        kind: Kind = "listing"
        bounds = [x.start for x in titles] + [len(view.text) + 1]
        segments = [(bounds[i], bounds[i + 1], titles[i]) for i in range(len(titles))]
    else:
        kind = "article"
        segments = [(0, len(view.text) + 1, None)]
    hint = _YearHint(view.text, settings.fetched_datetime)
    bodies = [layout(_live_between(view, start, end)) for start, end, _ in segments]
    # One language per document, from a sample of its clean text: a listing's teasers share their page's
    # language, and classifying each piece separately costs time and is less reliable on short teasers.
    language = identify_language(_sample(bodies)) if settings.detect_language else None
    articles = []
    for (start, end, title), body in zip(segments, bodies):
        if kind == "listing":  # a teaser's metadata is what was found inside its segment
            mine = [x for x in result.extracted if start <= x.start < end]
            article = _teaser(body, title, mine, settings, language)
        else:
            article = _article(body, result.extracted, hint, settings, language)
        if article.text:
            articles.append(article)
    if kind == "article" and not any(is_prose(p) for a in articles for p in a.text.split("\n\n")) \
            and sum(a.word_count for a in articles) < _MIN_ARTICLE_WORDS:
        kind, articles = "non_article", []
    return CleanedText(kind, tuple(articles), tuple(result.removed))


def _sample(bodies: list[str], size: int = 700) -> str:
    out, total = [], 0
    for body in bodies:
        out.append(body[: size - total])
        total += len(out[-1])
        if total >= size:
            break
    return "\n\n".join(out)


def _live_between(view: TextView, start: int, end: int) -> str:
    return view.live_text(start, end)


class _YearHint:
    """Lazily computed year for yearless dates (only pages that have one pay for the scan)."""

    def __init__(self, text: str, fetched: datetime | None):
        self._text, self._fetched, self._year = text, fetched, None

    def resolve(self, month_day: str) -> str | None:
        if self._year is None:
            self._year = year_hint(self._text, self._fetched) or 0
        if not self._year:
            return None
        month, day = (int(x) for x in month_day.split("-"))
        try:
            d = date(self._year, month, day)
        except ValueError:
            return None
        if self._fetched and d > self._fetched.date():  # "Dec 30" seen on Jan 2 is last year's
            d = d.replace(year=d.year - 1)
        return d.isoformat()


def _first(extracted: list[Extracted], key: str) -> Extracted | None:
    """The first finding that carries `key` as page metadata (an embed's author is the post's, not ours)."""
    return next((x for x in extracted if x.data.get(key) and "embed" not in x.data), None)


def _published(extracted: list[Extracted], hint: _YearHint, settings: Settings) -> tuple[str | None, str | None]:
    for x in extracted:
        d = x.data
        if d.get("published"):
            return d["published"], x.rule
        if d.get("published_md"):
            resolved = hint.resolve(d["published_md"])
            if resolved:
                return resolved, x.rule
        if d.get("published_relative"):
            resolved = relative_date(d["published_relative"], settings.fetched_datetime)
            if resolved:
                return resolved, x.rule
    return None, None


def _embeds(extracted: list[Extracted]) -> tuple[Embed, ...]:
    return tuple(Embed(platform=x.data["embed"], author=x.data.get("author", ""), handle=x.data.get("handle", ""),
                       date=x.data.get("date", ""), url=x.data.get("url", ""), text=x.data.get("text", ""))
                 for x in extracted if x.data.get("embed"))


def _article(body: str, extracted: list[Extracted], hint: _YearHint, settings: Settings,
             language: LanguageGuess | None) -> CleanArticle:
    sources: list[FieldSource] = []
    values: dict[str, str | None] = {}
    for field_name, key in (("title", "title"), ("author", "author"), ("dateline", "dateline")):
        x = _first(extracted, key)
        values[field_name] = x.data[key] if x else None
        if x:
            sources.append(FieldSource(field_name, x.data[key], x.rule))
    published, rule = _published(extracted, hint, settings)
    updated_x = _first(extracted, "updated")
    updated = updated_x.data["updated"] if updated_x else None
    if updated_x:
        sources.append(FieldSource("updated", updated, updated_x.rule))
    if not published and updated:  # only an update date is shown: the best date the page gives
        published, rule = updated, f"{updated_x.rule} (updated)"
    if published:
        sources.append(FieldSource("published", published, rule or ""))
    return CleanArticle(
        text=body, title=values["title"], author=values["author"], published=published, updated=updated,
        dateline=values["dateline"], language=language and language.code,
        language_score=language and language.score,
        embeds=_embeds(extracted), word_count=word_count(body), sources=tuple(sources),
    )


def _teaser(body: str, title: Extracted | None, extracted: list[Extracted], settings: Settings,
            language: LanguageGuess | None) -> CleanArticle:
    published = None
    date_x = _first(extracted, "teaser_date")
    if date_x:
        d = parse_date_line(date_x.data["teaser_date"])
        published = d.iso() if d and d.year else relative_date(date_x.data["teaser_date"], settings.fetched_datetime)
    title_text = title.data["teaser_title"] if title else None
    sources = (FieldSource("title", title_text, "listing.teasers"),) if title_text else ()
    return CleanArticle(
        text=body, title=title_text, published=published, truncated=True,
        language=language and language.code, language_score=language and language.score,
        embeds=_embeds(extracted), word_count=word_count(body), sources=sources,
    )
