"""The review cycle: which entries fall due, verdicts that need evidence, and the review queue of
forward-looking sentences (a warning with ``review: required``, a queue item without)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from narration_data import captions, essay

from essay_edition.build import EssayInput, build_edition
from essay_edition.enrich.ids import IdRegistry
from essay_edition.enrich.ledger_stage import build_ledger
from essay_edition.enrich.predictions import load_predictions
from essay_edition.enrich.review import Candidate, due_entries, review_report
from essay_edition.enrich.structure import essay_records
from essay_edition.errors import SourceError

ROOT = Path(__file__).resolve().parent.parent
PRED_PATH = "data/predictions.yaml"
NOT_PATH = "data/not_predictions.yaml"
PRED_TEXT = (ROOT / PRED_PATH).read_text(encoding="utf-8")
NOT_TEXT = (ROOT / NOT_PATH).read_text(encoding="utf-8")
TODAY = date(2026, 11, 30)

SAMPLE = """predictions:
  - id: {id}
    title: Sample {id}
    stance: own
    quote: "q {id}"
    made: 2025-12-23
    horizon: null
    review_by: {review_by}
    operationalization: {{true: "t", false: "f", source: "s"}}
    confidence: will
    hedge: stated flatly
    status: {status}
    as_of: 2026-11-23
"""


def sample(review_by: str, status: str = "open", pred_id: str = "x") -> str:
    return SAMPLE.format(id=pred_id, review_by=review_by, status=status).split("\n", 1)[1]


def entry_line(pred_id: str) -> int:
    return PRED_TEXT.split("\n").index(f"  - id: {pred_id}") + 1


# ---- due entries ---------------------------------------------------------------------------------

def test_review_run_today_lists_the_entries_due_by_the_end_of_january_2027():
    predictions = load_predictions(PRED_TEXT, PRED_PATH)
    due_soon, past_due = due_entries(predictions, TODAY, 60)
    assert past_due == []
    assert [(p.next_review().isoformat(), p.id) for p in due_soon] == [
        ("2026-12-23", "big-three-rotate-around-podium"),
        ("2026-12-23", "bullish-rlvr-projections"),
        ("2026-12-23", "competition-stays-fierce"),
        ("2026-12-23", "models-keep-faring-poorly-at-generalizing"),
        ("2026-12-23", "more-impressive-fast-more-useful-slowly"),
        ("2026-12-23", "rl-needs-million-fold-compute-for-a-gpt-level"),
        ("2026-12-23", "soon-on-the-job-learning-or-no-imminent-agi"),
        ("2026-12-31", "labs-release-continual-learning-in-2026"),
        ("2026-12-31", "one-lab-gets-initial-traction"),
    ]
    by_end_of_january = {p.id for p in predictions if p.next_review() <= date(2027, 1, 31)}
    assert {p.id for p in due_soon} == by_end_of_january


def test_due_entries_bounds_verdicts_and_past_due():
    text = "predictions:\n" + "".join([
        sample("2026-11-29", pred_id="yesterday"),
        sample("2026-11-30", pred_id="today"),
        sample("2027-01-29", pred_id="last-day"),
        sample("2027-01-30", pred_id="too-late"),
        sample("2026-06-01", pred_id="long-ago"),
    ])
    predictions = load_predictions(text, PRED_PATH)
    due_soon, past_due = due_entries(predictions, TODAY, 60)
    assert [p.id for p in due_soon] == ["today", "last-day"]
    assert [p.id for p in past_due] == ["long-ago", "yesterday"]
    assert due_entries(predictions, TODAY, 0) == ([predictions[1]], past_due)
    with pytest.raises(ValueError, match="^days must be 0 or more, not -1$"):
        due_entries(predictions, TODAY, -1)


def test_an_entry_with_a_verdict_is_never_due():
    resolved = sample("2026-12-01", "came true", "settled").replace("    as_of: 2026-11-23\n", """    as_of: 2026-11-23
    review_note: the lab's release notes meet the test
    evidence:
      - {url: "https://example.org/notes", title: Notes, accessed: 2026-11-23, quote: "we shipped it"}
