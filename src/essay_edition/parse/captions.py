"""Parse the YouTube captions file: a header, a ``---`` line, then ``M:SS`` / text cue pairs.

Cue ends are the next cue's start; the last cue ends one second after it starts (the file gives
no end). Times must never decrease.
"""

from __future__ import annotations

import re

from ..errors import SourceError
from ..model import CaptionCue, Captions, Span

_TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
_VIDEO = re.compile(r"^https://www\.youtube\.com/watch\?v=([A-Za-z0-9_-]{11})$")
LAST_CUE_SECONDS = 1.0


def parse_timestamp(value: str, path: str, line: int) -> int:
    """Return the seconds of an ``M:SS`` or ``H:MM:SS`` stamp; raise SourceError if malformed."""
    match = _TIME.match(value.strip())
    if not match:
        raise SourceError(path, line, f"malformed timestamp {value.strip()!r}: expected M:SS")
    hours, minutes, seconds = int(match[1] or 0), int(match[2]), int(match[3])
    if seconds >= 60 or (match[1] is not None and minutes >= 60):
        raise SourceError(path, line, f"malformed timestamp {value.strip()!r}: seconds or minutes out of range")
    return hours * 3600 + minutes * 60 + seconds


def parse_captions(text: str, path: str) -> Captions:
    """Return the captions model of the whole file; raise SourceError on malformed input."""
    if not text.strip():
        raise SourceError(path, 1, "the captions file is empty")
    lines = text.split("\n")
    try:
        sep = next(i for i, line in enumerate(lines) if line.strip() == "---")
    except StopIteration:
        raise SourceError(path, None, "no '---' line separates the header from the cues") from None
    video = _VIDEO.match(lines[0].strip())
    if not video:
        raise SourceError(path, 1, "the first line must be the video URL https://www.youtube.com/watch?v=<id>")
    title = lines[1].strip() if len(lines) > 1 else ""
    if not title or sep <= 1:
        raise SourceError(path, 2, "the second line must be the video title")
    cues = _parse_cues(lines, sep + 1, path)
    return Captions(video[0], video[1], title, cues, span=Span(path, 1))


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
        if raw and seconds < raw[-1][0]:
            raise SourceError(path, i + 1, f"cue time {lines[i].strip()} is earlier than the cue before it")
        raw.append((seconds, i + 1, lines[i + 1].strip()))
        i += 2
    if not raw:
        raise SourceError(path, first + 1, "no caption cues after the '---' line")
    ends = [s for s, _, _ in raw[1:]] + [raw[-1][0] + LAST_CUE_SECONDS]
    return tuple(
        CaptionCue(float(s), float(max(e, s)), t, Span(path, line)) for (s, line, t), e in zip(raw, ends)
    )
