"""Parse the podcast transcript: a two-line header, ``Transcript``, then the transcript's lines.

The first line is ``Show - Episode title``. The second runs everything else together as the
podcast page's text flattened: ``Episode Date: Month D, YYYY``, link texts whose URLs are lost,
``Timestamps`` followed by ``HH:MM:SS Title`` chapters with nothing between them, and a closing
``Get full access to …`` subscription line (set aside). Chapter titles are kept exactly as given
(``B...roadly`` included): curated corrections fix them later, visibly. Then come ``Transcript``,
an optional ``Discussion (N)`` line, and the transcript lines, which keep their line numbers.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..errors import SourceError
from ..model import Chapter, PodcastLine, PodcastTranscript, Span
from .captions import parse_timestamp

_DATE = re.compile(r"^Episode Date: ([A-Z][a-z]+ \d{1,2}, \d{4})")
_STAMP = re.compile(r"(\d{1,2}:\d{2}:\d{2}) ?")
_TRAILER = re.compile(r"\s*Get full access to .*$")
_DISCUSSION = re.compile(r"^Discussion \(\d+\)$")
MARKER = "Timestamps"


def parse_podcast(text: str, path: str) -> PodcastTranscript:
    """Return the podcast transcript model of the whole file; raise SourceError on malformed input."""
    if not text.strip():
        raise SourceError(path, 1, "the podcast transcript is empty")
    lines = text.split("\n")
    show, title = _show_and_title(lines[0], path)
    header = lines[1] if len(lines) > 1 else ""
    date = _episode_date(header, path)
    chapters = _chapters(header, path)
    body = _body(lines, path)
    return PodcastTranscript(show, title, date, chapters, body, Span(path, 1))


def _show_and_title(line: str, path: str) -> tuple[str, str]:
    show, sep, title = line.strip().partition(" - ")
    if not sep or not show or not title:
        raise SourceError(path, 1, "the first line must be 'Show - Episode title'")
    return show, title


def _episode_date(header: str, path: str) -> str:
    match = _DATE.match(header)
    if not match:
        raise SourceError(path, 2, "the second line must start with 'Episode Date: Month D, YYYY'")
    try:
        return datetime.strptime(match[1], "%B %d, %Y").date().isoformat()
    except ValueError:
        raise SourceError(path, 2, f"malformed episode date {match[1]!r}: expected e.g. 'December 23, 2025'") from None


def _chapters(header: str, path: str) -> tuple[Chapter, ...]:
    at = header.find(MARKER)
    if at < 0:
        raise SourceError(path, 2, f"the header has no {MARKER!r} chapter list")
    listing = _TRAILER.sub("", header[at + len(MARKER):])
    stamps = list(_STAMP.finditer(listing))
    if not stamps or stamps[0].start() != 0:
        raise SourceError(path, 2, f"{MARKER!r} must be followed by 'HH:MM:SS Title' chapters")
    chapters: list[Chapter] = []
    for stamp, after in zip(stamps, stamps[1:] + [None]):
        title = listing[stamp.end(): after.start() if after else len(listing)].strip()
        start = float(parse_timestamp(stamp[1], path, 2))
        if not title:
            raise SourceError(path, 2, f"chapter {stamp[1]} has no title")
        if chapters and start <= chapters[-1].start:
            raise SourceError(path, 2, f"chapter time {stamp[1]} is not after the chapter before it")
        chapters.append(Chapter(start, title, Span(path, 2)))
    return tuple(chapters)


def _body(lines: list[str], path: str) -> tuple[PodcastLine, ...]:
    if len(lines) < 3 or lines[2].strip() != "Transcript":
        raise SourceError(path, 3, "the third line must be 'Transcript'")
    first = 4 if len(lines) > 3 and _DISCUSSION.match(lines[3].strip()) else 3
    body = tuple(PodcastLine(line.strip(), Span(path, i + 1)) for i, line in enumerate(lines[first:], first)
                 if line.strip())
    if not body:
        raise SourceError(path, first + 1, "no transcript lines after 'Transcript'")
    return body
