"""Read YouTube's json3 captions (``fmt=json3``, as yt-dlp saves them) into the captions model.

The file is one JSON object whose ``events`` list holds the cues: ``tStartMs`` and ``dDurationMs``
time an event, its ``segs`` hold the text (``utf8``), each segment starting ``tOffsetMs`` after the
event. Events without segments define windows, and ``aAppend`` events only add a line break: both are
skipped. When segments carry offsets (automatic captions: one word each), every cue's words keep
their times (a segment without an offset starts with its event).

Automatic captions roll up, so an event lasts until its line scrolls away, over the next event; a cue
ends where the next one starts. The standard ``json`` module parses; to name the line of a bad event,
the events are also located one by one with its ``raw_decode``.

The file has no video facts: ``video_url``, ``video_id`` and ``title`` are empty strings, filled by
:func:`~essay_edition.parse.video_info.merge_video_facts`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import SourceError
from ..model import Captions, Span
from ._cue_tools import RawCue, checked_cues, one_line_text, stamped_words

_EVENTS = re.compile(r'"events"\s*:\s*\[')


def parse_json3(text: str, path: str) -> Captions:
    """Return the captions of a YouTube json3 file; raise SourceError on malformed input."""
    if not text.strip():
        raise SourceError(path, 1, "the captions file is empty")
    document = load_json(text, path)
    events = document.get("events") if isinstance(document, dict) else None
    if not isinstance(events, list):
        raise SourceError(path, 1, "no 'events' list (YouTube json3 has one)")
    lines = _event_lines(text, len(events))
    worded = any(isinstance(s, dict) and "tOffsetMs" in s for e in events if isinstance(e, dict)
                 for s in (e.get("segs") if isinstance(e.get("segs"), list) else ()))
    raw: list[RawCue] = []
    for number, (event, line) in enumerate(zip(events, lines), start=1):
        cue = _cue(event, number, line, path, worded)
        if cue is not None:
            raw.append(cue)
    ends = [min(c.end_ms, n.start_ms) if n.start_ms > c.start_ms else c.end_ms for c, n in zip(raw, raw[1:])]
    raw = [RawCue(c.start_ms, e, c.text, c.line, c.label, c.words) for c, e in zip(raw, ends)] + raw[-1:]
    return Captions("", "", "", checked_cues(raw, path), span=Span(path, 1))


def load_json(text: str, path: str) -> Any:
    """Return the parsed JSON document; invalid JSON is a SourceError at its line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(path, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise SourceError(path, 1, "invalid JSON: nested too deeply") from None
    except ValueError as exc:  # a number of over 4,300 digits (Python's limit on int conversion)
        raise SourceError(path, None, f"invalid JSON: {str(exc).splitlines()[0][:100]}") from None


def _cue(event: Any, number: int, line: int, path: str, worded: bool) -> RawCue | None:
    """The cue of one event, or None for an event that shows no text (a window, a line break).
    In a ``worded`` file (segments carry offsets: automatic captions) the cue keeps its words' times."""
    if not isinstance(event, dict):
        raise SourceError(path, line, f"event {number} is not an object")
    segs = event.get("segs")
    if segs is None:
        return None
    if not isinstance(segs, list) or not all(isinstance(s, dict) and isinstance(s.get("utf8"), str) for s in segs):
        raise SourceError(path, line, f"event {number}: 'segs' must be a list of {{\"utf8\": text}} objects")
    joined = "".join(s["utf8"] for s in segs)
    if not joined.strip() and (event.get("aAppend") or "\n" in joined):
        return None
    start = _ms(event, "tStartMs", number, line, path)
    duration = _ms(event, "dDurationMs", number, line, path, default=0)
    label = f"event {number} (tStartMs {start})"
    if worded:
        pieces = [(start + _ms(s, "tOffsetMs", number, line, path, default=0), s["utf8"]) for s in segs]
        words = stamped_words([(at, piece) for at, piece in pieces if piece.strip()], start + duration)
        return RawCue(start, start + duration, " ".join(w.text for w in words), line, label, words)
    return RawCue(start, start + duration, one_line_text(joined), line, label)


def _ms(node: dict[str, Any], key: str, number: int, line: int, path: str, default: int | None = None) -> int:
    value = node.get(key, default)
    if value is None:
        raise SourceError(path, line, f"event {number} has no '{key}'")
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise SourceError(path, line, f"event {number}: '{key}' must be a number of milliseconds, not {value!r}")
    return round(value)


def _event_lines(text: str, count: int) -> list[int]:
    """Return the 1-based line each of the ``count`` events starts on (line 1 where it cannot tell)."""
    found = _EVENTS.search(text)
    if found is None:
        return [1] * count
    decoder = json.JSONDecoder()
    lines: list[int] = []
    pos, line, counted = found.end(), 1, 0
    while len(lines) < count:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            break
        line += text.count("\n", counted, pos)
        counted = pos
        lines.append(line)
        try:
            pos = decoder.raw_decode(text, pos)[1]
        except json.JSONDecodeError:
            break
    return lines + [1] * (count - len(lines))
