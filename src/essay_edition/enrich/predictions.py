"""The predictions ledger: curated forecasts of the essay, checked against its text.

``data/predictions.yaml`` holds one entry per forward-looking statement of the essay body: the
author's own forecasts and the forecasts of others that he cites and agrees with (*endorsed*) or
rejects (*disputed*). Each has a verbatim quote, a horizon worked out from the text, a test saying
what would make it true or false and who measures it, the hedge words that give the author's
probability (:mod:`~essay_edition.enrich.hedges`), and a status that stays ``open`` until evidence
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
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError
from rapidfuzz import fuzz

from ..curated import line_of, load_yaml_document, validate
from ..errors import SourceError
from ..model import CaptionCue, Essay
from .hedges import HEDGE_PROBABILITY, hedge_probability

Status = Literal["open", "came true", "partly", "came false", "unresolvable"]
STATUSES: tuple[str, ...] = ("open", "came true", "partly", "came false", "unresolvable")
VERDICTS: tuple[str, ...] = STATUSES[1:]
"""The statuses that are verdicts: each needs evidence and a reviewer's note."""
Stance = Literal["own", "endorsed", "disputed"]
STANCES: tuple[str, ...] = ("own", "endorsed", "disputed")
NARRATION_THRESHOLD = 85.0  # rapidfuzz partial_ratio (0-100) above which an ASR sentence matches
_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Horizon(_Strict):
    """The window in which a prediction falls due: first and last day, both inclusive."""

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Horizon:
        if self.end < self.start:
            raise PydanticCustomError("horizon", "end {end} is before start {start}",
                                      {"end": self.end.isoformat(), "start": self.start.isoformat()})
        return self


class Operationalization(_Strict):
    """The test: what makes the prediction true, what makes it false, and who measures it where.

    ``false`` is the negation of ``true``; where some outcomes are neither, ``between`` says what
    they are and which status they get. ``note`` explains readings and thresholds chosen.
    """

    true: str = Field(min_length=1)
    false: str = Field(min_length=1)
    source: str = Field(min_length=1)  # the source of truth: who measures, and where a reviewer looks
    between: str | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _yaml_boolean_keys(cls, data: Any) -> Any:
        # Unquoted ``true:``/``false:`` keys load as YAML booleans; accept them as their names.
        if isinstance(data, dict):
            return {str(k).lower() if isinstance(k, bool) else k: v for k, v in data.items()}
        return data


class Evidence(_Strict):
    """One reviewed source bearing on a prediction's status: where, what, when read, and its words."""

    url: str = Field(pattern=r"^https?://\S+$")
    title: str = Field(min_length=1)
    accessed: date
    quote: str = Field(min_length=1, max_length=600)  # the passage that bears on the test, verbatim


class PastReview(_Strict):
    """An earlier review of an entry: its date, the status it gave and the reviewer's note."""

    as_of: date
    status: Status
    note: str = Field(min_length=1)


