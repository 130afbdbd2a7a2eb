"""Orchestration: sources → typed model → enriched records → pages and exports, in that order.

:func:`build_edition` is the one entry point, callable without MkDocs (the CLI writes its pages to a
folder; the MkDocs plugin feeds them to MkDocs). Its stages:

1. **read** – verify the sources against their SHA-256 manifest and read the curated data;
2. **parse** – the essay, the captions (and the other sources) into the typed model;
3. **enrich** – stable ids, sentences, narration alignment, predictions, claims, cross-links;
4. **render** – Markdown pages and the data exports, as strings in memory.

Nothing is written by these stages; :func:`write_registry` is the only write (the committed id
registry), done by the caller once the whole build has succeeded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .curated import load_yaml_document  # noqa: F401  (re-exported for curated loaders)
from .enrich.ids import IdRegistry
from .enrich.retired import retired_passages
from .enrich.structure import essay_records
from .errors import DataWarning, SourceError
from .parse.captions import parse_captions
from .parse.essay import parse_essay, parse_essay_layout
from .render.essay_pages import comments_page, section_page
from .render.exports import essay_export, to_json
from .render.home import home_page
from .render.search import SearchEntry
from .render.text import html_text
from .sources import load_sources

REGISTRY = "ids.json"


@dataclass(frozen=True)
class EssayInput:
    """Where one essay's sources and curated data live, and the URL prefix of its pages."""

    sources_dir: Path
    data_dir: Path
    url_prefix: str = ""
    display_root: Path | None = None  # paths in messages are shown relative to this


@dataclass
class Edition:
    """Everything a build produces, in memory: pages (docs-relative path → Markdown), assets
    (site-relative path → bytes), the navigation, the updated id registry and warnings."""

    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)
    nav: list[object] = field(default_factory=list)
    registry: dict[str, object] = field(default_factory=dict)
    registry_path: Path | None = None
    warnings: list[DataWarning] = field(default_factory=list)
    watch: list[Path] = field(default_factory=list)
    search_entries: list[SearchEntry] = field(default_factory=list)


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _read_data(path: Path, display: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(display, None, "the curated data file is missing") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(display, data[: exc.start].count(b"\n") + 1, "not valid UTF-8") from None


def read_registry(path: Path, display: str) -> IdRegistry:
    """Return the committed id registry, or an empty one if the file does not exist yet."""
    if not path.exists():
        return IdRegistry()
    try:
        return IdRegistry.from_json(json.loads(_read_data(path, display)))
    except (json.JSONDecodeError, KeyError, AttributeError, TypeError) as exc:
        raise SourceError(display, getattr(exc, "lineno", None), f"the id registry is malformed: {exc}") from None


def build_edition(essay_input: EssayInput) -> Edition:
    """Return the pages, exports and navigation of one essay's edition (nothing is written)."""
    root = essay_input.display_root
    src_display = _display(essay_input.sources_dir, root)
    data_dir = essay_input.data_dir
    layout_display = _display(data_dir / "essay_layout.yaml", root)
    # 1. read
    sources = load_sources(essay_input.sources_dir, src_display)
    layout_text = _read_data(data_dir / "essay_layout.yaml", layout_display)
    registry = read_registry(data_dir / REGISTRY, _display(data_dir / REGISTRY, root))
    # 2. parse
    layout, layout_lines = parse_essay_layout(layout_text, layout_display)
    essay = parse_essay(sources["essay"].text, sources["essay"].path, layout, layout_display, layout_lines)
    captions = parse_captions(sources["captions"].text, sources["captions"].path)
    # 3. enrich
    prefix = essay_input.url_prefix
    sections = essay_records(essay, registry, prefix)
    # 4. render
    edition = Edition(registry=registry.to_json(), registry_path=data_dir / REGISTRY,
                      watch=[essay_input.sources_dir, data_dir])
    edition.pages[f"{prefix}index.md"] = home_page(essay, sections, layout.author, captions.video_id,
                                                   layout.source_url, home_url=prefix)
    retired = retired_passages(registry, sections)
    for section in sections:
        edition.pages[section.page_path] = section_page(
            essay, section, sections, captions.video_id,
            retired=[r for r in retired if r.page_url == section.page_url])
    edition.pages[f"{prefix}comments.md"] = comments_page(essay)
    edition.search_entries = [SearchEntry(p.url, s.title, p.paragraph.text) for s in sections for p in s.paragraphs]
    edition.assets[f"{prefix}data/essay.json"] = to_json(essay_export(essay, sections, captions.video_id)).encode()
    edition.nav = [
        {"Home": f"{prefix}index.md"},
        {"The essay": [{html_text(s.title): s.page_path} for s in sections]},
        {"Reader comments": f"{prefix}comments.md"},
    ]
    return edition


def write_registry(edition: Edition) -> bool:
    """Write the updated id registry if it changed; return whether it was written."""
    if edition.registry_path is None:
        return False
    text = to_json(edition.registry)
    path = edition.registry_path
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
