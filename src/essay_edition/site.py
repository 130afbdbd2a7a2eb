"""The whole site: every essay's edition, the library page, the nav and the search entries.

:func:`build_site` is what the MkDocs plugin and the command line both write: the pipeline owns the
site, and those two are thin writers of the same :class:`Site`. A site holds one essay at its root
or any number of essays under URL prefixes; with no essay at the root, its home is a library page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .build import build_edition, write_registry
from .errors import DataWarning, SourceError
from .inputs import EssayInput
from .model import Edition, Page, SearchEntry
from .render.id_index import INDEX_PATH, site_index
from .render.library import EXPORT_MARKER, exports_table, library_page
from .workers import forked_pool

__all__ = ["EXPORT_MARKER", "EssayConfig", "Site", "SiteConfig", "build_editions", "build_site", "check_config"]

_PREFIX = re.compile(r"^(?:[a-z0-9][a-z0-9-]{0,62}/){1,4}$")
# Top-level folders of an edition at the root (and of MkDocs itself): a prefix equal to one of them
# would put an essay's pages inside another's.
RESERVED_PREFIXES = frozenset({"essay/", "narration/", "predictions/", "claims/", "tags/", "data/", "about/",
                               "search/", "assets/", "javascripts/", "stylesheets/", "reference/", "people/",
                               "glossary/", "summaries/", "comments/", "review/"})


@dataclass(frozen=True)
class EssayConfig:
    """One essay of the site: its sources and curated data folders and its URL prefix ("" or "name/")."""

    sources_dir: Path
    data_dir: Path
    prefix: str = ""


@dataclass(frozen=True)
class SiteConfig:
    """The essays of a site, the folder paths in messages are shown relative to, and where the config is."""

    essays: tuple[EssayConfig, ...]
    root: Path
    config_path: str = "mkdocs.yml"
    site_url: str = ""  # the canonical address of the site (MkDocs' site_url), "" when not deployed


@dataclass
class Site:
    """Every generated page and export of a site, its nav and search entries, and what to report."""

    editions: list[Edition]
    pages: dict[str, Page] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)
    nav: list[object] = field(default_factory=list)
    search_entries: list[SearchEntry] = field(default_factory=list)
    _updated_by_path: tuple[dict[str, str], str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def updated(self) -> str:
        """The latest date (ISO) any essay's content is as of ("" when none states one)."""
        return max((e.updated for e in self.editions), default="")

    def updated_of(self, path: str) -> str:
        """The date (ISO) the page at ``path`` is as of: its essay's, or the site's for other pages."""
        if self._updated_by_path is None:  # made once: asked of every page, per page it grew with the essays
            dates: dict[str, str] = {}
            for edition in self.editions:
                if edition.updated:
                    for page_path in edition.pages:
                        dates.setdefault(page_path, edition.updated)
            self._updated_by_path = (dates, self.updated)
        dates, site_date = self._updated_by_path
        return dates.get(path, site_date)

    @property
    def warnings(self) -> list[DataWarning]:
        """Every essay's warnings, in essay order."""
        return [w for e in self.editions for w in e.warnings]

    def exports_table(self, page_url: str) -> str:
        """Return the Markdown table of every essay's export files, linked from the page at ``page_url``."""
        essays = [(e.library.title, e.library.prefix) for e in self.editions if e.library is not None]
        return exports_table(page_url, essays, {path: len(data) for path, data in self.assets.items()})

    def release_markdown(self) -> None:
        """Drop every page's Markdown, keeping its path and place in the nav: for a build that has handed
        the pages to their writer (MkDocs), so the site's pages are not held twice."""
        self.pages = {path: Page(page.path, "", page.nav) for path, page in self.pages.items()}
        for edition in self.editions:
            edition.pages = {path: Page(page.path, "", page.nav) for path, page in edition.pages.items()}

    def release_assets(self) -> None:
        """Drop every export's bytes: for a build whose files are written (MkDocs writes a site's other
        files before its pages, and every page's Markdown, export tables included, is read before that)."""
        self.assets = {}
        for edition in self.editions:
            edition.assets = {}

    def save_registries(self) -> list[Path]:
        """Write every essay's updated id registry that changed; return the paths written."""
        return [Path(str(e.registry_path)) for e in self.editions if write_registry(e)]


