"""Orchestration: sources → typed model → enriched model → pages and exports, in that order.

:func:`build_edition` is the one entry point, callable without MkDocs (the CLI writes its pages to a
folder; the MkDocs plugin feeds them to MkDocs). Its stages:

1. **read** (:func:`essay_edition.inputs.read_inputs`) – verify the sources against their SHA-256
   manifest, read the curated data and the id registry;
2. **parse** – the essay, captions, podcast transcript and summaries into the typed model;
3. **enrich** (:func:`build_model`) – stable ids and sentences, narration alignment, transcripts,
   the predictions ledger, claims, mentions and tags, every curated entry checked against its source;
4. **render** (:func:`essay_edition.render.site.render_edition`) – Markdown pages and data exports,
   as strings in memory.

Nothing is written by these stages; :func:`write_registry` is the only write (the committed id
registry), done by the caller once the whole build has succeeded.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .enrich.align import Alignment
from .enrich.claims_stage import ClaimsModel, build_claims
from .enrich.corrections import check_corrections, load_corrections
from .enrich.ids import IdRegistry
from .enrich.ledger_stage import Ledger, build_ledger
from .enrich.narration_stage import apply_alignment
from .enrich.podcast import time_podcast
from .enrich.structure import essay_records
from .enrich.tags import tag_claims, tag_paragraphs
from .enrich.transcript import build_transcript, chapter_anchors
from .enrich.words import timed_words
from .errors import DataWarning
from .inputs import EssayInput, Inputs, read_inputs
from .model import Captions, Essay, SectionRecord, TimedPodcast, TimedWord, Transcript
from .parse.captions import parse_captions
from .parse.essay import EssayLayout, parse_essay, parse_essay_layout
from .parse.podcast import parse_podcast
from .render.exports import to_json
from .render.library import LibraryEntry
from .render.search import SearchEntry

__all__ = ["Edition", "EditionModel", "EssayInput", "build_edition", "build_model", "write_registry"]


@dataclass
class EditionModel:
    """The whole enriched model of one essay: what every page and export is rendered from."""

    prefix: str
    layout: EssayLayout
    essay: Essay
    captions: Captions
    sections: list[SectionRecord]
    words: list[TimedWord]
    alignment: Alignment
    transcript: Transcript
    podcast: TimedPodcast
    ledger: Ledger
    claims: ClaimsModel
    paragraph_tags: dict[str, list[str]]
    claim_tags: dict[str, list[str]]
    registry: IdRegistry
    today: date  # the date statuses are stated as of: taken from the ledger, never from the clock


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
    library: LibraryEntry | None = None  # what a multi-essay site's library page shows of this essay


def build_model(inputs: Inputs, prefix: str = "") -> EditionModel:
    """Return the enriched model of one essay (stages 2 and 3); raise SourceError on bad input."""
    src, cur = inputs.sources, inputs.curated
    layout, layout_lines = parse_essay_layout(*cur["essay_layout"])
    essay = parse_essay(src["essay"].text, src["essay"].path, layout, cur["essay_layout"][1], layout_lines)
    captions = parse_captions(src["captions"].text, src["captions"].path)
    podcast = parse_podcast(src["podcast"].text, src["podcast"].path)
    corrections = load_corrections(*cur["asr_corrections"])
    check_corrections(corrections, captions, podcast)

    sections = essay_records(essay, inputs.registry, prefix)
    words = timed_words(captions.cues)
    alignment = apply_alignment(sections, words)
    transcript = build_transcript(captions, corrections, chapter_anchors(captions.chapters, essay))
    timed_podcast = time_podcast(podcast, captions, transcript, corrections)
    ledger = build_ledger(essay, sections, captions.cues, *cur["predictions"], *cur["not_predictions"])
    raw = {Path(s.path).name: s.text for s in src.values()}
    claims = build_claims(essay, sections, src["summary"].text, src["summary"].path, src["note"].text,
                          src["note"].path, cur, raw)
    paragraphs = [(p.id, p.paragraph.text) for s in sections for p in s.paragraphs]
    paragraph_tags = tag_paragraphs(*cur["tags"], [t.text for t in claims.note.tags], paragraphs)
    today = max((r.prediction.as_of for r in ledger.predictions), default=date.fromisoformat(essay.published))
    return EditionModel(prefix, layout, essay, captions, sections, words, alignment, transcript, timed_podcast,
                        ledger, claims, paragraph_tags, tag_claims(claims.claims, paragraph_tags),
                        inputs.registry, today)


def build_edition(essay_input: EssayInput) -> Edition:
    """Return the pages, exports and navigation of one essay's edition (nothing is written)."""
    from .render.site import render_edition  # render imports the model types defined here

    inputs = read_inputs(essay_input)
    model = build_model(inputs, essay_input.url_prefix)
    edition = render_edition(model)
    edition.registry = model.registry.to_json()
    edition.registry_path = inputs.registry_path
    edition.watch = [essay_input.sources_dir, essay_input.data_dir]
    edition.warnings = [*model.ledger.warnings, *model.claims.warnings, *edition.warnings]
    return edition


def build_editions(essay_inputs: Sequence[EssayInput], workers: int | None = None) -> list[Edition]:
    """Return the edition of each essay, in order, built in up to ``workers`` processes (default: one
    per CPU) when there are several essays; raise the first essay's SourceError, in essay order.

    Essays are independent, so a site of many essays builds them side by side. Workers are forked
    (a fork server or spawn would re-run the caller's ``__main__``), so pass ``workers=1`` from a
    process that runs threads, such as ``mkdocs serve``.
    """
    count = min(len(essay_inputs), workers or os.cpu_count() or 1)
    if count <= 1:
        return [build_edition(essay) for essay in essay_inputs]
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        return list(pool.map(build_edition, essay_inputs))


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
