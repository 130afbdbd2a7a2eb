"""Orchestration of one essay: sources → typed model → enriched model → pages and exports, in order.

:func:`build_edition` is the entry point for one essay, callable without MkDocs; :mod:`.site` builds
a whole site of essays from it. Its stages:

1. **read** (:func:`essay_edition.inputs.read_inputs`) – verify the sources against their SHA-256
   manifest, read the curated data and the id registry;
2. **parse** – the essay, captions, podcast transcript and summaries into the typed model;
3. **enrich** (:func:`build_model`) – stable ids and sentences, narration alignment, transcripts,
   the predictions ledger, claims, mentions, tags and backlinks, every curated entry checked against its source;
4. **render** (:func:`essay_edition.render.site.render_edition`) – Markdown pages and data exports,
   as strings in memory.

Only the essay is required: a missing caption file, podcast transcript, summary or note leaves out
the stages, pages and exports that need it, and a missing curated file counts as empty.
Nothing is written by these stages; :func:`write_registry` is the only write (the committed id
registry), done by the caller once the whole build has succeeded.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .enrich.additions import classify_additions
from .enrich.align import Alignment, WordDifference, paragraph_differences
from .enrich.backlinks import cited_by
from .enrich.claims_stage import build_claims, build_mentions
from .enrich.corrections import check_corrections, load_corrections
from .enrich.ledger_stage import build_ledger
from .enrich.mentions import first_mentions
from .enrich.narration_stage import apply_alignment
from .enrich.plausibility import caption_warnings
from .enrich.podcast import time_podcast
from .enrich.retired import moved_sections, retired_passages
from .enrich.structure import essay_records
from .enrich.suggestions import suspected_misheard
from .enrich.tags import tag_claims, tag_paragraphs
from .enrich.transcript import build_transcript, chapter_anchors
from .enrich.words import timed_words
from .errors import DataWarning
from .inputs import EssayInput, Inputs, read_inputs
from .model import (
    Addition,
    Captions,
    Edition,
    EditionModel,
    Essay,
    RetiredPassage,
    SectionRecord,
    TimedPodcast,
    TimedWord,
    Transcript,
)
from .parse.caption_formats import read_captions
from .parse.essay import EssayLayout, parse_essay_layout
from .parse.essay_formats import looks_like_markdown, read_essay
from .parse.podcast import parse_podcast
from .parse.video_info import VideoInfo, merge_video_facts, parse_video_info, youtube_url
from .render.exports import to_json
from .render.site import render_edition
from .sources import REPEATABLE_ROLES, source_label

__all__ = ["Edition", "EditionModel", "EssayInput", "build_edition", "build_model", "write_registry"]


@dataclass(frozen=True)
class _Narration:
    """What the narration stage adds to the model when the essay has captions."""

    captions: Captions
    words: list[TimedWord]
    alignment: Alignment
    transcript: Transcript
    podcast: TimedPodcast | None
    additions: list[Addition]
    differences: dict[str, tuple[WordDifference, ...]]
    suggestions: list[DataWarning]
    warnings: list[DataWarning]
    sections: list[SectionRecord]  # the essay's records, timed


def _narration(inputs: Inputs, essay: Essay, layout: EssayLayout, sections: list[SectionRecord]) -> _Narration | None:
    """Return the narration stage's results, or None when the essay has no captions."""
    src, cur = inputs.sources, inputs.curated
    if "captions" not in src:
        return None
    captions = read_captions(src["captions"].text, src["captions"].path)
    if "video" in src:
        captions = merge_video_facts(captions, parse_video_info(src["video"].text, src["video"].path))
    elif layout.video is not None:
        video = layout.video
        captions = merge_video_facts(captions, VideoInfo(video.id, youtube_url(video.id), video.title, video.date))
    podcast = parse_podcast(src["podcast"].text, src["podcast"].path) if "podcast" in src else None
    corrections = load_corrections(*cur["asr_corrections"])
    check_corrections(corrections, captions, podcast)
    words = timed_words(captions.cues)
    sections, alignment = apply_alignment(sections, words)
    starts = {t.first_word for t in alignment.paragraphs if t.first_word is not None}
    transcript = build_transcript(captions, corrections, chapter_anchors(captions.chapters, essay), starts)
    timed_podcast = time_podcast(podcast, captions, transcript, corrections) if podcast is not None else None
    by_id = {t.paragraph_id: t for t in alignment.paragraphs}
    differences = {x.id: paragraph_differences(x.paragraph.text, words, by_id[x.id])
                   for s in sections for x in s.paragraphs if x.narration}
    suggestions = suspected_misheard(differences, corrections, src["captions"].path)
    warnings = caption_warnings(captions, src["captions"].path)
    return _Narration(captions, words, alignment, transcript, timed_podcast, classify_additions(alignment, sections),
                      differences, suggestions, warnings, sections)


