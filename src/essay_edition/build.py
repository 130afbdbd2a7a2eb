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
from datetime import date
from dataclasses import dataclass, field
from pathlib import Path

from .curated import load_yaml_document  # noqa: F401  (re-exported for curated loaders)
from .enrich.ids import IdRegistry
from .enrich.retired import retired_passages
from .enrich.structure import essay_records
from .errors import DataWarning, SourceError
from .enrich.corrections import check_corrections, load_corrections
from .enrich.ledger_stage import build_ledger
from .enrich.align import paragraph_differences
from .enrich.narration_stage import apply_alignment
from .enrich.podcast import time_podcast
from .enrich.words import timed_words
from .enrich.transcript import build_transcript, chapter_anchors
from .parse.captions import parse_captions
from .parse.podcast import parse_podcast
from .parse.essay import parse_essay, parse_essay_layout
from .render.essay_pages import comments_page, front_matter, player_bar, relative, section_page
from .render.exports import essay_export, to_json
from .render.differences import classify_additions, differences_page
from .render.home import home_page
from .render.marks import prediction_marks
from .render.ledger import ledger_page, predictions_csv, predictions_export
from .render.search import SearchEntry
from .render.text import html_text
from .render.transcript_exports import captions_vtt, podcast_json, transcript_json
from .render.transcript_pages import podcast_transcript_page, youtube_transcript_page
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
    corrections_display = _display(data_dir / "asr_corrections.yaml", root)
    corrections_text = _read_data(data_dir / "asr_corrections.yaml", corrections_display)
    predictions_display = _display(data_dir / "predictions.yaml", root)
    predictions_text = _read_data(data_dir / "predictions.yaml", predictions_display)
    not_predictions_display = _display(data_dir / "not_predictions.yaml", root)
    not_predictions_text = _read_data(data_dir / "not_predictions.yaml", not_predictions_display)
    registry = read_registry(data_dir / REGISTRY, _display(data_dir / REGISTRY, root))
    # 2. parse
    layout, layout_lines = parse_essay_layout(layout_text, layout_display)
    essay = parse_essay(sources["essay"].text, sources["essay"].path, layout, layout_display, layout_lines)
    captions = parse_captions(sources["captions"].text, sources["captions"].path)
    podcast = parse_podcast(sources["podcast"].text, sources["podcast"].path)
    corrections = load_corrections(corrections_text, corrections_display)
    # 3. enrich
    prefix = essay_input.url_prefix
    sections = essay_records(essay, registry, prefix)
    words = timed_words(captions.cues)
    alignment = apply_alignment(sections, words)
    check_corrections(corrections, captions, podcast)
    transcript = build_transcript(captions, corrections, chapter_anchors(captions.chapters, essay))
    timed_podcast = time_podcast(podcast, captions, transcript, corrections)
    ledger = build_ledger(essay, sections, captions.cues, predictions_text, predictions_display,
                          not_predictions_text, not_predictions_display)
    today = max((r.prediction.as_of for r in ledger.predictions), default=date.fromisoformat(essay.published))
    # 4. render
    edition = Edition(registry=registry.to_json(), registry_path=data_dir / REGISTRY,
                      watch=[essay_input.sources_dir, data_dir])
    edition.pages[f"{prefix}index.md"] = home_page(essay, sections, layout.author, captions.video_id,
                                                   layout.source_url, home_url=prefix)
    retired = retired_passages(registry, sections)
    page_of = {p.id: s.page_url for s in sections for p in s.paragraphs}
    marks = prediction_marks(ledger.predictions, page_of, f"{prefix}predictions/")
    for section in sections:
        edition.pages[section.page_path] = section_page(
            essay, section, sections, captions.video_id, extras=marks,
            retired=[r for r in retired if r.page_url == section.page_url])
    edition.pages[f"{prefix}comments.md"] = comments_page(essay)
    edition.pages[f"{prefix}narration/youtube.md"] = _with_front_matter(
        youtube_transcript_page(transcript), "Narration transcript (YouTube)",
        "The essay's narration, restored from the YouTube captions into timed, corrected sentences.",
        player_bar(captions.video_id))
    edition.pages[f"{prefix}narration/podcast.md"] = _with_front_matter(
        podcast_transcript_page(timed_podcast, captions.video_id), "Podcast transcript",
        "The podcast transcript of the same narration, each line timed against the captions.",
        player_bar(captions.video_id))
    paragraph_urls = {p.id: p.url for s in sections for p in s.paragraphs}
    starts = {p.id: (p.narration.start if p.narration else None) for s in sections for p in s.paragraphs}
    edition.pages[f"{prefix}predictions/index.md"] = front_matter({
        "title": "Predictions ledger",
        "description": f"Every forecast in the essay ({len(ledger.predictions)}), with its horizon and status."}) + \
        ledger_page(ledger.predictions, {k: relative(f"{prefix}predictions/", v) for k, v in paragraph_urls.items()},
                    starts, today, captions.video_id)
    rows = predictions_export(ledger.predictions, paragraph_urls, starts)
    edition.assets[f"{prefix}data/predictions.json"] = to_json(rows).encode()
    edition.assets[f"{prefix}data/predictions.csv"] = predictions_csv(rows).encode()
    edition.warnings.extend(ledger.warnings)
    additions = classify_additions(alignment, sections)
    by_id = {t.paragraph_id: t for t in alignment.paragraphs}
    differences = {p.id: paragraph_differences(p.paragraph.text, words, by_id[p.id])
                   for s in sections for p in s.paragraphs if p.narration}
    edition.pages[f"{prefix}narration/differences.md"] = front_matter({
        "title": "How the narration differs",
        "description": "What the narration skips, adds, reorders and rewords, section by section."}) + \
        differences_page(sections, alignment, additions, differences, captions.video_id,
                         f"{prefix}narration/differences/", captions.cues[-1].end)
    edition.assets[f"{prefix}data/captions.vtt"] = captions_vtt(transcript).encode()
    edition.assets[f"{prefix}data/transcript.json"] = to_json(transcript_json(transcript)).encode()
    edition.assets[f"{prefix}data/podcast.json"] = to_json(podcast_json(timed_podcast)).encode()
    edition.search_entries = [SearchEntry(p.url, s.title, p.paragraph.text) for s in sections for p in s.paragraphs]
    edition.assets[f"{prefix}data/essay.json"] = to_json(essay_export(essay, sections, captions.video_id)).encode()
    edition.nav = [
        {"Home": f"{prefix}index.md"},
        {"The essay": [{html_text(s.title): s.page_path} for s in sections]},
        {"The narration": [{"YouTube transcript": f"{prefix}narration/youtube.md"},
                           {"Podcast transcript": f"{prefix}narration/podcast.md"},
                           {"How the narration differs": f"{prefix}narration/differences.md"}]},
        {"Predictions ledger": f"{prefix}predictions/index.md"},
        {"Reader comments": f"{prefix}comments.md"},
    ]
    return edition


def _with_front_matter(page: str, title: str, description: str, after_title: str = "") -> str:
    """Return a rendered page with front matter, and ``after_title`` inserted after its first heading."""
    head, _, rest = page.partition("\n")
    return front_matter({"title": title, "description": description}) + head + "\n\n" + after_title + rest


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
