"""The alignment stage of the build: give every essay section, paragraph, sentence and word its narration time.

Wraps :func:`essay_edition.enrich.align.align_paragraphs` (which never assumes essay order across
sections, and takes each section's order as a prior) and :func:`essay_edition.enrich.align.time_sentences`,
and stores the results on the records: a paragraph the narration skips keeps ``narration = None``
and records how sure we are that it is skipped; a sentence the narration skips keeps
``narration = None`` and no words.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import NarrationTiming, SectionRecord, TimedWord
from .align import Alignment, align_paragraphs, section_spans, time_sentences


def apply_alignment(sections: Sequence[SectionRecord], words: Sequence[TimedWord]) -> Alignment:
    """Align every paragraph and sentence to the timed narration words, fill the records, return the alignment."""
    alignment = align_paragraphs([(p.id, p.paragraph.text) for s in sections for p in s.paragraphs], words,
                                 [[p.id for p in s.paragraphs] for s in sections])
    by_id = {t.paragraph_id: t for t in alignment.paragraphs}
    for section in sections:
        for record in section.paragraphs:
            timing = by_id[record.id]
            record.narration_confidence = timing.confidence
            if timing.start is not None and timing.end is not None:
                record.narration = NarrationTiming(timing.start, timing.end, timing.confidence)
            spans = [(x.id, x.start, x.end) for x in record.sentences]
            for sentence, sentence_timing in zip(record.sentences,
                                                 time_sentences(record.paragraph.text, spans, timing, words)):
                if sentence_timing.start is not None and sentence_timing.end is not None:
                    sentence.narration = NarrationTiming(sentence_timing.start, sentence_timing.end,
                                                         sentence_timing.confidence)
                    sentence.words = list(sentence_timing.words)
    section_timings = section_spans([(s.id, [p.id for p in s.paragraphs]) for s in sections], alignment)
    for section, span in zip(sections, section_timings):
        if span.start is not None and span.end is not None:
            narrated = [p.narration.confidence for p in section.paragraphs if p.narration]
            section.narration = NarrationTiming(span.start, span.end, min(narrated))
    return alignment
