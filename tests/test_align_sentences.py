"""Sentence and word timing (enrich/align.py, _sentence_timing.py): the hand-timed sentences, degraded
captions, synthetic narrations with known times, exact word stamps, and invariants."""

from __future__ import annotations

import importlib.util
import itertools
import re
import statistics
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from essay_edition.enrich.align import Alignment, SentenceTiming, align_paragraphs, time_sentences
from essay_edition.enrich.narration_stage import apply_alignment
from essay_edition.enrich.sentences import sentence_spans
from essay_edition.enrich.words import timed_words
from essay_edition.model import CaptionCue, Paragraph, ParagraphRecord, SectionRecord, SentenceRecord, TimedWord

sys.path.insert(0, str(Path(__file__).resolve().parent))
from narration_data import ROOT, captions, essay, read  # noqa: E402 - tests/ is not a package


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


degrade = _script("degrade_captions")
synthetic = _script("synthetic_narration")


def _sections() -> list[list[tuple[str, str]]]:
    return [[(f"s{s}p{p}", para.text) for p, para in enumerate(section.paragraphs)]
            for s, section in enumerate(essay().sections)]


def _paragraphs() -> list[tuple[str, str]]:
    return [pair for section in _sections() for pair in section]


def _align(words: list[TimedWord]) -> Alignment:
    return align_paragraphs(_paragraphs(), words, [[pid for pid, _ in s] for s in _sections()])


def _sentences(alignment: Alignment, words: list[TimedWord]) -> dict[tuple[str, int], SentenceTiming]:
    out = {}
    for pid, text in _paragraphs():
        spans = [(f"{pid}.{k}", a, b) for k, (a, b) in enumerate(sentence_spans(text))]
        for k, timing in enumerate(time_sentences(text, spans, alignment.timing(pid), words)):
            out[(pid, k)] = timing
    return out


@cache
def _real() -> tuple[Alignment, dict[tuple[str, int], SentenceTiming]]:
    words = timed_words(captions().cues)
    alignment = _align(words)
    return alignment, _sentences(alignment, words)


@cache
def _hand() -> dict:
    return yaml.safe_load(read("tests/data/hand_timed_sentences.yaml"))


def _sentence_named(opening: str) -> tuple[str, int]:
    hits = [(pid, k) for pid, text in _paragraphs() for k, (a, b) in enumerate(sentence_spans(text))
            if text[a:b].startswith(opening)]
    assert len(hits) == 1, f"opening {opening!r} names {len(hits)} sentences"
    return hits[0]


# --- the hand-timed sentences -----------------------------------------------------------------------


def test_hand_sentences_are_thirty_or_more_and_each_names_one_sentence() -> None:
    assert len(_hand()["narrated"]) >= 30
    named = [_sentence_named(h["opening"]) for h in _hand()["narrated"] + _hand()["not_narrated"]]
    assert len(set(named)) == len(named)


def test_hand_sentence_starts_agree_with_the_captions_file() -> None:
    """Each start is the cue's start plus the word's character position (the recorded reading)."""
    for h in _hand()["narrated"]:
        minutes, seconds = h["cue"].split(":")
        cue = next(c for c in captions().cues if c.start == int(minutes) * 60 + int(seconds) and c.text == h["cue_text"])
        found = re.search(rf"(?<!\S){re.escape(h['word'])}(?!\S)", cue.text)
        assert found is not None, h["opening"]
        assert h["start"] == pytest.approx(cue.start + (cue.end - cue.start) * found.start() / len(cue.text), abs=0.01)


def test_sentence_starts_match_the_hand_timed_sentences() -> None:
    _, sentences = _real()
    errors = []
    for h in _hand()["narrated"]:
        timing = sentences[_sentence_named(h["opening"])]
        assert timing.start is not None, f"{h['opening']!r} is narrated at {h['start']} but was not timed"
        errors.append(abs(timing.start - h["start"]))
    assert statistics.median(errors) <= 0.3
    assert sum(e <= 1.0 for e in errors) >= 0.95 * len(errors)


