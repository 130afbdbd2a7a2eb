"""schema.org structured data for the edition: the essay as an Article, the narration as a VideoObject.

The functions return plain JSON-ready dicts for a page's ``jsonld`` front-matter field; the theme
override (overrides/main.html) serialises it with ``|tojson``, which escapes ``<``, ``>`` and ``&``
so text inside the data can never close the script element.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..model import EditionModel
from .links import youtube_url

CONTEXT = "https://schema.org"


def jsonld_article(title: str, subtitle: str, author: str, published: str, url: str, *,
                   description: str | None = None, keywords: Sequence[str] = (),
                   video: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return a schema.org ``Article`` for the essay (``published`` as an ISO 8601 date)."""
    article: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Article",
        "headline": title,
        "alternativeHeadline": subtitle,
        "author": {"@type": "Person", "name": author},
        "datePublished": published,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "en",
    }
    if description:
        article["description"] = description
    if keywords:
        article["keywords"] = list(keywords)
    if video is not None:
        article["video"] = {k: v for k, v in video.items() if k != "@context"}
    return article


def jsonld_video(video_id: str, title: str, upload_date: str, sections: Sequence[tuple[str, float]], *,
                 description: str | None = None, duration: float | None = None,
                 thumbnail_url: str | None = None, author: str | None = None) -> dict[str, Any]:
    """Return a schema.org ``VideoObject`` with one ``Clip`` per (section title, start second)."""
    starts = [math.floor(start) for _, start in sections]
    if starts != sorted(starts):
        raise ValueError("section starts must not decrease")
    video: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "VideoObject",
        "name": title,
        "description": description or title,
        "uploadDate": upload_date,
        "url": f"https://www.youtube.com/watch?v={video_id}",
        "embedUrl": f"https://www.youtube.com/embed/{video_id}",
        "inLanguage": "en",
    }
    if thumbnail_url:
        video["thumbnailUrl"] = thumbnail_url
    if duration is not None:
        video["duration"] = _iso_duration(duration)
    if author:
        video["author"] = {"@type": "Person", "name": author}
    ends: list[int | None] = [*starts[1:], math.floor(duration) if duration is not None else None]
    video["hasPart"] = [_clip(video_id, name, start, end) for (name, _), start, end in zip(sections, starts, ends)]
    return video


def _clip(video_id: str, name: str, start: int, end: int | None) -> dict[str, Any]:
    clip: dict[str, Any] = {"@type": "Clip", "name": name, "startOffset": start,
                            "url": youtube_url(video_id, start)}
    if end is not None and end > start:
        clip["endOffset"] = end
    return clip


def _iso_duration(seconds: float) -> str:
    total = max(0, math.floor(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def edition_jsonld(m: EditionModel) -> dict[str, Any]:
    """Return the home page's structured data: the essay as an Article, with its narration when it has one."""
    video = None
    if m.captions is not None:
        narrated = sorted((s.narration.start, s.title) for s in m.sections if s.narration)
        video = jsonld_video(m.captions.video_id, m.captions.title, m.captions.date or m.essay.published,
                             [(title, start) for start, title in narrated], duration=m.captions.cues[-1].end,
                             author=m.layout.author)
    keywords = [t.text for t in m.claims.note.tags] if m.claims is not None and m.claims.note else []
    article = jsonld_article(m.essay.title, m.essay.subtitle, m.layout.author, m.essay.published, m.layout.source_url,
                             description=m.essay.subtitle, keywords=keywords, video=video)
    return _without_empty(article)


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Return ``data`` without the fields the essay does not give (an empty author, date or URL)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _without_empty(value)
            if set(value) <= {"@type"}:
                continue
        if value not in ("", None, [], {}):
            out[key] = value
    return out
