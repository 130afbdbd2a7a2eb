"""The review page: what the build left for an editor to decide (unreviewed forecasts, weak claims).

It is built with every edition but kept out of the nav and the search index: readers never meet it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import EditionModel, Page
from .front_matter import NOT_IN_SEARCH, front_matter
from .templating import render

META = {"title": "Review queue", "description": "What the build left for an editor to review."}


@dataclass(frozen=True)
class ReviewItem:
    """One thing to review: where it comes from and what to decide."""

    where: str
    message: str


def review_items(m: EditionModel) -> list[ReviewItem]:
    """Return every open review item of the edition: what must be decided, then suggestions."""
    return [ReviewItem(w.path if w.line is None else f"{w.path}:{w.line}", w.message) for w in [*m.warnings, *m.review, *m.suggestions]]


def pages(m: EditionModel) -> Iterable[Page]:
    """Return the review page (outside the nav and the search index)."""
    fm = front_matter({**META, **NOT_IN_SEARCH})
    yield Page(f"{m.prefix}review.md", fm + render("review.md", items=review_items(m)))
