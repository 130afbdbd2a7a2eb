"""The predictions stage of the build: load, verify and resolve the curated ledger against the essay.

Every quote must be verbatim in exactly one paragraph, every not-prediction sentence still in its
source; forward-looking sentences that neither file covers become warnings, which ``--strict``
turns into a failed build, so new or changed text cannot slip past review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import DataWarning
from ..model import CaptionCue, Essay, SectionRecord
from .predictions import (
    NARRATION_THRESHOLD,
    NotPrediction,
    ResolvedPrediction,
    check_narration_quotes,
    check_not_predictions,
    essay_text_units,
    find_prediction_candidates,
    forward_looking_sentences,
    load_not_predictions,
    load_predictions,
    narration_text,
    resolve_predictions,
    unreviewed_candidates,
)


@dataclass(frozen=True)
class Ledger:
    """The resolved predictions, the classified non-predictions and any unreviewed candidates."""

    predictions: list[ResolvedPrediction]
    not_predictions: list[NotPrediction]
    warnings: list[DataWarning]


def build_ledger(essay: Essay, sections: Sequence[SectionRecord], cues: Sequence[CaptionCue],
                 predictions_text: str, predictions_path: str, not_text: str, not_path: str, *,
                 narration_sentences: Sequence[str]) -> Ledger:
    """Return the ledger resolved against the essay paragraphs; raise SourceError on a stale entry.

    ``narration_sentences`` are the narration's sentences as captioned (the restored transcript's):
    splitting the captions again here was a tenth of the pipeline's time.
    """
    predictions = load_predictions(predictions_text, predictions_path)
    not_predictions = load_not_predictions(not_text, not_path, [p.id for p in predictions])
    paragraphs = [(p.id, p.paragraph.text) for s in sections for p in s.paragraphs]
    resolved = resolve_predictions(predictions, paragraphs, predictions_path)
    narration = narration_text(cues)
    units = essay_text_units(essay)
    check_narration_quotes(predictions, narration, predictions_path)
    check_not_predictions(not_predictions, units, narration, not_path)
    narration_candidates = forward_looking_sentences(s.replace('"', "") for s in narration_sentences)
    warnings = [
        DataWarning(predictions_path, None, f"forward-looking sentence not reviewed (add it to the ledger or to "
                                            f"{not_path}): {sentence[:100]!r}")
        for sentence in unreviewed_candidates(find_prediction_candidates(units), predictions, not_predictions)
    ]
    warnings += [
        DataWarning(predictions_path, None, f"forward-looking narration sentence not reviewed: {sentence[:100]!r}")
        for sentence in unreviewed_candidates(narration_candidates, predictions, not_predictions,
                                              fuzzy=NARRATION_THRESHOLD)
    ]
    return Ledger(resolved, not_predictions, warnings)
