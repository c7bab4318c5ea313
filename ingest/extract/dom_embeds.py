"""Embedded social posts in the DOM → embed data (platform, author, handle, date, url, text).

Shapes, by the markup each platform's embed code writes (not by any one page):
- Twitter/X: `<blockquote class="twitter-tweet">` with the post in `<p>`, then `— Name (@handle)` and a
  link to `/status/<id>` whose text is the date; Bluesky (`bluesky-embed`) and Mastodon
  (`mastodon-embed`) use the same layout.
- Instagram: `<blockquote class="instagram-media" data-instgrm-permalink=…>` with "A post shared by …".
- TikTok: `<blockquote class="tiktok-embed" cite=…>` with an `@handle` link and a caption.
- Players and post frames: `<iframe src=…>` from YouTube, Vimeo, Facebook plugins, X/Twitter,
  Instagram, TikTok; Facebook's `div.fb-post` / `div.fb-video` with `data-href`.

Hard negative: a plain `<blockquote>` (a quotation in the article, even of a post) has none of these
classes and stays in the body.
"""
from __future__ import annotations

import re
from typing import Mapping
from urllib.parse import parse_qs, urlparse

from lxml.html import HtmlElement

from ..dates import find_dates
from ..rules.social_embeds import embed_data

_HANDLE = re.compile(r"\(?\s*(@[\w.\-]{1,64}(?:@[\w.\-]+)?)\s*\)?")
_SHARED_BY = re.compile(r"(?:shared by|geteilt von|partagée par|compartida (?:de|por)|публикация от|"
                        r"condiviso da|compartilhada por)\s*(?P<who>[^\n]*)", re.IGNORECASE)

BLOCKQUOTE_PLATFORMS = {"twitter-tweet": "twitter", "twitter-video": "twitter", "instagram-media": "instagram",
                        "tiktok-embed": "tiktok", "bluesky-embed": "bluesky", "mastodon-embed": "mastodon",
                        "text-post-media": "threads", "reddit-card": "reddit", "reddit-embed-bq": "reddit"}
_FRAME_PLATFORMS = (("youtube", "youtube"), ("youtu.be", "youtube"), ("vimeo", "vimeo"),
                    ("facebook.com/plugins", "facebook"), ("platform.twitter.com", "twitter"),
                    ("twitter.com", "twitter"), ("x.com/", "twitter"), ("instagram.com", "instagram"),
                    ("tiktok.com", "tiktok"), ("bsky.app", "bluesky"), ("dailymotion", "dailymotion"),
                    ("soundcloud", "soundcloud"), ("spotify.com/embed", "spotify"))


def frame_platform(src: str) -> str | None:
    """The platform an iframe's src belongs to, or None for other frames (ads, maps, own players)."""
    s = src.lower()
    return next((p for key, p in _FRAME_PLATFORMS if key in s), None)


def element_text(el: HtmlElement) -> str:
    """An element's visible text with its whitespace collapsed."""
    return " ".join(el.text_content().split())


def _iso(text: str) -> str:
    dates = find_dates(text)
    return (dates[0].iso() or text.strip()) if dates and dates[0].year else text.strip()


def _who(text: str) -> tuple[str, str]:
    """(author, handle) from "Name (@handle)" or "@handle"."""
    m = _HANDLE.search(text)
    if not m:
        return text.strip(" —–-~"), ""
    return text[:m.start()].strip(" —–-~"), m.group(1)


def blockquote_embed(el: HtmlElement, platform: str) -> Mapping[str, str]:
    if platform == "instagram":
        return _instagram(el)
    if platform == "tiktok":
        return _tiktok(el)
    return _attributed(el, platform)


def _attributed(el: HtmlElement, platform: str) -> Mapping[str, str]:
    """Twitter/X, Bluesky, Mastodon, Threads: post text in <p>, then "— Name (@handle)" and a dated link."""
    paras = el.findall(".//p")
    text = " ".join(element_text(p) for p in paras) if paras else ""
    links = [a for a in el.iter("a") if a.get("href")]
    permalink = next((a for a in reversed(links) if re.search(r"/status/|/post/|/p/|/@[\w.]+/\d+", a.get("href"))),
                     links[-1] if links else None)
    tail = element_text(el)
    if text and tail.startswith(text):
        tail = tail[len(text):]
    date = element_text(permalink) if permalink is not None else ""
    if date and tail.endswith(date):
        tail = tail[: -len(date)]
    author, handle = _who(tail)
    return embed_data(platform, author=author, handle=handle, date=_iso(date),
                      url=permalink.get("href", "").split("?")[0] if permalink is not None else "",
                      text=text or element_text(el))


def _instagram(el: HtmlElement) -> Mapping[str, str]:
    url = (el.get("data-instgrm-permalink") or "").split("?")[0]
    full = element_text(el)
    author = handle = ""
    m = _SHARED_BY.search(full)
    if m:
        author, handle = _who(m.group("who"))
        if not handle and author.startswith("@"):
            author, handle = "", author
    time = el.find(".//time")
    date = (time.get("datetime") or element_text(time))[:10] if time is not None else ""
    caption = " ".join(element_text(p) for p in el.findall(".//p") if not _SHARED_BY.search(element_text(p)))
    return embed_data("instagram", author=author, handle=handle, date=date, url=url, text=caption)


def _tiktok(el: HtmlElement) -> Mapping[str, str]:
    handle_link = next((a for a in el.iter("a") if (a.get("title") or element_text(a)).startswith("@")), None)
    handle = (handle_link.get("title") or element_text(handle_link)) if handle_link is not None else ""
    caption = " ".join(element_text(p) for p in el.findall(".//p"))
    return embed_data("tiktok", handle=handle, url=el.get("cite") or "", text=caption)


def frame_embed(el: HtmlElement, platform: str) -> Mapping[str, str]:
    """An iframe player or post frame: its canonical URL and its title as the text."""
    src = el.get("src") or el.get("data-src") or el.get("data-href") or ""
    url = src
    if platform == "youtube" and (m := re.search(r"/embed/([\w\-]{6,})", src)):
        url = f"https://www.youtube.com/watch?v={m.group(1)}"
    elif platform == "facebook":
        href = parse_qs(urlparse(src).query).get("href")
        url = href[0] if href else src
    if url.startswith("//"):
        url = "https:" + url
    return embed_data(platform, url=url, text=el.get("title") or "")
