"""Backlinks (enrich.backlinks.cited_by): what cites each paragraph, on made-up timings and on the real essay."""

from __future__ import annotations

import pytest
from edition_data import edition_model
from hypothesis import given
from hypothesis import strategies as st

from essay_edition.enrich.backlinks import SPOKEN_OVERLAP, cited_by
from essay_edition.model import (
    EditionModel,
    LinkedClaim,
    NarrationTiming,
    Paragraph,
    ParagraphRecord,
    SectionRecord,
    Sentence,
    Support,
    Token,
    Transcript,
    TranscriptChapter,
    TranscriptParagraph,
)


def record(pid: str, start: float | None, end: float | None = None) -> ParagraphRecord:
    timing = NarrationTiming(start, end, 0.9) if start is not None and end is not None else None
    return ParagraphRecord(pid, "s", Paragraph(f"The words of {pid}."), "essay/s/", narration=timing)


def sections(*records: ParagraphRecord) -> list[SectionRecord]:
    return [SectionRecord("s", "S", 1, "essay/s.md", "essay/s/", list(records))]


def transcript(*spans: tuple[str, float, float]) -> Transcript:
    sentences = tuple(Sentence(sid, start, end, (Token(f"said {sid}", f"said {sid}", i),))
                      for i, (sid, start, end) in enumerate(spans))
    return Transcript("video", (TranscriptChapter("c", "C", 0.0, 0.0, (TranscriptParagraph("tp", sentences),)),))


def spoken(result: dict, pid: str) -> list[str]:
    return [c.id for c in result[pid] if c.kind == "narration"]


def test_a_sentence_speaks_the_paragraph_it_mostly_overlaps() -> None:
    paras = sections(record("p-a", 0.0, 10.0), record("p-b", 10.0, 20.0))
    result = cited_by(paras, transcript=transcript(("t-1", 0.0, 9.0), ("t-2", 9.0, 15.0), ("t-3", 15.0, 21.0),
                                                   ("t-outro", 22.0, 25.0)))
    assert spoken(result, "p-a") == ["t-1"]
    assert spoken(result, "p-b") == ["t-2", "t-3"]  # t-2 runs 1 s into p-a: not enough to speak it
    assert [c.text for c in result["p-a"]] == ["said t-1"]
    assert (result["p-b"][0].start, result["p-b"][0].end) == (9.0, 15.0)


def test_a_long_passage_speaks_every_short_paragraph_it_covers() -> None:
    paras = sections(record("p-a", 0.0, 3.0), record("p-b", 3.0, 6.0), record("p-c", 6.0, 30.0))
    result = cited_by(paras, transcript=transcript(("t-long", 0.0, 7.0)))
    assert spoken(result, "p-a") == spoken(result, "p-b") == ["t-long"]
    assert spoken(result, "p-c") == []  # 1 s of a 7 s passage and of a 24 s paragraph


def test_a_passage_with_no_duration_speaks_the_paragraph_it_falls_in() -> None:
    paras = sections(record("p-a", 0.0, 10.0), record("p-b", 10.0, 20.0))
    result = cited_by(paras, transcript=transcript(("t-blip", 10.0, 10.0)))
    assert spoken(result, "p-a") == [] and spoken(result, "p-b") == ["t-blip"]


def test_every_paragraph_is_listed_and_kinds_come_in_reading_order() -> None:
    paras = sections(record("p-a", 0.0, 10.0), record("p-skipped", None))
    claim = LinkedClaim("claim-x", "note", "key-claim", "A claim.", "partly", (Support("p-a", 80.0),))
    stray = LinkedClaim("claim-y", "summary", "key-point", "Elsewhere.", "supported", (Support("p-gone", 80.0),))
    result = cited_by(paras, [claim, stray], transcript=transcript(("t-1", 0.0, 10.0)))
    assert set(result) == {"p-a", "p-skipped"}
    assert [(c.kind, c.id) for c in result["p-a"]] == [("claim", "claim-x"), ("narration", "t-1")]
    assert (result["p-a"][0].verdict, result["p-a"][0].source) == ("partly", "note")
    assert result["p-skipped"] == ()


intervals = st.tuples(st.floats(0, 100, allow_nan=False), st.floats(0, 30, allow_nan=False))


@given(st.lists(intervals, max_size=8), st.lists(intervals, max_size=12))
def test_spoken_citations_follow_the_overlap_rule(paragraph_spans, passage_spans) -> None:
    paras = sections(*(record(f"p-{i}", start, start + length) for i, (start, length) in enumerate(paragraph_spans)))
    passages = [(f"t-{i}", start, start + length) for i, (start, length) in enumerate(passage_spans)]
    result = cited_by(paras, transcript=transcript(*passages))
    for i, (start, length) in enumerate(paragraph_spans):
        end = start + length
        expected = []
        for sid, s, e in passages:
            if e <= s:
                if start <= s < end:
                    expected.append(sid)
                continue
            overlap = min(e, end) - max(s, start)
            if overlap > 0 and overlap >= SPOKEN_OVERLAP * min(e - s, end - start):
                expected.append(sid)
        assert spoken(result, f"p-{i}") == expected


@pytest.fixture(scope="module")
def model() -> EditionModel:
    return edition_model()


def test_the_real_essay_lists_every_claim_and_forecast_where_it_points(model: EditionModel) -> None:
    for claim in model.claims.claims:
        for support in claim.support:
            assert any(c.kind == "claim" and c.id == claim.id and c.verdict == claim.verdict
                       for c in model.cited_by[support.paragraph_id])
    for r in model.ledger.predictions:
        assert any(c.kind == "forecast" and c.id == r.prediction.id and c.status == r.prediction.status
                   for c in model.cited_by[r.paragraph_id])
    every = {p.id for s in model.sections for p in s.paragraphs}
    assert set(model.cited_by) == every


def test_the_real_narration_speaks_the_paragraphs_it_is_timed_to(model: EditionModel) -> None:
    timing = {p.id: p.narration for s in model.sections for p in s.paragraphs}
    spoken_ids = set()
    for pid, citations in model.cited_by.items():
        for c in citations:
            if c.kind in ("narration", "podcast"):
                para = timing[pid]
                assert para is not None and min(c.end, para.end) > max(c.start, para.start)
                spoken_ids.add(c.id)
    narrated = [p for s in model.sections for p in s.paragraphs if p.narration]
    assert all(any(c.kind == "narration" for c in model.cited_by[p.id]) for p in narrated)
    # What the narration adds (its lead-in, asides, outro) speaks no paragraph.
    assert "t-cheers" not in spoken_ids
