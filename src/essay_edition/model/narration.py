"""The narration enriched: timed words, the restored transcript, the timed podcast, and the alignment
of the essay to the narration (paragraph, sentence and word timings, differences, additions)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class TimedWord:
    """One spoken word with the second it starts (interpolated inside its caption cue)."""

    text: str
    start: float
    cue_index: int = 0
    exact: bool = False  # the captions state this word's time (else interpolated inside its cue)


@dataclass(frozen=True)
class NarrationTiming:
    """When a passage is spoken in the narration: seconds from the start, and how sure we are."""

    start: float
    end: float
    confidence: float


TokenKind = Literal["word", "fix", "bleep"]


@dataclass(frozen=True)
class Token:
    """A display unit of a corrected word stream: a source word, a correction of words, or a bleep.

    ``first`` and ``count`` say which source words (by index in the stream) it stands for; ``raw``
    is those words as the source has them, so the original can be shown next to a correction.
    """

    text: str
    raw: str
    first: int
    count: int = 1
    kind: TokenKind = "word"


class TokenText:
    """The two readings of anything made of tokens (a narration sentence, a podcast line)."""

    tokens: tuple[Token, ...]

    @property
    def text(self) -> str:
        """The corrected text (bleeps shown as ``[bleep]``)."""
        return " ".join(t.text for t in self.tokens)

    @property
    def raw(self) -> str:
        """The words exactly as the source has them, joined by single spaces."""
        return " ".join(t.raw for t in self.tokens)


@dataclass(frozen=True)
class Sentence(TokenText):
    """A restored sentence of the narration: a stable id, its time range and its tokens."""

    id: str
    start: float
    end: float
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class TranscriptParagraph:
    """Sentences spoken without a long pause, grouped for reading."""

    id: str
    sentences: tuple[Sentence, ...]

    @property
    def start(self) -> float:
        """When the paragraph's first sentence starts."""
        return self.sentences[0].start

    @property
    def end(self) -> float:
        """When the paragraph's last sentence ends."""
        return self.sentences[-1].end


@dataclass(frozen=True)
class TranscriptChapter:
    """A chapter of the narration: its title, listed start (header) and detected start (speech)."""

    id: str
    title: str
    listed_start: float
    start: float
    paragraphs: tuple[TranscriptParagraph, ...]


@dataclass(frozen=True)
class Transcript:
    """The narration restored from its captions: chapters of paragraphs of timed sentences."""

    video_id: str
    chapters: tuple[TranscriptChapter, ...]

    def sentences(self) -> list[Sentence]:
        """Return every sentence in spoken order."""
        return [s for c in self.chapters for p in c.paragraphs for s in p.sentences]


@dataclass(frozen=True)
class TimedPodcastLine(TokenText):
    """A podcast line with its corrected tokens and its time on the YouTube narration's clock."""

    id: str
    line: int
    start: float
    end: float
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class PodcastChapter:
    """A chapter of the podcast transcript: corrected title, listed start, detected start, lines."""

    id: str
    title: str
    raw_title: str
    listed_start: float
    start: float
    lines: tuple[TimedPodcastLine, ...]


@dataclass(frozen=True)
class TimedPodcast:
    """The podcast transcript timed against the narration, with the share of words matched."""

    title: str
    date: str
    chapters: tuple[PodcastChapter, ...]
    matched_share: float

    def lines(self) -> list[TimedPodcastLine]:
        """Return every line in order."""
        return [line for c in self.chapters for line in c.lines]


@dataclass(frozen=True)
class Addition:
    """Words the narration adds: where, what, and what kind (lead-in, aside or outro)."""

    span: NarrationSpan
    kind: str
    section_id: str | None


@dataclass(frozen=True)
class ParagraphTiming:
    """When one paragraph is narrated: start/end seconds (None: not narrated) and how sure we are."""

    paragraph_id: str
    start: float | None
    end: float | None
    confidence: float
    first_word: int | None = None  # index into the timed words of the first matched word
    last_word: int | None = None
    coverage: float = 0.0  # share of the paragraph's tokens matched in the narration
    # (paragraph word index in text.split(), timed word index, matched) per spoken essay word at a
    # paragraph edge or matched: matched False for an edge word placed on a misheard caption word
    matches: tuple[tuple[int, int, bool], ...] = field(default=(), compare=False, repr=False)

    @property
    def narrated(self) -> bool:
        """Return whether the paragraph is narrated at all."""
        return self.start is not None


@dataclass(frozen=True)
class NarrationSpan:
    """A stretch of narration that is in no paragraph: a lead-in, an aside or the outro."""

    start: float
    end: float
    text: str
    first_word: int
    last_word: int


@dataclass(frozen=True)
class Alignment:
    """Timings of every paragraph in essay order, unaligned narration, and the narration order."""

    paragraphs: tuple[ParagraphTiming, ...]
    unaligned: tuple[NarrationSpan, ...]
    order: tuple[str, ...]  # ids of narrated paragraphs in the order they are spoken

    @functools.cached_property
    def _by_id(self) -> dict[str, ParagraphTiming]:
        return {t.paragraph_id: t for t in self.paragraphs}

    def timing(self, paragraph_id: str) -> ParagraphTiming:
        """Return the timing of one paragraph; raise KeyError for an unknown id."""
        return self._by_id[paragraph_id]


@dataclass(frozen=True)
class SectionTiming:
    """When a section is narrated: earliest start and latest end among its narrated paragraphs."""

    section_id: str
    start: float | None
    end: float | None
    narrated: int  # paragraphs narrated
    paragraphs: int  # paragraphs in the section


@dataclass(frozen=True)
class WordTiming:
    """When one essay word is spoken: its characters ``[start, end)`` in the paragraph and its second."""

    start: int
    end: int
    time: float
    matched: bool  # a caption word was matched to it; else placed between matched neighbours
    exact: bool  # the time is a caption word's own stated time, not interpolated inside a cue


@dataclass(frozen=True)
class SentenceTiming:
    """When one sentence is narrated (None: not narrated), how sure we are, and its spoken words."""

    sentence_id: str
    start: float | None
    end: float | None
    confidence: float
    words: tuple[WordTiming, ...] = ()

    @property
    def narrated(self) -> bool:
        """Return whether the sentence is narrated at all."""
        return self.start is not None


@dataclass(frozen=True)
class WordDifference:
    """A run of words where the narration differs from the essay, and whether it looks misheard."""

    kind: Literal["inserted", "deleted", "replaced"]
    cause: Literal["asr", "wording"]  # asr: the captions mishear or split the essay's words
    essay: str  # the essay's words ("" when inserted)
    narration: str  # the caption words ("" when deleted)
    essay_words: tuple[int, int]  # [start, end) word indices into the paragraph's text.split()
    narration_words: tuple[int, int]  # [start, end) indices into the timed words
    time: float  # when the narration side is spoken (for a deletion: the next matched word)
