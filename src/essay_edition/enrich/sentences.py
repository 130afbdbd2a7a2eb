"""Split text into sentences with pysbd, keeping exact character offsets.

pysbd handles abbreviations, quotes and decimals; we only trim the whitespace it leaves at span
edges, so that ``text[start:end]`` of every span is the sentence and the spans cover the text.
Long texts (the narration's 14,000 characters of captions) go to pysbd window by window
(:func:`segment_text`), as pysbd's time grows faster than the length of what it is given.
"""

from __future__ import annotations

from functools import lru_cache

import pysbd
from pysbd.utils import TextSpan

WINDOW = 1000  # characters given to pysbd at once (see segment_text)


class _Segmenter(pysbd.Segmenter):
    """pysbd's segmenter, with its last step (finding each sentence's span in the text) done with
    ``str.find``: pysbd compiles every sentence as a regular expression to find it, which flooded
    Python's 512-entry regex cache and made pysbd recompile its own rules; a third of the
    pipeline's time went to regex compilation. Same spans (tests compare the two), found by hand
    because pysbd offers no other way to ask for them."""

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        text = self.original_text
        spans: list[TextSpan] = []
        prior_end = 0
        for sentence in sentences:
            if not sentence:  # an empty pattern: leave it to pysbd's own matching
                return super().sentences_with_char_spans(sentences)
            # As pysbd's re.finditer(escaped sentence + r"\s*"): non-overlapping occurrences from the
            # start, each with the whitespace after it (str.isspace is re's \s); the first one that
            # ends after the previous sentence's span is this sentence's.
            at = text.find(sentence)
            while at >= 0:
                end = at + len(sentence)
                while end < len(text) and text[end].isspace():
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[at:end], at, end))
                    prior_end = end
                    break
                at = text.find(sentence, end)
        return spans


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return _Segmenter(language="en", clean=False)


def segment_text(text: str, window: int = WINDOW) -> list[str]:
    """Return pysbd's sentences of ``text`` (``clean=False``: exact pieces), found window by window.

    pysbd rescans the whole text once for every abbreviation it meets, so its time grows with the
    square of the length: 0.19 s for the narration's 13,800 characters, against 0.07 s in windows
    of 1,000. pysbd's rules look only a few characters around a full stop, except that it never
    splits inside quotation marks or brackets; so of each window's sentences we keep those up to the
    last boundary outside any open quotation or bracket, short of the window's last sentence (which
    the window may cut), and the next window starts there. A window without such a boundary is
    doubled, up to :data:`MAX_GROWTH` times the window (or :data:`LONGEST_QUOTE`): a quotation left open that long (a stray
    mark) would otherwise make the whole text one window and the cost quadratic, so there the
    window's sentences are kept as pysbd found them. No library offers this, hence by hand; tests
    check it against whole-text pysbd.
    """
    pieces: list[str] = []
    start = 0
    while start < len(text):
        size = window
        while True:
            end = min(len(text), start + size)
            chunk = text[start:end]
            found = _segmenter().segment(chunk)
            if end == len(text):
                return pieces + found
            kept, cursor = _closed_prefix(chunk, found[:-1])
            if kept:
                break
            if size >= max(MAX_GROWTH * window, LONGEST_QUOTE) and len(found) > 1:
                kept, cursor = found[:-1], _end_of(chunk, found[:-1])
                break
            size *= 2
        pieces += kept
        start += cursor
    return pieces


_OPENERS, _CLOSERS = "“([", "”)]"
MAX_GROWTH = 4
LONGEST_QUOTE = 4000  # characters: a quotation still open after this is taken for a stray mark


def _end_of(chunk: str, pieces: list[str]) -> int:
    """The offset in ``chunk`` where the run of ``pieces`` (pysbd pieces of it, in order) ends."""
    cursor = 0
    for piece in pieces:
        at = chunk.find(piece, cursor)
        cursor = (at if at >= 0 else cursor) + len(piece)
    return cursor


def _closed_prefix(chunk: str, candidates: list[str]) -> tuple[list[str], int]:
    """The longest run of ``candidates`` (pysbd pieces of ``chunk``, in order) that ends outside every
    quotation and bracket, and the offset in ``chunk`` where it ends."""
    depth, straight, cursor, best = 0, 0, 0, (0, 0)
    for count, piece in enumerate(candidates, 1):
        at = chunk.find(piece, cursor)
        end = (at if at >= 0 else cursor) + len(piece)
        for char in chunk[cursor:end]:
            if char in _OPENERS:
                depth += 1
            elif char in _CLOSERS:
                depth = max(0, depth - 1)
            elif char == '"':
                straight ^= 1
        cursor = end
        if depth == 0 and not straight:
            best = (count, end)
    return candidates[: best[0]], best[1]


@lru_cache(maxsize=4096)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return ``(start, end)`` offsets of each sentence of ``text``, in order, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in segment_text(text):
        found = text.find(piece.strip(), cursor)
        if found < 0:  # pysbd altered the text; keep going from where the last sentence ended
            found = cursor
        start = found
        end = start + len(piece.strip())
        if end > start:
            spans.append((start, end))
            cursor = end
    if not spans and text.strip():
        spans.append((len(text) - len(text.lstrip()), len(text.rstrip())))
    return tuple(spans)


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` (exact substrings, in order)."""
    return [text[a:b] for a, b in sentence_spans(text)]
