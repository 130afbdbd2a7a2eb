"""Render a text with nested HTML annotations (sentences, marks, terms) while escaping every character.

Annotations are character ranges with an opening and a closing tag and a rank: lower ranks nest
outside higher ones. A zero-width annotation (``start == end``) is an insertion: its tags are
emitted at that position, after any element ending there has closed. An annotation that crosses the boundary of an outer one is split in two, so
the output is always well nested. Stripping the tags and unescaping the output gives the text back.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from .text import html_text


@dataclass(frozen=True)
class Annotation:
    """Wrap ``text[start:end]`` in ``open_tag``…``close_tag``; ``rank`` orders nesting (outer first)."""

    start: int
    end: int
    open_tag: str
    close_tag: str
    rank: int = 0


def _split(ann: Annotation, cuts: Iterable[int]) -> list[Annotation]:
    points = sorted({c for c in cuts if ann.start < c < ann.end})
    bounds = [ann.start, *points, ann.end]
    return [Annotation(a, b, ann.open_tag, ann.close_tag, ann.rank) for a, b in zip(bounds, bounds[1:])]


def _nested(annotations: Iterable[Annotation]) -> list[Annotation]:
    """Split annotations so that no two cross; among equal ranks, a later overlapping one is cut.

    Linear after sorting: annotations come by rank, then start. Within a rank the accepted ones do
    not overlap, so their starts and ends both rise and a newcomer can only overlap the last one;
    an annotation is cut at the boundaries of the outer (lower) ranks that fall inside it, found by
    bisection in their sorted boundaries.
    """
    placed: list[Annotation] = []
    outer: list[int] = []  # sorted boundaries of every lower rank placed so far
    rank: int | None = None
    last_end = -1  # end of the last accepted annotation of the current rank
    for ann in sorted(annotations, key=lambda a: (a.rank, a.start, -a.end)):
        if ann.end <= ann.start:
            continue
        if ann.rank != rank:
            outer = sorted({x for p in placed for x in (p.start, p.end)})
            rank, last_end = ann.rank, -1
        if ann.start < last_end:
            continue  # equal-rank overlap: the earlier annotation wins
        last_end = ann.end
        cuts = outer[bisect.bisect_right(outer, ann.start):bisect.bisect_left(outer, ann.end)]
        placed.extend(_split(ann, cuts))
    return placed


def annotate(text: str, annotations: Iterable[Annotation]) -> str:
    """Return ``text`` HTML-escaped with every annotation's tags inserted, well nested."""
    annotations = list(annotations)
    inserts = [a for a in annotations if a.start == a.end and 0 <= a.start <= len(text)]
    pieces = sorted(_nested(a for a in annotations if a.start != a.end) + inserts,
                    key=lambda a: (a.start, -a.end, a.rank))
    out: list[str] = []
    stack: list[Annotation] = []
    pos = 0
    for ann in pieces:
        while stack and stack[-1].end <= ann.start:
            top = stack.pop()
            out.append(html_text(text[pos:top.end]) + top.close_tag)
            pos = top.end
        out.append(html_text(text[pos:ann.start]) + ann.open_tag)
        pos = ann.start
        if ann.start == ann.end:
            out.append(ann.close_tag)
            continue
        stack.append(ann)
    while stack:
        top = stack.pop()
        out.append(html_text(text[pos:top.end]) + top.close_tag)
        pos = top.end
    out.append(html_text(text[pos:]))
    return "".join(out)
