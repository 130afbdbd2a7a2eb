"""Generated pages written in parallel, by MkDocs' own page building, in ``mkdocs build``.

After conversion (:mod:`essay_edition.mkdocs_convert`), what a many-essay build spends most on is
MkDocs putting each page through the theme's templates and writing it, one page after another in one
process. A page's template needs only what MkDocs has once every page is read and every plugin's
``on_env`` has run (the nav, the files, the Jinja environment), so at that point the plugin forks
worker processes that run MkDocs' own page building (``mkdocs.commands.build._build_page``: the
``page_context`` and ``post_page`` events, the template, the file) on the generated pages, and hand
back what it logged, which the main process logs again (so ``--strict`` counts it).

MkDocs then goes through its pages as always and builds the hand-written pages itself; for a page
the workers write, its page building is passed over while the workers run (MkDocs calls
``_build_page`` by its module's name, which :func:`start_writing` points at a function that skips
those pages, and :meth:`PageWriting.stop` points back), so no plugin sees such a page twice. The main
process lets go of those pages' HTML at once: nothing it runs later reads it. A page's HTML is held
in a file until it is built (:meth:`ConvertedPage.hold`), and taken back just before, wherever it is
built.

A forked worker comes to hold a copy of whatever of the main process's memory it reads, and the main
process's memory is the workers' too until one of them writes to it; so before they fork, the main
process lets go of what no later step reads: it writes the site's exports (:class:`ExportFile`), which
MkDocs would write after the ``on_env`` events, and checks every page's links to anchors, which MkDocs
would check after writing every page.

Why MkDocs' private ``_build_page`` and not a copy of it: the workers must build exactly what MkDocs
would, template context and plugin events included; MkDocs is pinned below 2.
"""

from __future__ import annotations

import concurrent.futures
import gc
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
from mkdocs.commands import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from .mkdocs_convert import ConvertedPage, LoggedRecords
from .workers import chunks, forked_pool, pool_size, return_freed_memory, rounds

__all__ = ["CHUNK", "ExportFile", "PageWriting", "start_writing"]

CHUNK = 100  # pages per task
_MKDOCS_BUILD_PAGE = build._build_page

# What the forked workers build with: set just before they are forked and inherited, never pickled.
Source = tuple[MkDocsConfig, Files, list[File], Navigation, jinja2.Environment, bool]
_SOURCE: Source | None = None


@dataclass(frozen=True)
class Written:
    """What a worker logged while it built some pages, and the error that stopped it, if any."""

    records: list[tuple[str, int, str]]
    error: str | None = None


def _write(src_uris: Sequence[str]) -> Written:
    """Build and write each page named, in order; return what was logged (run in a worker)."""
    assert _SOURCE is not None, "pages are written by workers forked by start_writing"
    config, files, doc_files, nav, env, dirty = _SOURCE
    records = LoggedRecords.attach()
    for src_uri in src_uris:
        file = files.get_file_from_path(src_uri)
        page = file.page if file is not None else None
        assert isinstance(page, ConvertedPage)
        page.take_back()
        try:
            _MKDOCS_BUILD_PAGE(page, config, doc_files, nav, env, dirty)
        except Exception as err:  # the main process stops the build with MkDocs' message, said once
            error = f"Error building page '{src_uri}': {err}"
            return Written([r for r in records.records if r[2] != error], error)
        page.content = None  # this worker is done with it
    return Written(records.records)


class ExportFile(File):
    """A file the site generates besides its pages (an export: JSON, CSV, a feed), whose bytes are in
    memory: written once, as MkDocs writes such a file, and let go of then.

    :func:`start_writing` writes the exports before the page writers fork, so that neither the main
    process nor the writers hold their bytes while the pages are written; MkDocs' own write of such a
    file, after the ``on_env`` events, then does nothing."""

    written = False

    def copy_file(self, dirty: bool = False) -> None:
        """Write the file where MkDocs writes it, the first time only, and let go of its bytes."""
        if self.written:
            return
        super().copy_file(dirty)
        self.written = True
        self._content = b""


# The pages the workers write, which the main process's MkDocs passes over.
_WRITTEN_ELSEWHERE: set[str] = set()


def _build_page_here(page: Any, *args: Any, **kwargs: Any) -> None:
    """MkDocs' ``_build_page``, for a page no worker writes, with the HTML it holds packed taken back."""
    if page.file.src_uri in _WRITTEN_ELSEWHERE:
        return
    if isinstance(page, ConvertedPage):
        page.take_back()
    _MKDOCS_BUILD_PAGE(page, *args, **kwargs)