""")
    predictions = load_predictions("predictions:\n" + resolved, PRED_PATH)
    assert due_entries(predictions, TODAY, 60) == ([], [])


def test_the_next_review_is_review_by_when_set_else_the_horizon_end():
    predictions = {p.id: p for p in load_predictions(PRED_TEXT, PRED_PATH)}
    either_or = predictions["soon-on-the-job-learning-or-no-imminent-agi"]
    assert (either_or.due(), either_or.next_review()) == (date(2028, 12, 23), date(2026, 12, 23))
    agi = predictions["agi-in-next-decade-or-two"]
    assert agi.next_review() == agi.due() == date(2045, 12, 23)


def test_review_report_lists_due_entries_and_unreviewed_sentences():
    predictions = load_predictions("predictions:\n" + sample("2026-12-23", pred_id="soon") +
                                   sample("2026-11-01", pred_id="late"), PRED_PATH)
    due_soon, past_due = due_entries(predictions, TODAY, 60)
    queue = [Candidate("Robots will fold laundry.", "p-robots", ("will",))]
    assert review_report(due_soon, past_due, queue, TODAY, 60, PRED_PATH) == (
        "Review queue as of 2026-11-30 (due within 60 days: by 2027-01-29)\n"
        "\n"
        "Past due (1):\n"
        "  2026-11-01  late  (data/predictions.yaml:14)  Sample late\n"
        "\n"
        "Due by 2027-01-29 (1):\n"
        "  2026-12-23  soon  (data/predictions.yaml:2)  Sample soon\n"
        "\n"
        "Forward-looking sentences not yet reviewed (1):\n"
        "  p-robots: Robots will fold laundry.\n")


# ---- verdicts need evidence ----------------------------------------------------------------------

@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the sources and curated data, to edit and build."""
    for name in ("sources", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def build_with(project: Path, pred_id: str, old: str, new: str) -> None:
    path = project / PRED_PATH
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {pred_id}\n")
    end = text.find("\n  - id: ", start + 1)
    entry = text[start:end]
    assert old in entry
    path.write_text(text[:start] + entry.replace(old, new) + text[end:], encoding="utf-8")
    build_edition(EssayInput(project / "sources", project / "data", display_root=project))


def test_a_verdict_without_evidence_fails_the_build_naming_the_entry(project: Path):
    with pytest.raises(SourceError) as err:
        build_with(project, "labs-release-continual-learning-in-2026", "status: open", "status: came true")
    assert err.value.one_line() == (
        f"data/predictions.yaml:{entry_line('labs-release-continual-learning-in-2026')}: prediction "
        "'labs-release-continual-learning-in-2026': verdict 'came true' without evidence: list each source (url, "
        "title, accessed, quote) under evidence, or keep the status 'open'")


def test_a_verdict_without_a_reviewer_note_fails_the_build(project: Path):
    evidence = ('evidence:\n      - {url: "https://example.org/release", title: "A release", accessed: 2026-11-23, '
                'quote: "learns from use"}')
    with pytest.raises(SourceError) as err:
        build_with(project, "competition-stays-fierce", "status: open\n    as_of: 2026-11-23\n    evidence: []",
                   f"status: partly\n    as_of: 2026-11-23\n    {evidence}")
    assert err.value.one_line() == (
        f"data/predictions.yaml:{entry_line('competition-stays-fierce')}: prediction 'competition-stays-fierce': "
        "verdict 'partly' without a review_note saying how the evidence settles the test")


def test_a_verdict_with_evidence_and_a_note_builds(project: Path):
    build_with(project, "labs-release-continual-learning-in-2026", "status: open\n    as_of: 2026-11-23\n"
               "    evidence: []", "status: came true\n    as_of: 2026-11-30\n    review_note: meets the test\n"
               "    history: [{as_of: 2026-11-23, status: open, note: nothing released yet}]\n    evidence:\n"
               '      - {url: "https://example.org/r", title: R, accessed: 2026-11-30, quote: "keeps what it learns"}')


# ---- the review queue ----------------------------------------------------------------------------

def ledger(not_text: str, *, review_required: bool):
    sections = essay_records(essay(), IdRegistry())
    return build_ledger(essay(), sections, captions().cues, PRED_TEXT, PRED_PATH, not_text, NOT_PATH,
                        review_required=review_required)


def without_entry(text: str, sentence: str) -> str:
    start = text.index(f'  - sentence: "{sentence}')
    end = text.index("\n\n", start)
    return text[:start] + text[end + 2:]


def test_the_curated_essay_has_an_empty_review_queue():
    built = ledger(NOT_TEXT, review_required=True)
    assert built.unreviewed == [] and built.warnings == []


def test_an_unclassified_sentence_is_a_warning_or_a_queue_item():
    not_text = without_entry(NOT_TEXT, "AI bulls will often criticize")
    strict = ledger(not_text, review_required=True)
    sentence = "AI bulls will often criticize AI bears for repeatedly moving the goal posts."
    assert [c.sentence for c in strict.unreviewed] == [sentence]
    assert [w.one_line() for w in strict.warnings] == [
        f"data/predictions.yaml: forward-looking sentence not reviewed (add it to the ledger or to "
        f"data/not_predictions.yaml): {sentence!r}"]
    queued = ledger(not_text, review_required=False)
    assert queued.warnings == [] and queued.unreviewed == strict.unreviewed
    assert queued.unreviewed[0].paragraph_id == "p-ai-bulls-will-often-criticize"


def test_headings_and_history_need_no_entry():
    not_text = NOT_TEXT
    for sentence in ("Why I'm moderately bearish", "Comparison to human distribution", "AI has made a ton",
                     "The biologist said", "We asked what she thought", "If you showed me Gemini 3"):
        not_text = without_entry(not_text, sentence)
    assert ledger(not_text, review_required=True).unreviewed == []
