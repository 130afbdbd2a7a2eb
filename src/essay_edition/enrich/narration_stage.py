"""The alignment stage of the build: give every essay paragraph and section its narration time.

Wraps :func:`essay_edition.enrich.align.align_paragraphs` (which never assumes essay order) and
stores the result on the section and paragraph records; a paragraph the narration skips keeps
``narration = None`` and records how sure we are that it is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import NarrationTiming, SectionRecord, TimedWord
from .align import Alignment, align_paragraphs, section_spans


def apply_alignment(sections: Sequence[SectionRecord], words: Sequence[TimedWord]) -> Alignment:
    """Align every paragraph to the timed narration words, fill the records, and return the alignment."""
    alignment = align_paragraphs([(p.id, p.paragraph.text) for s in sections for p in s.paragraphs], words)
    by_id = {t.paragraph_id: t for t in alignment.paragraphs}
    for section in sections:
        for record in section.paragraphs:
            timing = by_id[record.id]
            record.narration_confidence = timing.confidence
            if timing.start is not None and timing.end is not None:
                record.narration = NarrationTiming(timing.start, timing.end, timing.confidence)
    spans = section_spans([(s.id, [p.id for p in s.paragraphs]) for s in sections], alignment)
    for section, span in zip(sections, spans):
        if span.start is not None and span.end is not None:
            narrated = [p.narration.confidence for p in section.paragraphs if p.narration]
            section.narration = NarrationTiming(span.start, span.end, min(narrated))
    return alignment
