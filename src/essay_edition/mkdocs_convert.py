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
until it is written: on a site of many essays, most of the build's memory. The Markdown is held packed
(:mod:`essay_edition.model.packed`): a page's file is a :class:`PackedFile`, sharing the packed
Markdown the site's page holds. The HTML comes from the workers packed, and once every plugin has seen
it (``on_page_content``), it is held with the page's table of contents and structured data in a
temporary file (:class:`HeldPages`, :meth:`ConvertedPage.hold`) until the page is written
(:meth:`ConvertedPage.take_back`), by whichever process writes it.

Python-Markdown has no way to convert in threads that run at once (the GIL), hence processes; they are
forked (:mod:`essay_edition.workers`), as the essay workers are, because the plugins' state cannot be
pickled.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import logging
import os
import pickle
import tempfile
import zlib
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import meta

from .model import Page as GeneratedPage
from .model.packed import pack, unpack
from .workers import chunks, forked_pool, rounds

__all__ = ["CHUNK", "ROUND", "Conversion", "Conversions", "ConvertedPage", "HeldPages", "LoggedRecords", "PackedFile",
           "start_conversions"]

CHUNK = 40  # pages per task: small enough that the first pages MkDocs asks for are soon ready
ROUND = 50
"""About how many tasks one round's workers do (:func:`essay_edition.workers.rounds`)."""

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


class HeldPages:
    """Where a build holds what its generated pages need to be written, from their conversion until then:
    each page's HTML (packed), table of contents and the mappings of its front matter (its structured
    data), in an unnamed temporary file rather than in memory.

    The page writers are forked from the main process (:mod:`essay_edition.mkdocs_write`), and a forked
    process comes to hold a copy of whatever of its parent's memory it reads (reading an object writes
    its reference count): in memory, what a writer read of these pages was copied into it, beside the
    main process's own. Read from a file, nothing is copied, and the main process holds none of it.

    The main process writes, before the writers fork; any process reads, with ``os.pread``, which leaves
    the file's offset (shared by forked processes) alone."""

    def __init__(self, folder: str | None = None) -> None:
        # In ``folder`` (the site's, beside it): a system's temporary folder may be held in memory.
        self._file = tempfile.TemporaryFile(dir=folder)
        self._end = 0

    def put(self, record: bytes) -> tuple[int, int]:
        """Keep ``record``; return where it is (its offset and length), for :meth:`get`."""
        place = (self._end, len(record))
        view = memoryview(record)
        while view:
            written = os.pwrite(self._file.fileno(), view, self._end)
            view, self._end = view[written:], self._end + written
        return place

    def get(self, place: tuple[int, int]) -> bytes:
        """Return the record kept at ``place``."""
        offset, length = place
        record = os.pread(self._file.fileno(), length, offset)
        if len(record) != length:  # a regular file reads whole; the file was cut short under the build
            raise OSError(f"the build's held pages lost a page ({len(record)} of {length} bytes read)")
        return record

    def close(self) -> None:
        """Let go of the file (its space is the system's again once no process has it open)."""
        self._file.close()


class ConvertedPage(Page):
    """A generated page that a worker converts: ``render`` takes the worker's result (see the module)."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig) -> None:
        super().__init__(title, file, config)
        # Where its worker's result is: the conversions, the page's round, its task in the round, its place in the task.
        self.conversion: tuple[Conversions, int, int, int] | None = None
        # Where :meth:`hold` put the page's HTML, contents and structured data, until :meth:`take_back`.
        self.held: tuple[HeldPages, tuple[int, int]] | None = None
        self._from_worker: tuple[bytes, str] | None = None  # the worker's packed HTML and its text here

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Set the page's HTML, table of contents, title and anchors from its worker, or convert it here
        when there is no worker or a plugin changed its Markdown."""
        if self.conversion is None:
            return super().render(config, files)
        (conversions, *place), self.conversion = self.conversion, None
        conversion = conversions.result(*place)
        if conversion is None or self.markdown is None or conversion.digest != _digest(self.markdown):
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

    def hold(self, html: str, held: HeldPages) -> str:
        """Put the page's HTML, its table of contents and the mappings in its front matter (its
        structured data) in ``held`` until the page is written; return what stands for the HTML
        meanwhile in ``content``: the empty string, or ``html`` itself (and nothing is put away) when
        another plugin's ``on_env`` may rewrite it. Call it once every plugin has had the page's
        ``on_page_content``, while the page's file still has its Markdown. A plugin's ``on_env`` still
        finds the page's other front matter (its title, say); its table of contents is empty until
        :meth:`take_back`."""
        from_worker, self._from_worker = self._from_worker, None
        if _rewritten_at_on_env(self, html):
            return html
        packed = from_worker[0] if from_worker is not None and from_worker[1] is html else pack(html)
        mappings = {key: value for key, value in self.meta.items() if isinstance(value, dict)}
        # Pickled, not JSON: front matter is YAML, whose dates and such JSON has no form for.
        record = pickle.dumps((packed, list(self.meta), mappings, self.toc), protocol=pickle.HIGHEST_PROTOCOL)
        self.held = (held, held.put(record))
        self.meta = {key: value for key, value in self.meta.items() if key not in mappings}
        self.toc = TableOfContents([])
        return ""

    def take_back(self) -> None:
        """Set ``content``, the table of contents and the front matter back to what :meth:`hold` put
        away (nothing if nothing is held); front matter a plugin added meanwhile stays, after the
        page's own."""
        if self.held is None:
            return
        (held, place), self.held = self.held, None
        packed, order, mappings, self.toc = pickle.loads(held.get(place))
        self.content = unpack(packed)
        if mappings:
            both = {**mappings, **self.meta}
            self.meta = {key: both[key] for key in [*order, *both] if key in both}