def test_skipped_sentences_stay_untimed() -> None:
    _, sentences = _real()
    for h in _hand()["not_narrated"]:
        timing = sentences[_sentence_named(h["opening"])]
        assert (timing.start, timing.end, timing.words) == (None, None, ()), h["opening"]


def test_every_spoken_word_of_a_read_sentence_is_timed_in_order() -> None:
    _, sentences = _real()
    timing = sentences[_sentence_named("Human workers are valuable precisely")]
    assert timing.words and all(w.matched for w in timing.words[:3])
    text = dict(_paragraphs())[_sentence_named("Human workers are valuable precisely")[0]]
    assert [text[w.start:w.end] for w in timing.words[:4]] == ["Human", "workers", "are", "valuable"]


# --- degraded captions --------------------------------------------------------------------------------


@cache
def _hand_paragraphs() -> dict:
    return yaml.safe_load(read("tests/data/hand_timed.yaml"))


def _paragraph_named(opening: str) -> str:
    hits = [pid for pid, text in _paragraphs() if text.startswith(opening)]
    assert len(hits) == 1
    return hits[0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_half_the_words_misheard_still_times_nine_paragraphs_in_ten(seed: int) -> None:
    cues = degrade.degrade_cues(captions().cues, 0.5, seed)
    assert degrade.word_error_rate(captions().cues, cues) == pytest.approx(0.5, abs=0.02)
    alignment = _align(timed_words(cues))
    narrated = _hand_paragraphs()["narrated"]
    close = [h for h in narrated if (t := alignment.timing(_paragraph_named(h["opening"]))).start is not None
             and abs(t.start - h["start"]) <= 2.0]
    assert len(close) >= 0.9 * len(narrated)
    for h in _hand_paragraphs()["not_narrated"]:
        assert alignment.timing(_paragraph_named(h["opening"])).start is None, h["opening"]


def test_degradation_is_deterministic_and_keeps_cue_times() -> None:
    one = degrade.degrade_cues(captions().cues[:40], 0.3, 5)
    assert one == degrade.degrade_cues(captions().cues[:40], 0.3, 5)
    assert one != degrade.degrade_cues(captions().cues[:40], 0.3, 6)
    assert [(c.start, c.end) for c in one] == [(c.start, c.end) for c in captions().cues[:40]]


# --- synthetic narrations with known times ------------------------------------------------------------


def test_synthetic_narration_times_paragraphs_and_sentences() -> None:
    narration = synthetic.narrate(_sections(), seed=3)
    words = timed_words(narration.cues)
    alignment = _align(words)
    for pid, start in narration.paragraph_starts.items():
        timing = alignment.timing(pid)
        if start is None:
            assert timing.start is None, pid
        else:
            assert timing.start is not None and abs(timing.start - start) <= 1.5, (pid, timing.start, start)
    sentences = _sentences(alignment, words)
    errors = [abs(sentences[key].start - start) for key, start in narration.sentence_starts.items()
              if start is not None and sentences[key].start is not None]
    assert len(errors) >= 0.9 * sum(s is not None for s in narration.sentence_starts.values())
    assert statistics.median(errors) <= 0.5


def test_exact_word_stamps_time_matched_words_exactly() -> None:
    narration = synthetic.narrate(_sections(), seed=4, exact_words=True)
    words = timed_words(narration.cues)
    assert all(w.exact for w in words)
    alignment = _align(words)
    sentences = _sentences(alignment, words)
    stamped = {w.start for cue in narration.cues for w in cue.words}
    timed = [w for timing in sentences.values() for w in timing.words if w.matched]
    assert len(timed) > 1000
    assert all(w.exact and w.time in stamped for w in timed)  # a caption word's own stamp, not interpolated
    truth = [(sentences[key].start, start) for key, start in narration.sentence_starts.items()
             if start is not None and sentences[key].start is not None]
    assert statistics.median(abs(a - b) for a, b in truth) == 0.0


# --- invariants -----------------------------------------------------------------------------------------


def _check_invariants(alignment: Alignment, sentences: dict[tuple[str, int], SentenceTiming]) -> None:
    assert [t.paragraph_id for t in alignment.paragraphs] == [pid for pid, _ in _paragraphs()]
    spans = sorted((t.first_word, t.last_word) for t in alignment.paragraphs if t.narrated)
    for (_, last), (first, _) in itertools.pairwise(spans):
        assert last < first
    for (pid, _), timing in sentences.items():
        paragraph = alignment.timing(pid)
        assert 0.0 <= timing.confidence <= 1.0
        if timing.start is None:
            continue
        assert paragraph.start is not None and paragraph.end is not None
        assert paragraph.start <= timing.start <= timing.end <= paragraph.end
        times = [w.time for w in timing.words]
        assert times == sorted(times) and timing.start == times[0]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), wer=st.sampled_from([0.0, 0.3, 0.6]), exact=st.booleans())
