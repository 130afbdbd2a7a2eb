"""The parsed sources: the essay and its layout, the captions, the podcast transcript, the summaries,
and the curated ASR corrections that apply to the narration's two transcripts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ._base import Span, _span

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
    published: str
    span: Span | None = _span()

    def paragraphs(self) -> list[Paragraph]:
        """Return every body paragraph in essay order."""
        return [p for s in self.sections for p in s.paragraphs]


@dataclass(frozen=True)
class CueWord:
    """A word of a caption cue with the second it starts, as the captions state it (json3 segments,
    the ``<00:00:01.234>`` stamps of rolling WebVTT auto-captions)."""

    start: float
    text: str


@dataclass(frozen=True)
class CaptionCue:
    """One caption cue: its start second, its end, its raw text and, when the captions give them,
    its words' own start times (``words``; empty when only the cue is timed). When ``words`` is given,
    ``text`` is those words joined by single spaces."""

    start: float
    end: float
    text: str
    words: tuple[CueWord, ...] = ()
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
    duration: float | None = None  # the video's length in seconds, when its details state it
    span: Span | None = _span()


@dataclass(frozen=True)
class PodcastLine:
    """One line of the podcast transcript, its text exactly as in the source."""

    text: str
    span: Span | None = _span()


@dataclass(frozen=True)
class PodcastTranscript:
    """The podcast transcript file: show, episode title and date, listed chapters and its lines."""

    show: str
    title: str
    date: str
    chapters: tuple[Chapter, ...]
    lines: tuple[PodcastLine, ...]
    span: Span | None = _span()


CorrectionSource = Literal["captions", "podcast"]


CorrectionScope = Literal["speech", "chapters"]


@dataclass(frozen=True)
class Correction:
    """A curated ASR correction: words a transcript got wrong, what was said, and which file it fixes."""

    wrong: str
    right: str
    source: CorrectionSource
    scope: CorrectionScope = "speech"
    note: str | None = None
    span: Span | None = _span()


@dataclass(frozen=True)
class SourceLine:
    """One item of a summary source (a key point, key claim, tag or prose paragraph) and its line."""

    text: str
    span: Span | None = _span()


@dataclass(frozen=True)
class Summary:
    """The third-party TL;DR summary: front-matter facts, its key points and its prose body."""

    title: str
    blog_url: str
    key_points: tuple[SourceLine, ...]
    key_topics: tuple[SourceLine, ...]  # the "Key Topics Discussed" body, one item per paragraph
    span: Span | None = _span()


@dataclass(frozen=True)
class KnowledgeNote:
    """The knowledge-base note: its validation facts, summary paragraph, key claims and tags."""

    title: str
    last_validated: str
    decay_rate: str
    summary: SourceLine
    key_claims: tuple[SourceLine, ...]
    tags: tuple[SourceLine, ...]  # without the leading '#'
    span: Span | None = _span()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuoteRule(_Strict):
    """A block quote: the paragraph introducing it and who is quoted."""

    intro: str
    attribution: str


class FootnoteRule(_Strict):
    """A footnote marker: the words it follows and the mark itself."""

    after: str
    mark: str


class CommentRule(_Strict):
    """The opening words of one reader comment."""

    starts: str


class VideoRule(_Strict):
    """The narration video's facts when no ``.info.json`` gives them (captions files carry none)."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{11}$")
    title: str = ""
    date: str | None = None


class EssayLayout(_Strict):
    """Curated layout and settings of one essay (``data/essay_layout.yaml``).

    For a plain-text essay it says what the text cannot (title, headings, quotes…); for a Markdown
    essay the front matter says that, and only the settings below the layout fields are read.
    ``review: required`` makes every unreviewed forecast candidate a build warning (``--strict``
    fails); the default, ``queue``, lists them on the review page instead.
    """

    title: str = ""
    subtitle: str = ""
    author: str = ""
    published: str = ""
    source_url: str = ""
    thesis: str | None = None
    headings: list[str] = []
    quotes: list[QuoteRule] = []
    footnotes: list[FootnoteRule] = []
    comments: list[CommentRule] = []
    review: Literal["required", "queue"] = "queue"
    video: VideoRule | None = None
