"""The typed model every stage shares: parsed sources in, enriched records out.

Model objects carry their source position (``span``) as a field excluded from equality, so errors
can point at the source while tests compare content only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Span:
    """Where a model object came from: a file path and a 1-based line number."""

    path: str
    line: int


def _span() -> Span | None:
    return field(default=None, compare=False, repr=False)  # type: ignore[return-value]


ParagraphKind = Literal["text", "quote"]


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph of the essay, its text exactly as in the source."""

    text: str
    kind: ParagraphKind = "text"
    attribution: str | None = None  # for quotes: who is quoted (curated)
    footnote_marks: tuple[str, ...] = ()  # e.g. ("1",) for "…wages a year)1"
    span: Span | None = _span()


@dataclass(frozen=True)
class Section:
    """A section of the essay: its heading and its paragraphs in order."""

    title: str
    paragraphs: tuple[Paragraph, ...]
    span: Span | None = _span()


@dataclass(frozen=True)
class Footnote:
    """A footnote marker found in the essay; its text is absent from the source."""

    mark: str
    anchor_text: str  # the words the marker is attached to
    text: str | None = None  # None: the source does not contain the note's text
    span: Span | None = _span()


@dataclass(frozen=True)
class Comment:
    """A reader comment printed after the essay: not part of the essay."""

    paragraphs: tuple[str, ...]
    span: Span | None = _span()


@dataclass(frozen=True)
class Essay:
    """The parsed essay: title, subtitle, sections, footnotes and the reader comments kept apart."""

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]
    comments: tuple[Comment, ...]
    published: str = "2025-12-23"
    span: Span | None = _span()

    def paragraphs(self) -> list[Paragraph]:
        """Return every body paragraph in essay order."""
        return [p for s in self.sections for p in s.paragraphs]


@dataclass(frozen=True)
class TimedWord:
    """One spoken word with the second it starts (interpolated inside its caption cue)."""

    text: str
    start: float
    cue_index: int = 0


@dataclass(frozen=True)
class CaptionCue:
    """One auto-caption cue: its start second, its end (the next cue's start) and its raw text."""

    start: float
    end: float
    text: str
    span: Span | None = _span()


@dataclass(frozen=True)
class Chapter:
    """A chapter of a narration as listed in a header: its start second and title."""

    start: float
    title: str
    span: Span | None = _span()


@dataclass(frozen=True)
class Reference:
    """A linked reference listed in the narration's header (an author, a title, a URL)."""

    label: str
    url: str
    span: Span | None = _span()


@dataclass(frozen=True)
class Captions:
    """The YouTube narration's captions file: header facts, chapters, references and cues."""

    video_url: str
    video_id: str
    title: str
    cues: tuple[CaptionCue, ...]
    chapters: tuple[Chapter, ...] = ()
    references: tuple[Reference, ...] = ()
    views: int | None = None
    date: str | None = None
    span: Span | None = _span()
