"""Sentence splitting: pysbd window by window gives what pysbd gives for the whole text, with exact offsets."""

from __future__ import annotations

import random
from pathlib import Path

import pysbd
import pytest

from essay_edition.enrich.sentences import segment_text, sentence_spans
from essay_edition.parse.captions import parse_captions
from essay_edition.parse.summaries import parse_summary

ROOT = Path(__file__).resolve().parent.parent


def whole(text: str) -> list[str]:
    return pysbd.Segmenter(language="en", clean=False).segment(text)


def _texts() -> dict[str, str]:
    captions_path = ROOT / "sources/youtube-captions.txt"
    captions = parse_captions(captions_path.read_text(encoding="utf-8"), str(captions_path))
    summary_path = ROOT / "sources/summary-tldr.txt"
    summary = parse_summary(summary_path.read_text(encoding="utf-8"), str(summary_path))
    return {
        "essay": (ROOT / "sources/essay.txt").read_text(encoding="utf-8"),
        "podcast": (ROOT / "sources/podcast-transcript.txt").read_text(encoding="utf-8"),
        "narration": " ".join(cue.text.replace('"', "") for cue in captions.cues),
        "summary": " ".join(line.text for line in summary.key_topics),
    }


TEXTS = _texts()


@pytest.mark.parametrize("window", [150, 400, 1000])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_windows_give_the_whole_text_sentences(name: str, window: int) -> None:
    text = TEXTS[name]
    assert len(text) > 3 * window or name == "summary"
    assert segment_text(text, window) == whole(text)


def test_a_quotation_across_a_window_edge_is_not_split() -> None:
    # pysbd does not split inside quotation marks; a window edge inside one must not either.
    quoted = "“" + " ".join(f"Point number {i} is made here." for i in range(30)) + "”"
    text = f"He said, {quoted} Then he left. The end is near."
    assert segment_text(text, 120) == whole(text)
    assert any("Point number 29" in piece and "Point number 0" in piece for piece in segment_text(text, 120))


def test_a_sentence_longer_than_the_window_is_kept_whole() -> None:
    long_sentence = "This sentence goes on " + "and on " * 200 + "until it stops."
    text = f"{long_sentence} A short one follows. {long_sentence}"
    assert segment_text(text, 100) == whole(text)


def test_perturbed_texts_agree_with_whole_text_pysbd() -> None:
    """Sentences of the real sources shuffled and re-joined: the windowed split still agrees."""
    rng = random.Random(9)
    pieces = [s.strip() for name in ("essay", "narration") for s in whole(TEXTS[name]) if s.strip()]
    for _ in range(5):
        rng.shuffle(pieces)
        text = " ".join(pieces[:120])
        assert segment_text(text, 300) == whole(text)


def test_sentence_spans_are_exact_and_cover_the_text() -> None:
    text = TEXTS["narration"]
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [s.strip() for s in whole(text) if s.strip()]
    assert all(b <= c for (_, b), (c, _) in zip(spans, spans[1:]))
    assert text[spans[-1][1]:].strip() == ""


def test_empty_and_blank_text() -> None:
    assert segment_text("") == []
    assert sentence_spans("   ") == ()
