"""The page registry: every kind of page an edition has, in nav order, as Python-Markdown registers
its processors.

A page kind is a name, a ``render(model) -> Iterable[Page]`` function and the sources it needs; the
registry keeps kinds by priority (highest first), which is also the order of the essay's nav. Adding
a kind of page is one module with a render function plus one :meth:`PageRegistry.register` line in
:func:`default_kinds`. A kind whose sources an edition lacks (an essay without captions has no
narration pages) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..model import EditionModel, Page

Render = Callable[[EditionModel], Iterable[Page]]


@dataclass(frozen=True)
class PageKind:
    """One kind of page: its name, how it renders from the model and which optional sources it needs."""

    name: str
    render: Render
    needs: tuple[str, ...] = ()  # "captions", "podcast", "summaries": optional sources the kind reads
    priority: float = 0.0

    def applies(self, model: EditionModel) -> bool:
        """Return whether the model has every optional source this kind needs."""
        return all(model.has(source) for source in self.needs)


class PageRegistry:
    """Page kinds by name, iterated from the highest priority to the lowest."""

    def __init__(self) -> None:
        self._kinds: dict[str, PageKind] = {}

    def register(self, name: str, render: Render, priority: float, needs: tuple[str, ...] = ()) -> None:
        """Add (or replace) the kind ``name``; a higher ``priority`` comes earlier in the nav."""
        self._kinds[name] = PageKind(name, render, needs, priority)

    def deregister(self, name: str) -> None:
        """Remove the kind ``name``; raise KeyError if there is none."""
        del self._kinds[name]

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def __iter__(self) -> Iterator[PageKind]:
        return iter(sorted(self._kinds.values(), key=lambda k: -k.priority))

    def render(self, model: EditionModel) -> list[Page]:
        """Return every page of the edition, kind by kind in priority order."""
        return [page for kind in self if kind.applies(model) for page in kind.render(model)]


def default_kinds() -> PageRegistry:
    """Return the registry of every page kind an edition has."""
    from . import (
        claims_pages,
        comments,
        differences,
        entity_pages,
        essay_pages,
        home,
        index_pages,
        ledger,
        review,
        tag_pages,
        transcript_pages,
    )

    kinds = PageRegistry()
    kinds.register("home", home.pages, 100)
    kinds.register("essay-index", index_pages.essay_pages, 91)
    kinds.register("essay", essay_pages.pages, 90)
    kinds.register("narration-index", index_pages.narration_pages, 81, needs=("captions",))
    kinds.register("youtube-transcript", transcript_pages.youtube_pages, 80, needs=("captions",))
    kinds.register("podcast-transcript", transcript_pages.podcast_pages, 79, needs=("captions", "podcast"))
    kinds.register("differences", differences.pages, 78, needs=("captions",))
    kinds.register("ledger", ledger.pages, 70)
    kinds.register("claims", claims_pages.pages, 60, needs=("summaries",))
    kinds.register("people", entity_pages.people_pages, 50)
    kinds.register("glossary", entity_pages.glossary_pages, 49)
    kinds.register("tags", tag_pages.pages, 40)
    kinds.register("comments", comments.pages, 30)
    kinds.register("review", review.pages, 10)
    return kinds
