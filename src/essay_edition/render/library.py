"""Pages that span every essay of a site: the library (the root page of a multi-essay site) and the
table of each essay's data exports that the hand-written data page shows.

Pure: editions' metadata in, Markdown out. Every value from a source is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .essay_pages import front_matter, relative
from .text import html_text, md_inline

EXPORT_MARKER = "<!-- essay-edition: exports -->"
"""Where a hand-written page wants the table of every essay's export files (see :func:`exports_table`)."""

EXPORT_DESCRIPTIONS = {
    "essay.json": "The essay: sections, paragraphs, sentences, their ids and narration times",
    "transcript.json": "The narration restored into timed, corrected sentences",
    "captions.vtt": "The same sentences as WebVTT captions",
    "podcast.json": "The podcast transcript's lines, timed against the captions",
    "predictions.json": "The predictions ledger",
    "predictions.csv": "The predictions ledger as CSV, same columns",
}
"""Every export file every edition writes under ``<prefix>data/``, with what it holds, in table order."""


@dataclass(frozen=True)
class LibraryEntry:
    """What the library page shows of one essay: its words and where its pages are."""

    title: str
    subtitle: str
    author: str
    published: str
    prefix: str  # the essay's URL prefix, "" or ending in "/"
    sections: int
    predictions: int


def library_page(entries: Sequence[LibraryEntry]) -> str:
    """Return the site's root page when it holds several essays: one card per essay, in the given order."""
    cards = []
    for entry in entries:
        home = entry.prefix or "./"
        cards.append(
            f'<li class="library-card"><a class="library-title" href="{html_text(home)}">{html_text(entry.title)}</a>'
            f'<p class="library-subtitle">{html_text(entry.subtitle)}</p>'
            f'<p class="library-meta">{html_text(entry.author)} · <time datetime="{html_text(entry.published)}">'
            f'{html_text(entry.published)}</time> · {entry.sections} sections · {entry.predictions} predictions</p></li>'
        )
    count = len(entries)
    return front_matter({
        "title": "Library",
        "description": f"{count} essays, each by section, timed to its narration, with a predictions ledger.",
    }) + f"# Library\n\n<p>{count} essays in this edition.</p>\n\n<ul class=\"library\">\n" + \
        "\n".join(cards) + "\n</ul>\n"


def exports_table(page_url: str, prefixes: Sequence[tuple[str, str]], sizes: dict[str, int]) -> str:
    """Return the Markdown table of export files, linked relative to ``page_url`` (a site URL ending in ``/``).

    ``prefixes`` are (essay title, URL prefix) per essay; ``sizes`` maps a file's site path to its
    bytes. One essay gets a row per file; several get a row per file with a link for each essay.
    """
    def link(prefix: str, name: str, label: str) -> str:
        path = f"{prefix}data/{name}"
        size = sizes.get(path)
        shown = f" ({_size(size)})" if size is not None else ""
        return f'<a href="{html_text(relative(page_url, path))}">{label}</a>{shown}'

    if len(prefixes) == 1:
        prefix = prefixes[0][1]
        rows = [f"| {link(prefix, name, f'<code>{name}</code>')} | {html_text(what)} |"
                for name, what in EXPORT_DESCRIPTIONS.items()]
        return "| File | What it holds |\n|---|---|\n" + "\n".join(rows) + "\n"
    rows = []
    for name, what in EXPORT_DESCRIPTIONS.items():
        # md_inline: a title is escaped for the Markdown table cell too (a "|" would split it).
        links = ", ".join(link(prefix, name, md_inline(title)) for title, prefix in prefixes)
        rows.append(f"| <code>{name}</code> | {html_text(what)} | {links} |")
    return "| File | What it holds | Per essay |\n|---|---|---|\n" + "\n".join(rows) + "\n"


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"
