"""Choose the essay reader by what the file holds: Markdown or plain text.

A ``.md``/``.markdown`` file is Markdown and a ``.txt`` file plain text, whatever its lines look like;
a file named otherwise is told by its marks: front matter (a first line ``---`` closed by another), an
ATX heading (``# Title``) or a footnote definition (``[^1]: …``). A plain-text essay is read
with its curated layout, or, when it has none yet, with a layout drafted from the text
(:func:`~essay_edition.parse.essay_layout_draft.draft_layout`).
"""

from __future__ import annotations

import re

from ..errors import SourceError
from ..model import Essay
from ..sources import clean_text
from .essay import EssayLayout, parse_essay
from .essay_layout_draft import draft_layout
from .essay_markdown import parse_essay_markdown

_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_NOTE_DEFINITION = re.compile(r"^\[\^[^\]\s]+\]:", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def looks_like_markdown(text: str, path: str = "") -> bool:
    """Return whether the essay is Markdown: a ``.md``/``.markdown`` file is, a ``.txt`` file is not
    (its lines may start with ``#`` or ``>`` as plain text), any other by its marks."""
    if path.lower().endswith((".md", ".markdown")):
        return True
    if path.lower().endswith(".txt"):
        return False
    return bool(_FRONT_MATTER.match(text) or _HEADING.search(text) or _NOTE_DEFINITION.search(text))


def read_essay(text: str, path: str, layout: EssayLayout | None = None,
               layout_path: str = "data/essay_layout.yaml",
               layout_lines: dict[str, int] | None = None) -> tuple[Essay, EssayLayout]:
    """Return the essay model and its layout, reading Markdown or plain text as the file holds; a plain
    text without a curated ``layout`` is read with a drafted one."""
    text = clean_text(text, path)
    if looks_like_markdown(text, path):
        return parse_essay_markdown(text, path)
    if layout is None:
        if not text.strip():
            raise SourceError(path, 1, "the essay file is empty")
        drafted, _ = draft_layout(text, path)
        layout = EssayLayout(**drafted)
        layout_path = f"the layout drafted from {path}"
    return parse_essay(text, path, layout, layout_path, layout_lines), layout
