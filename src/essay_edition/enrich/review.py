"""What needs a reviewer: forward-looking sentences nobody has classified, and ledger entries falling due.

The candidate finder reads the essay's body paragraphs (never its headings, and never the narration,
whose ad-libs are not the essay's forecasts), splits them into sentences with pysbd and proposes each
sentence with forward-looking language that is not past-tense history. A candidate is *unreviewed*
while no ledger quote and no ``not_predictions`` entry covers it. :func:`due_entries` lists the open
entries whose next review falls within a window, and those past due; :func:`review_report` prints both
with the unreviewed candidates, for ``essay-edition review`` and a review page.

No library tags English tense offline without downloading a model, so past-tense history is told by
hand-written rules (:func:`is_past_history`): a sentence is history when its only forward-looking
words are weak ones (``years``, ``next``, ``timelines``, ``keep`` …), every modal in it is perfect
("would have", "might have") or reports past speech ("she asked what AI would …"), and it has a
past-tense cue (a past verb, "in the last decade", "so far", a year before 2025). Strong words
("will", "expect", "soon", "by 2030", "within two years" …) always keep a sentence, so a forecast is
not dropped for mentioning the past ("last year labs said AGI would come within two years" stays).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from difflib import SequenceMatcher

from ..model import Candidate
from ..normalize import fold
from .predictions import NotPrediction, Prediction
from .sentences import split_sentences

_APOS = r"['’]"
_STRONG = (r"will|shall|won" + _APOS + r"t|\w+" + _APOS + r"ll|going|gonna|expect\w*|predict(?!able)\w*"
           r"|forecast\w*|project(?:ion|ed|s)\w*|probabl[ey]|likely|soon|by 20\d\d|in 20[3-9]\d|surprised"
           r"|future|imminent|eventually"
           r"|(?:with)?in (?:the next (?:few )?|a few |an? |\d+ |one |two |three |four |five |ten |twenty )"
           r"(?:years?|months?|weeks?|decades?)")
_MODAL = r"may|might|would|wouldn" + _APOS + r"t|\w+" + _APOS + r"d"
_WEAK = r"next|years?|decades?|stay|keeps?|continue\w*|timelines?|short term|long term|ends? up"
_FORWARD = re.compile(rf"\b(?:{_STRONG}|{_MODAL}|{_WEAK})\b", re.IGNORECASE)
_STRONG_RE = re.compile(rf"\b(?:{_STRONG})\b", re.IGNORECASE)
_MODAL_RE = re.compile(rf"\b(?:{_MODAL})\b", re.IGNORECASE)
_PERFECT_AFTER = re.compile(r"\s+(?:have|" + _APOS + r"ve)\b(?!\s+to\b)", re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:said|asked|thought|told|wondered|knew|believed|wanted|hoped)\b", re.IGNORECASE)
_CONDITIONAL = re.compile(r"\b(?:if|unless|once|when)\b", re.IGNORECASE)
_PAST_PHRASE = re.compile(
    r"\b(?:(?:would|might|may|could|should|must)(?:n" + _APOS + r"t)?\s+have(?!\s+to\b)"
    r"|in the (?:last|past)|so far|ago|previously|used to|last (?:year|month|week|decade)"
    r"|in (?:1[0-9]\d\d|200\d|201\d|202[0-4]))\b",
    re.IGNORECASE,
)
_PAST_VERB = re.compile(
    r"\b(?:was|were|had|did|said|asked|thought|told|came|went|saw|knew|took|gave|found|became|began|showed"
    r"|wrote|heard|felt|meant|brought|grew|ran|won|lost|left|(?:I|we|he|she|they|you)\s+\w+(?<!e)ed)\b",
    re.IGNORECASE,
)
# A verb right after "have" is a present perfect ("I've heard"): it reports, it does not date.
_PERFECT_BEFORE = re.compile(r"(?:\bhave|\bhas|" + _APOS + r"ve|" + _APOS + r"s)\s+$", re.IGNORECASE)


# ---- finding candidates --------------------------------------------------------------------------

def forward_markers(sentence: str) -> list[str]:
    """Return the forward-looking words and phrases found in ``sentence``, in order."""
    return [m.group(0) for m in _FORWARD.finditer(sentence)]


def is_past_history(sentence: str) -> bool:
    """Return True when the sentence's forward-looking words only describe the past (see the module doc)."""
    if _STRONG_RE.search(sentence) or not _has_past_cue(sentence):
        return False
    return all(_modal_is_past(sentence, m) for m in _MODAL_RE.finditer(sentence))


def _has_past_cue(sentence: str) -> bool:
    if _PAST_PHRASE.search(sentence):
        return True
    return any(not _PERFECT_BEFORE.search(sentence, 0, m.start()) for m in _PAST_VERB.finditer(sentence))


def _modal_is_past(sentence: str, modal: re.Match[str]) -> bool:
    if _PERFECT_AFTER.match(sentence, modal.end()):
        return True  # "would have", "might have had": a counterfactual or a possibility in the past
    reported = _REPORTING.search(sentence, 0, modal.start()) is not None
    return reported and not _CONDITIONAL.search(sentence)  # "she asked what AI would struggle with"


def forward_looking_sentences(sentences: Iterable[str]) -> list[str]:
    """Return the sentences (whitespace collapsed, each once, in order) with forward-looking language
    that are not past-tense history."""
    found: list[str] = []
    for piece in sentences:
        sentence = " ".join(piece.split())
        if sentence and forward_markers(sentence) and not is_past_history(sentence) and sentence not in found:
            found.append(sentence)
    return found


