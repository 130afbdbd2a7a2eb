"""The predictions ledger: curated forecasts of the essay, checked against its text.

``data/predictions.yaml`` holds one entry per forward-looking statement of the essay body: the
author's own forecasts and the forecasts of others that he cites and agrees with (*endorsed*) or
rejects (*disputed*). Each has a verbatim quote, a horizon worked out from the text, a test saying
what would make it true or false and who measures it, the hedge words that give the author's
probability (:mod:`~essay_edition.model.hedges`), and a status that stays ``open`` until evidence
has been reviewed. ``data/not_predictions.yaml`` holds the sentences that read like forecasts but
are not (reported views with no forecast, habitual "will", the past).

Guarantees: every entry validates against :class:`Prediction` or loading fails with
``file:line: message``; a verdict (any status but ``open``) without evidence or a reviewer's note
fails with the entry's line and id; and every quote is found verbatim in exactly one paragraph or
resolving fails with the entry's line. The candidate finder that keeps the ledger complete is in
:mod:`~essay_edition.enrich.review`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rapidfuzz import fuzz

from ..curated import line_of, load_yaml_document, validate
from ..errors import SourceError
from ..model import CaptionCue, Essay, NotPrediction, Prediction, ResolvedPrediction
from ..normalize import fold

NARRATION_THRESHOLD = 85.0  # rapidfuzz partial_ratio (0-100) above which an ASR sentence matches


# ---- loading -------------------------------------------------------------------------------------

def load_predictions(text: str, path: str) -> list[Prediction]:
    """Return the validated entries of ``data/predictions.yaml``; raise SourceError on any problem."""
    entries = [_with_line(validate(Prediction, node, path), node) for node in _entries(text, path, "predictions")]
    seen: dict[str, Prediction] = {}
    for pred in entries:
        if pred.id in seen:
            raise SourceError(path, pred.line, f"duplicate id {pred.id!r} (first at line {seen[pred.id].line})")
        seen[pred.id] = pred
        check_verdict(pred, path)
    return entries


def check_verdict(pred: Prediction, path: str) -> None:
    """Raise SourceError (the entry's line, naming it) for a verdict given without evidence or a note."""
    if pred.status == "open":
        return
    if not pred.evidence:
        raise SourceError(path, pred.line, f"prediction {pred.id!r}: verdict {pred.status!r} without evidence: "
                                           "list each source (url, title, accessed, quote) under evidence, or "
                                           "keep the status 'open'")
    if pred.review_note is None:
        raise SourceError(path, pred.line, f"prediction {pred.id!r}: verdict {pred.status!r} without a "
                                           "review_note saying how the evidence settles the test")


def load_not_predictions(text: str, path: str, prediction_ids: Iterable[str] | None = None) -> list[NotPrediction]:
    """Return the validated entries of ``data/not_predictions.yaml``; ``see`` ids must be known."""
    entries = [_with_line(validate(NotPrediction, node, path), node)
               for node in _entries(text, path, "not_predictions")]
    known = set(prediction_ids) if prediction_ids is not None else None
    for entry in entries:
        unknown = [i for i in entry.see if known is not None and i not in known]
        if unknown:
            raise SourceError(path, entry.line, f"see: no prediction with id {unknown[0]!r}")
    return entries


def prediction_lines(predictions: Iterable[Prediction]) -> dict[str, int]:
    """Return each loaded prediction's id mapped to the line its entry starts on."""
    return {p.id: p.line for p in predictions if p.line is not None}


def _entries(text: str, path: str, key: str) -> list[Any]:
    document = load_yaml_document(text, path)  # an impossible date is reported there, with its line
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise SourceError(path, line_of(document, 1), f"expected a mapping with a list under {key!r}")
    nodes = document[key]
    for i, node in enumerate(nodes):
        if not isinstance(node, dict):
            raise SourceError(path, line_of(nodes, 1), f"{key}[{i}]: expected a mapping")
    return list(nodes)


def _with_line(model: Any, node: Any) -> Any:
    model._line = line_of(node)
    return model


# ---- resolving against the essay -----------------------------------------------------------------

def resolve_predictions(predictions: Sequence[Prediction], paragraphs: Sequence[tuple[str, str]], path: str,
                        lines: Mapping[str, int] | None = None) -> list[ResolvedPrediction]:
    """Return each prediction placed in the one paragraph holding its quote verbatim.

    ``paragraphs`` are ``(paragraph_id, exact text)``; ``lines`` maps prediction ids to the line of
    their entry (defaulting to the line recorded when loading). A quote found in no paragraph, in
    several, or twice in one fails with SourceError naming ``path`` and the entry's line.
    """
    lines = lines or {}
    resolved: list[ResolvedPrediction] = []
    quote_owner: dict[str, str] = {}
    for pred in predictions:
        line = lines.get(pred.id, pred.line)
        for index, quote in enumerate(pred.quotes()):
            if quote in quote_owner:
                raise SourceError(path, line, f"prediction {pred.id!r}: quote {_short(quote)} is already used by "
                                              f"{quote_owner[quote]!r}")
            quote_owner[quote] = pred.id
            paragraph_id, start = _locate(quote, paragraphs, pred.id, path, line)
            if index == 0:
                resolved.append(ResolvedPrediction(pred, paragraph_id, start, start + len(quote)))
    return resolved


def _locate(quote: str, paragraphs: Sequence[tuple[str, str]], pred_id: str, path: str,
            line: int | None) -> tuple[str, int]:
    hits = [(pid, text.find(quote)) for pid, text in paragraphs if quote in text]
    if not hits:
        raise SourceError(path, line, f"prediction {pred_id!r}: quote {_short(quote)} is not verbatim in any essay "
                                      "paragraph")
    if len(hits) > 1:
        where = ", ".join(pid for pid, _ in hits)
        raise SourceError(path, line, f"prediction {pred_id!r}: quote {_short(quote)} is in {len(hits)} paragraphs "
                                      f"({where}); expected exactly one")
    pid, start = hits[0]
    text = dict(paragraphs)[pid]
    if text.find(quote, start + 1) >= 0:
        raise SourceError(path, line, f"prediction {pred_id!r}: quote {_short(quote)} occurs twice in paragraph "
                                      f"{pid}; quote more of it")
    return pid, start


def check_narration_quotes(predictions: Sequence[Prediction], narration: str, path: str) -> None:
    """Raise SourceError for a ``narration_quotes`` item no longer (fuzzily) in the narration text."""
    for pred in predictions:
        for quote in pred.narration_quotes:
            if not _in_narration(quote, narration):
                raise SourceError(path, pred.line, f"prediction {pred.id!r}: narration quote {_short(quote)} is not "
                                                   "in the narration")


def check_not_predictions(entries: Sequence[NotPrediction], essay_units: Sequence[str], narration: str,
                          path: str) -> None:
    """Raise SourceError for an entry whose sentence is no longer in its source (fuzzy for narration)."""
    for entry in entries:
        if entry.source == "essay":
            found = any(entry.sentence in unit for unit in essay_units)
        else:
            found = _in_narration(entry.sentence, narration)
        if not found:
            raise SourceError(path, entry.line, f"sentence {_short(entry.sentence)} is not in the {entry.source} "
                                                "text")


def _in_narration(text: str, narration: str) -> bool:
    return fuzz.partial_ratio(fold(text), fold(narration)) >= NARRATION_THRESHOLD


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def essay_text_units(essay: Essay) -> list[str]:
    """Return the essay's subtitle, section headings and body paragraphs: all the text entries may quote."""
    return [essay.subtitle, *(s.title for s in essay.sections), *(p.text for p in essay.paragraphs())]


def narration_text(cues: Iterable[CaptionCue]) -> str:
    """Return the narration's caption cue texts joined with single spaces, straight quotes dropped.

    Auto-captions open quotes they never close, and an open quote makes the sentence splitter run
    on across the following sentences; the essay itself uses only curly quotes.
    """
    return " ".join(" ".join(cue.text.replace('"', "").split()) for cue in cues)
