"""The predictions ledger: curated forecasts of the essay, checked against its text.

``data/predictions.yaml`` holds one entry per forward-looking statement of the essay body, each
with a verbatim quote, a horizon worked out from the text, what would make it true or false, and
a status that stays ``open`` until evidence has been reviewed. ``data/not_predictions.yaml`` holds
the sentences that read like forecasts but are not (reported views, habitual "will", the past).

Guarantees: every entry validates against :class:`Prediction` or loading fails with
``file:line: message``; every quote is found verbatim in exactly one paragraph or resolving fails
with the entry's line; and the candidate finder (:func:`find_prediction_candidates`) flags every
sentence with forward-looking language, so :func:`unreviewed_candidates` is empty only when each
flagged sentence has been classified one way or the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError
from rapidfuzz import fuzz, process

from ..curated import line_of, load_yaml_document, validate
from ..errors import SourceError
from ..model import CaptionCue, Essay
from .sentences import split_sentences

Status = Literal["open", "came true", "partly", "came false", "unresolvable"]
STATUSES: tuple[str, ...] = ("open", "came true", "partly", "came false", "unresolvable")
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
    """What observation would make the prediction true, and what would make it false."""

    true: str = Field(min_length=1)
    false: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _yaml_boolean_keys(cls, data: Any) -> Any:
        # Unquoted ``true:``/``false:`` keys load as YAML booleans; accept them as their names.
        if isinstance(data, dict):
            return {str(k).lower() if isinstance(k, bool) else k: v for k, v in data.items()}
        return data


class Evidence(_Strict):
    """One reviewed source bearing on a prediction's status."""

    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")


class Prediction(_Strict):
    """One forecast of the essay (an entry of ``data/predictions.yaml``)."""

    id: str = Field(pattern=_SLUG)
    title: str = Field(min_length=1)
    topic: str | None = Field(default=None, pattern=_SLUG)
    quote: str = Field(min_length=1)
    also_quotes: tuple[str, ...] = ()  # further verbatim spans stating the same forecast
    narration_quotes: tuple[str, ...] = ()  # the narration's spoken wording where it departs (ASR, fuzzy)
    made: date
    horizon: Horizon | None
    horizon_note: str | None = None
    review_by: date | None = None
    operationalization: Operationalization
    confidence: str = Field(min_length=1)
    status: Status
    as_of: date
    evidence: tuple[Evidence, ...] = ()
    _line: int | None = PrivateAttr(default=None)

    @field_validator("quote", "also_quotes")
    @classmethod
    def _no_edge_space(cls, value: Any) -> Any:
        for text in [value] if isinstance(value, str) else value:
            if not text.strip() or text != text.strip():
                raise PydanticCustomError("quote", "a quote must be non-empty with no leading or trailing space")
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
        if self.status != "open" and not self.evidence:
            raise PydanticCustomError("ledger", "status '{status}' needs evidence; with nothing reviewed the "
                                      "status is 'open'", {"status": self.status})
        return self

    @property
    def line(self) -> int | None:
        """Return the line of ``data/predictions.yaml`` the entry starts on (None if built in code)."""
        return self._line

    def due(self) -> date:
        """Return the date the prediction falls due: the horizon's end, else its review date."""
        if self.horizon is not None:
            return self.horizon.end
        assert self.review_by is not None  # guaranteed by _consistent
        return self.review_by

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
    return entries


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
    return fuzz.partial_ratio(_fold(text), _fold(narration)) >= NARRATION_THRESHOLD


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# ---- finding candidates --------------------------------------------------------------------------

_APOS = r"['’]"
_FORWARD = re.compile(
    r"\b(?:will|shall|won" + _APOS + r"t|\w+" + _APOS + r"ll|going|gonna|expect\w*|predict\w*|forecast\w*"
    r"|project(?:ion|ed|s)\w*|probabl[ey]|likely|soon|next|by 20\d\d|in 20[3-9]\d|years?|decades?|may|might"
    r"|would|wouldn" + _APOS + r"t|\w+" + _APOS + r"d|surprised|stay|keeps?|continue\w*|future|imminent"
    r"|timelines?|short term|long term|eventually|ends? up)\b",
    re.IGNORECASE,
)


