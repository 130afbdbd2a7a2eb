"""Retired ids: passages that disappeared from the essay, and where their text went.

A shared link must keep working after the text changes. The id registry keeps every id it ever
gave; one whose passage is gone is *retired*. For each we find the current passage that carries
most of its text (rapidfuzz edit and partial similarity), so the old anchor can say where the text went.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from ..model import RetiredPassage, SectionRecord
from .ids import IdRegistry

__all__ = ["RetiredPassage", "SUCCESSOR_THRESHOLD", "retired_passages"]

SUCCESSOR_THRESHOLD = 75.0  # similarity (0-100) that counts as "the text went there"


def _similarity(old: str, new: str) -> float:
    """Edit similarity, or how well ``old`` fits inside ``new`` when it was merged into a longer passage."""
    if len(old) < len(new):
        return max(fuzz.ratio(old, new), fuzz.partial_ratio(old, new))
    return fuzz.ratio(old, new)


def retired_passages(registry: IdRegistry, sections: Sequence[SectionRecord], prefix: str = "") -> list[RetiredPassage]:
    """Return every retired paragraph and sentence id with the current passage its text went to.

    The registry keeps urls without the essay's prefix; the passages returned carry it.
    """
    candidates = [(p.url, p.paragraph.text) for s in sections for p in s.paragraphs]
    candidates += [(f"{p.page_url}#{x.id}", x.text) for s in sections for p in s.paragraphs for x in p.sentences]
    out = []
    for kind in ("paragraphs", "sentences"):
        for key, entry in sorted(registry.entries(kind).items()):
            if not entry.retired or not entry.url:
                continue
            best = max(candidates, key=lambda c: _similarity(entry.text, c[1]), default=None)
            good = best is not None and _similarity(entry.text, best[1]) >= SUCCESSOR_THRESHOLD
            out.append(RetiredPassage(key, entry.text, prefix + entry.url, best[0] if good and best else None,
                                      best[1] if good and best else None))
    return out