class Prediction(_Strict):
    """One forecast of the essay (an entry of ``data/predictions.yaml``)."""

    id: str = Field(pattern=_SLUG)
    title: str = Field(min_length=1)
    topic: str | None = Field(default=None, pattern=_SLUG)
    stance: Stance  # whose forecast: the author's own, another's he endorses, or another's he disputes
    quote: str = Field(min_length=1)
    also_quotes: tuple[str, ...] = ()  # further verbatim spans stating the same forecast
    narration_quotes: tuple[str, ...] = ()  # the narration's spoken wording where it departs (ASR, fuzzy)
    made: date
    horizon: Horizon | None
    horizon_note: str | None = None
    review_by: date | None = None
    operationalization: Operationalization
    confidence: str = Field(min_length=1)  # the hedge words as written, with where they come from
    hedge: str  # a row of the hedge table (enrich.hedges.HEDGES)
    hedge_of: Literal["forecast", "negation"] = "forecast"  # which side of the test the hedge words govern
    status: Status
    as_of: date
    evidence: tuple[Evidence, ...] = ()
    review_note: str | None = Field(default=None, min_length=1)
    history: tuple[PastReview, ...] = ()  # earlier reviews, oldest first
    _line: int | None = PrivateAttr(default=None)

    @field_validator("quote", "also_quotes")
    @classmethod
    def _no_edge_space(cls, value: Any) -> Any:
        for text in [value] if isinstance(value, str) else value:
            if not text.strip() or text != text.strip():
                raise PydanticCustomError("quote", "a quote must be non-empty with no leading or trailing space")
        return value

    @field_validator("hedge")
    @classmethod
    def _known_hedge(cls, value: str) -> str:
        if value not in HEDGE_PROBABILITY:
            raise PydanticCustomError("hedge", "'{value}' is not a row of the hedge table (one of: {rows})",
                                      {"value": value, "rows": ", ".join(HEDGE_PROBABILITY)})
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Prediction:
        if self.horizon is None and self.review_by is None:
            raise PydanticCustomError("ledger", "horizon is null, so review_by is required")
        if self.horizon is not None and self.horizon.start < self.made:
            raise PydanticCustomError("ledger", "horizon starts before the prediction was made")
        if self.review_by is not None and self.review_by < self.made:
            raise PydanticCustomError("ledger", "review_by is before the prediction was made")
        if self.as_of < self.made:
            raise PydanticCustomError("ledger", "as_of is before the prediction was made")
        for item in self.evidence:
            if item.accessed > self.as_of:
                raise PydanticCustomError("ledger", "evidence accessed {accessed} is after as_of {as_of}",
                                          {"accessed": item.accessed.isoformat(), "as_of": self.as_of.isoformat()})
        dates = [r.as_of for r in self.history] + [self.as_of]
        if any(later <= earlier for earlier, later in zip(dates, dates[1:])) or (dates and dates[0] < self.made):
            raise PydanticCustomError("ledger", "history dates must rise from made to as_of, oldest first")
        return self

    @property
    def line(self) -> int | None:
        """Return the line of ``data/predictions.yaml`` the entry starts on (None if built in code)."""
        return self._line

    @property
    def probability(self) -> float:
        """Return the author's probability that the test's ``true`` side happens, from the hedge table."""
        return hedge_probability(self.hedge, negated=self.hedge_of == "negation")

    def due(self) -> date:
        """Return the date the prediction falls due: the horizon's end, else its review date."""
        if self.horizon is not None:
            return self.horizon.end
        assert self.review_by is not None  # guaranteed by _consistent
        return self.review_by

    def next_review(self) -> date:
        """Return when the entry is next due for review: ``review_by`` when set, else the horizon's end."""
        return self.review_by if self.review_by is not None else self.due()

    def quotes(self) -> tuple[str, ...]:
        """Return the main quote followed by the further quotes."""
        return (self.quote, *self.also_quotes)


class NotPrediction(_Strict):
    """A sentence that reads like a forecast but is not one (``data/not_predictions.yaml``)."""

    sentence: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    source: Literal["essay", "narration"] = "essay"
    see: tuple[str, ...] = ()  # ids of ledger entries the sentence relates to
    _line: int | None = PrivateAttr(default=None)

    @property
    def line(self) -> int | None:
        """Return the line of ``data/not_predictions.yaml`` the entry starts on."""
        return self._line


@dataclass(frozen=True)
class ResolvedPrediction:
    """A prediction with the paragraph its quote is in and the quote's character offsets there."""

    prediction: Prediction
    paragraph_id: str
    start: int
    end: int


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
    return fuzz.partial_ratio(fold_text(text), fold_text(narration)) >= NARRATION_THRESHOLD


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


_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})


def fold_text(text: str) -> str:
    """Return ``text`` normalised for matching: curly quotes straightened, case folded, whitespace collapsed."""
    return " ".join(text.translate(_FOLD).casefold().split())