def check_config(config: SiteConfig) -> None:
    """Raise SourceError naming the config file when essays' prefixes or data folders clash or are malformed."""
    seen: dict[str, int] = {}
    data_dirs: dict[Path, int] = {}
    for number, essay in enumerate(config.essays, start=1):
        prefix = essay.prefix
        if prefix and not _PREFIX.match(prefix):
            hint = f"; did you mean {prefix.rstrip('/') + '/'!r}?" if not prefix.endswith("/") else ""
            raise SourceError(config.config_path, None,
                              f"essay {number}: prefix {prefix!r} must be lowercase letters, digits and hyphens "
                              f"ending in '/' (or empty for the root){hint}")
        if prefix in RESERVED_PREFIXES:
            raise SourceError(config.config_path, None, f"essay {number}: prefix {prefix!r} is a folder of the site "
                                                        "itself; choose another")
        if prefix in seen:
            raise SourceError(config.config_path, None,
                              f"essays {seen[prefix]} and {number} share the prefix {prefix!r}; give each its own")
        seen[prefix] = number
        # The sources must be there (a typo there read as a missing manifest); a data folder may not be yet.
        folder = essay.sources_dir
        if not (config.root / folder).is_dir():
            raise SourceError(config.config_path, _config_line(config, "sources_dir", folder),
                              f"essay {number}: sources_dir {folder.as_posix()!r} is not a folder"
                              f"{'' if (config.root / folder).exists() else ' (no such folder)'}")
        data = (config.root / essay.data_dir).resolve()
        if data in data_dirs:
            raise SourceError(config.config_path, None, f"essays {data_dirs[data]} and {number} share the data folder "
                                                        f"{essay.data_dir}; each essay keeps its own id registry")
        data_dirs[data] = number


def _config_line(config: SiteConfig, key: str, folder: Path) -> int | None:
    """Return the line of the site's config that sets ``key`` to ``folder`` (the first), or None: the
    plugin's defaults are named nowhere, and a config that cannot be read is MkDocs' to report."""
    try:
        lines = (config.root / config.config_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    setting = re.compile(rf"\b{key}\s*:\s*['\"]?{re.escape(folder.as_posix())}/?['\"]?\s*(?:[,}}#]|$)")
    return next((n for n, line in enumerate(lines, start=1) if setting.search(line)), None)


def build_editions(essay_inputs: Sequence[EssayInput], workers: int | None = None) -> list[Edition]:
    """Return the edition of each essay, in order, built in up to ``workers`` processes (default: one
    per CPU) when there are several essays; raise the first essay's SourceError, in essay order.

    Essays are independent, so a site of many essays builds them side by side. Workers are forked
    (:mod:`essay_edition.workers`), so pass ``workers=1`` from a process that runs threads, such as
    ``mkdocs serve``.
    """
    pool = forked_pool(len(essay_inputs), workers)
    if pool is None:
        return [build_edition(essay) for essay in essay_inputs]
    with pool:
        return list(pool.map(build_edition, essay_inputs))


def build_site(config: SiteConfig, workers: int | None = None) -> Site:
    """Return the whole site: every essay's pages and exports, the library page when needed, the nav."""
    check_config(config)
    site_url = config.site_url.rstrip("/") + "/" if config.site_url else ""
    inputs = [EssayInput(config.root / e.sources_dir, config.root / e.data_dir, e.prefix, display_root=config.root,
                         site_url=site_url) for e in config.essays]
    editions = build_editions(inputs, workers)
    site = Site(editions)
    for edition in editions:
        for path in [*edition.pages, *edition.assets]:
            check_output_path(path, edition.registry_path)
        site.pages.update(edition.pages)
        site.assets.update(edition.assets)
        site.search_entries.extend(edition.search_entries)
    site.assets[INDEX_PATH] = site_index([e.id_index for e in editions])  # for links to moved or retired ids
    if len(editions) == 1 and not config.essays[0].prefix:
        site.nav = editions[0].nav()
        return site
    if all(e.library is None or e.library.prefix for e in editions):  # no essay at the root: a library there
        entries = [e.library for e in editions if e.library is not None]
        site.pages = {"index.md": Page("index.md", library_page(entries), ("Library",)), **site.pages}
        site.nav.append({"Library": "index.md"})
    for number, edition in enumerate(editions, start=1):
        title = edition.library.title if edition.library else f"Essay {number}"
        site.nav.append({nav_title(title): edition.nav()})
    return site


_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def check_output_path(path: str, origin: object = None) -> None:
    """Raise SourceError unless ``path`` stays inside the site folder: relative, plain parts, no ``..``.

    Every page and export path is checked before anything is written, so no entry of any data file
    (an id in the registry, a tag) can send a write outside the site, whatever it holds.
    """
    parts = path.split("/")
    if path.startswith("/") or any(not _SAFE_PART.match(part) or part in {".", ".."} for part in parts):
        raise SourceError(str(origin or "the site"), None, f"would write {path[:80]!r}, outside the site's folders: "
                                                           "an id or name in the data is not a plain name")


def nav_title(title: str) -> str:
    """Return a title escaped for the nav (MkDocs prints nav titles unescaped)."""
    from markupsafe import escape

    return str(escape(title))
