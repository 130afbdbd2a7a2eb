"""Give every caption word a time: its own, where the captions state one, else interpolated.

Captions that time each word (json3 segments, rolling WebVTT stamps) keep those times (``exact``).
Otherwise a cue spans ``[start, end)`` and a word that begins at character ``k`` of a cue of ``n``
characters is given ``start + (end - start) * k / n``. Times never decrease across the narration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..model import CaptionCue, TimedWord

_WORD = re.compile(r"\S+")


def timed_words(cues: Sequence[CaptionCue]) -> list[TimedWord]:
    """Return every word of every cue, in order, with its interpolated start second."""
    # Four stages ask for the same narration's words: cached by the cues' value (hashing the cues
    # costs a fraction of making the words), it is made once.
    return list(_timed_words(tuple(cues)))


@lru_cache(maxsize=8)
def _timed_words(cues: tuple[CaptionCue, ...]) -> tuple[TimedWord, ...]:
    words: list[TimedWord] = []
    for index, cue in enumerate(cues):
        if cue.words:
            words.extend(TimedWord(w.text, round(w.start, 3), index, exact=True) for w in cue.words)
            continue
        length = max(len(cue.text), 1)
        for match in _WORD.finditer(cue.text):
            start = cue.start + (cue.end - cue.start) * match.start() / length
            words.append(TimedWord(match.group(), round(start, 3), index))
    return tuple(words)
