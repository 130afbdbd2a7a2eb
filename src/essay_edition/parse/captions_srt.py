"""Read SubRip (``.srt``) captions into the captions model.

The ``srt`` library parses the file. Three things it lets pass are errors here, each at its line:
a time with minutes or seconds past 59 (``srt`` adds them up), a cue whose time line is missing (``srt``
reads it as more text of the cue before, across the blank line) and text it could not read as a cue at
all (``srt`` says only at which character). Cue lines come from the library's own cue pattern, matched
in the same order as it parses.

An SRT file has no video facts: ``video_url``, ``video_id`` and ``title`` are empty strings, filled by
:func:`~essay_edition.parse.video_info.merge_video_facts`.
"""

from __future__ import annotations

import html
import re

import srt

from ..errors import SourceError
from ..model import Captions, Span
from ._cue_tools import RawCue, checked_cues, line_at, one_line_text

_TIME = re.compile(r"^(\d+)[,.:，．。：](\d+)[,.:，．。：](\d+)[,.:，．。：](\d*)$")
_INDEX = re.compile(r"^\s*-?\d+\s*$")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")  # HTML-like font tags and ASS overrides ({\an8})


def parse_srt(text: str, path: str) -> Captions:
    """Return the captions of an SRT file; raise SourceError on malformed input."""
    if not text.strip():
        raise SourceError(path, 1, "the captions file is empty")
    raw: list[RawCue] = []
    matches = srt.SRT_REGEX.finditer(text)
    try:
        for subtitle, match in zip(srt.parse(text), matches):
            raw.append(_cue(subtitle, match, text, path, len(raw) + 1))
    except srt.SRTParseError as exc:
        raise _unreadable(text, exc, len(raw) + 1, path) from None
    return Captions("", "", "", checked_cues(raw, path), span=Span(path, 1))


def _cue(subtitle: srt.Subtitle, match: re.Match[str], text: str, path: str, number: int) -> RawCue:
    time_line = line_at(text, match.start(2))
    for value in (match[2], match[3]):
        _check_time(value, path, time_line)
    written = match[5]  # the cue's text as in the file (srt's content has CRLF made LF)
    parts = re.split(r"\r?\n[ \t]*\r?\n", written, maxsplit=1)
    rest = parts[1].strip() if len(parts) > 1 else ""
    if rest and _INDEX.match(rest.splitlines()[0]):
        # srt reads a cue without a usable time line as more text of the cue before it
        block_at = match.start(5) + written.find(parts[1].strip(), len(parts[0]))
        raise _bad_block(text, block_at, parts[1].strip().splitlines(), str(number + 1), path)
    body = one_line_text(html.unescape(_TAG.sub("", subtitle.content)))
    index = subtitle.index if subtitle.index is not None else number
    start, end = (round(t.total_seconds() * 1000) for t in (subtitle.start, subtitle.end))
    return RawCue(start, end, body, time_line, f"cue {index} ({match[2]})")


def _check_time(value: str, path: str, line: int) -> None:
    parsed = _TIME.match(value)
    if not parsed or len(parsed[4]) > 3 or int(parsed[2]) > 59 or int(parsed[3]) > 59:
        raise SourceError(path, line, f"malformed time {value!r}: expected HH:MM:SS,mmm")


def _unreadable(text: str, exc: srt.SRTParseError, number: int, path: str) -> SourceError:
    """The error for text ``srt`` could not read as a cue (it says only at which character)."""
    unmatched = exc.unmatched_content
    offset = exc.expected_start + len(unmatched) - len(unmatched.lstrip())
    return _bad_block(text, offset, unmatched.strip().split("\n"), str(number), path)


def _bad_block(text: str, offset: int, block: list[str], number: str, path: str) -> SourceError:
    """The error for a block starting at ``offset`` that is not a cue: no time line, or a malformed one."""
    line = line_at(text, offset)
    label = block[0].strip() if _INDEX.match(block[0]) else number
    arrow = next((k for k, row in enumerate(block) if "-->" in row), None)
    if arrow is None:
        return SourceError(path, line, f"cue {label} has no time line")
    value = block[arrow].strip()
    return SourceError(path, line + arrow, f"cue {label} has a malformed time line {value[:60]!r}: "
                                           "expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'")