def find_prediction_candidates(text_units: Iterable[str]) -> list[str]:
    """Return the sentences of ``text_units`` (split with pysbd) that the finder proposes."""
    return forward_looking_sentences(piece for unit in text_units for piece in split_sentences(unit))


def find_candidates(paragraphs: Sequence[tuple[str, str]]) -> list[Candidate]:
    """Return the proposed sentences of body paragraphs ``(paragraph_id, text)``, each with its paragraph."""
    found: dict[str, Candidate] = {}
    for paragraph_id, text in paragraphs:
        for sentence in forward_looking_sentences(split_sentences(text)):
            if sentence not in found:
                found[sentence] = Candidate(sentence, paragraph_id, tuple(forward_markers(sentence)))
    return list(found.values())


# ---- which candidates nobody has reviewed --------------------------------------------------------

def unreviewed_candidates(candidates: Iterable[str], predictions: Iterable[Prediction],
                          not_predictions: Iterable[NotPrediction]) -> list[str]:
    """Return the candidates no ledger quote overlaps and no not-prediction entry covers.

    A candidate is covered when it and a quote (or not-prediction sentence) contain one another
    after folding case and quotes, or share a run of most of the candidate's characters.
    """
    covered = _Coverage(predictions, not_predictions)
    return [c for c in candidates if not covered(c)]


def unreviewed(candidates: Iterable[Candidate], predictions: Iterable[Prediction],
               not_predictions: Iterable[NotPrediction]) -> list[Candidate]:
    """Return the :class:`Candidate` objects that :func:`unreviewed_candidates` would keep."""
    covered = _Coverage(predictions, not_predictions)
    return [c for c in candidates if not covered(c.sentence)]


class _Coverage:
    """Whether a sentence is covered by a curated entry; references are folded once, not per candidate."""

    def __init__(self, predictions: Iterable[Prediction], not_predictions: Iterable[NotPrediction]) -> None:
        references = [q for p in predictions for q in (*p.quotes(), *p.narration_quotes)]
        references += [n.sentence for n in not_predictions]
        self.folded = [fold(r) for r in references]
        self.words = [frozenset(ref.split()) for ref in self.folded]

    def __call__(self, candidate: str) -> bool:
        plain = fold(candidate)
        # Containment first (cheap), then the common-run test.
        return any(plain in ref or ref in plain for ref in self.folded) or any(
            _shares_run(plain, ref, w) for ref, w in zip(self.folded, self.words))


def _shares_run(candidate: str, reference: str, reference_words: frozenset[str]) -> bool:
    if len(reference) < 0.6 * len(candidate) or not _may_share_run(candidate, reference_words):
        return False
    return _longest_common_run(candidate, reference) >= 0.6 * len(candidate)


def _may_share_run(candidate: str, reference_words: frozenset[str]) -> bool:
    """A cheap necessary condition for a common run of 60 % of the candidate's characters.

    Such a run holds all but at most two (cut) of the words in 60 % of the candidate, so that share
    of its words, less two, must occur in the reference; SequenceMatcher runs only on pairs that pass.
    """
    words = candidate.split()
    share = sum(w in reference_words for w in words)
    return share >= 0.6 * len(words) - 2.5


def _longest_common_run(a: str, b: str) -> int:
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


# ---- entries falling due -------------------------------------------------------------------------

def due_entries(predictions: Iterable[Prediction], today: date, days: int) -> tuple[list[Prediction],
                                                                                     list[Prediction]]:
    """Return the open entries due for review within ``days`` of ``today`` (inclusive) and those past due.

    An entry's review date is :meth:`Prediction.next_review` (``review_by``, else the horizon's end).
    Entries with a verdict are never due; an open entry stays past due until a reviewer gives a
    verdict or sets a later ``review_by``. Both lists are in date order, then by id.
    """
    if days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    last = today + timedelta(days=days)
    pending = sorted((p for p in predictions if p.status == "open"), key=lambda p: (p.next_review(), p.id))
    due_soon = [p for p in pending if today <= p.next_review() <= last]
    past_due = [p for p in pending if p.next_review() < today]
    return due_soon, past_due


def review_report(due_soon: Sequence[Prediction], past_due: Sequence[Prediction],
                  unreviewed_sentences: Sequence[Candidate], today: date, days: int, path: str) -> str:
    """Return the plain-text review queue: past-due and soon-due entries, then unreviewed sentences."""
    last = today + timedelta(days=days)
    lines = [f"Review queue as of {today.isoformat()} (due within {days} days: by {last.isoformat()})", ""]
    lines += _entry_lines(f"Past due ({len(past_due)})", past_due, path)
    lines += _entry_lines(f"Due by {last.isoformat()} ({len(due_soon)})", due_soon, path)
    lines.append(f"Forward-looking sentences not yet reviewed ({len(unreviewed_sentences)}):")
    lines += [f"  {c.paragraph_id or '-'}: {c.sentence}" for c in unreviewed_sentences] or ["  none"]
    return "\n".join(lines) + "\n"


def _entry_lines(heading: str, entries: Sequence[Prediction], path: str) -> list[str]:
    rows = [f"  {p.next_review().isoformat()}  {p.id}  ({path}:{p.line})  {p.title}" if p.line else
            f"  {p.next_review().isoformat()}  {p.id}  {p.title}" for p in entries]
    return [f"{heading}:", *(rows or ["  none"]), ""]