@dataclass
class PageWriting:
    """The workers writing pages, round after round (none where MkDocs writes every page), and what
    the main process changed for the pages they write.

    The pages are written in rounds of about :data:`ROUND` tasks, each by workers forked for it and
    let go of after it (why: :func:`essay_edition.workers.rounds`). The first round runs while MkDocs
    builds the other pages; the next ones in :meth:`finish`."""

    pool: concurrent.futures.ProcessPoolExecutor | None
    futures: list[concurrent.futures.Future[Written]]
    rounds: list[Sequence[Sequence[str]]] = field(default_factory=list)  # the tasks of each round still to fork
    source: Source | None = None  # what the rounds' workers build with
    workers: int | None = None
    finished: bool = field(default=False)

    def finish(self) -> None:
        """Wait for every page; log what the workers logged; raise PluginError for a page that failed."""
        try:
            while True:
                for future in self.futures:
                    written = future.result()
                    for name, level, message in written.records:
                        logging.getLogger(name).log(level, message)
                    if written.error is not None:
                        raise PluginError(written.error)
                if not self.rounds or self.source is None:
                    break
                if self.pool is not None:
                    self.pool.shutdown()
                self.pool, self.futures = _fork_round(self.rounds.pop(0), self.source, self.workers)
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the workers (a build that failed) and give MkDocs its own page building back."""
        if not self.finished:
            self.finished = True
            self.rounds, self.source = [], None
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
            build._build_page = _MKDOCS_BUILD_PAGE
            _WRITTEN_ELSEWHERE.clear()


ROUND = 20
"""About how many tasks one round's workers do (:func:`essay_edition.workers.rounds`)."""


def _fork_round(tasks: Sequence[Sequence[str]], source: Source, workers: int | None
                ) -> tuple[concurrent.futures.ProcessPoolExecutor | None, list[concurrent.futures.Future[Written]]]:
    """Fork workers for one round and give them its tasks; return the pool and the tasks' futures (no
    pool and none when the round is too small to share out, which :func:`essay_edition.workers.rounds`
    makes none)."""
    global _SOURCE
    pool = forked_pool(len(tasks), workers)
    if pool is None:
        return None, []
    return_freed_memory()  # each worker comes to hold a copy of what it touches of this process's memory
    _SOURCE = source
    try:
        futures = [pool.submit(_write, task) for task in tasks]
    finally:
        _SOURCE = None  # the workers are forked at the first submit and hold their own copy
    files = source[1]
    for task in tasks:  # the workers have their own copy; MkDocs reads no page's HTML from here on
        for src_uri in task:
            page = files.get_file_from_path(src_uri).page
            page.content, page.held = "", None
    return pool, futures


def start_writing(config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment, dirty: bool = False,
                  workers: int | None = None) -> PageWriting:
    """Start building and writing every :class:`ConvertedPage` of ``files`` in forked workers, unless
    there is nothing to share out (then MkDocs builds every page itself); return them. Call it last of
    the ``on_env`` events, from a process running no other pool."""
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    pages = [f.page for f in doc_files if isinstance(f.page, ConvertedPage)]
    tasks = rounds(chunks([page.file.src_uri for page in pages[1:]], CHUNK), ROUND)
    build._build_page = _build_page_here
    if not pool_size(len(tasks[0]), workers):
        return PageWriting(None, [])
    for file in files:  # as MkDocs writes a build's files besides its pages (``copy_static_files``)
        if isinstance(file, ExportFile) and not file.is_documentation_page() and file.inclusion.is_included():
            file.copy_file(dirty)
    # The first page is built here, before the fork: the templates it compiles are in the environment
    # every worker inherits, instead of each worker compiling them again.
    pages[0].take_back()
    _MKDOCS_BUILD_PAGE(pages[0], config, doc_files, nav, env, dirty)
    # MkDocs checks every page's links to anchors once every page is written; every page's anchors are
    # known by now (the pages are all converted), so they are checked now, as MkDocs checks them (same
    # messages, same level), and the links and the anchors let go of: they are much of what a worker
    # would come to copy, and nothing later reads them.
    for file in doc_files:
        if file.page is not None:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            file.page.links_to_anchors = None
    for page in pages:
        page.present_anchor_ids = set()
    # The list of every page MkDocs hands each page's template is made here, once: made in a worker, it
    # wrote to every page's file object (their reference counts), and the worker copied them all.
    source = (config, files, doc_files, nav, env, dirty)
    _WRITTEN_ELSEWHERE.update(page.file.src_uri for page in pages)
    gc.collect()  # the pages' conversions passed through this process one by one
    pool, futures = _fork_round(tasks[0], source, workers)
    return PageWriting(pool, futures, list(tasks[1:]), source, workers)
