"""The predictions ledger: curated entries match the essay, nothing forward-looking goes unreviewed,
bad entries fail with one line naming the file and line, and the page and exports are safe and complete."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from narration_data import essay

from essay_edition.enrich.predictions import (
    STANCES,
    Prediction,
    ResolvedPrediction,
    check_narration_quotes,
    check_not_predictions,
    essay_text_units,
    load_not_predictions,
    load_predictions,
    narration_text,
    prediction_lines,
    resolve_predictions,
)
from essay_edition.enrich.review import (
    find_candidates,
    find_prediction_candidates,
    is_past_history,
    unreviewed,
    unreviewed_candidates,
)
from essay_edition.errors import SourceError
from essay_edition.parse.captions import parse_captions
from essay_edition.render.ledger import EXPORT_FIELDS, LedgerSite, ledger_page, predictions_csv, predictions_export

ROOT = Path(__file__).resolve().parent.parent
PRED_PATH = "data/predictions.yaml"
NOT_PATH = "data/not_predictions.yaml"
PRED_TEXT = (ROOT / PRED_PATH).read_text(encoding="utf-8")
NOT_TEXT = (ROOT / NOT_PATH).read_text(encoding="utf-8")
ESSAY = essay()
CAPTIONS = parse_captions((ROOT / "sources/youtube-captions.txt").read_text(encoding="utf-8"), "captions")
PARAGRAPHS = [(f"p-{i}", p.text) for i, p in enumerate(ESSAY.paragraphs())]
URLS = {pid: f"essay/section/#{pid}" for pid, _ in PARAGRAPHS}
TODAY = date(2026, 11, 30)
AS_OF = {date(2026, 11, 23), date(2026, 11, 30)}  # the ledger was curated, then audited
VIDEO = "_zgnSbu5GqE"
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]


@pytest.fixture(scope="module")
def predictions() -> list[Prediction]:
    return load_predictions(PRED_TEXT, PRED_PATH)


@pytest.fixture(scope="module")
def not_predictions(predictions):
    return load_not_predictions(NOT_TEXT, NOT_PATH, [p.id for p in predictions])


@pytest.fixture(scope="module")
def resolved(predictions) -> list[ResolvedPrediction]:
    return resolve_predictions(predictions, PARAGRAPHS, PRED_PATH, prediction_lines(predictions))


def entry_line(pred_id: str) -> int:
    return PRED_TEXT.split("\n").index(f"  - id: {pred_id}") + 1


def with_paragraph(index: int, text: str) -> list[tuple[str, str]]:
    return [(pid, text if i == index else t) for i, (pid, t) in enumerate(PARAGRAPHS)]


# ---- the curated ledger against the essay --------------------------------------------------------

def test_every_quote_is_verbatim_in_exactly_one_paragraph(predictions, resolved):
    assert len(resolved) == len(predictions) >= 30
    texts = dict(PARAGRAPHS)
    for r in resolved:
        assert texts[r.paragraph_id][r.start:r.end] == r.prediction.quote
        for quote in r.prediction.quotes():
            assert sum(text.count(quote) for text in texts.values()) == 1, quote


def test_ledger_entries_are_dated_from_publication_and_honest(predictions):
    assert len({p.id for p in predictions}) == len(predictions)
    for p in predictions:
        assert p.made == date.fromisoformat(ESSAY.published)
        assert p.as_of in AS_OF
        assert p.status == "open" and not p.evidence, p.id  # no evidence reviewed yet: nothing claimed
        assert p.horizon is not None or p.review_by is not None


def test_every_stance_is_represented_and_each_test_names_its_source(predictions):
    assert {p.stance for p in predictions} == set(STANCES)
    for p in predictions:
        test = p.operationalization
        assert test.true != test.false and test.source.strip(), p.id
        assert "http" not in test.source  # sources are named by site (metr.org), links go in evidence


def test_the_ledger_keeps_the_ids_it_has_published(predictions):
    published = ["rlvr-doomed-if-human-like-learner", "soon-on-the-job-learning-or-no-imminent-agi",
                 "not-all-knowledge-work-automated-by-2030", "revenue-hundreds-of-billions-by-2030",
                 "agi-level-means-trillions-a-year", "revenue-below-trillions-in-2030",
                 "cheap-agi-tokens-expand-demand", "models-keep-faring-poorly-at-generalizing",
                 "big-three-rotate-around-podium", "hive-mind-of-deployed-agents"]
    ids = {p.id for p in predictions}
    assert set(published) <= ids


@pytest.mark.parametrize(("pred_id", "stance", "probability"), [
    ("agi-in-next-decade-or-two", "own", 0.8),  # "I expect"
    ("no-runaway-gains-for-first-mover", "own", 0.8),  # "I don't expect" runaway gains: 1 - 0.2
    ("takeoff-within-5-years-via-automated-researcher", "disputed", 0.05),  # "super implausible"
    ("short-timelines-agi-by-2030", "disputed", 0.2),  # he expects no AGI by 2030: 1 - 0.8
    ("rl-needs-million-fold-compute-for-a-gpt-level", "endorsed", 0.7),  # "a great post"
    ("models-keep-faring-poorly-at-generalizing", "endorsed", 0.7),  # the labs' implied world view
])
def test_stance_and_probability_of_entries(predictions, pred_id, stance, probability):
    pred = next(p for p in predictions if p.id == pred_id)
    assert (pred.stance, pred.probability) == (stance, probability)


@pytest.mark.parametrize(("pred_id", "threshold"), [
    ("revenue-hundreds-of-billions-by-2030", "$200 billion"),  # "100s of billions", plural
    ("revenue-below-trillions-in-2030", "$2 trillion"),  # "trillions", plural
    ("agi-level-means-trillions-a-year", "$2 trillion"),
])
def test_quantity_words_get_their_ordinary_thresholds(predictions, pred_id, threshold):
    test = next(p for p in predictions if p.id == pred_id).operationalization
    assert threshold in test.true and threshold in test.false and test.note and "plural" in test.note


@pytest.mark.parametrize(("pred_id", "start", "end"), [
    ("labs-release-continual-learning-in-2026", "2026-01-01", "2026-12-31"),  # "next year"
    ("continual-learning-progress-by-2030", "2025-12-23", "2030-12-31"),  # "by 2030"
    ("human-level-continual-learning-in-5-to-10-years", "2030-12-23", "2035-12-23"),  # "another 5 to 10 years"
    ("agi-in-next-decade-or-two", "2025-12-23", "2045-12-23"),  # "in the next decade or two"
])
def test_horizons_worked_out_from_the_text(predictions, pred_id, start, end):
    pred = next(p for p in predictions if p.id == pred_id)
    assert pred.horizon is not None and pred.horizon_note
    assert (pred.horizon.start.isoformat(), pred.horizon.end.isoformat()) == (start, end)


def test_a_quote_that_no_longer_matches_fails_with_the_entry_line(predictions):
    index = next(i for i, (_, t) in enumerate(PARAGRAPHS) if "release something next year" in t)
    edited = with_paragraph(index, PARAGRAPHS[index][1].replace("next year", "this year"))
    with pytest.raises(SourceError) as err:
        resolve_predictions(predictions, edited, PRED_PATH, prediction_lines(predictions))
    line = entry_line("labs-release-continual-learning-in-2026")
    assert str(err.value) == (
        f"{PRED_PATH}:{line}: prediction 'labs-release-continual-learning-in-2026': quote 'Labs will probably "
        "release something next year which they c…' is not verbatim in any essay paragraph")


def test_a_quote_found_in_two_paragraphs_fails(predictions):
    doubled = [*PARAGRAPHS, ("p-copy", PARAGRAPHS[0][1])]
    with pytest.raises(SourceError) as err:
        resolve_predictions(predictions, doubled, PRED_PATH)
    assert str(err.value) == (
        f"{PRED_PATH}:{entry_line('short-timelines-agi-by-2030')}: prediction 'short-timelines-agi-by-2030': "
        "quote 'some people have short timelines' is in 2 paragraphs (p-0, p-copy); expected exactly one")


# ---- schema errors -------------------------------------------------------------------------------

ENTRY = """predictions:
  - id: sample
    title: A sample
    quote: "Labs will probably release something next year"
    made: 2025-12-23
    horizon: {start: 2026-01-01, end: 2026-12-31}
    stance: own
    operationalization: {true: "a lab ships it", false: "none does", source: "lab release notes"}
    confidence: probably
    hedge: probably
    status: open
    as_of: 2026-11-23
    evidence: []
