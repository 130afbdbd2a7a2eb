"""The essay's enriched records: sections, paragraphs and sentences with their stable ids, urls and
narration times; retired ids and what became of them; what cites each paragraph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .narration import NarrationTiming, WordTiming
from .sources import Paragraph


@dataclass(frozen=True)
class SentenceRecord:
    """A sentence of an essay paragraph: its stable id, character offsets in the paragraph, and when
    it and its words are narrated (``narration`` None: not narrated; ``words`` empty then)."""

    id: str
    start: int
    end: int
    text: str
    narration: NarrationTiming | None = None
    words: tuple[WordTiming, ...] = ()


@dataclass(frozen=True)
class ParagraphRecord:
    """An essay paragraph enriched with its stable id, page url, sentences and narration time."""

    id: str
    section_id: str
    paragraph: Paragraph
    page_url: str
    sentences: tuple[SentenceRecord, ...] = ()
    narration: NarrationTiming | None = None
    narration_confidence: float | None = None  # when not narrated: how sure we are that it is skipped

    @property
    def url(self) -> str:
        """Return the site-relative URL of this paragraph (page URL plus ``#id``)."""
        return f"{self.page_url}#{self.id}"


@dataclass(frozen=True)
class SectionRecord:
    """A section enriched with its stable id, page path and url, and its paragraph records."""

    id: str
    title: str
    number: int
    page_path: str
    page_url: str
    paragraphs: tuple[ParagraphRecord, ...]
    narration: NarrationTiming | None = None


RetiredKind = Literal["reworded", "shortened", "split", "merged", "removed"]


@dataclass(frozen=True)
class RetiredPassage:
    """An id whose passage is gone: its last text, the page it lived on, what happened to it and the
    current passages its text went to (url, text), in essay order."""

    id: str
    text: str
    page_url: str
    successor_url: str | None
    successor_text: str | None
    kind: RetiredKind = "removed"
    successors: tuple[tuple[str, str], ...] = ()


CitationKind = Literal["claim", "forecast", "narration", "podcast"]


@dataclass(frozen=True)
class Citation:
    """One thing that points at an essay paragraph (a backlink): a claim resting on it, a forecast made
    in it, or a narration sentence or podcast line that speaks it."""

    kind: CitationKind
    id: str  # the claim's, forecast's, transcript sentence's or podcast line's id
    text: str  # the claim, the forecast's title, the sentence or the line
    verdict: str | None = None  # claims: how the essay bears the claim out
    source: str | None = None  # claims: "summary" or "note"
    status: str | None = None  # forecasts: open, came true, …
    start: float | None = None  # narration and podcast: seconds into the narration
    end: float | None = None
