"""Read the video's facts from yt-dlp's ``.info.json``, and merge video facts into captions.

Captions in WebVTT, SRT or json3 carry no video facts (id, title, upload date, chapters, the links of
the description); the text dump carries them in its header. :class:`VideoInfo` holds those facts,
read by :func:`parse_video_info` from yt-dlp's ``.info.json`` or built from an essay's config, and
:func:`merge_video_facts` fills the captions' missing facts from it.

Description links become references the way the text dump's header gives them: ``label URL`` on one
line, or ``label:`` with the URL on the next line; a URL alone on its line is labelled with its host.
JSON gives no positions, so a fact's span is the line of the first ``"key":`` of that name.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import SourceError
from ..model import Captions, Chapter, Reference, Span
from .captions_json3 import load_json

_URL = re.compile(r"https?://[^\s<>\"]+")
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


@dataclass(frozen=True)
class VideoInfo:
    """The narration video's facts: id, URL, title, upload date, views, chapters and linked references."""

    video_id: str = ""
    video_url: str = ""
    title: str = ""
    date: str | None = None  # ISO date of the upload
    views: int | None = None
    duration: float | None = None  # seconds
    chapters: tuple[Chapter, ...] = ()
    references: tuple[Reference, ...] = ()
    span: Span | None = dataclasses.field(default=None, compare=False, repr=False)


def youtube_url(video_id: str) -> str:
    """Return the watch URL of a YouTube video id."""
    return f"https://www.youtube.com/watch?v={video_id}"


def parse_video_info(text: str, path: str) -> VideoInfo:
    """Return the video facts of a yt-dlp ``.info.json``; raise SourceError on malformed input."""
    if not text.strip():
        raise SourceError(path, 1, "the video info file is empty")
    node = load_json(text, path)
    if not isinstance(node, dict):
        raise SourceError(path, 1, "expected a JSON object (yt-dlp's .info.json)")
    video_id = node.get("id")
    if not isinstance(video_id, str) or not video_id.strip():
        raise SourceError(path, _key_line(text, "id"), "no video 'id' (yt-dlp's .info.json has one)")
    if not _VIDEO_ID.match(video_id):
        raise SourceError(path, _key_line(text, "id"), f"video id {video_id[:40]!r} is not a YouTube id "
                                                       "(11 letters, digits, '-' or '_')")
    url = node.get("webpage_url")
    if not isinstance(url, str) or not url.startswith("http"):
        url = youtube_url(video_id) if _VIDEO_ID.match(video_id) else ""
    views = node.get("view_count")
    duration = node.get("duration")
    return VideoInfo(
        video_id=video_id,
        video_url=url,
        title=_text(node, "title", text, path),
        date=_upload_date(node.get("upload_date"), text, path),
        views=views if isinstance(views, int) and not isinstance(views, bool) else None,
        duration=float(duration) if isinstance(duration, (int, float)) and not isinstance(duration, bool)
        and 0 < duration < 1e7 else None,
        chapters=_chapters(node.get("chapters"), text, path),
        references=description_references(_text(node, "description", text, path), path,
                                          _key_line(text, "description")),
        span=Span(path, 1),
    )


def merge_video_facts(captions: Captions, info: VideoInfo) -> Captions:
    """Return the captions with each video fact they lack (empty or none) taken from ``info``."""
    if captions.video_id and info.video_id and captions.video_id != info.video_id:
        where = info.span or Span("video info", 1)
        raise SourceError(where.path, where.line,
                          f"the video info is for video {info.video_id!r} but the captions are for {captions.video_id!r}")
    return dataclasses.replace(
        captions,
        video_url=captions.video_url or info.video_url or (youtube_url(info.video_id) if info.video_id else ""),
        video_id=captions.video_id or info.video_id,
        title=captions.title or info.title,
        chapters=captions.chapters or info.chapters,
        references=captions.references or info.references,
        views=captions.views if captions.views is not None else info.views,
        date=captions.date or info.date,
        duration=captions.duration or info.duration,
    )


def description_references(description: str, path: str, line: int) -> tuple[Reference, ...]:
    """Return the links of a video description as references (label and URL, in order)."""
    rows = description.split("\n")
    found: list[Reference] = []
    for k, row in enumerate(rows):
        for match in _URL.finditer(row):
            url = match.group()
            if not url.endswith("..."):  # YouTube's truncation mark is kept, as the text dump keeps it
                url = url.rstrip(".,;:)")
            label = _label(row[: match.start()])
            if not label and k > 0 and rows[k - 1].strip().endswith(":") and not _URL.search(rows[k - 1]):
                label = _label(rows[k - 1])
            found.append(Reference(label or urlsplit(url).netloc, url, Span(path, line)))
    return tuple(found)


def _label(text: str) -> str:
    return re.sub(r"(?:\s+by|\s*[:\-–—|])$", "", text.strip()).strip()


def _text(node: dict[str, Any], key: str, text: str, path: str) -> str:
    value = node.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SourceError(path, _key_line(text, key), f"'{key}' must be text, not {type(value).__name__}")
    return value.strip()


def _upload_date(value: Any, text: str, path: str) -> str | None:
    if value is None:
        return None
    match = _DATE.match(value) if isinstance(value, str) else None
    if match is None or not (1 <= int(match[2]) <= 12 and 1 <= int(match[3]) <= 31):
        raise SourceError(path, _key_line(text, "upload_date"), f"malformed upload_date {value!r}: expected YYYYMMDD")
    return f"{match[1]}-{match[2]}-{match[3]}"


def _chapters(value: Any, text: str, path: str) -> tuple[Chapter, ...]:
    if value is None:
        return ()
    line = _key_line(text, "chapters")
    if not isinstance(value, list):
        raise SourceError(path, line, "'chapters' must be a list")
    chapters: list[Chapter] = []
    for number, item in enumerate(value, start=1):
        start = item.get("start_time") if isinstance(item, dict) else None
        title = item.get("title") if isinstance(item, dict) else None
        if isinstance(start, bool) or not isinstance(start, int | float) or start < 0 or not isinstance(title, str):
            raise SourceError(path, line, f"chapter {number} needs a 'start_time' in seconds and a 'title'")
        if chapters and start <= chapters[-1].start:
            raise SourceError(path, line, f"chapter {number} ({title!r}) does not start after the chapter before it")
        chapters.append(Chapter(float(start), title.strip(), Span(path, line)))
    return tuple(chapters)


def _key_line(text: str, key: str) -> int:
    """The 1-based line of the first ``"key":`` in the JSON text (1 when absent)."""
    found = re.search(rf'"{re.escape(key)}"\s*:', text)
    return text.count("\n", 0, found.start()) + 1 if found else 1
