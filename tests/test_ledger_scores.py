"""Hedge words to probabilities, and the scores of resolved entries (synthetic verdicts: none is real yet)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from essay_edition.enrich.predictions import load_predictions
from essay_edition.enrich.scores import (
    NOTHING_RESOLVED,
    CalibrationRow,
    StanceTally,
    brier_score,
    calibration_table,
    score_summary,
    stance_tallies,
)
from essay_edition.model.hedges import HEDGE_PROBABILITY, HEDGES, hedge_probability

ROOT = Path(__file__).resolve().parent.parent
PRED_PATH = "data/predictions.yaml"
REAL = load_predictions((ROOT / PRED_PATH).read_text(encoding="utf-8"), PRED_PATH)

ENTRY = """  - id: {id}
    title: T {id}
    stance: {stance}
    quote: "q {id}"
    made: 2025-12-23
    horizon: null
    review_by: 2026-12-23
    operationalization: {{true: "t", false: "f", source: "s"}}
    confidence: words
    hedge: {hedge}
    hedge_of: {hedge_of}
    status: {status}
    as_of: 2026-11-30
"""
VERDICT = """    review_note: settled by the source
    evidence:
      - {url: "https://example.org/a", title: A source, accessed: 2026-11-30, quote: "the figure"}
"""


def entries(*rows: tuple[str, str, str, str, str]) -> list:
    text = "predictions:\n"
    for pred_id, stance, hedge, hedge_of, status in rows:
        text += ENTRY.format(id=pred_id, stance=stance, hedge=hedge, hedge_of=hedge_of, status=status)
        text += VERDICT if status != "open" else ""
    return load_predictions(text, PRED_PATH)


SYNTHETIC = entries(
    ("a", "own", "I expect", "forecast", "came true"),  # 0.8 -> 1: 0.04
    ("b", "own", "might", "forecast", "came false"),  # 0.35 -> 0: 0.1225
    ("c", "own", "stated flatly", "forecast", "partly"),  # 0.9 -> 0.5: 0.16
    ("d", "disputed", "I expect", "negation", "came true"),  # 0.2 -> 1: 0.64 (the view he rejected came true)
    ("e", "own", "probably", "forecast", "unresolvable"),  # resolved, not scored
    ("f", "endorsed", "cited with approval", "forecast", "open"),  # not resolved
)


# ---- the hedge table -----------------------------------------------------------------------------

def test_the_documented_table_is_the_code_table():
    page = (ROOT / "docs/about/data.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| ([0-9.]+) \|", page, re.MULTILINE)
    assert [(words, float(p)) for words, p in rows] == [(h.words, h.probability) for h in HEDGES]


def test_the_table_runs_from_most_to_least_confident():
    probabilities = [h.probability for h in HEDGES]
    assert probabilities == sorted(probabilities, reverse=True)
    assert len(HEDGE_PROBABILITY) == len(HEDGES) and all(0 < p < 1 for p in probabilities)
    assert (hedge_probability("I expect"), hedge_probability("I think"), hedge_probability("stated flatly"),
            hedge_probability("could")) == (0.8, 0.7, 0.9, 0.3)
    assert hedge_probability("I don't expect", negated=True) == 0.8


def test_every_ledger_entry_maps_its_hedge_to_a_probability():
    for p in REAL:
        expected = HEDGE_PROBABILITY[p.hedge]
        assert p.probability == (expected if p.hedge_of == "forecast" else round(1 - expected, 4)), p.id
    disputed = [p for p in REAL if p.stance == "disputed"]
    assert disputed and all(p.probability <= 0.3 for p in disputed)  # he rejects them


# ---- scores --------------------------------------------------------------------------------------

def test_nothing_resolved_yet():
    assert all(p.status == "open" for p in REAL)
    assert brier_score(REAL) is None
    assert calibration_table(REAL) == [] and stance_tallies(REAL) == []
    assert score_summary(REAL) == NOTHING_RESOLVED == "nothing resolved yet"


def test_brier_score_over_scored_verdicts():
    assert brier_score(SYNTHETIC) == pytest.approx((0.04 + 0.1225 + 0.16 + 0.64) / 4, abs=1e-4)
    assert brier_score(SYNTHETIC[:1]) == pytest.approx(0.04)


def test_calibration_by_confidence_bucket():
    assert calibration_table(SYNTHETIC) == [
        CalibrationRow(0.2, 0.4, 2, 0.275, 0.5),  # d (0.2, came true) and b (0.35, came false)
        CalibrationRow(0.8, 1.0, 2, 0.85, 0.75),  # a (0.8, came true) and c (0.9, partly)
    ]


def test_tallies_by_stance():
    own, disputed = stance_tallies(SYNTHETIC)
    assert own == StanceTally("own", 1, 1, 1, 1, pytest.approx((0.04 + 0.1225 + 0.16) / 3, abs=1e-4))
    assert own.resolved == 4
    assert disputed == StanceTally("disputed", 1, 0, 0, 0, 0.64)


def test_score_summary_text():
    assert score_summary(SYNTHETIC) == (
        "5 of 6 entries resolved; Brier score 0.241 over 4 scored\n"
        "  own: 1 came true, 1 partly, 1 came false, 1 unresolvable; Brier 0.107\n"
        "  disputed: 1 came true, 0 partly, 0 came false, 0 unresolvable; Brier 0.640\n"
        "  probability 0.2-0.4: 2 scored, mean probability 0.28, came true 0.50\n"
        "  probability 0.8-1.0: 2 scored, mean probability 0.85, came true 0.75")
    only_unresolvable = entries(("u", "own", "may", "forecast", "unresolvable"))
    assert score_summary(only_unresolvable) == (
        "1 of 1 entries resolved; none scorable yet (all unresolvable)\n"
        "  own: 0 came true, 0 partly, 0 came false, 1 unresolvable")