@example(seed=4443, wer=0.6, exact=False)  # "revenue.”models": one caption word ends s4p3 and starts s4p4
def test_alignment_invariants_under_noise(seed: int, wer: float, exact: bool) -> None:
    narration = synthetic.narrate(_sections(), seed=seed, exact_words=exact)
    cues = degrade.degrade_cues(narration.cues, wer, seed) if wer else list(narration.cues)
    words = timed_words(cues)
    alignment = _align(words)
    _check_invariants(alignment, _sentences(alignment, words))
    for pid, start in narration.paragraph_starts.items():
        if start is None and wer <= 0.3:
            assert alignment.timing(pid).start is None, pid


def test_real_alignment_invariants() -> None:
    _check_invariants(*_real())


def test_empty_and_unnarrated_sentences() -> None:
    alignment = align_paragraphs([("p", "One sentence here. Another one there.")], [])
    timings = time_sentences("One sentence here. Another one there.", [("a", 0, 18), ("b", 19, 37)],
                             alignment.timing("p"), [])
    assert [(t.sentence_id, t.start, t.words) for t in timings] == [("a", None, ()), ("b", None, ())]


# --- the build stage fills the records ---------------------------------------------------------------


def test_apply_alignment_fills_sentence_records() -> None:
    sections = []
    for s, section in enumerate(essay().sections):
        records = []
        for p, para in enumerate(section.paragraphs):
            sentences = [SentenceRecord(f"s{s}p{p}x{k}", a, b, para.text[a:b])
                         for k, (a, b) in enumerate(sentence_spans(para.text))]
            records.append(ParagraphRecord(f"s{s}p{p}", f"s{s}", para, f"page{s}/", sentences))
        sections.append(SectionRecord(f"s{s}", section.title, s + 1, f"page{s}.md", f"page{s}/", records))
    sections, _ = apply_alignment(sections, timed_words(captions().cues))
    sentences = [x for s in sections for p in s.paragraphs for x in p.sentences]
    narrated = [x for x in sentences if x.narration is not None]
    assert 0.8 * len(sentences) <= len(narrated) < len(sentences)
    assert all(x.words for x in narrated) and not any(x.words for x in sentences if x.narration is None)
    first = sections[0].paragraphs[0]
    assert first.sentences[0].narration is not None and first.sentences[0].narration.start == 0.0
    assert all(p.narration is None for p in sections[5].paragraphs)


def test_a_paragraph_record_keeps_its_text_offsets() -> None:
    text = "Quantum gardeners prune lattices nightly. Delta epsilon zeta eta theta."
    para = Paragraph(text)
    record = ParagraphRecord("p", "s", para, "x/", [SentenceRecord("a", 0, 41, text[:41]),
                                                     SentenceRecord("b", 42, len(text), text[42:])])
    section = SectionRecord("s", "S", 1, "x.md", "x/", [record])
    aside = "welcome back everyone today we read something unusual about orchards and physics"
    cues = [CaptionCue(0.0, 6.0, aside), CaptionCue(6.0, 9.0, "quantum gardeners prune lattices nightly"),
            CaptionCue(9.0, 12.0, "then more words follow which are not part of it")]
    [section], _ = apply_alignment([section], timed_words(cues))
    record = section.paragraphs[0]
    words = record.sentences[0].words
    assert [text[w.start:w.end] for w in words] == ["Quantum", "gardeners", "prune", "lattices", "nightly."]
    assert record.sentences[0].narration is not None and record.sentences[0].narration.start == 6.0
    assert record.sentences[1].narration is None and record.sentences[1].words == ()