def _essay(inputs: Inputs) -> tuple[Essay, EssayLayout]:
    """Return the essay and its layout: a Markdown essay's from its front matter (settings from the
    layout file, if any), a plain text's from its curated layout, or drafted from the text."""
    text, path = inputs.sources["essay"].text, inputs.sources["essay"].path
    layout_text, layout_path = inputs.layout
    curated, lines = parse_essay_layout(layout_text, layout_path) if layout_text is not None else (None, {})
    if looks_like_markdown(text, path):
        essay, layout = read_essay(text, path)
        if curated is not None:
            layout = layout.model_copy(update={"review": curated.review, "video": curated.video,
                                               "thesis": curated.thesis or layout.thesis})
        return essay, layout
    return read_essay(text, path, curated, layout_path, lines)


def _iso_date(text: str | None) -> date | None:
    """Return the date ``text`` names in ISO form, or None."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _on_current_pages(retired: list[RetiredPassage], moved: dict[str, str], sections: list[SectionRecord],
                      prefix: str) -> list[RetiredPassage]:
    """Return the retired passages with their notes on a page that exists: a renamed section's notes
    go to the page it became (its old address redirects there, the fragment kept), others to the first."""
    pages = {s.page_url for s in sections}
    fallback = sections[0].page_url if sections else prefix
    out = []
    for r in retired:
        page = r.page_url
        if page not in pages:
            old = page.removeprefix(f"{prefix}essay/").rstrip("/")
            page = moved.get(old) if moved.get(old) in pages else fallback
        out.append(dataclasses.replace(r, page_url=page))
    return out


def build_model(inputs: Inputs, prefix: str = "", site_url: str = "") -> EditionModel:
    """Return the enriched model of one essay (stages 2 and 3); raise SourceError on bad input."""
    src, cur = inputs.sources, inputs.curated
    essay, layout = _essay(inputs)
    sections = essay_records(essay, inputs.registry, prefix)
    narration = _narration(inputs, essay, layout, sections)
    if narration is not None:
        sections = narration.sections
    cues = narration.captions.cues if narration else ()
    # Every unreviewed candidate comes back as a review item; the essay's `review` setting decides
    # whether review items fail the build (build_edition) or wait on the review page.
    ledger = build_ledger(essay, sections, cues, *cur["predictions"], *cur["not_predictions"], review_required=True)
    raw = {Path(s.path).name: s.text for s in src.values()}
    entities, mentions = build_mentions(sections, cur, raw)
    summaries = {key: (s.text, s.path) for key, s in src.items() if s.role in REPEATABLE_ROLES}
    claims = build_claims(essay, sections, summaries, cur) if summaries else None
    paragraphs = [(p.id, p.paragraph.text) for s in sections for p in s.paragraphs]
    note_tags = claims.tags if claims else []
    paragraph_tags = tag_paragraphs(*cur["tags"], note_tags, paragraphs)
    today = max((r.prediction.as_of for r in ledger.predictions), default=None) or _iso_date(essay.published) or \
        _iso_date(narration.captions.date if narration else None)
    review: list[DataWarning] = [*ledger.warnings, *(claims.warnings if claims else [])]
    moved = moved_sections(inputs.registry, sections, prefix)
    return EditionModel(
        prefix, layout, essay, sections, ledger, today,
        captions=narration.captions if narration else None,
        words=narration.words if narration else [],
        alignment=narration.alignment if narration else None,
        transcript=narration.transcript if narration else None,
        podcast=narration.podcast if narration else None,
        claims=claims, entities=entities, mentions=mentions, shown_mentions=first_mentions(mentions),
        paragraph_tags=paragraph_tags, claim_tags=tag_claims(claims.claims, paragraph_tags) if claims else {},
        additions=narration.additions if narration else [], differences=narration.differences if narration else {},
        retired=_on_current_pages(retired_passages(inputs.registry, sections, prefix), moved, sections, prefix),
        review=review, moved_sections=moved,
        cited_by=cited_by(sections, claims.claims if claims else (), ledger.predictions,
                          narration.transcript if narration else None, narration.podcast if narration else None),
        suggestions=narration.suggestions if narration else [],
        warnings=narration.warnings if narration else [],
        source_names={Path(s.path).name: source_label(key) for key, s in src.items()}, site_url=site_url,
    )


def build_edition(essay_input: EssayInput) -> Edition:
    """Return the pages, exports and search entries of one essay's edition (nothing is written)."""
    inputs = read_inputs(essay_input)
    model = build_model(inputs, essay_input.url_prefix, essay_input.site_url)
    edition = render_edition(model)
    edition.registry = inputs.registry.to_json()  # essay_records brought it up to date
    edition.registry_path = inputs.registry_path
    edition.watch = [essay_input.sources_dir, essay_input.data_dir]
    edition.updated = model.today.isoformat() if model.today else ""
    # Under `review: required` nothing may wait on the review page: every item is a warning.
    edition.warnings = [*model.warnings, *(model.review if model.layout.review == "required" else [])]
    return edition


def write_registry(edition: Edition) -> bool:
    """Write the updated id registry if it changed; return whether it was written."""
    if edition.registry_path is None:
        return False
    text = to_json(edition.registry)
    path = Path(str(edition.registry_path))
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
