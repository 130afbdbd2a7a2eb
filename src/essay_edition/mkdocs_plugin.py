"""The MkDocs plugin: runs :func:`essay_edition.build.build_edition` inside ``mkdocs build``/``serve``.

It feeds the generated pages and exports to MkDocs as in-memory files (nothing generated is written
into ``docs/``), sets the navigation, watches the sources and curated data in ``mkdocs serve``, and
makes ``mkdocs build`` atomic: the site is built into a staging folder that replaces ``site/`` only
when the build succeeded with no warning under ``--strict``. Bad input aborts with one line.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from .build import Edition, EssayInput, build_editions, write_registry
from .errors import SourceError
from .render.library import EXPORT_MARKER, exports_table, library_page
from .render.search_index import write_search_index
from .render.text import html_text

log = logging.getLogger("mkdocs.plugins.essay_edition")


def _nav_paths(nav: Any) -> set[str]:
    """Return every page path named anywhere in a nav configuration."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return {p for value in nav.values() for p in _nav_paths(value)}
    if isinstance(nav, list):
        return {p for item in nav for p in _nav_paths(item)}
    return set()


class _EssayConfig(base.Config):
    sources_dir = c.Type(str, default="sources")
    data_dir = c.Type(str, default="data")
    prefix = c.Type(str, default="")


class EditionPluginConfig(base.Config):
    """Plugin options: the essays to build (default: this repository's one essay) and extra nav."""

    essays = c.ListOfItems(c.SubConfig(_EssayConfig), default=[{}])
    extra_nav = c.Type(list, default=[])
    atomic = c.Type(bool, default=True)


class EditionPlugin(BasePlugin[EditionPluginConfig]):
    """Generate the edition's pages and exports for MkDocs."""

    def __init__(self) -> None:
        self.command = "build"
        self.editions: list[Edition] = []
        self.final_site_dir: str | None = None
        self.counter: CountHandler | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a build or a serve (only builds are staged)."""
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Build every configured essay's edition and set the navigation; stage the site dir."""
        root = Path(config.config_file_path).parent
        prefixes = [e.prefix for e in self.config.essays]
        repeated = sorted({p for p in prefixes if prefixes.count(p) > 1})
        if repeated:  # checked before any essay is built
            raise PluginError(f"{config.config_file_path}: essays share the prefix {repeated[0]!r}; give each its own")
        self.editions = []
        try:
            # `mkdocs serve` runs threads, which forked workers must not inherit: it builds serially.
            self.editions = build_editions([EssayInput(root / e.sources_dir, root / e.data_dir, e.prefix,
                                                       display_root=root) for e in self.config.essays],
                                           workers=None if self.command == "build" else 1)
        except SourceError as err:
            raise PluginError(err.one_line()) from None
        if not config.nav:
            config.nav = self._nav() + list(self.config.extra_nav)
        if self.command == "build" and self.config.atomic:
            self._stage(config)
        return config

    def _needs_library(self) -> bool:
        """A site of several essays, none at the root, gets a generated library page as its home."""
        return len(self.editions) > 1 and all(e.library is None or e.library.prefix for e in self.editions)

    def _nav(self) -> list[Any]:
        """One essay: its nav as is. Several: one group per essay, titled by the essay, after the library.

        Material renders the whole nav into every page, so a site of many essays also wants the
        theme feature ``navigation.prune`` (see the method page): without it a 50-essay build spent
        most of its time writing every essay's nav into every page.
        """
        if len(self.editions) == 1:
            return list(self.editions[0].nav)
        nav: list[Any] = [{"Library": "index.md"}] if self._needs_library() else []
        for number, edition in enumerate(self.editions, start=1):
            title = edition.library.title if edition.library else f"Essay {number}"
            nav.append({html_text(title): edition.nav})
        return nav

    def _stage(self, config: MkDocsConfig) -> None:
        self.final_site_dir = os.path.abspath(config.site_dir)
        config.site_dir = f"{self.final_site_dir}.staging-{os.getpid()}"
        self.counter = CountHandler()
        self.counter.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.counter)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages and exports as in-memory files."""
        in_nav = _nav_paths(config.nav)
        for edition in self.editions:
            for path, text in sorted(edition.pages.items()):
                # Pages reached by links (one per claim, per tag) are meant to be outside the nav.
                inclusion = InclusionLevel.INCLUDED if path in in_nav else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, path, content=text, inclusion=inclusion))
            for path, data in sorted(edition.assets.items()):
                files.append(File.generated(config, path, content=data))
        if self._needs_library() and files.get_file_from_path("index.md") is None:
            entries = [e.library for e in self.editions if e.library is not None]
            files.append(File.generated(config, "index.md", content=library_page(entries)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Fill a hand-written page's exports marker with the table of every essay's export files."""
        if EXPORT_MARKER not in markdown:
            return markdown
        essays = [(e.library.title, e.library.prefix) for e in self.editions if e.library is not None]
        sizes = {path: len(data) for e in self.editions for path, data in e.assets.items()}
        return markdown.replace(EXPORT_MARKER, exports_table(page.url, essays, sizes))

    @event_priority(-100)  # last: after other plugins have written their files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the search index, save the id registry and swap the staged site in place."""
        write_search_index(Path(config.site_dir), self.editions, config.theme["language"])
        for edition in self.editions:
            for warning in edition.warnings:
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

    def _save_registries(self) -> None:
        for edition in self.editions:
            if write_registry(edition):
                log.info(f"Updated the id registry {edition.registry_path}")

    def _detach(self) -> None:
        if self.counter is not None:
            logging.getLogger("mkdocs").removeHandler(self.counter)
            self.counter = None

    def on_build_error(self, *, error: Exception) -> None:
        """Remove the staging folder so a failed build leaves the previous site as it was."""
        self._detach()
        if self.final_site_dir is not None:
            shutil.rmtree(f"{self.final_site_dir}.staging-{os.getpid()}", ignore_errors=True)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a source or curated data file changes."""
        for edition in self.editions:
            for path in edition.watch:
                server.watch(str(path))
        return server
