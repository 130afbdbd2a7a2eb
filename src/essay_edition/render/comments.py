"""The reader-comments page: what readers wrote under the essay, marked as not part of it."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import EditionModel, Page
from .front_matter import front_matter
from .templating import render

META = {"title": "Reader comments", "description": "Comments readers left under the essay."}


def comments_page(m: EditionModel) -> str:
    """Return the Markdown source of the reader-comments page."""
    return front_matter(dict(META)) + render("comments.md", author=m.layout.author or "the author",
                                             comments=m.essay.comments)


def pages(m: EditionModel) -> Iterable[Page]:
    """Return the reader-comments page when the essay source carries comments."""
    if m.essay.comments:
        yield Page(f"{m.prefix}comments.md", comments_page(m), ("Reader comments",))
