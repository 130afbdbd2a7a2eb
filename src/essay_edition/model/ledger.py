"""The predictions ledger: each forecast as curated (with its test, stance, hedge and reviews), resolved
against the essay, the sentences classified as not forecasts, and the review queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..errors import DataWarning
from .hedges import HEDGE_PROBABILITY, hedge_probability

Status = Literal["open", "came true", "partly", "came false", "unresolvable"]


STATUSES: tuple[str, ...] = ("open", "came true", "partly", "came false", "unresolvable")


VERDICTS: tuple[str, ...] = STATUSES[1:]
"""The statuses that are verdicts: each needs evidence and a reviewer's note."""


Stance = Literal["own", "endorsed", "disputed"]


STANCES: tuple[str, ...] = ("own", "endorsed", "disputed")


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
    hedge: str  # a row of the hedge table (model.hedges.HEDGES)
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


@dataclass(frozen=True)
class CalibrationRow:
    """One confidence bucket: how many scored entries, their mean probability and how often they came true."""

    low: float
    high: float
    count: int
    mean_probability: float
    observed: float  # mean outcome (partly counts half)


@dataclass(frozen=True)
class StanceTally:
    """The verdicts of one stance's entries, and their Brier score when any is scored."""

    stance: str
    came_true: int
    partly: int
    came_false: int
    unresolvable: int
    brier: float | None

    @property
    def resolved(self) -> int:
        """Return how many of the stance's entries have a verdict."""
        return self.came_true + self.partly + self.came_false + self.unresolvable


@dataclass(frozen=True)
class LedgerScores:
    """How the forecasts have fared: the entries with a verdict, those scored with their outcome, the
    Brier score (None while nothing is scored), calibration by confidence bucket and per-stance tallies."""

    resolved: tuple[Prediction, ...] = ()
    scored: tuple[tuple[Prediction, float], ...] = ()
    brier: float | None = None
    calibration: tuple[CalibrationRow, ...] = ()
    tallies: tuple[StanceTally, ...] = ()


@dataclass(frozen=True)
class Ledger:
    """The resolved predictions, the classified non-predictions, the review queue, warnings and scores."""

    predictions: list[ResolvedPrediction]
    not_predictions: list[NotPrediction]
    warnings: list[DataWarning]
    unreviewed: list[Candidate]  # forward-looking sentences no entry covers yet, in essay order
    scores: LedgerScores = LedgerScores()


@dataclass(frozen=True)
class Candidate:
    """A sentence the finder proposes as a possible forecast, with the paragraph it is in."""

    sentence: str
    paragraph_id: str | None
    markers: tuple[str, ...]