class Conversions:
    """The workers converting the generated pages, round after round, and their results.

    The pages are converted in rounds (:func:`essay_edition.workers.rounds`), each by workers forked
    for it and let go of after it, so that no worker comes to hold a copy of more than a round's pages.
    MkDocs asks for the pages in the order the tasks were cut; the next round's workers are forked once
    the last round's are done, when MkDocs has a task's last page (or asks for a page of the next
    round), from the thread that asks, once the last round's pool (its thread) is shut down."""

    def __init__(self, config: MkDocsConfig, files: Files, tasks: list[list[list[ConvertedPage]]],
                 workers: int | None) -> None:
        self._source = (config, files)
        self._tasks = tasks
        self._workers = workers
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        # Each forked round's futures, by task; a task's is let go of once its last page has its result.
        self._futures: list[list[concurrent.futures.Future[list[Conversion]] | None]] = []
        for number, round_tasks in enumerate(tasks):
            for task_number, task in enumerate(round_tasks):
                for index, page in enumerate(task):
                    page.conversion = (self, number, task_number, index)

    def fork_next(self) -> bool:
        """Fork the next round's workers and give them its tasks; return False when there is none
        (or it is too small to share out, which only a first round may be)."""
        global _SOURCE
        number = len(self._futures)
        if number == len(self._tasks):
            return False
        tasks = self._tasks[number]
        pool = forked_pool(len(tasks), self._workers)
        if pool is None:
            return False
        self.shutdown()
        self._pool = pool
        _SOURCE = self._source
        try:
            self._futures.append([pool.submit(_convert, [page.file.src_uri for page in task]) for task in tasks])
        finally:
            _SOURCE = None  # the workers are forked at the first submit and hold their own copy
        return True

    def result(self, number: int, task: int, index: int) -> Conversion | None:
        """Return the conversion of the page at ``index`` of ``task`` of round ``number`` (None if it was
        let go of: a page asked for twice, which then converts itself)."""
        while len(self._futures) <= number:
            if not self.fork_next():
                return None
        futures = self._futures[number]
        future = futures[task]
        if future is None:
            return None
        results = future.result()
        if index == len(results) - 1:  # the task's last page (asked for once a task, not once a page)
            futures[task] = None
            if len(self._futures) == number + 1 and all(f is None or f.done() for f in futures):
                self.fork_next()  # this round's workers are done: the next round's start now, not when asked
        return results[index]

    def shutdown(self, cancel_futures: bool = False) -> None:
        """Let the workers of the last round forked go (its results stay), stopping its tasks not yet
        started if ``cancel_futures``."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=cancel_futures)
            self._pool = None


def start_conversions(config: MkDocsConfig, files: Files, workers: int | None = None) -> Conversions | None:
    """Start converting every :class:`ConvertedPage` of ``files`` in forked workers, in the order MkDocs
    reads them; return the conversions (to shut down once MkDocs has read every page), or None when
    there is nothing to share out (then each page converts itself)."""
    pages = [f.page for f in files.documentation_pages() if isinstance(f.page, ConvertedPage)]
    tasks = [list(round_tasks) for round_tasks in rounds(chunks(pages, CHUNK), ROUND)]
    conversions = Conversions(config, files, tasks, workers)
    if not conversions.fork_next():
        for page in pages:
            page.conversion = None
        return None
    return conversions
