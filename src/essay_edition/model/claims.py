"""The summaries' statements checked against the essay, and the people, works and terms it names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..errors import DataWarning
from ._base import Span, _span
from .sources import KnowledgeNote, Summary

ClaimSource = str
"""The manifest key of the summary or note a claim comes from: ``summary``, ``note``, ``summary-<name>``, …"""


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
class SummarySource:
    """One summary or knowledge note of the essay, as the pages name it."""

    key: ClaimSource  # its manifest key, which its claims carry as their ``source``
    heading: str  # "TL;DR summary", "Knowledge note (kb)": what a heading calls it
    name: str  # "the TL;DR summary": what a sentence calls it
    document: Summary | KnowledgeNote


@dataclass(frozen=True)
class ClaimsModel:
    """The summaries' statements checked against the essay: what the claim and comparison pages show."""

    sources: tuple[SummarySource, ...]  # summaries first, then notes, each in manifest-key order
    claims: list[LinkedClaim]
    left_out: dict[str, list[str]]  # by source key: the titles of the sections none of its claims rests on
    warnings: list[DataWarning]

    def source(self, key: ClaimSource) -> SummarySource:
        """Return the summary or note a claim's ``source`` key names."""
        return next(s for s in self.sources if s.key == key)

    @property
    def source_names(self) -> dict[ClaimSource, str]:
        """What a sentence calls each summary or note ("the knowledge note"), by key."""
        return {s.key: s.name for s in self.sources}

    @property
    def tags(self) -> list[str]:
        """Return the topic tags every knowledge note gives, in order, each once."""
        notes = [s.document for s in self.sources if isinstance(s.document, KnowledgeNote)]
        return list(dict.fromkeys(t.text for n in notes for t in n.tags))