"""


@pytest.mark.parametrize(("old", "new", "message"), [
    ("status: open", "status: maybe",
     "data/predictions.yaml:11:13: status: Input should be 'open', 'came true', 'partly', 'came false' or 'unresolvable'"),
    ("made: 2025-12-23", "made: 2025-13-01", "data/predictions.yaml:5: invalid date: month must be in 1..12"),
    ("end: 2026-12-31", "end: 2026-02-30", "data/predictions.yaml:6: invalid date: day is out of range for month"),
    ("made: 2025-12-23", "made: next year",
     "data/predictions.yaml:5:11: made: Input should be a valid date or datetime, input is too short"),
    ("end: 2026-12-31", "end: 2025-12-31",
     "data/predictions.yaml:6:14: horizon: end 2025-12-31 is before start 2026-01-01"),
    ("horizon: {start: 2026-01-01, end: 2026-12-31}", "horizon: null",
     "data/predictions.yaml:2:5: entry: horizon is null, so review_by is required"),
    ("id: sample", "id: Not A Slug",
     "data/predictions.yaml:2:9: id: String should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'"),
    ("confidence: probably", "confidence: probably\n    certainty: high",
     "data/predictions.yaml:10:16: certainty: Extra inputs are not permitted"),
    ("evidence: []", "evidence: [{title: A post, url: not-a-url, accessed: 2026-11-20, quote: q}]",
     "data/predictions.yaml:13:37: evidence.0.url: String should match pattern '^https?://\\S+$'"),
    ("evidence: []", "evidence: [{title: A post, url: 'https://example.org/a'}]",
     "data/predictions.yaml:13:16: evidence.0.accessed: Field required"),
    ("evidence: []", "evidence: [{title: A post, url: 'https://example.org/a', accessed: 2026-12-01, quote: q}]",
     "data/predictions.yaml:2:5: entry: evidence accessed 2026-12-01 is after as_of 2026-11-23"),
    ("    stance: own\n", "",
     "data/predictions.yaml:2:5: stance: Field required"),
    ("stance: own", "stance: mine",
     "data/predictions.yaml:7:13: stance: Input should be 'own', 'endorsed' or 'disputed'"),
    ("hedge: probably", "hedge: pretty sure",
     "data/predictions.yaml:10:12: hedge: 'pretty sure' is not a row of the hedge table (one of: certain, stated as "
     "fact, almost certainly, stated flatly, I expect, probably, likely, I think, cited with approval, implied, "
     "some prior, even odds, I wouldn't be surprised, may, might, could, unlikely, I don't expect, implausible, "
     "super implausible, almost certainly not)"),
    ('source: "lab release notes"', 'source: ""',
     "data/predictions.yaml:8:78: operationalization.source: String should have at least 1 character"),
    ("as_of: 2026-11-23", "as_of: 2026-11-23\n    history: [{as_of: 2026-11-24, status: open, note: n}]",
     "data/predictions.yaml:2:5: entry: history dates must rise from made to as_of, oldest first"),
])
def test_schema_errors_are_one_line_with_the_line_number(old, new, message):
    with pytest.raises(SourceError) as err:
        load_predictions(ENTRY.replace(old, new), PRED_PATH)
    assert str(err.value) == message


def test_duplicate_ids_and_bad_structure_fail():
    twice = ENTRY + ENTRY.split("\n", 1)[1]
    with pytest.raises(SourceError, match=r"^data/predictions.yaml:14: duplicate id 'sample' \(first at line 2\)$"):
        load_predictions(twice, PRED_PATH)
    with pytest.raises(SourceError, match=r"^data/predictions.yaml:1: expected a mapping with a list under"):
        load_predictions("- just a list\n", PRED_PATH)


def test_yaml_boolean_keys_of_operationalization_are_accepted():
    pred = load_predictions(ENTRY, PRED_PATH)[0]
    assert (pred.operationalization.true, pred.operationalization.false) == ("a lab ships it", "none does")
    assert pred.line == 2


def test_not_prediction_see_must_name_a_prediction():
    text = 'not_predictions:\n  - sentence: "x will y"\n    reason: "r"\n    see: [no-such-id]\n'
    with pytest.raises(SourceError) as err:
        load_not_predictions(text, NOT_PATH, ["sample"])
    assert str(err.value) == "data/not_predictions.yaml:2: see: no prediction with id 'no-such-id'"


# ---- the candidate finder ------------------------------------------------------------------------

def test_every_forward_looking_sentence_of_the_essay_is_reviewed(predictions, not_predictions):
    candidates = find_candidates(PARAGRAPHS)
    assert len(candidates) > len(predictions)
    assert unreviewed(candidates, predictions, not_predictions) == []
    assert unreviewed_candidates([c.sentence for c in candidates], predictions, not_predictions) == []


@pytest.mark.parametrize("planted", [
    "By 2028 every lab will ship continual learning.",
    "I expect robots to fold laundry in most homes within three years.",
    "Open-weight models might overtake the big three soon.",
    "If labs had cheap compute, they would train models that learn on the job.",
    "Within five years the labs that led in 2024 may have fallen behind.",
])
def test_a_planted_forecast_is_reported_as_unreviewed(predictions, not_predictions, planted):
    index = next(i for i, (_, text) in enumerate(PARAGRAPHS) if "diminishing returns" in text)
    paragraphs = with_paragraph(index, PARAGRAPHS[index][1] + " " + planted)
    found = unreviewed(find_candidates(paragraphs), predictions, not_predictions)
    assert [(c.sentence, c.paragraph_id) for c in found] == [(planted, PARAGRAPHS[index][0])]


def test_the_finder_ignores_plain_statements():
    text = "The sky is blue. Labs shipped a model in 2024. It will rain tomorrow."
    assert find_prediction_candidates([text]) == ["It will rain tomorrow."]


@pytest.mark.parametrize("sentence", [
    "The biologist said she had long timelines.",
    "We asked what she thought AI would struggle with.",
    "AI has made a ton of progress in the last decade, and it’s easy to forget that.",
    "If you showed me Gemini 3 in 2020, I would have been certain that it could automate half of knowledge work.",
    "It has so far neutralized any runaway advantages a single lab might have had.",
    "In 1903 the Wright brothers flew, and over the next years planes improved.",
])
def test_past_tense_history_is_not_proposed(sentence):
    assert is_past_history(sentence)
    assert find_prediction_candidates([sentence]) == []


@pytest.mark.parametrize("sentence", [
    "If the capabilities were at AGI level, people would be willing to spend trillions.",  # subjunctive "were"
    "One counterargument I’ve heard is that takeoff comes within 5 years.",  # present perfect reports a view
    "This is a dynamic you wouldn’t have to worry about with another instance.",  # "have to" is not perfect
    "We asked what she thought AI would struggle with, and I expect she was right.",  # "expect" always counts
    "Last year labs said that AGI would come within two years.",  # a reported forecast with a time window
])
def test_forecasts_that_mention_the_past_are_still_proposed(sentence):
    assert not is_past_history(sentence)
    assert find_prediction_candidates([sentence]) == [sentence]


def test_headings_and_the_narration_are_not_read_by_the_finder():
    headings = [ESSAY.subtitle, *(s.title for s in ESSAY.sections)]
    proposed = {c.sentence for c in find_candidates(PARAGRAPHS)}
    forward_looking = find_prediction_candidates(headings)
    assert forward_looking  # headings do look forward …
    assert not proposed & set(forward_looking)  # … but only body paragraphs are read
    outro = "I'm going be publishing a lot more essays."
    assert outro in narration_text(CAPTIONS.cues) and outro not in proposed


def test_not_predictions_and_narration_quotes_still_match_their_sources(predictions, not_predictions):
    narration = narration_text(CAPTIONS.cues)
    check_not_predictions(not_predictions, essay_text_units(ESSAY), narration, NOT_PATH)
    check_narration_quotes(predictions, narration, PRED_PATH)
    stale = load_not_predictions('not_predictions:\n  - sentence: "Robots will take over."\n    reason: "r"\n',
                                 NOT_PATH)
    with pytest.raises(SourceError, match=r"^data/not_predictions.yaml:2: sentence 'Robots will take over.' is not "
                                          r"in the essay text$"):
        check_not_predictions(stale, essay_text_units(ESSAY), narration, NOT_PATH)


# ---- rendering: the page's tests are in tests/test_render_pages.py ---------------------------------

# ---- exports -------------------------------------------------------------------------------------

def test_export_has_exactly_the_fields_and_csv_round_trips(resolved):
    rows = predictions_export(resolved, URLS, {"agi-in-next-decade-or-two": 263.9})
    assert all(tuple(row) == EXPORT_FIELDS for row in rows)
    agi = next(r for r in rows if r["id"] == "agi-in-next-decade-or-two")
    assert agi["horizon"] == {"start": "2025-12-23", "end": "2045-12-23"} and agi["narration_start"] == 263.9
    json.dumps(rows)  # JSON-ready
    back = list(csv.DictReader(io.StringIO(predictions_csv(rows))))
    assert len(back) == len(rows)
    assert tuple(back[0]) == EXPORT_FIELDS
    for row, got in zip(rows, back):
        for key in ("horizon", "operationalization", "evidence", "history"):
            assert json.loads(got[key]) == row[key]
        assert (got["stance"], got["probability"]) == (row["stance"], repr(row["probability"]))
        assert got["quote"] == row["quote"] and got["url"] == row["url"]
        assert got["review_by"] == (row["review_by"] or "")
        assert got["narration_start"] == ("" if row["narration_start"] is None else repr(row["narration_start"]))


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp")), min_size=1, max_size=80)
       .map(str.strip).filter(bool))
def test_any_quote_survives_the_page_and_the_csv(quote):
    paragraphs = [("p-x", quote)]
    yaml_quote = json.dumps(quote, ensure_ascii=False)
    pred = load_predictions(ENTRY.replace('"Labs will probably release something next year"', yaml_quote), PRED_PATH)
    resolved = resolve_predictions(pred, paragraphs, PRED_PATH)
    site = LedgerSite({"p-x": "e/#p-x"}, {}, TODAY, VIDEO)
    page = markdown.markdown(ledger_page(resolved, site), extensions=EXTENSIONS)
    found = re.search(r'<blockquote class="ledger-quote"><p>(.*?)</p></blockquote>', page, re.DOTALL)
    assert found is not None and html.unescape(found.group(1)) == quote
    rows = predictions_export(resolved, {"p-x": "e/#p-x"}, {})
    assert next(csv.DictReader(io.StringIO(predictions_csv(rows))))["quote"] == quote
