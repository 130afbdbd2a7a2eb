"""The MkDocs plugin: a thin writer of :func:`essay_edition.site.build_site` inside ``mkdocs build``/``serve``.

It feeds the site's generated pages and exports to MkDocs as in-memory files (nothing generated is
written into ``docs/``), sets the navigation, watches the sources and curated data in ``mkdocs
serve``, and makes ``mkdocs build`` atomic: the site is built into a staging folder that replaces
``site/`` only when the build succeeded with no warning under ``--strict``. Bad input aborts with
one line.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import CountHandler, get_relative_url

from .errors import SourceError
from .mkdocs_convert import Conversions, ConvertedPage, HeldPages, PackedFile, start_conversions
from .mkdocs_sitemaps import ESSAY_ROOT_KEY, essay_prefix_of, split_sitemap
from .mkdocs_write import ExportFile, PageWriting, start_writing
from .render.search_index import SearchIndexError, write_search_index
from .site import EXPORT_MARKER, EssayConfig, Site, SiteConfig, build_site, nav_title

log = logging.getLogger("mkdocs.plugins.essay_edition")
# MkDocs drops a log message it has printed before; under `mkdocs serve` the same bad edit must be
# reported on every rebuild, so serve errors go to a logger of their own (outside "mkdocs").
serve_log = logging.getLogger("essay_edition.serve")
_LAST_GOOD: dict[str, Site] = {}  # per config file: the last site built without error (serve rebuilds)


def _nav_titles(nav: Any, title: str | None = None) -> dict[str, str | None]:
    """Return every page path named anywhere in a nav configuration, with the title the nav gives it
    (None for a bare path, which MkDocs titles from the page)."""
    if isinstance(nav, str):
        return {nav: title}
    titles: dict[str, str | None] = {}
    if isinstance(nav, dict):
        for key, value in nav.items():
            titles.update(_nav_titles(value, key if isinstance(value, str) else None))
    elif isinstance(nav, list):
        for item in nav:
            titles.update(_nav_titles(item))
    return titles


def _remove_stale(site_dir: str) -> None:
    """Remove staging and old-site folders that killed builds left beside ``site_dir`` (their process is gone)."""
    folder, name = os.path.split(site_dir)
    if not os.path.isdir(folder or "."):
        return
    for entry in os.listdir(folder or "."):
        for marker in (".staging-", ".old-"):
            if entry.startswith(name + marker) and entry.rsplit("-", 1)[-1].isdigit():
                pid = int(entry.rsplit("-", 1)[-1])
                if pid != os.getpid() and not _alive(pid):
                    shutil.rmtree(os.path.join(folder, entry), ignore_errors=True)


def minify_assets(site_dir: str, config: MkDocsConfig) -> None:
    """Rewrite the site's own scripts and style sheets (``extra_javascript``, ``extra_css``: not a theme's,
    not one at another address) minified in ``site_dir``.

    Every page loads them, so comments and indentation, which explain the code in ``docs/``, would be
    part of every first view. rJSmin and rCSSmin only drop comments and whitespace, and always give the
    same bytes for the same file."""
    import rcssmin
    import rjsmin

    for entries, minify in ((config.extra_javascript, rjsmin.jsmin), (config.extra_css, rcssmin.cssmin)):
        for entry in entries:
            path = str(getattr(entry, "path", entry))
            target = Path(site_dir, path)
            if "://" not in path and not path.startswith("/") and target.is_file():
                target.write_text(minify(target.read_text(encoding="utf-8"), keep_bang_comments=True),
                                  encoding="utf-8")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _EssayConfig(base.Config):
    sources_dir = c.Type(str, default="sources")
    data_dir = c.Type(str, default="data")
    prefix = c.Type(str, default="")


class EditionPluginConfig(base.Config):
    """Plugin options: the essays to build (default: this repository's one essay) and extra nav."""

    essays = c.ListOfItems(c.SubConfig(_EssayConfig), default=[{}])
    extra_nav = c.Type(list, default=[])
    atomic = c.Type(bool, default=True)
    minify = c.Type(bool, default=True)  # scripts and style sheets minified in `mkdocs build` (not `serve`)


class EditionPlugin(BasePlugin[EditionPluginConfig]):
    """Generate the edition's pages and exports for MkDocs."""

    def __init__(self) -> None:
        self.command = "build"
        self.site: Site | None = None
        self.error: str | None = None  # under `mkdocs serve`: the bad edit the last good build is shown despite
        self.final_site_dir: str | None = None
        self.counter: CountHandler | None = None
        self.conversions: Conversions | None = None  # the workers converting generated pages in a build
        self.writing: PageWriting | None = None  # the workers writing generated pages in a build
        self.dirty = False
        self.nav: Any = None  # the site's navigation, for the page writers
        self.essay_groups: frozenset[str] = frozenset()  # the nav titles of the essays' groups
        # The top-level nav items a page's sidebar shows, by the id of the page's top-level section.
        self.nav_shown: dict[int | None, list[Any]] = {}
        self.essay_prefixes: frozenset[str] = frozenset()  # the URL prefixes of the essays not at the root
        self.authors: dict[str, str] = {}  # each essay's author by its URL prefix ("" for the essay at the root)
        self.warned_base = False  # said that a page of an essay has no essay base (once per process)
        self.files: Files | None = None  # the site's files in a build, whose pages and exports are let go of once written
        self.held: HeldPages | None = None  # in a build, the generated pages' HTML from conversion until written

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a build or a serve (only builds are staged) and whether it is dirty."""
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Build the site's essays and set the navigation; stage the site dir."""
        root = Path(config.config_file_path).parent
        site_config = SiteConfig(tuple(EssayConfig(Path(e.sources_dir), Path(e.data_dir), e.prefix)
                                       for e in self.config.essays), root, Path(config.config_file_path).name,
                                 config.site_url or "")
        self.error = None
        try:
            # `mkdocs serve` runs threads, which forked workers must not inherit: it builds serially.
            self.site = build_site(site_config, workers=None if self.command == "build" else 1)
            _LAST_GOOD[config.config_file_path] = self.site
        except SourceError as err:
            last = _LAST_GOOD.get(config.config_file_path)
            if self.command != "serve" or last is None:
                raise PluginError(err.one_line()) from None
            # Serving: keep the last good site, say on every page what is wrong, report it every time.
            self.site, self.error = last, err.one_line()
            if not serve_log.handlers:
                serve_log.addHandler(logging.StreamHandler())
                serve_log.propagate = False
            serve_log.error(f"ERROR    -  {self.error} (serving the last good build until it is fixed)")
        if not config.nav:
            config.nav = list(self.site.nav) + list(self.config.extra_nav)
        if self.command == "build" and self.config.atomic:
            self._stage(config)
        return config

    def _stage(self, config: MkDocsConfig) -> None:
        self.final_site_dir = os.path.abspath(config.site_dir)
        _remove_stale(self.final_site_dir)
        config.site_dir = f"{self.final_site_dir}.staging-{os.getpid()}"
        self.counter = CountHandler()
        self.counter.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.counter)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages and exports as in-memory files."""
        assert self.site is not None
        nav_titles = _nav_titles(config.nav)
        for path, page in sorted(self.site.pages.items()):
            if files.get_file_from_path(path) is not None:
                continue  # a hand-written page of the same path wins (a custom home, say)
            # Pages reached by links (one per claim, per tag) are meant to be outside the nav.
            inclusion = InclusionLevel.INCLUDED if path in nav_titles else InclusionLevel.NOT_IN_NAV
            file = PackedFile.of_page(config, page, inclusion)
            if self.command == "build":  # converted in parallel (on_nav); `serve` runs threads, so no forks
                ConvertedPage(nav_titles.get(path), file, config)
            files.append(file)
        for path, data in sorted(self.site.assets.items()):
            files.append(ExportFile.generated(config, path, content=data))
        if self.command == "build":
            self.files = files
            # Beside the site's folder (made here if need be: MkDocs makes it only once pages are written).
            folder = os.path.dirname(os.path.abspath(config.site_dir))
            os.makedirs(folder, exist_ok=True)
            self.held = HeldPages(folder)
            # MkDocs holds each page's Markdown from here on, so a build lets go of the site's copy and
            # a many-essay site is not held twice. (Serving keeps it: a failed rebuild serves it again.)
            self.site.release_markdown()
        return files

    @event_priority(-100)  # once every plugin's files and nav are final
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Start converting the generated pages in worker processes (see :mod:`essay_edition.mkdocs_convert`)."""
        if self.command == "build":
            self.conversions = start_conversions(config, files)
        self.nav = nav
        self.nav_shown = {}
        if self.site is not None:
            self.essay_groups = frozenset(nav_title(e.library.title) for e in self.site.editions if e.library is not None)
            self.essay_prefixes = frozenset(e.library.prefix for e in self.site.editions
                                            if e.library is not None and e.library.prefix)
            self.authors = {e.library.prefix: e.library.author for e in self.site.editions if e.library is not None}
        return nav

    @event_priority(100)  # first: the pool's thread ends before the page writers fork (last of on_env)
    def _on_env_stop_conversions(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Let the conversion workers go: MkDocs has read and converted every page by now."""
        self._stop_conversions()
        return env

    def _on_env_name_author(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Name the root essay's author for the templates with no page of an essay (the 404 page): the
        footer's ``essay_author`` (each page's own is set in :meth:`on_page_context`)."""
        env.globals["essay_author"] = self.authors.get("", "")
        return env

    @event_priority(-1000)  # last: every plugin has set what the pages' templates read (the cards' og_image)
    def _on_env_start_writing(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Start writing the generated pages in worker processes (see :mod:`essay_edition.mkdocs_write`)."""
        if self.command == "build" and self.site is not None:
            # Each export's bytes are the site's and its file's until the file is written (before the
            # page writers fork, or by MkDocs after this event): nothing else reads them.
            self.site.release_assets()
            self.writing = start_writing(config, files, self.nav, env, self.dirty)
        return env

    on_env = CombinedEvent(_on_env_stop_conversions, _on_env_name_author, _on_env_start_writing)

    def _stop_conversions(self) -> None:
        if self.conversions is not None:
            self.conversions.shutdown(cancel_futures=True)
            self.conversions = None

    def on_pre_page(self, page: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Date each page by its content (the sitemap's lastmod), not by the day of the build, so rebuilds
        on any day are identical; ``SOURCE_DATE_EPOCH``, when set, wins as MkDocs has it."""
        if self.site is not None and "SOURCE_DATE_EPOCH" not in os.environ:
            updated = self.site.updated_of(page.file.src_uri)
            if updated:
                page.update_date = updated
        return page

    def on_page_context(self, context: dict[str, Any], *, page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        """Give a page of an essay under a prefix its essay's folder as ``essay_base`` (the base of
        Material's config, so instant navigation loads that essay's sitemap only: see
        :mod:`essay_edition.mkdocs_sitemaps`) and its essay's author as ``essay_author``. On a site of
        several essays, a page's sidebar lists its own essay's group only (with the pages of no essay,
        such as the library and About): the library lists every essay, and drawing every essay's group
        into every page made the build grow with pages times essays."""
        prefix = essay_prefix_of(page.url, self.essay_prefixes)
        if prefix:
            context["essay_base"] = get_relative_url(prefix, page.url)
        # The footer names the author of the page's own essay (overrides/partials/copyright.html): on a
        # site of several essays, each essay's pages name its author, not the site's first.
        context["essay_author"] = self.authors.get(prefix, "")
        if self.site is None or len(self.site.editions) < 2:
            return context
        group = page
        while getattr(group, "parent", None) is not None:  # the page's top-level section: its essay's group, if any
            group = group.parent
        # Made once per essay's group (and once for pages in none): made for each page, it was the nav's
        # items times the site's pages, and the build grew with pages times essays.
        key = id(group) if getattr(group, "is_section", False) else None  # None: in no section, or not in the nav
        own = self.nav_shown.get(key)
        if own is None:
            essays = self.essay_groups
            own = [item for item in nav.items if not (getattr(item, "is_section", False) and item.title in essays)
                   or item is group]
            self.nav_shown[key] = own
        if len(own) < len(nav.items):
            context["nav"] = copy.copy(nav)
            context["nav"].items = own
        return context

    @event_priority(-1000)  # last: after every other plugin has read the page's Markdown and HTML
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Let go of a generated page's Markdown once it is HTML, and hold the HTML packed until the page
        is written (a build holds every page's HTML until the pages are written; see
        :mod:`essay_edition.mkdocs_convert`); under `mkdocs serve` after a failed rebuild, say on every
        page what is wrong."""
        if isinstance(page, ConvertedPage) and self.held is not None:  # builds only, which stop at an error: no banner
            html = page.hold(html, self.held)
        if self.command == "build" and page.file.abs_src_path is None:  # generated in memory, read once
            page.markdown = ""  # not None: MkDocs reads that as a page not yet read, with no title
            page.file.content_string = ""
        if not self.error:
            return html
        return (f'<div class="admonition failure build-error" role="alert"><p class="admonition-title">The last '
                f"edit does not build; this is the last good build</p><p><code>{escape(self.error)}</code></p></div>"
                + html)

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Fill a hand-written page's exports marker with the table of every essay's export files."""
        if EXPORT_MARKER not in markdown or self.site is None:
            return markdown
        return markdown.replace(EXPORT_MARKER, self.site.exports_table(page.url))

    @event_priority(-100)  # after every other plugin has seen the page
    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        """Let go of a page's HTML body once its file is made (nothing later reads it in a build); say
        once if a page of an essay did not get its essay's base (a theme whose config block differs)."""
        if self.command == "build":
            page.content = ""
        if not self.warned_base and essay_prefix_of(page.url, self.essay_prefixes) and ESSAY_ROOT_KEY not in output:
            self.warned_base = True
            log.warning(f"{page.file.src_uri}: the page's theme config names no essay base (overrides/main.html "
                        "writes it), so Material's instant navigation loads the root sitemap, which lists no "
                        "essay's pages")
        return output

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the search index and each essay's sitemap, save the id registries and swap the staged
        site in place."""
        assert self.site is not None
        if self.writing is not None:
            writing, self.writing = self.writing, None
            writing.finish()  # the search index reads the pages the workers wrote
        if self.command == "build":  # written by now: let go of them before the search index's processes run
            self._release_written()
        # `mkdocs serve` runs threads, which forked workers must not inherit: it reads the pages in one process.
        try:
            indexed = write_search_index(Path(config.site_dir), self.site.editions, config.theme["language"],
                                         workers=(os.cpu_count() or 1) if self.command == "build" else 1)
        except SearchIndexError as err:
            raise PluginError(str(err)) from None
        if indexed.warning:
            log.warning(f"search index: {indexed.warning}")
        split = split_sitemap(Path(config.site_dir), config.site_url or "", self.essay_prefixes)
        if split is not None and split.robots_lacks_index:
            log.info(f"robots.txt is the site's own and does not name {split.index}: search engines learn "
                     "of each essay's sitemap only if it is named there or submitted")
        if self.command == "build" and self.config.minify:
            minify_assets(config.site_dir, config)
        for warning in self.site.warnings:
            log.warning(warning.one_line())
        if self.final_site_dir is None:
            self._save_registries()
            return
        failed = config.strict and self.counter is not None and self.counter.get_counts()
        self._detach()
        if failed:
            shutil.rmtree(config.site_dir, ignore_errors=True)
            return
        self._save_registries()
        old = f"{self.final_site_dir}.old-{os.getpid()}"
        if os.path.exists(self.final_site_dir):
            os.replace(self.final_site_dir, old)
        os.replace(config.site_dir, self.final_site_dir)
        shutil.rmtree(old, ignore_errors=True)

    def _release_written(self) -> None:
        """Let go of the pages held for writing, and of every page's metadata (its front matter,
        structured data included) and table of contents: this plugin's ``on_post_build`` runs last, when
        nothing reads them any more. (The exports were let go of as they were written.)"""
        self._release_held()
        if self.files is None:
            return
        for file in self.files.documentation_pages():
            if file.page is not None:
                file.page.meta = {}
                file.page.toc = TableOfContents([])
        self.files = None

    def _release_held(self) -> None:
        if self.held is not None:
            self.held.close()
            self.held = None

    def _save_registries(self) -> None:
        if self.site is not None:
            for path in self.site.save_registries():
                log.info(f"Updated the id registry {path}")

    def _detach(self) -> None:
        if self.counter is not None:
            logging.getLogger("mkdocs").removeHandler(self.counter)
            self.counter = None

    def on_build_error(self, *, error: Exception) -> None:
        """Remove the staging folder so a failed build leaves the previous site as it was."""
        self._stop_conversions()
        if self.writing is not None:
            self.writing.stop()
            self.writing = None
        self._release_held()
        self._detach()
        if self.final_site_dir is not None:
            shutil.rmtree(f"{self.final_site_dir}.staging-{os.getpid()}", ignore_errors=True)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a source or curated data file changes."""
        if self.site is not None:
            for edition in self.site.editions:
                for path in edition.watch:
                    server.watch(str(path))
        return server
