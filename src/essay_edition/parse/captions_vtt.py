"""Read WebVTT captions, including yt-dlp's rolling auto-captions, into the captions model.

webvtt-py parses the file. It gives no line numbers and, unless strict, drops a cue block whose
timing line it cannot read; strict mode instead refuses timestamps such as ``0:01.5`` that players
accept. So every ``-->`` line is first checked here with webvtt-py's own timestamp reader (a bad one
is an error at its line), and the n-th cue webvtt-py returns is known to start at the n-th timing
line.

Rolling auto-captions (what yt-dlp writes for YouTube's automatic captions) show two lines at a
time: each cue repeats the line before and adds a new one whose words carry
``<00:00:01.234><c> word</c>`` stamps, and a 10 ms cue then shows the finished line alone. Lines a
cue shares with the lines the cue before it showed are dropped, so each spoken line is kept once, as
one cue from the moment it appears to the moment the next line appears, with its words' own times
(a line's first word starts with its cue). A line that carries stamps is always new. A file is
rolling when any cue carries word stamps, or when most cues open with the last line of the cue
before them.

The file has no video facts (id, title, chapters): ``video_url``, ``video_id`` and ``title`` are
empty strings; :func:`~essay_edition.parse.video_info.merge_video_facts` fills them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError
from webvtt.models import Timestamp

from ..errors import SourceError
from ..model import Captions, Span
from ._cue_tools import RawCue, checked_cues, split_lines, stamped_words

_TIMING = re.compile(r"^\s*(\S+?)\s*-->\s*(\S+)")
_STAMP = re.compile(r"<((?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3})>")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class _Cue:
    """A cue as webvtt-py read it, with its timing line's number and start as written."""

    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    line: int
    label: str


def parse_vtt(text: str, path: str) -> Captions:
    """Return the captions of a WebVTT file (rolling auto-captions de-duplicated); raise SourceError if malformed."""
    cues = _read_cues(text, path)
    stamped = any(_STAMP.search(line) for c in cues for line in c.lines)
    raw = _rolling_cues(cues, stamped) if stamped or _repeats_lines(cues) else [_plain_cue(c) for c in cues]
    return Captions("", "", "", checked_cues(raw, path), span=Span(path, 1))


def _read_cues(text: str, path: str) -> list[_Cue]:
    lines = split_lines(text)
    if not text.strip():
        raise SourceError(path, 1, "the captions file is empty")
    if not lines[0].startswith("WEBVTT"):
        raise SourceError(path, 1, "the first line must be 'WEBVTT'")
    timings = _timing_lines(lines, path)
    try:
        captions = webvtt.WebVTT.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError) as exc:  # checked above; kept as a safety net
        raise SourceError(path, 1, f"not readable as WebVTT: {exc}") from None
    for k, (number, written, _) in enumerate(timings):  # webvtt-py dropped no block: each timing line is a cue
        if k >= len(captions) or Timestamp.from_string(written) != captions[k].start_time:
            raise SourceError(path, number, "this timing line is not in a cue block of its own")
    if not timings:
        raise SourceError(path, len(lines), "no cues found")
    return [_Cue(c.start_time.in_milliseconds(), c.end_time.in_milliseconds(), tuple(c.lines), number,
                 f"cue at {written}") for c, (number, written, _) in zip(captions, timings)]


def _timing_lines(lines: list[str], path: str) -> list[tuple[int, str, str]]:
    """Return ``(line number, start, end)`` of every ``-->`` line; raise SourceError for a bad time."""
    found = []
    for number, line in enumerate(lines, start=1):
        if "-->" not in line:
            continue
        match = _TIMING.match(line)
        if not match:
            raise SourceError(path, number, f"malformed timing line {line.strip()[:60]!r}: expected 'START --> END'")
        for value in match.groups():
            try:
                Timestamp.from_string(value)
            except MalformedCaptionError:
                raise SourceError(path, number, f"malformed time {value!r}: expected HH:MM:SS.mmm") from None
        found.append((number, match[1], match[2]))
    return found


def _clean(line: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", line)).split())


def _plain_cue(cue: _Cue) -> RawCue:
    text = " ".join(_clean(line) for line in cue.lines)
    return RawCue(cue.start_ms, cue.end_ms, text, cue.line, cue.label)


def _repeats_lines(cues: list[_Cue]) -> bool:
    """Whether most cues open with the last line the cue before them showed (rolling without stamps)."""
    repeats = sum(1 for a, b in zip(cues, cues[1:]) if _shown(a) and _shown(b) and _shown(b)[0] == _shown(a)[-1])
    return len(cues) > 2 and repeats > (len(cues) - 1) / 2


def _shown(cue: _Cue) -> list[str]:
    return [c for c in (_clean(line) for line in cue.lines) if c]


def _rolling_cues(cues: list[_Cue], stamped: bool) -> list[RawCue]:
    """Return each spoken line once: the lines a cue adds to what the cue before it showed."""
    found: list[tuple[_Cue, list[str]]] = []
    shown: list[str] = []
    for cue in cues:
        lines = [line for line in cue.lines if _clean(line)]
        cleaned = [_clean(line) for line in lines]
        kept = _overlap(shown, cleaned, lines)
        if lines[kept:]:
            found.append((cue, lines[kept:]))
        shown = cleaned
    out: list[RawCue] = []
    last_end = max((c.end_ms for c in cues), default=0)
    for k, (cue, new) in enumerate(found):
        end = found[k + 1][0].start_ms if k + 1 < len(found) else max(last_end, cue.start_ms)
        pieces = _pieces(" ".join(new), cue.start_ms)
        words = stamped_words(pieces, end) if stamped else ()
        text = " ".join(w.text for w in words) if words else " ".join(_clean(line) for line in new)
        out.append(RawCue(cue.start_ms, end, text, cue.line, cue.label, words))
    return out


def _overlap(shown: list[str], cleaned: list[str], lines: list[str]) -> int:
    """How many of a cue's first lines repeat the last lines shown before (a stamped line never does)."""
    for k in range(min(len(shown), len(cleaned)), 0, -1):
        if cleaned[:k] == shown[-k:] and not any(_STAMP.search(line) for line in lines[:k]):
            return k
    return 0


def _pieces(raw: str, start_ms: int) -> list[tuple[int, str]]:
    """Split a stamped line into ``(start_ms, text)`` pieces: the text before the first stamp starts
    with the cue, each later piece at its stamp."""
    parts = _STAMP.split(raw)
    pieces = [(start_ms, _clean(parts[0]))]
    for k in range(1, len(parts), 2):
        pieces.append((Timestamp.from_string(parts[k]).in_milliseconds(), _clean(parts[k + 1])))
    return [(at, piece) for at, piece in pieces if piece]
