"""What the narration adds to the essay: its unaligned passages, classified as lead-in, aside or outro."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Addition, SectionRecord
from .align import Alignment

MIN_ADDITION_WORDS = 4  # shorter unclaimed runs are connectives ("Now,", "So", "And")
LEAD_IN_GAP = 2.5  # seconds: an addition ending this close before a section's first words leads into it


def classify_additions(alignment: Alignment, sections: Sequence[SectionRecord]) -> list[Addition]:
    """Return the narration's additions of at least MIN_ADDITION_WORDS words, each classified."""
    starts = sorted((p.narration.start, s.id, p.id) for s in sections for p in s.paragraphs if p.narration)
    first_of_section = {min((p.narration.start for p in s.paragraphs if p.narration), default=-1.0): s.id
                        for s in sections}
    last_end = max((p.narration.end for s in sections for p in s.paragraphs if p.narration), default=0.0)
    out = []
    for span in alignment.unaligned:
        if len(span.text.split()) < MIN_ADDITION_WORDS:
            continue
        following = next((item for item in starts if item[0] >= span.end - 0.05), None)
        if span.start >= last_end - 0.05:
            out.append(Addition(span, "outro", None))
        elif following and following[0] in first_of_section and following[0] - span.end < LEAD_IN_GAP:
            out.append(Addition(span, "lead-in", following[1]))
        else:
            out.append(Addition(span, "aside", following[1] if following else None))
    return out
