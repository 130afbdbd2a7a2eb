"""Retired ids: passages that disappeared from the essay, what happened to them, and where their text went.

A shared link must keep working after the text changes. The id registry keeps every id it ever
gave; one whose passage is gone is *retired*. For each, the current passages of the same kind that
hold its words (:mod:`.overlap`) tell what happened, so the old anchor can say so honestly:

- **merged**: one current passage holds nearly all the old words and is much longer;
- **split**: two or more current passages are each made of old words and together hold most of them;
- **shortened**: one current passage made of old words holds a good part of them, and is shorter;
- **reworded**: one current passage is close to the old text in wording (edit similarity);
- **removed**: none of these: the text is gone.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from ..model import RetiredPassage, SectionRecord
from ..normalize import fold
from .ids import IdRegistry
from .overlap import OverlapIndex

__all__ = ["RetiredPassage", "REWORDED", "moved_sections", "retired_passages"]

REWORDED = 60.0  # edit similarity (0-100) of a reworded passage; below the 75 that keeps an id
MADE_OF_OLD = 0.8  # share of a passage's words that are old words, for it to be a part of the old text
MERGED_HOLDS = 0.8  # share of the old words a merged passage holds
SPLIT_HOLDS = 0.6  # share of the old words the parts of a split hold together
SHORTENED_HOLDS = 0.35  # share of the old words a shortened passage keeps


def retired_passages(registry: IdRegistry, sections: Sequence[SectionRecord], prefix: str = "") -> list[RetiredPassage]:
    """Return every retired paragraph and sentence id with what happened to it and where its text went.

    The registry keeps urls without the essay's prefix; the passages returned carry it.
    """
    paragraphs = [(p.url, p.paragraph.text) for s in sections for p in s.paragraphs]
    sentences = [(f"{p.page_url}#{x.id}", x.text) for s in sections for p in s.paragraphs for x in p.sentences]
    sentences_of = {p.url: [(f"{p.page_url}#{x.id}", x.text) for x in p.sentences] for s in sections for p in s.paragraphs}
    out = []
    for kind, current in (("paragraphs", paragraphs), ("sentences", sentences)):
        retired = sorted((key, e) for key, e in registry.entries(kind).items() if e.retired and e.url)
        if not retired:
            continue
        index = OverlapIndex([text for _, text in current])
        for key, entry in retired:
            what, went = _classify(entry.text, current, index)
            if what == "merged" and kind == "paragraphs":  # point at the sentences that now hold it
                went = _holding_sentences(entry.text, sentences_of.get(went[0][0], [])) or went
            first = went[0] if went else (None, None)
            out.append(RetiredPassage(key, entry.text, prefix + entry.url, first[0], first[1], what, tuple(went)))
    return out


def _holding_sentences(old: str, sentences: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The sentences of a paragraph that hold the old text's words, when together they hold nearly all."""
    index = OverlapIndex([text for _, text in sentences])
    parts = sorted((o for o in index.overlaps(old) if o.of_new >= MADE_OF_OLD), key=lambda o: o.index)
    return [sentences[o.index] for o in parts] if sum(o.of_old for o in parts) >= MERGED_HOLDS else []


def _classify(old: str, current: Sequence[tuple[str, str]], index: OverlapIndex) -> tuple[str, list[tuple[str, str]]]:
    """Return what happened to the old text (merged, split, shortened, reworded, removed) and where it went."""
    overlaps = index.overlaps(old)
    if overlaps:
        best = overlaps[0]
        if best.of_old >= MERGED_HOLDS and best.of_new < MADE_OF_OLD:
            return "merged", [current[best.index]]
        parts = sorted((o for o in overlaps if o.of_new >= MADE_OF_OLD), key=lambda o: o.index)
        if len(parts) >= 2 and sum(o.of_old for o in parts) >= SPLIT_HOLDS:
            return "split", [current[o.index] for o in parts]
        if best.of_new >= MADE_OF_OLD and SHORTENED_HOLDS <= best.of_old < MERGED_HOLDS:
            return "shortened", [current[best.index]]
    reworded = max(((fuzz.ratio(fold(old), fold(current[o.index][1])), o) for o in overlaps[:10]),
                   key=lambda pair: pair[0], default=None)
    if reworded is not None and reworded[0] >= REWORDED:
        return "reworded", [current[reworded[1].index]]
    return "removed", []


def moved_sections(registry: IdRegistry, sections: Sequence[SectionRecord], prefix: str = "") -> dict[str, str]:
    """Return, per retired section id, the page its passages went to (following renamed sections'
    successors), or the essay's home when the section is gone."""
    pages = {s.id: s.page_url for s in sections}
    entries = registry.entries("sections")
    out = {}
    for key, entry in sorted(entries.items()):
        if not entry.retired:
            continue
        successor, hops = entry.successor, 0
        while successor in entries and successor not in pages and hops < len(entries):
            successor, hops = entries[successor].successor, hops + 1
        out[key] = pages.get(successor or "", prefix)
    return out
