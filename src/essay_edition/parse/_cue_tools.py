"""What the caption readers share: the raw cue they collect, the checks every format gets, and words
timed from stamped pieces of text.

Every reader turns its format into :class:`RawCue` values (times in milliseconds, as the formats give
them, the line the cue starts on and its times as written) and hands them to :func:`checked_cues`,
so a cue without text, a cue ending before it starts and a cue starting before the one before it
get the same one-line error whatever the format.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import SourceError
from ..model import CaptionCue, CueWord, Span

FORMATS = "WebVTT, SRT, YouTube json3, the text dump"
ACCEPTED = f"accepted: {FORMATS}"
NEWLINES = re.compile(r"\r\n|\r|\n")  # the line ends WebVTT and SRT allow (str.splitlines knows more)
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class RawCue:
    """A cue as a reader found it: start and end in milliseconds, text, and where it is written."""

    start_ms: int
    end_ms: int
    text: str
    line: int
    label: str  # the cue in messages, e.g. "cue 3 (00:00:05,000)": its number or start as written
    words: tuple[CueWord, ...] = ()


def split_lines(text: str) -> list[str]:
    """Return the lines of ``text`` split at CR, LF or CRLF (a leading byte-order mark removed)."""
    return NEWLINES.split(text.removeprefix("\ufeff"))


def line_at(text: str, offset: int) -> int:
    """Return the 1-based line of a character offset."""
    return len(NEWLINES.findall(text[:offset])) + 1


def one_line_text(text: str) -> str:
    """Return cue text on one line: its lines joined and its runs of spaces made single."""
    return " ".join(text.split())


def checked_cues(raw: Sequence[RawCue], path: str) -> tuple[CaptionCue, ...]:
    """Return the cues as the model's CaptionCue; raise SourceError for a cue without text or out of order."""
    if not raw:
        raise SourceError(path, 1, "no cues found")
    cues: list[CaptionCue] = []
    previous: RawCue | None = None
    for k, cue in enumerate(raw):
        if not cue.text.strip():
            raise SourceError(path, cue.line, f"{cue.label} has no text")
        if cue.end_ms < cue.start_ms:
            raise SourceError(path, cue.line, f"{cue.label} ends before it starts")
        if any(b.start < a.start for a, b in zip(cue.words, cue.words[1:])):
            raise SourceError(path, cue.line, f"{cue.label} has word times that go back")
        if previous is not None and cue.start_ms < previous.start_ms:
            after = raw[k + 1] if k + 1 < len(raw) else None
            if after is not None and cue.start_ms <= after.start_ms < previous.start_ms:
                # the cue before is the one out of place: it starts after the two that follow it
                raise SourceError(path, previous.line, f"{previous.label} starts after {cue.label}, which follows it")
            raise SourceError(path, cue.line, f"{cue.label} starts before {previous.label}")
        cues.append(CaptionCue(cue.start_ms / 1000, cue.end_ms / 1000, one_line_text(cue.text), cue.words,
                               span=Span(path, cue.line)))
        previous = cue
    return tuple(cues)


def stamped_words(pieces: Sequence[tuple[int, str]], end_ms: int) -> tuple[CueWord, ...]:
    """Return the words of ``(start_ms, text)`` pieces in order, each timed: a piece's first word at the
    piece's start, any further words of the same piece spread by characters up to the next piece."""
    words: list[CueWord] = []
    for k, (start, text) in enumerate(pieces):
        stop = pieces[k + 1][0] if k + 1 < len(pieces) else max(end_ms, start)
        stripped = text.strip()
        length = max(len(stripped), 1)
        for match in _WORD.finditer(stripped):
            at = start + (max(stop, start) - start) * match.start() / length
            words.append(CueWord(round(at) / 1000, match.group()))
    return tuple(words)


def format_ms(ms: int) -> str:
    """Return milliseconds as ``HH:MM:SS.mmm`` (for messages about formats without written times)."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
