"""The summaries' statements checked against the essay, and the people, works and terms it names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..errors import DataWarning
from ._base import Span, _span
from .sources import KnowledgeNote, Summary

ClaimSource = Literal["summary", "note"]


ClaimKind = Literal["key-point", "key-claim", "prose"]


Verdict = Literal["supported", "partly", "misstated", "unsupported", "not-in-essay"]


@dataclass(frozen=True)
class Claim:
    """A statement a summary makes about the essay: a key point, a key claim or a prose sentence."""

    source: ClaimSource
    kind: ClaimKind
    text: str
    span: Span | None = _span()


@dataclass(frozen=True)
class Support:
    """An essay paragraph offered in support of a claim, with its 0–100 similarity score."""

    paragraph_id: str
    score: float
    curated: bool = False  # chosen in data/claim_links.yaml rather than by fuzzy matching


@dataclass(frozen=True)
class QuoteCheck:
    """A phrase a claim puts in quotation marks, and whether the essay contains it word for word."""

    quote: str
    verbatim: bool
    similarity: float = 100.0  # best rapidfuzz partial_ratio against the essay when not verbatim


@dataclass(frozen=True)
class LinkedClaim:
    """A claim checked against the essay: its stable id, verdict, supporting paragraphs and note."""

    id: str
    source: ClaimSource
    kind: ClaimKind
    text: str
    verdict: Verdict
    support: tuple[Support, ...]
    note: str = ""
    quotes: tuple[QuoteCheck, ...] = ()
    curated: bool = False  # verdict and note come from data/claim_links.yaml
    span: Span | None = _span()


EntityKind = Literal["person", "work", "term"]


@dataclass(frozen=True)
class EntityUrl:
    """A reference URL exactly as a source gives it (possibly truncated with '...')."""

    url: str
    label: str
    source: str  # the source file that gives the URL
    span: Span | None = _span()

    @property
    def truncated(self) -> bool:
        """Return True when the source shortened the address (it ends with '...')."""
        return self.url.endswith("...")


@dataclass(frozen=True)
class Entity:
    """A person, work or glossary term, with the surface forms the essay uses for it."""

    id: str
    kind: EntityKind
    name: str
    description: str  # one line; for terms, the definition
    forms: tuple[str, ...]
    urls: tuple[EntityUrl, ...] = ()
    by: str | None = None  # for a work: the id of the person it is by
    form_spans: tuple[Span, ...] = field(default=(), compare=False, repr=False)  # one per form
    span: Span | None = _span()


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity's surface form in a paragraph: ``text[start:end]``."""

    paragraph_id: str
    start: int
    end: int
    entity_id: str
    kind: EntityKind


@dataclass(frozen=True)
class ClaimsModel:
    """The summaries' statements checked against the essay: what the claim and comparison pages show."""

    summary: Summary | None
    note: KnowledgeNote | None
    claims: list[LinkedClaim]
    left_out: dict[str, list[str]]
    warnings: list[DataWarning]
