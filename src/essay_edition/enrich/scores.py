"""Scores of the ledger once entries resolve: Brier score, calibration by confidence bucket, tallies by stance.

Every entry's probability is the author's probability that its test's ``true`` side happens, read
from its hedge words through the hedge table (:attr:`Prediction.probability`); for a disputed
entry (another's forecast he rejects) it is low, so scoring it scores the author's rejection. A
verdict counts as an outcome of 1 (came true), 0.5 (partly) or 0 (came false); ``unresolvable``
entries are resolved but not scored. The ledger scores statements, not distinct events: an entry
and the disputed view it answers are both scored, as the essay makes both. With no verdict at all
every function says so: ``None``, empty tables, or :data:`NOTHING_RESOLVED`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import STANCES, CalibrationRow, LedgerScores, Prediction, StanceTally

NOTHING_RESOLVED = "nothing resolved yet"
OUTCOMES: dict[str, float] = {"came true": 1.0, "partly": 0.5, "came false": 0.0}
"""The outcome each scored verdict counts as; ``unresolvable`` is not scored."""
BUCKET_EDGES: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
"""Calibration buckets: [0, 0.2), [0.2, 0.4) … [0.8, 1.0], the last one closed."""


def resolved_entries(predictions: Iterable[Prediction]) -> list[Prediction]:
    """Return the entries with a verdict (any status but ``open``)."""
    return [p for p in predictions if p.status != "open"]


def scored_entries(predictions: Iterable[Prediction]) -> list[tuple[Prediction, float]]:
    """Return each entry whose verdict is scored, with its outcome (1, 0.5 or 0)."""
    return [(p, OUTCOMES[p.status]) for p in predictions if p.status in OUTCOMES]


def brier_score(predictions: Iterable[Prediction]) -> float | None:
    """Return the mean squared gap between probability and outcome over scored entries, or None."""
    scored = scored_entries(predictions)
    if not scored:
        return None
    return round(sum((p.probability - outcome) ** 2 for p, outcome in scored) / len(scored), 4)


def calibration_table(predictions: Iterable[Prediction],
                      edges: Sequence[float] = BUCKET_EDGES) -> list[CalibrationRow]:
    """Return one row per non-empty confidence bucket of the scored entries (empty when none is scored)."""
    scored = scored_entries(predictions)
    rows = []
    for index, (low, high) in enumerate(zip(edges, edges[1:])):
        last = index == len(edges) - 2
        inside = [(p, o) for p, o in scored if low <= p.probability < high or (last and p.probability == high)]
        if inside:
            rows.append(CalibrationRow(low, high, len(inside),
                                       round(sum(p.probability for p, _ in inside) / len(inside), 4),
                                       round(sum(o for _, o in inside) / len(inside), 4)))
    return rows


def stance_tallies(predictions: Iterable[Prediction]) -> list[StanceTally]:
    """Return the verdict counts and Brier score of each stance with a resolved entry, in stance order."""
    resolved = resolved_entries(predictions)
    tallies = []
    for stance in STANCES:
        mine = [p for p in resolved if p.stance == stance]
        if mine:
            counts = {s: sum(p.status == s for p in mine) for s in ("came true", "partly", "came false",
                                                                      "unresolvable")}
            tallies.append(StanceTally(stance, counts["came true"], counts["partly"], counts["came false"],
                                       counts["unresolvable"], brier_score(mine)))
    return tallies


def score_summary(predictions: Sequence[Prediction]) -> str:
    """Return the scores as plain text, or :data:`NOTHING_RESOLVED` when no entry has a verdict."""
    resolved = resolved_entries(predictions)
    if not resolved:
        return NOTHING_RESOLVED
    brier = brier_score(predictions)
    lines = [f"{len(resolved)} of {len(predictions)} entries resolved; "
             + (f"Brier score {brier:.3f} over {len(scored_entries(predictions))} scored"
                if brier is not None else "none scorable yet (all unresolvable)")]
    lines += [f"  {t.stance}: {t.came_true} came true, {t.partly} partly, {t.came_false} came false, "
              f"{t.unresolvable} unresolvable" + (f"; Brier {t.brier:.3f}" if t.brier is not None else "")
              for t in stance_tallies(predictions)]
    lines += [f"  probability {r.low:.1f}-{r.high:.1f}: {r.count} scored, mean probability "
              f"{r.mean_probability:.2f}, came true {r.observed:.2f}" for r in calibration_table(predictions)]
    return "\n".join(lines)


def ledger_scores(predictions: Sequence[Prediction]) -> LedgerScores:
    """Return every score the ledger shows: verdicts, Brier score, calibration and per-stance tallies."""
    return LedgerScores(tuple(resolved_entries(predictions)), tuple(scored_entries(predictions)),
                        brier_score(predictions), tuple(calibration_table(predictions)),
                        tuple(stance_tallies(predictions)))
