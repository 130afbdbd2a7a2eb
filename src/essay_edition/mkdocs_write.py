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
packed until it is built (:meth:`ConvertedPage.hold`), and taken back just before, wherever it is built.

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
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from .mkdocs_convert import ConvertedPage, LoggedRecords
from .workers import chunks, forked_pool, return_freed_memory

__all__ = ["CHUNK", "PageWriting", "start_writing"]

CHUNK = 100  # pages per task
_MKDOCS_BUILD_PAGE = build._build_page

# What the forked workers build with: set just before they are forked and inherited, never pickled.
_SOURCE: tuple[MkDocsConfig, Files, Navigation, jinja2.Environment, bool] | None = None


@dataclass(frozen=True)
class Written:
    """What a worker logged while it built some pages, and the error that stopped it, if any."""

    records: list[tuple[str, int, str]]
    error: str | None = None


def _write(src_uris: Sequence[str]) -> Written:
    """Build and write each page named, in order; return what was logged (run in a worker)."""
    assert _SOURCE is not None, "pages are written by workers forked by start_writing"
    config, files, nav, env, dirty = _SOURCE
    records = LoggedRecords.attach()
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
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
    """The workers writing pages (none where MkDocs writes every page), and what the main process
    changed for the pages they write."""

    pool: concurrent.futures.ProcessPoolExecutor | None
    futures: list[concurrent.futures.Future[Written]]
    finished: bool = field(default=False)

    def finish(self) -> None:
        """Wait for every page; log what the workers logged; raise PluginError for a page that failed."""
        try:
            for future in self.futures:
                written = future.result()
                for name, level, message in written.records:
                    logging.getLogger(name).log(level, message)
                if written.error is not None:
                    raise PluginError(written.error)
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the workers (a build that failed) and give MkDocs its own page building back."""
        if not self.finished:
            self.finished = True
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
            build._build_page = _MKDOCS_BUILD_PAGE
            _WRITTEN_ELSEWHERE.clear()


def start_writing(config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment, dirty: bool = False,
                  workers: int | None = None) -> PageWriting:
    """Start building and writing every :class:`ConvertedPage` of ``files`` in forked workers, unless
    there is nothing to share out (then MkDocs builds every page itself); return them. Call it last of
    the ``on_env`` events, from a process running no other pool."""
    global _SOURCE
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    pages = [f.page for f in doc_files if isinstance(f.page, ConvertedPage)]
    tasks = chunks([page.file.src_uri for page in pages[1:]], CHUNK)
    pool = forked_pool(len(tasks), workers)
    build._build_page = _build_page_here
    if pool is None:
        return PageWriting(None, [])
    # The first page is built here, before the fork: the templates it compiles are in the environment
    # every worker inherits, instead of each worker compiling them again.
    pages[0].take_back()
    _MKDOCS_BUILD_PAGE(pages[0], config, doc_files, nav, env, dirty)
    # MkDocs checks every page's links to anchors here once every page is written; every page's
    # anchors are known by now, so the generated pages' links are checked now, as MkDocs checks them
    # (same messages, same level), and let go of: they are much of what a worker would come to copy.
    for page in pages:
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        page.links_to_anchors = None
    _SOURCE = (config, files, nav, env, dirty)
    # Each worker comes to hold a copy of what it touches of this process's memory: this process
    # hands back what it has freed first (the pages' conversions passed through it one by one).
    gc.collect()
    return_freed_memory()
    try:
        futures = [pool.submit(_write, task) for task in tasks]
    finally:
        _SOURCE = None  # the workers are forked at the first submit and hold their own copy
    for page in pages:  # the worker has its own copy; MkDocs reads no page's HTML from here on
        page.content, page.held = "", None
    _WRITTEN_ELSEWHERE.update(page.file.src_uri for page in pages)
    return PageWriting(pool, futures)
