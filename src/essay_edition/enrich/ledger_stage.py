"""The predictions stage of the build: load, verify and resolve the curated ledger against the essay.

Every quote must be verbatim in exactly one paragraph, every not-prediction sentence still in its
source, every verdict backed by evidence. Forward-looking sentences of the essay body that neither
file covers are collected as the ledger's review queue (:attr:`Ledger.unreviewed`). With
``review_required`` (an essay's ``review: required``) each also becomes a warning, which
``--strict`` turns into a failed build, so new or changed text cannot slip past review; without it
they wait on the review report and the build passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import DataWarning
from ..model import CaptionCue, Essay, SectionRecord
from .predictions import (
    NotPrediction,
    ResolvedPrediction,
    check_narration_quotes,
    check_not_predictions,
    essay_text_units,
    load_not_predictions,
    load_predictions,
    narration_text,
    resolve_predictions,
)
from .review import Candidate, find_candidates, unreviewed


@dataclass(frozen=True)
class Ledger:
    """The resolved predictions, the classified non-predictions, the review queue and any warnings."""

    predictions: list[ResolvedPrediction]
    not_predictions: list[NotPrediction]
    warnings: list[DataWarning]
    unreviewed: list[Candidate]  # forward-looking sentences no entry covers yet, in essay order


def build_ledger(essay: Essay, sections: Sequence[SectionRecord], cues: Sequence[CaptionCue],
                 predictions_text: str, predictions_path: str, not_text: str, not_path: str, *,
                 review_required: bool = True) -> Ledger:
    """Return the ledger resolved against the essay paragraphs; raise SourceError on a stale entry.

    ``review_required`` makes every unreviewed candidate a warning as well as a queue item.
    """
    predictions = load_predictions(predictions_text, predictions_path)
    not_predictions = load_not_predictions(not_text, not_path, [p.id for p in predictions])
    paragraphs = [(p.id, p.paragraph.text) for s in sections for p in s.paragraphs]
    resolved = resolve_predictions(predictions, paragraphs, predictions_path)
    narration = narration_text(cues)
    check_narration_quotes(predictions, narration, predictions_path)
    check_not_predictions(not_predictions, essay_text_units(essay), narration, not_path)
    queue = unreviewed(find_candidates(paragraphs), predictions, not_predictions)
    warnings = [
        DataWarning(predictions_path, None, f"forward-looking sentence not reviewed (add it to the ledger or to "
                                            f"{not_path}): {_cut(c.sentence)!r}")
        for c in queue
    ] if review_required else []
    return Ledger(resolved, not_predictions, warnings, queue)


def _cut(sentence: str, limit: int = 140) -> str:
    """Return ``sentence`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"
