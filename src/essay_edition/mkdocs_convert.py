"""Generated pages converted from Markdown in parallel, by MkDocs' own conversion, in ``mkdocs build``.

MkDocs converts pages one after another in one process, and on a site of many essays that is most of
the build (the benchmarks page has the profile). Converting a page needs nothing another page's
conversion makes, so once the site's files and nav are final (``on_nav``) the plugin forks worker
processes that run MkDocs' own ``Page.render`` on the generated pages and hand back what it makes:
the HTML, the table of contents, the title, the anchors, the links to anchors and what it logged, which
the main process logs again (so ``--strict`` counts it). MkDocs then goes through its pages as always;
a generated page is a :class:`ConvertedPage`, whose ``render`` takes its worker's result unless a plugin
has changed the page's Markdown since it was read, in which case it converts the page itself.

A build holds every generated page's Markdown until the page is converted, and its HTML from then
until it is written: on a site of many essays, most of the build's memory. Both are held packed
(:mod:`essay_edition.model.packed`): a page's file is a :class:`PackedFile`, sharing the packed
Markdown the site's page holds; the HTML comes from the workers packed, and once every plugin has seen
it (``on_page_content``), the page keeps it packed (:meth:`ConvertedPage.hold`) until it is written
(:meth:`ConvertedPage.take_back`).

Python-Markdown has no way to convert in threads that run at once (the GIL), hence processes; they are
forked (:mod:`essay_edition.workers`), as the essay workers are, because the plugins' state cannot be
pickled.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import logging
import pickle
import zlib
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import meta

from .model import Page as GeneratedPage
from .model.packed import pack, unpack
from .workers import chunks, forked_pool

__all__ = ["CHUNK", "Conversion", "ConvertedPage", "LoggedRecords", "PackedFile", "start_conversions"]

CHUNK = 40  # pages per task: small enough that the first pages MkDocs asks for are soon ready

# What the forked workers convert with: set just before they are forked and inherited, never pickled.
_SOURCE: tuple[MkDocsConfig, Files] | None = None


@dataclass(frozen=True)
class Conversion:
    """What MkDocs' ``Page.render`` made of one page in a worker, and what it logged meanwhile."""

    digest: bytes  # of the Markdown converted, so a page whose Markdown a plugin changed is converted again
    packed_content: bytes  # the HTML, packed
    toc: TableOfContents
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    records: list[tuple[str, int, str]]  # (logger, level, message)


def _digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _rewritten_at_on_env(page: Page, html: str) -> bool:
    """Whether another plugin's ``on_env`` may rewrite the page's HTML, which must then stay where it
    looks: mkdocs-autorefs puts in a cross-reference where it left an ``<autoref>`` tag, and Material's
    tags plugin fills in a listing where the page's Markdown had its directive, an HTML comment."""
    return "<autoref" in html or "<!--" in page.file.content_string


class LoggedRecords(logging.Handler):
    """Keeps what a worker logs through MkDocs' loggers, for the main process to log again."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))

    @classmethod
    def attach(cls) -> LoggedRecords:
        """Return a handler that is now the only one of the ``mkdocs`` logger (in a worker: its own copy)."""
        records = cls()
        logging.getLogger("mkdocs").handlers = [records]
        return records


def _markdown_of(source: str) -> str:
    """Return the Markdown MkDocs reads from a page's source: what follows its YAML front matter.

    The front matter is cut off by MkDocs' own pattern and not parsed: converting needs only the
    Markdown, and parsing every page's front matter here (MkDocs parses it again in the main process)
    was 7 % of a worker's time in a profile. Should MkDocs read a page's source otherwise (front
    matter that is not a mapping), its Markdown's digest differs and the main process converts it."""
    found = meta.YAML_RE.match(source)
    return source[found.end():].lstrip("\n") if found else meta.get_data(source)[0]


def _convert(src_uris: list[str]) -> list[Conversion]:
    """Return the conversion of each page named, in order (run in a worker)."""
    assert _SOURCE is not None, "conversions run in workers forked by start_conversions"
    config, files = _SOURCE
    records = LoggedRecords.attach()  # this worker's messages go back to the main process
    conversions = []
    for src_uri in src_uris:
        file = files.get_file_from_path(src_uri)
        assert file is not None and file.page is not None
        page = file.page
        page.markdown = _markdown_of(file.content_string)
        records.records = []
        Page.render(page, config, files)
        assert page.content is not None and page.markdown is not None
        links = page.links_to_anchors
        conversions.append(Conversion(
            _digest(page.markdown), pack(page.content), page.toc, page._title_from_render, page.present_anchor_ids or set(),
            None if links is None else {target.src_uri: anchors for target, anchors in links.items()},
            records.records))
        page.content = page.markdown = None  # type: ignore[assignment]  # this worker is done with it
    return conversions


