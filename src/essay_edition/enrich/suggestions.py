"""What the build suggests an editor look at: caption words that seem misheard and no correction covers.

A narrated paragraph's word differences judged to be recognition errors (``cause == "asr"``, see
:mod:`.align`) are proposals for ``asr_corrections.yaml``; those a curated correction already covers
are left out. Suggestions never fail a build: they are listed on the review page and by
``essay-edition review``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import DataWarning
from ..model import Correction
from ..normalize import words
from .align import WordDifference

MAX_SUGGESTIONS = 200  # a poor recogniser mishears much: the queue stays readable


def suspected_misheard(differences: Mapping[str, Sequence[WordDifference]], corrections: Sequence[Correction],
                       captions_path: str) -> list[DataWarning]:
    """Return one suggestion per caption phrase that seems misheard and that no correction covers."""
    covered = {" ".join(words(c.wrong)) for c in corrections if c.source == "captions"}
    out: list[DataWarning] = []
    for changes in differences.values():
        for d in changes:
            heard = " ".join(words(d.narration))
            if d.cause != "asr" or not heard or any(heard in fixed or fixed in heard for fixed in covered):
                continue
            out.append(DataWarning(captions_path, None, f"at {_clock(d.time)} the captions say “{d.narration}” where "
                                                        f"the essay has “{d.essay}”: a correction for "
                                                        "asr_corrections.yaml?"))
    return out[:MAX_SUGGESTIONS]


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"
