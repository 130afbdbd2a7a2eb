"""The typed model every stage shares: parsed sources in, enriched records out.

Model objects carry their source position (``span``) as a field excluded from equality, so errors
can point at the source while tests compare content only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from .errors import DataWarning

if TYPE_CHECKING:  # enriched types still defined beside the code that makes them
    from .enrich.align import Alignment, NarrationSpan, WordDifference, WordTiming
    from .enrich.ledger_stage import Ledger
    from .parse.essay import EssayLayout


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
    published: str
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
    exact: bool = False  # the captions state this word's time (else interpolated inside its cue)


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
class NarrationTiming:
    """When a passage is spoken in the narration: seconds from the start, and how sure we are."""

    start: float
    end: float
    confidence: float


@dataclass
class SentenceRecord:
    """A sentence of an essay paragraph: its stable id, character offsets in the paragraph, and when
    it and its words are narrated (``narration`` None: not narrated; ``words`` empty then)."""

    id: str
    start: int
    end: int
    text: str
    narration: NarrationTiming | None = None
    words: list[WordTiming] = field(default_factory=list)


@dataclass
class ParagraphRecord:
    """An essay paragraph enriched with its stable id, page url, sentences and narration time."""

    id: str
    section_id: str
    paragraph: Paragraph
    page_url: str
    sentences: list[SentenceRecord] = field(default_factory=list)
    narration: NarrationTiming | None = None
    narration_confidence: float | None = None  # when not narrated: how sure we are that it is skipped

    @property
    def url(self) -> str:
        """Return the site-relative URL of this paragraph (page URL plus ``#id``)."""
        return f"{self.page_url}#{self.id}"


@dataclass
class SectionRecord:
    """A section enriched with its stable id, page path and url, and its paragraph records."""

    id: str
    title: str
    number: int
    page_path: str
    page_url: str
    paragraphs: list[ParagraphRecord]
    narration: NarrationTiming | None = None


# --- The narration: podcast transcript, curated ASR corrections, restored transcript -------------


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


# --- The enriched edition: everything pages and exports are rendered from ------------------------


@dataclass(frozen=True)
class Addition:
    """Words the narration adds: where, what, and what kind (lead-in, aside or outro)."""

    span: NarrationSpan
    kind: str
    section_id: str | None


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


@dataclass(frozen=True)
class ClaimsModel:
    """The summaries' statements checked against the essay: what the claim and comparison pages show."""

    summary: Summary | None
    note: KnowledgeNote | None
    claims: list[LinkedClaim]
    left_out: dict[str, list[str]]
    warnings: list[DataWarning]


@dataclass
class EditionModel:
    """The whole enriched model of one essay: what every page and export is rendered from.

    Optional sources are None when the essay has none: ``captions`` (and with it ``words``,
    ``alignment``, ``transcript``), ``podcast``, ``claims`` (the summaries and the knowledge note).
    """

    prefix: str
    layout: EssayLayout
    essay: Essay
    sections: list[SectionRecord]
    ledger: Ledger
    today: date | None  # the date statuses are stated as of: from the ledger (or publication), never the clock
    captions: Captions | None = None
    words: list[TimedWord] = field(default_factory=list)
    alignment: Alignment | None = None
    transcript: Transcript | None = None
    podcast: TimedPodcast | None = None
    claims: ClaimsModel | None = None
    entities: list[Entity] = field(default_factory=list)  # people, works and glossary terms
    mentions: list[Mention] = field(default_factory=list)
    shown_mentions: list[Mention] = field(default_factory=list)  # the first mention per entity and paragraph
    paragraph_tags: dict[str, list[str]] = field(default_factory=dict)
    claim_tags: dict[str, list[str]] = field(default_factory=dict)
    additions: list[Addition] = field(default_factory=list)  # what the narration adds, classified
    differences: dict[str, tuple[WordDifference, ...]] = field(default_factory=dict)  # per narrated paragraph
    retired: list[RetiredPassage] = field(default_factory=list)
    moved_sections: dict[str, str] = field(default_factory=dict)  # retired section id -> page url it went to
    cited_by: dict[str, tuple[Citation, ...]] = field(default_factory=dict)  # per paragraph id: its backlinks
    review: list[DataWarning] = field(default_factory=list)  # what an editor must decide (the review queue)
    suggestions: list[DataWarning] = field(default_factory=list)  # what an editor may look at (suspected ASR errors)
    warnings: list[DataWarning] = field(default_factory=list)  # data that looks wrong: fails `--strict`
    source_names: dict[str, str] = field(default_factory=dict)  # source file name -> what readers call it
    site_url: str = ""  # the site's canonical address ending in "/", or "" (then no export needs one)

    def has(self, source: str) -> bool:
        """Return whether the edition has the optional source ``source`` (captions, podcast, summaries)."""
        return {"captions": self.captions, "podcast": self.podcast, "summaries": self.claims}.get(source) is not None

    def paragraph_labels(self) -> dict[str, str]:
        """Return each paragraph's reference label, ``§section.paragraph`` (``§3.2``)."""
        return {x.id: f"§{s.number}.{n}" for s in self.sections for n, x in enumerate(s.paragraphs, start=1)}

    @property
    def video_id(self) -> str | None:
        """The narration video's id, or None when the edition has no captions or they name no video."""
        return (self.captions.video_id or None) if self.captions is not None else None

    def absolute(self, url: str) -> str:
        """Return a site URL made absolute with the site's address ("" when the site has none)."""
        return self.site_url + url if self.site_url else ""

    def source_label(self, file_name: str) -> str:
        """Return what readers call a source file (its role), or the name itself when it has none."""
        return self.source_names.get(file_name, file_name)


def page_url(path: str) -> str:
    """Return the site-relative URL MkDocs gives the page at docs-relative ``path`` (directory URLs).

    ``index.md`` → ``""``, ``a/index.md`` → ``a/``, ``a/b.md`` → ``a/b/``.
    """
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@dataclass(frozen=True)
class Page:
    """One generated page: its docs-relative source path, its Markdown and its place in the nav.

    ``nav`` is ``(title,)`` for a top-level entry, ``(group, title)`` inside a group, ``()`` for a
    page reached only by links. Titles are plain text (escaped when the nav is written).
    """

    path: str
    markdown: str
    nav: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """The page's site-relative URL."""
        return page_url(self.path)


@dataclass(frozen=True)
class SearchEntry:
    """One passage to index: its site-relative location (``page/#id``), a title and its text."""

    location: str
    title: str
    text: str


@dataclass(frozen=True)
class LibraryEntry:
    """What a library page shows of one essay: its words and where its pages are."""

    title: str
    subtitle: str
    author: str
    published: str
    prefix: str  # the essay's URL prefix, "" or ending in "/"
    sections: int
    predictions: int


@dataclass
class Edition:
    """Everything a build produces for one essay, in memory: pages by path, assets (site-relative
    path → bytes), the updated id registry, warnings and what a library page shows of it."""

    pages: dict[str, Page] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)
    registry: dict[str, object] = field(default_factory=dict)
    registry_path: object = None  # pathlib.Path of the committed registry, None when not saved
    warnings: list[DataWarning] = field(default_factory=list)
    watch: list[object] = field(default_factory=list)  # folders `mkdocs serve` watches
    search_entries: list[SearchEntry] = field(default_factory=list)
    library: LibraryEntry | None = None
    updated: str = ""  # the date (ISO) its content is as of: the ledger's last review, else publication
    id_index: dict[str, object] = field(default_factory=dict)  # render.id_index.edition_index

    def nav(self) -> list[object]:
        """Return the MkDocs nav of this essay's pages, in page order, grouped by their nav group."""
        return nav_of(self.pages.values())


def nav_of(pages: object) -> list[object]:
    """Return the MkDocs nav (a list of one-key dicts) of ``pages`` in order; groups keep first place."""
    from markupsafe import escape

    nav: list[object] = []
    groups: dict[str, list[object]] = {}
    for page in pages:  # type: ignore[attr-defined]
        if not page.nav:
            continue
        entry = {str(escape(page.nav[-1])): page.path}  # MkDocs prints nav titles unescaped
        if len(page.nav) == 1:
            nav.append(entry)
            continue
        group = groups.get(page.nav[0])
        if group is None:
            group = groups[page.nav[0]] = []
            nav.append({str(escape(page.nav[0])): group})
        group.append(entry)
    return nav
