"""Stage 1, read: the verified sources and the curated data files of one essay (the I/O edge).

Nothing here interprets the text: it is read, checked against the sources manifest (or decoded as
UTF-8 for curated files) and handed on with the path to show in messages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .enrich.ids import IdRegistry
from .errors import SourceError
from .sources import SourceText, clean_text, inside, load_sources

REGISTRY = "ids.json"
MAX_DATA_BYTES = 20_000_000  # the id registry of the largest essay allowed stays far below this
CURATED = ("essay_layout", "asr_corrections", "predictions", "not_predictions", "claim_links", "people",
           "glossary", "tags")
EMPTY_CURATED = {  # what a curated file that does not exist (yet) holds: nothing curated
    "asr_corrections": "corrections: []\n",
    "predictions": "predictions: []\n",
    "not_predictions": "not_predictions: []\n",
    "claim_links": "claims: []\n",
    "people": "people: []\nworks: []\n",
    "glossary": "terms: []\n",
    "tags": "tags: {}\n",
}
"""Every curated file may be absent (an essay builds with zero hand-written data); these hold nothing."""


@dataclass(frozen=True)
class EssayInput:
    """Where one essay's sources and curated data live, and the URL prefix of its pages."""

    sources_dir: Path
    data_dir: Path
    url_prefix: str = ""
    display_root: Path | None = None  # paths in messages are shown relative to this
    site_url: str = ""  # the site's canonical address (ending in "/"), for exports that need absolute URLs


@dataclass(frozen=True)
class Inputs:
    """The raw texts of one essay: sources by role, curated files by name, and the id registry."""

    sources: dict[str, SourceText]
    curated: dict[str, tuple[str, str]]  # name -> (text, display path)
    layout: tuple[str | None, str]  # the layout file's text (None when there is none yet) and display path
    registry: IdRegistry
    registry_path: Path


def display_path(path: Path, root: Path | None) -> str:
    """Return ``path`` as shown in messages: relative to ``root`` when it lies inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def read_text_file(path: Path, display: str, default: str | None = None) -> str:
    """Return a curated file's text (``default`` when it does not exist); a missing file without a
    default, or a non-UTF-8 file, is a SourceError."""
    try:
        target = inside(path.parent, path.name, display)
        if target.stat().st_size > MAX_DATA_BYTES:
            raise SourceError(display, None, f"is larger than {MAX_DATA_BYTES // 1_000_000} MB: curated data never is")
        data = target.read_bytes()
    except FileNotFoundError:
        if default is not None:
            return default
        raise SourceError(display, None, "the curated data file is missing") from None
    except OSError as exc:  # a folder, unreadable, …: one line, never a traceback
        raise SourceError(display, None, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(display, data[: exc.start].count(b"\n") + 1, "not valid UTF-8") from None
    return clean_text(text, display)


def read_registry(path: Path, display: str) -> IdRegistry:
    """Return the committed id registry, or an empty one if the file does not exist yet."""
    if not path.exists():
        return IdRegistry()
    text = read_text_file(path, display)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(display, exc.lineno, f"the id registry is not valid JSON: {exc.msg}", column=exc.colno) \
            from None
    except (ValueError, RecursionError) as exc:  # a number of over 4,300 digits; nesting deeper than Python's stack
        raise SourceError(display, None, f"the id registry cannot be read: {str(exc).splitlines()[0][:120]}") from None
    return IdRegistry.from_json(data, display, text)


def read_inputs(essay: EssayInput) -> Inputs:
    """Return the verified sources, the curated files and the id registry of one essay."""
    root = essay.display_root
    sources = load_sources(essay.sources_dir, display_path(essay.sources_dir, root))
    curated = {}
    for name in CURATED[1:]:
        path = essay.data_dir / f"{name}.yaml"
        display = display_path(path, root)
        curated[name] = (read_text_file(path, display, EMPTY_CURATED.get(name)), display)
    layout_path = essay.data_dir / f"{CURATED[0]}.yaml"
    layout = (read_text_file(layout_path, display_path(layout_path, root)) if layout_path.exists() else None,
              display_path(layout_path, root))
    registry_path = essay.data_dir / REGISTRY
    return Inputs(sources, curated, layout, read_registry(registry_path, display_path(registry_path, root)),
                  registry_path)
