"""schema.org structured data: the essay and each section as an Article, the narration as a
VideoObject with a Clip per section, each checked summary claim as a ClaimReview.

The functions return plain JSON-ready dicts for a page's ``jsonld`` front-matter field (placed by
:mod:`.structured_data`); the theme override (overrides/main.html) serialises it with ``|tojson``,
which escapes ``<``, ``>`` and ``&`` so text inside the data can never close the script element.
Each carries the fields search engines require of its type: a VideoObject its ``name``,
``thumbnailUrl`` and ``uploadDate``; a Clip its ``name``, ``startOffset`` and ``url``; a ClaimReview
its ``claimReviewed``, ``reviewRating`` (with the verdict as ``alternateName``) and ``url``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..model import EditionModel, LinkedClaim, SectionRecord
from ._markup import VERDICT_LABELS, truncate
from .links import youtube_url

CONTEXT = "https://schema.org"
# How far the essay bears a summary's claim out, on ClaimReview's 1 (worst) to 5 (best) scale.
VERDICT_RATINGS = {"supported": 5, "partly": 3, "unsupported": 2, "misstated": 1, "not-in-essay": 1}


def youtube_thumbnail(video_id: str) -> str:
    """Return the address of a YouTube video's standard thumbnail (named in data, never fetched)."""
    return f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"


def jsonld_article(title: str, subtitle: str, author: str, published: str, url: str, *,
                   description: str | None = None, keywords: Sequence[str] = (),
                   video: dict[str, Any] | None = None, image: str | None = None,
                   part_of: dict[str, Any] | None = None, position: int | None = None) -> dict[str, Any]:
    """Return a schema.org ``Article`` for the essay or a part of it (``published`` as an ISO 8601 date)."""
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
    if image:
        article["image"] = image
    if part_of is not None:
        article["isPartOf"] = {k: v for k, v in part_of.items() if k != "@context"}
    if position is not None:
        article["position"] = position
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
        "thumbnailUrl": thumbnail_url or youtube_thumbnail(video_id),
    }
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


def narration_video(m: EditionModel, sections: Sequence[SectionRecord] | None = None) -> dict[str, Any] | None:
    """Return the narration as a VideoObject with a Clip per narrated section of ``sections`` (default: all),
    or None when the edition has no narration."""
    if m.captions is None or not m.captions.video_id:
        return None
    narrated = sorted((s.narration.start, s.title) for s in (m.sections if sections is None else sections)
                      if s.narration)
    return jsonld_video(m.captions.video_id, m.captions.title, m.captions.date or m.essay.published,
                        [(title, start) for start, title in narrated], duration=m.captions.cues[-1].end,
                        author=m.layout.author or None, description=m.essay.subtitle or None)


def edition_jsonld(m: EditionModel, image: str | None = None) -> dict[str, Any]:
    """Return the home page's structured data: the essay as an Article, with its narration when it has one."""
    keywords = m.claims.tags if m.claims is not None else []
    return _without_empty(jsonld_article(m.essay.title, m.essay.subtitle, m.layout.author, m.essay.published,
                                         m.layout.source_url, description=m.essay.subtitle, keywords=keywords,
                                         video=narration_video(m), image=image))


def section_jsonld(m: EditionModel, section: SectionRecord, url: str, image: str | None = None) -> dict[str, Any]:
    """Return a section page's structured data: an Article that is part of the essay, with its narrated clip."""
    whole = jsonld_article(m.essay.title, m.essay.subtitle, m.layout.author, m.essay.published,
                           m.layout.source_url or m.absolute(m.prefix))
    narration = narration_video(m, [section]) if section.narration else None
    opening = truncate(section.paragraphs[0].paragraph.text, 200) if section.paragraphs else None
    return _without_empty(jsonld_article(section.title, m.essay.title, m.layout.author, m.essay.published, url,
                                         description=opening, video=narration, image=image, part_of=whole,
                                         position=section.number))


def claim_review(m: EditionModel, claim: LinkedClaim, url: str, reviewer: str) -> dict[str, Any]:
    """Return a claim page's structured data: a ClaimReview whose rating is the claim's verdict."""
    assert m.claims is not None
    source = m.claims.source(claim.source)
    appearance: dict[str, Any] = {"@type": "CreativeWork",
                                  "name": f"{source.heading} of “{source.document.title or m.essay.title}”"}
    essay = {k: v for k, v in jsonld_article(m.essay.title, m.essay.subtitle, m.layout.author, m.essay.published,
                                             m.layout.source_url or m.absolute(m.prefix)).items() if k != "@context"}
    return _without_empty({
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.text,
        "author": {"@type": "Organization", "name": reviewer},
        "reviewRating": {"@type": "Rating", "ratingValue": VERDICT_RATINGS[claim.verdict], "bestRating": 5,
                         "worstRating": 1, "alternateName": VERDICT_LABELS[claim.verdict]},
        "itemReviewed": {"@type": "Claim", "appearance": appearance, "about": essay},
        "reviewBody": claim.note or VERDICT_LABELS[claim.verdict],
        "inLanguage": "en",
    })


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
