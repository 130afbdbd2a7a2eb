"""Parse the YouTube captions file: a header, a ``---`` line, then ``M:SS`` / text cue pairs.

The header holds, in order: the video URL, the title, a ``N views  Mon D, YYYY`` line, references
(``label URL`` on one line, or ``label:`` with the URL on the next line), and a ``TIMESTAMPS`` list of
``HH:MM:SS Title`` chapters. URLs are kept exactly as given, including YouTube's ``...`` truncation
(:func:`reference_is_truncated` tells). Every header line must be one of these, or the parse fails.

Cue ends are the next cue's start; the last cue ends one second after it starts (the file gives
no end). Times must never decrease.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import SourceError
from ..model import CaptionCue, Captions, Chapter, Reference, Span

_TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
_VIDEO = re.compile(r"^https://www\.youtube\.com/watch\?v=([A-Za-z0-9_-]{11})$")
_STATS = re.compile(r"^(\d{1,3}(?:,\d{3})*) views\s+([A-Z][a-z]{2} \d{1,2}, \d{4})$")
_LABEL_URL = re.compile(r"^(?P<label>\S.*?)\s+(?P<url>https?://\S+)$")
_BARE_URL = re.compile(r"^https?://\S+$")
_CHAPTER = re.compile(r"^(\d{2}:\d{2}:\d{2})\s+(\S.*)$")
LAST_CUE_SECONDS = 1.0
TRUNCATION = "..."


def parse_timestamp(value: str, path: str, line: int) -> int:
    """Return the seconds of an ``M:SS`` or ``H:MM:SS`` stamp; raise SourceError if malformed."""
    match = _TIME.match(value.strip())
    if not match:
        raise SourceError(path, line, f"malformed timestamp {value.strip()!r}: expected M:SS")
    hours, minutes, seconds = int(match[1] or 0), int(match[2]), int(match[3])
    if seconds >= 60 or (match[1] is not None and minutes >= 60):
        raise SourceError(path, line, f"malformed timestamp {value.strip()!r}: seconds or minutes out of range")
    return hours * 3600 + minutes * 60 + seconds


def reference_is_truncated(reference: Reference) -> bool:
    """Return whether the reference's URL ends in YouTube's ``...`` truncation (so is not usable as a link)."""
    return reference.url.endswith(TRUNCATION)


def parse_captions(text: str, path: str) -> Captions:
    """Return the captions model of the whole file; raise SourceError on malformed input."""
    if not text.strip():
        raise SourceError(path, 1, "the captions file is empty")
    lines = text.split("\n")
    sep = _separator(lines, path)
    video = _VIDEO.match(lines[0].strip())
    if not video:
        raise SourceError(path, 1, "the first line must be the video URL https://www.youtube.com/watch?v=<id>")
    title = lines[1].strip() if len(lines) > 1 else ""
    if not title or sep <= 1:
        raise SourceError(path, 2, "the second line must be the video title")
    header = _parse_header(lines, 2, sep, path)
    cues = _parse_cues(lines, sep + 1, path)
    return Captions(
        video[0], video[1], title, cues,
        chapters=tuple(header.chapters), references=tuple(header.references),
        views=header.views, date=header.date, span=Span(path, 1),
    )


def _separator(lines: list[str], path: str) -> int:
    """Index of the ``---`` line; without one, point at the first cue time (or the last line)."""
    for i, line in enumerate(lines):
        if line.strip() == "---":
            return i
    first_cue = next((i for i, line in enumerate(lines) if _TIME.match(line.strip())), len(lines) - 1)
    raise SourceError(path, first_cue + 1, "no '---' line separates the header from the cues")


@dataclass
class _Header:
    views: int | None = None
    date: str | None = None
    references: list[Reference] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)


def _parse_header(lines: list[str], first: int, sep: int, path: str) -> _Header:
    header = _Header()
    i = first
    while i < sep:
        line, lineno = lines[i].strip(), i + 1
        if not line:
            i += 1
        elif line == "TIMESTAMPS":
            header.chapters = _parse_chapters(lines, i + 1, sep, path)
            i = sep
        elif _STATS.match(line):
            header.views, header.date = _parse_stats(line, path, lineno)
            i += 1
        elif line.endswith(":") and i + 1 < sep and _BARE_URL.match(lines[i + 1].strip()):
            header.references.append(Reference(line[:-1].strip(), lines[i + 1].strip(), Span(path, lineno)))
            i += 2
        elif match := _LABEL_URL.match(line):
            label = re.sub(r"(?:\s+by|:)$", "", match["label"]).strip()
            header.references.append(Reference(label, match["url"], Span(path, lineno)))
            i += 1
        else:
            raise SourceError(path, lineno, f"unrecognised header line {line[:60]!r}")
    return header


def _parse_stats(line: str, path: str, lineno: int) -> tuple[int, str]:
    match = _STATS.match(line)
    assert match is not None  # the caller matched it
    try:
        date = datetime.strptime(match[2], "%b %d, %Y").date().isoformat()
    except ValueError:
        raise SourceError(path, lineno, f"malformed upload date {match[2]!r}: expected e.g. 'Dec 23, 2025'") from None
    return int(match[1].replace(",", "")), date


def _parse_chapters(lines: list[str], first: int, sep: int, path: str) -> list[Chapter]:
    chapters: list[Chapter] = []
    for i in range(first, sep):
        line = lines[i].strip()
        if not line:
            continue
        match = _CHAPTER.match(line)
        if not match:
            raise SourceError(path, i + 1, f"malformed chapter line {line[:60]!r}: expected 'HH:MM:SS Title'")
        start = parse_timestamp(match[1], path, i + 1)
        if chapters and start <= chapters[-1].start:
            raise SourceError(path, i + 1, f"chapter time {match[1]} is not after the chapter before it")
        chapters.append(Chapter(float(start), match[2].strip(), Span(path, i + 1)))
    if not chapters:
        raise SourceError(path, first, "TIMESTAMPS lists no chapters")
    return chapters


def _parse_cues(lines: list[str], first: int, path: str) -> tuple[CaptionCue, ...]:
    raw: list[tuple[int, int, str]] = []
    i = first
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        seconds = parse_timestamp(lines[i], path, i + 1)
        if i + 1 >= len(lines) or not lines[i + 1].strip() or _TIME.match(lines[i + 1].strip()):
            raise SourceError(path, i + 1, f"cue {lines[i].strip()!r} has no text line after it")
        raw.append((seconds, i + 1, lines[i + 1].strip()))
        i += 2
    if not raw:
        raise SourceError(path, first, "no caption cues after the '---' line")  # 1-based: the --- line
    for k in range(1, len(raw)):
        (before, before_line, _), (seconds, line, _) = raw[k - 1], raw[k]
        if seconds < before:
            after = raw[k + 1][0] if k + 1 < len(raw) else None
            if after is not None and seconds <= after < before:  # the cue before is the one out of place
                raise SourceError(path, before_line, f"cue time {lines[before_line - 1].strip()} is later than the "
                                                     "two cues after it")
            raise SourceError(path, line, f"cue time {lines[line - 1].strip()} is earlier than the cue before it")
    ends = [s for s, _, _ in raw[1:]] + [raw[-1][0] + LAST_CUE_SECONDS]
    return tuple(
        CaptionCue(float(s), float(max(e, s)), t, span=Span(path, line)) for (s, line, t), e in zip(raw, ends)
    )
