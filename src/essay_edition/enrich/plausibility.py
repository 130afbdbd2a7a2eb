"""Whether captions look like a narration's: warnings for cues and gaps no speech has, and a narration
longer than its video.

A caption file can parse and still be wrong: a cue whose time was mistyped (``1:00:00`` for
``1:00``) stretches over most of an hour, or leaves a gap of many minutes, and the edition would
publish that as a 47-minute narration. These checks are warnings, so ``mkdocs build --strict``
fails on them and names the line.
"""

from __future__ import annotations

from ..errors import DataWarning
from ..model import Captions

MAX_CUE_SECONDS = 60.0  # no caption cue is held for a minute: speech is cut into lines of a few seconds
MAX_GAP_SECONDS = 300.0  # five minutes without a word is not a narration of an essay
DURATION_SLACK = 5.0  # seconds the last cue may run past the video's stated length (rounding, outros)


def caption_warnings(captions: Captions, path: str) -> list[DataWarning]:
    """Return a warning for each implausibly long cue, each long silence, and a narration longer than the video."""
    warnings: list[DataWarning] = []
    cues = captions.cues
    for before, cue in zip(cues, cues[1:]):
        gap = cue.start - before.start
        if gap > MAX_GAP_SECONDS:  # whether the cue before ends there (the text dump) or long before
            warnings.append(DataWarning(path, _line(cue), f"{gap / 60:.0f} minutes pass between the cue before and "
                                                          "this one: is this cue's time mistyped?"))
    for cue, after in zip(cues, [*cues[1:], None]):
        explicit_end = after is None or after.start != cue.end  # a format that states where cues end
        if explicit_end and cue.end - cue.start > MAX_CUE_SECONDS:
            warnings.append(DataWarning(path, _line(cue), f"this cue lasts {cue.end - cue.start:.0f} s: is its end "
                                                          "mistyped?"))
    if captions.duration is not None and cues and cues[-1].end > captions.duration + DURATION_SLACK:
        warnings.append(DataWarning(path, _line(cues[-1]), f"the captions run to {cues[-1].end:.0f} s but the video "
                                                            f"lasts {captions.duration:.0f} s"))
    return warnings


def _line(cue: object) -> int | None:
    span = getattr(cue, "span", None)
    return span.line if span is not None else None
