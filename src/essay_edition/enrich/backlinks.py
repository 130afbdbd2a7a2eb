"""Backlinks: for each essay paragraph, what points at it.

Four kinds of thing cite a paragraph: the summaries' claims whose support names it, the forecasts
whose quote is in it, and the narration sentences and podcast lines that speak it. Claims and
forecasts name their paragraph; a transcript passage is matched by time: it speaks a paragraph
when the two overlap for at least half of the shorter one, so a caption sentence that runs a
moment into the next paragraph is not counted there, while a long podcast line that reads two
short paragraphs cites both. Every list is in reading order (claims in the summaries' order).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Protocol

from ..model import Citation, CitationKind, LinkedClaim, SectionRecord, TimedPodcast, Transcript
from .predictions import ResolvedPrediction

__all__ = ["SPOKEN_OVERLAP", "cited_by"]

SPOKEN_OVERLAP = 0.5  # share of the shorter of passage and paragraph that must overlap in time


class _Timed(Protocol):
    id: str
    start: float
    end: float

    @property
    def text(self) -> str: ...


def cited_by(sections: Sequence[SectionRecord], claims: Sequence[LinkedClaim] = (),
             predictions: Sequence[ResolvedPrediction] = (), transcript: Transcript | None = None,
             podcast: TimedPodcast | None = None) -> dict[str, tuple[Citation, ...]]:
    """Return, for every paragraph id (cited or not), the citations pointing at it in reading order."""
    found: dict[str, list[Citation]] = {p.id: [] for s in sections for p in s.paragraphs}
    for claim in claims:
        for support in claim.support:
            if support.paragraph_id in found:
                found[support.paragraph_id].append(
                    Citation("claim", claim.id, claim.text, verdict=claim.verdict, source=claim.source))
    for r in sorted(predictions, key=lambda r: r.start):
        if r.paragraph_id in found:
            pred = r.prediction
            found[r.paragraph_id].append(Citation("forecast", pred.id, pred.title or pred.quote, status=pred.status))
    spans = [(p.id, p.narration.start, p.narration.end) for s in sections for p in s.paragraphs if p.narration]
    if transcript is not None:
        _add_spoken(found, spans, "narration", transcript.sentences())
    if podcast is not None:
        _add_spoken(found, spans, "podcast", podcast.lines())
    return {pid: tuple(items) for pid, items in found.items()}


def _add_spoken(found: dict[str, list[Citation]], spans: Sequence[tuple[str, float, float]], kind: CitationKind,
                passages: Iterable[_Timed]) -> None:
    """Add each timed passage to every paragraph it speaks (see the module docstring)."""
    spans = sorted(spans, key=lambda span: span[1])
    starts = [start for _, start, _ in spans]
    longest = max((end - start for _, start, end in spans), default=0.0)
    for passage in passages:
        # Only paragraphs starting before the passage ends, and not so early that they end before it starts.
        hi = bisect.bisect_right(starts, max(passage.end, passage.start))
        lo = bisect.bisect_left(starts, passage.start - longest)
        for pid, start, end in spans[lo:hi]:
            if _speaks(passage.start, passage.end, start, end):
                found[pid].append(Citation(kind, passage.id, passage.text, start=passage.start, end=passage.end))


def _speaks(start: float, end: float, para_start: float, para_end: float) -> bool:
    """Return whether a passage timed ``start``–``end`` speaks a paragraph timed ``para_start``–``para_end``."""
    if end <= start:  # a passage with no duration speaks the paragraph it falls in
        return para_start <= start < para_end
    overlap = min(end, para_end) - max(start, para_start)
    return overlap > 0 and overlap >= SPOKEN_OVERLAP * min(end - start, para_end - para_start)