class PackedFile(File):
    """A generated page's file, whose Markdown is held packed: the bytes the site's page holds, shared.

    MkDocs reads a file's text through ``content_string`` and ``content_bytes`` (its public API for a
    file made in memory), which give it back whole here, and sets it through them, which pack it."""

    @classmethod
    def of_page(cls, config: MkDocsConfig, page: GeneratedPage, inclusion: InclusionLevel) -> PackedFile:
        """Return the file of a generated page, holding the page's packed Markdown."""
        file = cls.generated(config, page.path, content=page.packed_markdown, inclusion=inclusion)
        assert isinstance(file, PackedFile)
        return file

    @property
    def content_bytes(self) -> bytes:
        """The file's Markdown, UTF-8."""
        assert isinstance(self._content, bytes)
        return zlib.decompress(self._content)

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self._content, self.abs_src_path = zlib.compress(value), None

    @property
    def content_string(self) -> str:
        """The file's Markdown (a byte order mark dropped, as MkDocs reads a file's text)."""
        assert isinstance(self._content, bytes)
        return unpack(self._content).removeprefix("\ufeff")

    @content_string.setter
    def content_string(self, value: str) -> None:
        self._content, self.abs_src_path = pack(value), None


class ConvertedPage(Page):
    """A generated page that a worker converts: ``render`` takes the worker's result (see the module)."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig) -> None:
        super().__init__(title, file, config)
        self.conversion: tuple[concurrent.futures.Future[list[Conversion]], int] | None = None
        self.held: bytes | None = None  # the page's HTML, packed, between :meth:`hold` and :meth:`take_back`
        self.held_meta: tuple[list[str], bytes] | None = None  # its front matter's keys, its mappings packed
        self._from_worker: tuple[bytes, str] | None = None  # the worker's packed HTML and its text here

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Set the page's HTML, table of contents, title and anchors from its worker, or convert it here
        when there is no worker or a plugin changed its Markdown."""
        if self.conversion is None:
            return super().render(config, files)
        future, index = self.conversion
        self.conversion = None
        conversion = future.result()[index]
        if self.markdown is None or conversion.digest != _digest(self.markdown):
            return super().render(config, files)
        for name, level, message in conversion.records:
            logging.getLogger(name).log(level, message)
        self.content = unpack(conversion.packed_content)
        self._from_worker = (conversion.packed_content, self.content)
        self.toc = conversion.toc
        self._title_from_render = conversion.title
        self.present_anchor_ids = conversion.anchors
        if conversion.links_to_anchors is not None:
            self.links_to_anchors = {target: anchors for uri, anchors in conversion.links_to_anchors.items()
                                     if (target := files.get_file_from_path(uri)) is not None}
        return None

    def hold(self, html: str) -> str:
        """Keep the page's HTML, and the mappings in its front matter (its structured data), packed
        until the page is written; return what stands for the HTML meanwhile in ``content``: the
        empty string, or ``html`` itself when another plugin's ``on_env`` may rewrite it. Call it once
        every plugin has had the page's ``on_page_content``, while the page's file still has its
        Markdown. A plugin's ``on_env`` still finds the page's other front matter (its title, say)."""
        from_worker, self._from_worker = self._from_worker, None
        if _rewritten_at_on_env(self, html):
            return html
        self.held = from_worker[0] if from_worker is not None and from_worker[1] is html else pack(html)
        mappings = {key: value for key, value in self.meta.items() if isinstance(value, dict)}
        if mappings:
            # Pickled, not JSON: front matter is YAML, whose dates and such JSON has no form for.
            self.held_meta = (list(self.meta), zlib.compress(pickle.dumps(mappings)))
            self.meta = {key: value for key, value in self.meta.items() if key not in mappings}
        return ""

    def take_back(self) -> None:
        """Set ``content`` and the front matter back to what :meth:`hold` packed (nothing if none is
        held); front matter a plugin added meanwhile stays, after the page's own."""
        if self.held is not None:
            self.content, self.held = unpack(self.held), None
        if self.held_meta is not None:
            (order, packed), self.held_meta = self.held_meta, None
            both = {**pickle.loads(zlib.decompress(packed)), **self.meta}
            self.meta = {key: both[key] for key in [*order, *both] if key in both}


def start_conversions(config: MkDocsConfig, files: Files,
                      workers: int | None = None) -> concurrent.futures.ProcessPoolExecutor | None:
    """Start converting every :class:`ConvertedPage` of ``files`` in forked workers, in the order MkDocs
    reads them; return the pool (to shut down once MkDocs has read every page), or None when there is
    nothing to share out (then each page converts itself)."""
    global _SOURCE
    tasks = chunks([f.page for f in files.documentation_pages() if isinstance(f.page, ConvertedPage)], CHUNK)
    pool = forked_pool(len(tasks), workers)
    if pool is None:
        return None
    _SOURCE = (config, files)
    try:
        for chunk in tasks:
            future = pool.submit(_convert, [page.file.src_uri for page in chunk])
            for index, page in enumerate(chunk):
                page.conversion = (future, index)
    finally:
        _SOURCE = None  # the workers are forked at the first submit and hold their own copy
    return pool
