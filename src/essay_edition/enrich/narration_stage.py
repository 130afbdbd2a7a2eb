"""The alignment stage of the build: give every essay section, paragraph, sentence and word its narration time.

Wraps :func:`essay_edition.enrich.align.align_paragraphs` (which never assumes essay order across
sections, and takes each section's order as a prior) and :func:`essay_edition.enrich.align.time_sentences`,
and returns new records holding the results: a paragraph the narration skips has ``narration = None``
and records how sure we are that it is skipped; a sentence the narration skips keeps
``narration = None`` and no words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import NarrationTiming, ParagraphRecord, ParagraphTiming, SectionRecord, TimedWord
from .align import Alignment, align_paragraphs, section_spans, time_sentences


def apply_alignment(sections: Sequence[SectionRecord], words: Sequence[TimedWord]
                    ) -> tuple[list[SectionRecord], Alignment]:
    """Return the records with every paragraph, sentence and word timed to the narration, and the alignment."""
    alignment = align_paragraphs([(p.id, p.paragraph.text) for s in sections for p in s.paragraphs], words,
                                 [[p.id for p in s.paragraphs] for s in sections])
    by_id = {t.paragraph_id: t for t in alignment.paragraphs}
    section_timings = section_spans([(s.id, [p.id for p in s.paragraphs]) for s in sections], alignment)
    timed = []
    for section, span in zip(sections, section_timings):
        paragraphs = tuple(_timed_paragraph(record, by_id[record.id], words) for record in section.paragraphs)
        narration = None
        if span.start is not None and span.end is not None:
            narrated = [p.narration.confidence for p in paragraphs if p.narration]
            narration = NarrationTiming(span.start, span.end, min(narrated))
        timed.append(replace(section, paragraphs=paragraphs, narration=narration))
    return timed, alignment


def _timed_paragraph(record: ParagraphRecord, timing: ParagraphTiming, words: Sequence[TimedWord]) -> ParagraphRecord:
    spans = [(x.id, x.start, x.end) for x in record.sentences]
    sentences = []
    for sentence, sentence_timing in zip(record.sentences, time_sentences(record.paragraph.text, spans, timing, words)):
        if sentence_timing.start is not None and sentence_timing.end is not None:
            sentence = replace(sentence, narration=NarrationTiming(sentence_timing.start, sentence_timing.end,
                                                                   sentence_timing.confidence),
                               words=tuple(sentence_timing.words))
        sentences.append(sentence)
    narration = None
    if timing.start is not None and timing.end is not None:
        narration = NarrationTiming(timing.start, timing.end, timing.confidence)
    return replace(record, sentences=tuple(sentences), narration=narration, narration_confidence=timing.confidence)
