"""Sentence restoration in unpunctuated captions: the measure, the evidence, the dynamic programme, and
this narration stripped of case and punctuation (as YouTube's automatic captions come)."""

from __future__ import annotations

import dataclasses
import re
from functools import cache

import pytest
from narration_data import captions, corrections

from essay_edition.enrich.restore import (
    MAX_WORDS,
    best_boundaries,
    boundary_evidence,
    is_unpunctuated,
    split_unpunctuated,
    word_pauses,
)
from essay_edition.enrich.transcript import build_transcript, restore_sentences
from essay_edition.enrich.words import timed_words
from essay_edition.model import CaptionCue, Captions, CueWord, Sentence, Token
from essay_edition.render.transcript_exports import captions_vtt


def _strip(word: str) -> str:
    """A word as automatic captions give it: lower case, no punctuation but inner apostrophes."""
    return re.sub(r"[^\w']+", "", word.lower().replace("’", "'")).strip("'")


@cache
def stripped() -> tuple[Captions, tuple[int, ...]]:
    """The narration without case and punctuation, and for each of its words the index of the word it was."""
    kept: list[int] = []
    cues: list[CaptionCue] = []
    index = 0
    for cue in captions().cues:
        words = []
        for word in cue.text.split():
            if _strip(word):
                kept.append(index)
                words.append(_strip(word))
            index += 1
        if words:
            cues.append(CaptionCue(cue.start, cue.end, " ".join(words)))
    return dataclasses.replace(captions(), cues=tuple(cues)), tuple(kept)


def _ends(sentences: list[Sentence]) -> list[int]:
    ends, pos = [], 0
    for sentence in sentences:
        pos += sum(t.count for t in sentence.tokens)
        ends.append(pos - 1)
    return ends


@cache
def real_ends() -> list[int]:
    """Where the punctuated narration's sentences end, as indices of the stripped narration's words."""
    position = {old: new for new, old in enumerate(stripped()[1])}
    return sorted(position[e] for e in _ends(restore_sentences(captions(), corrections())) if e in position)


def _near(found: list[int], truth: list[int], distance: int = 2) -> float:
    """The share of ``found`` boundaries (the last, the narration's end, left out) within ``distance`` words of one in ``truth``."""
    inner = found[:-1]
    return sum(any(abs(f - t) <= distance for t in truth) for f in inner) / len(inner)


def test_unpunctuated_is_measured() -> None:
    assert not is_unpunctuated(c.text for c in captions().cues)
    assert is_unpunctuated(c.text for c in stripped()[0].cues)
    assert not is_unpunctuated(["no punctuation but far too few words to judge"])
    several = "we went home. then it rained " * 10
    assert not is_unpunctuated([several])


def test_evidence_follows_the_word_classes_and_pauses() -> None:
    assert boundary_evidence("the", "model", 0.0) < 0 < boundary_evidence("models", "so", 0.0)
    assert boundary_evidence("models", "of", 0.0) < boundary_evidence("models", "we", 0.0)
    assert boundary_evidence("models.", "we", 0.0) > boundary_evidence("models", "we", 0.0)
    assert boundary_evidence("models", "were", 4.0) > boundary_evidence("models", "were", 0.0)


def test_programme_cuts_where_the_evidence_is_and_caps_length() -> None:
    evidence = [-1.0] * 29
    evidence[9] = 12.0
    evidence[19] = 12.0
    assert best_boundaries(evidence) == [9, 19, 29]
    ends = best_boundaries([-20.0] * 299)
    assert ends[-1] == 299
    assert max(b - a for a, b in zip([-1, *ends], ends)) <= MAX_WORDS


def test_measured_word_gaps_are_pauses() -> None:
    first = "it rained all day over the hills and the town".split()
    second = "then we left for the coast with our old friends".split()
    times = [0.3 * k for k in range(len(first))] + [0.3 * len(first) + 1.0 + 0.3 * k for k in range(len(second))]
    words = tuple(CueWord(round(t, 3), w) for t, w in zip(times, first + second))
    cue = CaptionCue(0.0, times[-1] + 0.3, " ".join(first + second), words)
    pauses = word_pauses(timed_words([cue]), [cue])
    assert pauses.index(max(pauses)) == len(first) - 1
    tokens = [Token(w.text, w.text, k) for k, w in enumerate(words)]
    assert [len(g) for g in split_unpunctuated(tokens, timed_words([cue]), [cue])] == [len(first), len(second)]


@cache
def restored() -> list[Sentence]:
    return restore_sentences(stripped()[0], ())


def test_no_run_on_sentence() -> None:
    lengths = [sum(t.count for t in s.tokens) for s in restored()]
    assert max(lengths) <= MAX_WORDS
    assert sum(lengths) == len(stripped()[1])
    assert len(restored()) >= len(real_ends()) * 0.7


def test_restored_boundaries_beat_evenly_spaced_ones() -> None:
    found, truth = _ends(restored()), real_ends()
    words = len(stripped()[1])
    even = [round((k + 1) * words / len(found)) - 1 for k in range(len(found))]
    precision, recall = _near(found, truth), _near(truth, found)
    assert precision > _near(even, truth) + 0.1
    assert recall > _near(truth, even) + 0.1
    assert precision >= 0.3 and recall >= 0.4


@pytest.mark.parametrize("narration", ["stripped", "punctuated"])
def test_transcript_has_paragraphs_and_vtt_a_cue_per_sentence(narration: str) -> None:
    source = stripped()[0] if narration == "stripped" else captions()
    transcript = build_transcript(source, ())
    sentences = transcript.sentences()
    paragraphs = [p for c in transcript.chapters for p in c.paragraphs]
    assert len(paragraphs) >= len(transcript.chapters) * 2
    assert captions_vtt(transcript).count(" --> ") == len(sentences) > 100