def essay_text_units(essay: Essay) -> list[str]:
    """Return the essay's subtitle, section headings and body paragraphs: what the finder reads."""
    return [essay.subtitle, *(s.title for s in essay.sections), *(p.text for p in essay.paragraphs())]


def narration_text(cues: Iterable[CaptionCue]) -> str:
    """Return the narration's caption cue texts joined with single spaces, straight quotes dropped.

    Auto-captions open quotes they never close, and an open quote makes the sentence splitter run
    on across the following sentences; the essay itself uses only curly quotes.
    """
    return " ".join(" ".join(cue.text.replace('"', "").split()) for cue in cues)


def forward_markers(sentence: str) -> list[str]:
    """Return the forward-looking words and phrases found in ``sentence``, in order."""
    return [m.group(0) for m in _FORWARD.finditer(sentence)]


def find_prediction_candidates(text_units: Iterable[str]) -> list[str]:
    """Return the sentences of ``text_units`` (split with pysbd) that use forward-looking language."""
    return forward_looking_sentences(piece for unit in text_units for piece in split_sentences(unit))


def forward_looking_sentences(sentences: Iterable[str]) -> list[str]:
    """Return the sentences (whitespace collapsed, each once, in order) that use forward-looking language."""
    found: list[str] = []
    for piece in sentences:
        sentence = " ".join(piece.split())
        if sentence and forward_markers(sentence) and sentence not in found:
            found.append(sentence)
    return found


def unreviewed_candidates(candidates: Iterable[str], predictions: Iterable[Prediction],
                          not_predictions: Iterable[NotPrediction], fuzzy: float | None = None) -> list[str]:
    """Return the candidates no ledger quote overlaps and no not-prediction entry covers.

    Exact mode (``fuzzy=None``, for the essay): a candidate is covered when it and a quote or
    not-prediction sentence contain one another, or share a run of most of the candidate. Fuzzy mode
    (for ASR captions): when rapidfuzz's partial ratio reaches ``fuzzy``.
    """
    references = [q for p in predictions for q in (*p.quotes(), *p.narration_quotes)]
    references += [n.sentence for n in not_predictions]
    # Each reference is folded and split into words once, each candidate once per call (folding the
    # candidate again for every reference was most of this function's 0.11 s on this essay).
    folded = [_fold(r) for r in references]
    words = [frozenset(ref.split()) for ref in folded]
    uncovered = []
    for candidate in candidates:
        plain = _fold(candidate)
        # Containment first (cheap, and a partial ratio of 100); then, in fuzzy mode, one rapidfuzz
        # call over all references, else the common-run test.
        covered = any(plain in ref or ref in plain for ref in folded) or (
            process.extractOne(plain, folded, scorer=fuzz.partial_ratio, score_cutoff=fuzzy) is not None
            if fuzzy is not None else any(_shares_run(plain, ref, w) for ref, w in zip(folded, words)))
        if not covered:
            uncovered.append(candidate)
    return uncovered


def _shares_run(candidate: str, reference: str, reference_words: frozenset[str]) -> bool:
    if len(reference) < 0.6 * len(candidate) or not _may_share_run(candidate, reference_words):
        return False
    return _longest_common_run(candidate, reference) >= 0.6 * len(candidate)


def _may_share_run(candidate: str, reference_words: frozenset[str]) -> bool:
    """A cheap necessary condition for a common run of 60 % of the candidate's characters.

    Such a run holds all but at most two (cut) of the words in 60 % of the candidate, so that share
    of its words, less two, must occur in the reference. Skipping SequenceMatcher on pairs that fail
    it took the ledger stage from 3.3 s to about 0.3 s on this essay, with the same results.
    """
    words = candidate.split()
    share = sum(w in reference_words for w in words)
    return share >= 0.6 * len(words) - 2.5


def _longest_common_run(a: str, b: str) -> int:
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})


def _fold(text: str) -> str:
    """Normalise for matching: curly quotes straightened, case folded, whitespace collapsed."""
    return " ".join(text.translate(_FOLD).casefold().split())
