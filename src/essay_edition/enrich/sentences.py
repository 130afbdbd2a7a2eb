"""Split essay paragraphs into sentences with pysbd, keeping exact character offsets.

pysbd handles abbreviations, quotes and decimals; we only trim the whitespace it leaves at span
edges, so that ``text[start:end]`` of every span is the sentence and the spans cover the text.
"""

from __future__ import annotations

from functools import lru_cache

import pysbd


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


@lru_cache(maxsize=4096)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return ``(start, end)`` offsets of each sentence of ``text``, in order, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(text):
        found = text.find(piece.sent.strip(), cursor)
        if found < 0:  # pysbd altered the text; fall back to its own offsets
            found = max(piece.start, cursor)
        start = found
        end = start + len(piece.sent.strip())
        if end > start:
            spans.append((start, end))
            cursor = end
    if not spans and text.strip():
        spans.append((len(text) - len(text.lstrip()), len(text.rstrip())))
    return tuple(spans)


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` (exact substrings, in order)."""
    return [text[a:b] for a, b in sentence_spans(text)]
