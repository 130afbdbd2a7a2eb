"""Pages that span every essay of a site: the library (the root page of a multi-essay site) and the
table of each essay's data exports that the hand-written data page shows.

Pure: editions' metadata in, Markdown out. Every value from a source is escaped by the templates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import LibraryEntry
from .front_matter import front_matter
from .templating import render

__all__ = ["EXPORT_DESCRIPTIONS", "EXPORT_MARKER", "LibraryEntry", "exports_table", "library_page"]

EXPORT_MARKER = "<!-- essay-edition: exports -->"
"""Where a hand-written page wants the table of every essay's export files (see :func:`exports_table`)."""

EXPORT_DESCRIPTIONS = {
    "essay.json": "The essay: sections, paragraphs, sentences, their ids and narration times",
    "essay-sync.vtt": "When each essay sentence and word is spoken: WebVTT metadata cues (SyncLite-style)",
    "transcript.json": "The narration restored into timed, corrected sentences",
    "captions.vtt": "The same sentences as WebVTT captions",
    "podcast.json": "The podcast transcript's lines, timed against the captions",
    "predictions.json": "The predictions ledger",
    "predictions.csv": "The predictions ledger as CSV, same columns",
    "predictions.ics": "Every forecast's next review date as a calendar (iCalendar)",
    "predictions.atom": "The ledger's reviews and status changes as an Atom feed",
}
"""Every export file an edition can write under ``<prefix>data/``, with what it holds, in table order."""


def library_page(entries: Sequence[LibraryEntry]) -> str:
    """Return the site's root page when it holds several essays: one card per essay, in the given order."""
    return front_matter({
        "title": "Library",
        "description": f"{len(entries)} essays, each by section, timed to its narration, with a predictions ledger.",
    }) + render("library.md", entries=entries)


def exports_table(page_url: str, essays: Sequence[tuple[str, str]], sizes: Mapping[str, int]) -> str:
    """Return the Markdown table of export files, linked relative to ``page_url`` (a site URL ending in ``/``).

    ``essays`` are (essay title, URL prefix) per essay; ``sizes`` maps a file's site path to its
    bytes. One essay gets a row per file; several get a row per file with a link for each essay.
    Files no essay wrote (an edition without captions has no transcript) are left out.
    """
    written = {path.rsplit("/", 1)[-1] for path in sizes}
    files = [(name, what) for name, what in EXPORT_DESCRIPTIONS.items() if name in written]
    return render("exports_table.md", page_url=page_url, essays=essays, sizes=sizes, files=files, size=_size)


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"
