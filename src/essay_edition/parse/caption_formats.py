"""Choose the captions reader by what the file holds, not by its name.

:func:`sniff_captions` names the format from the text alone: ``WEBVTT`` on the first line is WebVTT;
a JSON object with an ``events`` list is YouTube json3; an index line followed by a ``-->`` line, or
a ``-->`` line timed with commas, is SRT; other ``-->`` lines are WebVTT missing its header; a watch URL
on the first line, or ``M:SS`` lines, is the text dump. :func:`read_captions` runs that reader and
turns any error into one line saying what the file looks like and which formats are accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import SourceError
from ..model import Captions
from ..sources import clean_text
from ._cue_tools import ACCEPTED, split_lines
from .captions import parse_captions
from .captions_json3 import parse_json3
from .captions_srt import parse_srt
from .captions_vtt import parse_vtt

_SRT_TIMING = re.compile(r"^\s*\d+:\d{1,2}:\d{1,2},\d+\s*-->")
_INDEX = re.compile(r"^\s*\d+\s*$")
_DUMP_TIME = re.compile(r"^(?:\d+:)?\d{1,2}:\d{2}$")
_WATCH = re.compile(r"^https?://(?:www\.)?(?:youtube\.com|youtu\.be)/")
SNIFF_LINES = 50  # lines looked at to tell a format: enough to pass a dump's header or a VTT's style blocks

READERS: dict[str, tuple[str, Callable[[str, str], Captions]]] = {
    "vtt": ("WebVTT", parse_vtt),
    "srt": ("SRT", parse_srt),
    "json3": ("YouTube json3", parse_json3),
    "dump": ("the text dump", parse_captions),
}


def sniff_captions(text: str) -> str | None:
    """Return the format the text looks like: ``vtt``, ``srt``, ``json3``, ``dump``, ``info`` (yt-dlp's
    ``.info.json``), ``json`` (other JSON), or None."""
    body = text.removeprefix("\ufeff").lstrip()
    if body.startswith("WEBVTT"):
        return "vtt"
    if body.startswith(("{", "[")):
        if re.search(r'"events"\s*:', body):
            return "json3"
        if re.search(r'"(?:extractor|webpage_url|formats)"\s*:', body):
            return "info"
        return "json"
    lines = [line.strip() for line in split_lines(body)[:SNIFF_LINES]]
    filled = [line for line in lines if line]
    if filled and _WATCH.match(filled[0]):
        return "dump"
    arrows = [k for k, line in enumerate(filled) if "-->" in line]
    if arrows:
        first = arrows[0]
        srt_like = any(_SRT_TIMING.match(filled[k]) for k in arrows) or (first > 0 and _INDEX.match(filled[first - 1]))
        return "srt" if srt_like else "vtt"
    if "---" in filled or sum(1 for line in filled if _DUMP_TIME.match(line)) >= 2:
        return "dump"
    return None


def read_captions(text: str, path: str) -> Captions:
    """Return the captions of a WebVTT, SRT, YouTube json3 or text-dump file, chosen by content; raise
    SourceError naming what the file looks like and the formats accepted."""
    text = clean_text(text, path)
    if not text.strip():
        raise SourceError(path, 1, f"the captions file is empty; {ACCEPTED}")
    kind = sniff_captions(text)
    if kind == "info":
        raise SourceError(path, 1, f"looks like yt-dlp's .info.json (video facts, no captions); {ACCEPTED}")
    if kind == "json":
        raise SourceError(path, 1, f"looks like JSON but has no 'events' list (YouTube json3 has one); {ACCEPTED}")
    if kind is None:
        first = next((line.strip() for line in split_lines(text) if line.strip()), text.strip())
        raise SourceError(path, 1, f"does not look like captions (it starts {first[:40]!r}); {ACCEPTED}")
    name, reader = READERS[kind]
    try:
        return reader(text, path)
    except SourceError as exc:
        raise SourceError(exc.path, exc.line, f"looks like {name} but {exc.message}; {ACCEPTED}") from None
