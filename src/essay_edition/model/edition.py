"""The enriched edition of one essay, and what a build makes of it: pages, exports, nav, search entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..errors import DataWarning
from .claims import ClaimsModel, Entity, Mention
from .ledger import Ledger
from .narration import Addition, Alignment, TimedPodcast, TimedWord, Transcript, WordDifference
from .packed import pack, unpack
from .records import Citation, RetiredPassage, SectionRecord
from .sources import Captions, Essay, EssayLayout


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


class Page:
    """One generated page: its docs-relative source path, its Markdown and its place in the nav.

    ``nav`` is ``(title,)`` for a top-level entry, ``(group, title)`` inside a group, ``()`` for a
    page reached only by links. Titles are plain text (escaped when the nav is written).

    The Markdown is held packed (:mod:`essay_edition.model.packed`): a site holds every page of every
    essay until its writer reads them. ``markdown`` gives it back whole; ``packed_markdown`` as held,
    for a writer that holds it packed too.
    """

    __slots__ = ("nav", "packed_markdown", "path")

    def __init__(self, path: str, markdown: str, nav: tuple[str, ...] = ()) -> None:
        self.path = path
        self.packed_markdown = pack(markdown)
        self.nav = nav

    @property
    def markdown(self) -> str:
        """The page's Markdown."""
        return unpack(self.packed_markdown)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Page):
            return NotImplemented
        return (self.path, self.nav, self.packed_markdown) == (other.path, other.nav, other.packed_markdown)

    def __hash__(self) -> int:
        return hash((self.path, self.nav, self.packed_markdown))

    def __repr__(self) -> str:
        return f"Page(path={self.path!r}, nav={self.nav!r}, {len(self.packed_markdown)} bytes of Markdown packed)"

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
