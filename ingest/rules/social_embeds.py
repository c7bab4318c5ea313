"""Embedded social posts left in text: removed from the body, returned as structured embeds.

Shapes (platform-general, language-general):
- an attribution line `— Name (@handle) <date>` closes a post (Twitter/X, Bluesky, Mastodon use it);
  the post's text is the few short lines right above it (a post is at most a few hundred characters);
  a widget script URL right below belongs to it;
- Instagram: "View this post on Instagram" … "A post shared by Name (@handle)" (several languages);
- TikTok: a caption line with `♬ original sound`; Facebook: "Posted by Name on <date>";
- video player residue (YouTube's "Watch on YouTube", "Watch later", "Copy link", "Tap to unmute", …);
- a line that is only an embed script URL (`…/widgets.js`, `…/embed.js`, `…/sdk.js`) or only a post URL.

Hard negative: prose that quotes a post ("In a post on X, the minister wrote: …") has no attribution
line, so nothing is found; an attribution needs the `(@handle)` *and* a date or a leading dash.
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping

from ..dates import find_dates
from .base import Finding, Line, TextView
from .features import is_prose, words

_URL = re.compile(r"(?:https?://|(?<![\w/])(?:pic\.twitter\.com|t\.co|youtu\.be|www\.)/?)\S+", re.IGNORECASE)
_ATTRIBUTION = re.compile(
    r"^\s*(?P<dash>[—–―-]{1,2}|~)?\s*(?P<author>[^()\n]{0,80}?)\s*"
    r"\((?P<handle>@[\w.\-]{1,64}(?:@[\w.\-]+)?)\)\s*(?P<date>[^\n]{0,60})$"
)
_ATTRIBUTION_MAX = 220  # an attribution line is short; longer lines are prose (and would make the regex backtrack)


def _attribution(text: str) -> re.Match | None:
    """The attribution match of a line, checked cheaply first: it needs "(@" and a short line."""
    if "(@" not in text or len(text) > _ATTRIBUTION_MAX:
        return None
    return _ATTRIBUTION.match(text)


_SCRIPT_URL = re.compile(
    r"^\s*(?:<script\b[^>]*\bsrc=[\"']?)?\s*(?P<url>(?:https?:)?//[\w.\-]+/\S*?\.js(?:\?[^\s\"'<>]*)?)"
    r"[\"']?(?:[^<>]*>\s*</script>)?\s*$",
    re.IGNORECASE,
)
_POST_URL = re.compile(
    r"^\s*(?P<url>(?:https?://)?(?:www\.|m\.|mobile\.)?(?:(?P<tw>twitter\.com|x\.com)/\w+/status/\d+|"
    r"(?P<ig>instagram\.com)/(?:p|reel|tv)/[\w\-]+|(?P<fb>facebook\.com|fb\.watch)/\S+|"
    r"(?P<tt>tiktok\.com)/@[\w.]+/video/\d+|(?P<yt>youtube\.com/(?:watch\?v=|embed/|shorts/)|youtu\.be/)[\w\-]+|"
    r"(?P<bs>bsky\.app)/profile/\S+/post/\w+|(?P<tg>t\.me)/\w+/\d+)\S*)\s*$",
    re.IGNORECASE,
)
_SCRIPT_PLATFORMS = {"twitter": "twitter", "instagram": "instagram", "tiktok": "tiktok", "facebook": "facebook",
                     "bsky": "bluesky", "telegram": "telegram", "reddit": "reddit", "imgur": "imgur",
                     "youtube": "youtube", "threads": "threads"}
_POST_BUDGET = 300  # characters of post text (URLs excluded) above an attribution line
_POST_MAX_LINES = 6
_POST_EXTRA_LINE = 140  # characters: a post's earlier lines are short; a longer line is the article's


def _platform_of_url(url: str) -> str:
    u = url.lower()
    for key, platform in _SCRIPT_PLATFORMS.items():
        if key in u:
            return platform
    if "x.com" in u or "t.co/" in u:
        return "twitter"
    if "youtu" in u:
        return "youtube"
    return "unknown"


def _platform_of_handle(handle: str, script_url: str | None) -> str:
    if script_url:
        p = _platform_of_url(script_url)
        if p != "unknown":
            return p
    h = handle.lstrip("@")
    if "@" in h:
        return "mastodon"
    if "." in h:
        return "bluesky"
    return "twitter"


def embed_data(platform: str, *, author: str = "", handle: str = "", date: str = "", url: str = "",
               text: str = "") -> Mapping[str, str]:
    """The data of an `extract` finding that becomes an Embed record."""
    return {"embed": platform, "author": author.strip(), "handle": handle.lstrip("@").strip(),
            "date": date, "url": url, "text": text.strip()}


def _iso_or_raw(text: str) -> str:
    dates = find_dates(text)
    if dates and dates[0].year:
        return dates[0].iso() or text.strip()
    return text.strip()


def _without_urls(text: str) -> str:
    return _URL.sub(" ", text)


# What only a post's own lines carry: a hashtag, an @mention, a link, an emoji.
_POST_MARK = re.compile(r"(?:^|\s)[#@]\w|https?://|pic\.twitter\.com|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
# The article's sentence that introduces an embed ("Residents shared pictures on social media.").
_LEAD_IN = re.compile(
    r"\b(?:posted|shared|wrote|tweeted|in a post|on (?:x|twitter|social media|instagram|bluesky|mastodon|threads)|"
    r"schrieb|teilte|postete|in den sozialen (?:medien|netzwerken)|auf (?:x|twitter|instagram)|a écrit|a publié|"
    r"a partagé|sur (?:x|twitter|instagram|les réseaux sociaux)|escribió|publicó|compartió|en (?:x|twitter|instagram|"
    r"las redes sociales)|написал[аи]?|опубликовал[аи]?|в соцсетях)\b.*[.:]$",
    re.IGNORECASE,
)


# Words of a line that ends a sentence from which on it is the article's paragraph, not a post's line: a post's
# line breaks separate short statements (one line is one statement, "Crowds at the pier tonight for the last
# summer crossing." is 10 words, a whole post ~45 at most); a sentence of 20+ words is a paragraph. Should a
# long post line reach it, it stays in the body: kept text, never lost text.
ARTICLE_LINE_MIN_WORDS = 20


def _reads_as_article(text: str) -> bool:
    """An earlier line that is the article's, not the post's: a long sentence without a post's marks, or the
    sentence that introduces the post. The walk up stops there, so an embed never claims article text."""
    if _POST_MARK.search(text):
        return False
    return (is_prose(text) and len(words(text)) >= ARTICLE_LINE_MIN_WORDS) or bool(_LEAD_IN.search(text))


class AttributedPost:
    """A post closed by `— Name (@handle) date` (Twitter/X, Bluesky, Mastodon), with its text and script."""

    name = "social_embeds.attributed_post"
    family = "social_embeds"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        claimed = -1  # position of the last line a previous post took
        for pos, ln in enumerate(lines):
            m = _attribution(ln.text)
            if not m or pos <= claimed or not self._is_attribution(m):
                continue
            first = self._post_start(lines, pos, view, claimed)
            end_pos = pos
            script = None
            if pos + 1 < len(lines) and (s := _SCRIPT_URL.match(lines[pos + 1].text)):
                end_pos, script = pos + 1, s.group("url")
            body = " ".join(lines[i].text.strip() for i in range(first, pos))
            urls = _URL.findall(body)
            platform = _platform_of_handle(m.group("handle"), script)
            yield Finding(lines[first].start, lines[end_pos].end, f"{platform}_post", "extract",
                          embed_data(platform, author=m.group("author"), handle=m.group("handle"),
                                     date=_iso_or_raw(m.group("date")), url=urls[0] if urls else "",
                                     text=" ".join(_without_urls(body).split())))
            claimed = end_pos

    @staticmethod
    def _is_attribution(m: re.Match) -> bool:
        date_part = m.group("date").strip()
        has_date = bool(find_dates(date_part)) if date_part else False
        return has_date or (bool(m.group("dash")) and not date_part)

    @staticmethod
    def _post_start(lines: list[Line], pos: int, view: TextView, claimed: int) -> int:
        """Walk up from the attribution while the lines still fit in one post.

        The line right above the attribution is the post's (last) line. A post continues further up only
        over short lines (line breaks inside a post separate short statements; an article paragraph
        above an embed is longer) with no blank line between them (a post's lines are contiguous), and
        never over a line that reads as the article's (running prose, or the sentence introducing the post).
        """
        budget, first = 0, pos
        for i in range(pos - 1, max(claimed, pos - 1 - _POST_MAX_LINES), -1):
            t = lines[i].text.strip()
            if _SCRIPT_URL.match(t) or _attribution(t) or t.endswith(":"):
                break
            size = len(_without_urls(t).strip())
            if budget + size > _POST_BUDGET:
                break
            if i < pos - 1 and (size > _POST_EXTRA_LINE or view.blank_between(lines[i], lines[i + 1])
                                or _reads_as_article(t)):
                break
            budget += size
            first = i
        return first


_IG_HEADER = re.compile(
    r"^\s*(?:view this (?:post|profile) on instagram|diesen beitrag auf instagram ansehen|"
    r"voir cette publication sur instagram|ver esta publicación en instagram|"
    r"посмотреть эту публикацию в instagram|visualizza questo post su instagram|"
    r"ver essa publicação no instagram)\s*$",
    re.IGNORECASE,
)
_IG_CREDIT = re.compile(
    r"^\s*(?:a post shared by|ein beitrag geteilt von|une publication partagée par|"
    r"una publicación compartida (?:de|por)|публикация от|un post condiviso da|"
    r"uma publicação compartilhada por)\s*(?P<rest>[^\n]*)$",
    re.IGNORECASE,
)
_IG_HANDLE = re.compile(r"\(?(?P<handle>@[\w.]+)\)?")
_IG_DATE_PREFIX = re.compile(r"^(?:on|am|le|el|il|em|в)\s+", re.IGNORECASE)


def _credit_parts(rest: str) -> tuple[str, str, str]:
    """(author, handle, date) of an Instagram credit: "Name (@handle) on <date>", "@handle <date>", "Name"."""
    rest = rest.strip()
    m = _IG_HANDLE.search(rest)
    if m:
        author, handle, tail = rest[:m.start()].strip(), m.group("handle"), rest[m.end():].strip()
    else:
        author, handle, tail = rest, "", ""
    date = _IG_DATE_PREFIX.sub("", tail)
    return author, handle, date if find_dates(date) else ""


class InstagramEmbed:
    """Instagram embed residue: the "View this post on Instagram" header, caption, "A post shared by" credit."""

    name = "social_embeds.instagram"
    family = "social_embeds"

    def find(self, view: TextView) -> Iterable[Finding]:
        lines = view.lines()
        header_pos = None
        for pos, ln in enumerate(lines):
            if _IG_HEADER.match(ln.text):
                header_pos = pos
                continue
            m = _IG_CREDIT.match(ln.text)
            if not m:
                continue
            first = header_pos if header_pos is not None and pos - header_pos <= 8 else pos
            caption = " ".join(lines[i].text.strip() for i in range(first + 1, pos)) if first < pos else ""
            author, handle, date = _credit_parts(m.group("rest"))
            yield Finding(lines[first].start, ln.end, "instagram_post", "extract",
                          embed_data("instagram", author=author, handle=handle,
                                     date=_iso_or_raw(date) if date else "", text=caption))
            header_pos = None
        if header_pos is not None:  # a header with no credit line is still residue
            ln = lines[header_pos]
            yield Finding(ln.start, ln.end, "instagram_header")


_TIKTOK = re.compile(r"^(?P<text>.*?)(?P<handle>@[\w.]{2,24})?\s*♬\s*(?P<sound>.+)$")
_FB_POSTED = re.compile(
    r"^\s*(?:posted by|gepostet von|publiée par|publicado por|опубликовано)\s+(?P<author>.+?)\s+"
    r"(?:on|am|le|el|в)\s+(?P<date>.+)$",
    re.IGNORECASE,
)


class CaptionedPost:
    """TikTok caption lines (`… ♬ original sound – name`) and Facebook "Posted by Name on <date>" lines."""

    name = "social_embeds.captioned_post"
    family = "social_embeds"

    def find(self, view: TextView) -> Iterable[Finding]:
        for ln in view.lines():
            if "♬" in ln.text and (m := _TIKTOK.match(ln.text.strip())) and len(ln.text) < 400:
                handle = m.group("handle") or ""
                yield Finding(ln.start, ln.end, "tiktok_post", "extract",
                              embed_data("tiktok", handle=handle, text=m.group("text")))
            elif (m := _FB_POSTED.match(ln.text)) and len(ln.text) < 160 and find_dates(m.group("date")):
                yield Finding(ln.start, ln.end, "facebook_post", "extract",
                              embed_data("facebook", author=m.group("author"), date=_iso_or_raw(m.group("date"))))


_PLAYER_LINES = frozenset(s.lower() for s in (
    "Watch on YouTube", "Watch later", "Share", "Copy link", "Info", "Shopping", "Tap to unmute",
    "If playback doesn't begin shortly, try restarting your device.", "You're signed out",
    "Videos you watch may be added to the TV's watch history and influence TV recommendations. "
    "To avoid this, cancel and sign in to YouTube on your computer.",
    "Up next", "Cancel", "Confirm", "More videos", "Include playlist", "Switch camera",
    "An error occurred while retrieving sharing information. Please try again later.",
    "Watch on", "Watch full video", "Live", "Subscribe", "Play Video", "Play", "Pause", "Mute", "Unmute",
    "Auf YouTube ansehen", "Später ansehen", "Teilen", "Link kopieren", "Regarder sur YouTube",
    "À regarder plus tard", "Partager", "Copier le lien", "Ver en YouTube", "Ver más tarde", "Compartir",
    "Copiar enlace", "Смотреть на YouTube", "Смотреть позже", "Поделиться", "Копировать ссылку",
))
_STRONG_PLAYER = re.compile(r"^(?:watch on youtube|auf youtube ansehen|regarder sur youtube|ver en youtube|"
                            r"смотреть на youtube|tap to unmute|if playback doesn't begin shortly.*)$", re.IGNORECASE)
_TIMECODE = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?$")


_PLAYER_MAX = max(len(s) for s in _PLAYER_LINES) + 8  # longer lines are never player UI


class VideoPlayer:
    """Video player residue: runs of player UI lines ("Watch later", "Copy link", "0:00 / 3:45")."""

    name = "social_embeds.video_player"
    family = "social_embeds"

    def find(self, view: TextView) -> Iterable[Finding]:
        run: list[Line] = []
        for ln in view.lines() + [None]:
            key = ln.text.strip().lower() if ln is not None and len(ln.text) <= _PLAYER_MAX else ""
            if key and (key in _PLAYER_LINES or _TIMECODE.match(key)):
                run.append(ln)
                continue
            if run and (len(run) >= 3 or any(_STRONG_PLAYER.match(r.text.strip()) for r in run)):
                yield Finding(run[0].start, run[-1].end, "video_player", "extract", embed_data("youtube"))
            run = []


class EmbedUrlLine:
    """A line that is only an embed script URL (…/widgets.js, …/embed.js) or only a social post URL."""

    name = "social_embeds.embed_url"
    family = "social_embeds"

    def find(self, view: TextView) -> Iterable[Finding]:
        for ln in view.lines():
            if "/" not in ln.text:  # both shapes hold a slash ("//host/…js", "host.com/…"): most lines have none
                continue
            if m := _SCRIPT_URL.match(ln.text):
                yield Finding(ln.start, ln.end, "embed_script_url")
            elif m := _POST_URL.match(ln.text):
                url = m.group("url")
                yield Finding(ln.start, ln.end, "post_url", "extract", embed_data(_platform_of_url(url), url=url))


RULES = (AttributedPost(), InstagramEmbed(), CaptionedPost(), VideoPlayer(), EmbedUrlLine())
