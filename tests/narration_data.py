"""The narration's real inputs, parsed and enriched once per test session (shared by the narration tests)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from essay_edition.enrich.corrections import load_corrections
from essay_edition.enrich.podcast import time_podcast
from essay_edition.enrich.transcript import build_transcript, chapter_anchors
from essay_edition.model import Captions, Correction, Essay, PodcastTranscript, TimedPodcast, Transcript
from essay_edition.parse.captions import parse_captions
from essay_edition.parse.essay import parse_essay, parse_essay_layout
from essay_edition.parse.podcast import parse_podcast

ROOT = Path(__file__).resolve().parent.parent
CAPTIONS_PATH = "sources/youtube-captions.txt"
PODCAST_PATH = "sources/podcast-transcript.txt"
CORRECTIONS_PATH = "data/asr_corrections.yaml"


def read(path: str) -> str:
    """Return a repository file's text."""
    return (ROOT / path).read_text(encoding="utf-8")


@cache
def captions() -> Captions:
    """The parsed captions file."""
    return parse_captions(read(CAPTIONS_PATH), CAPTIONS_PATH)


@cache
def podcast() -> PodcastTranscript:
    """The parsed podcast transcript."""
    return parse_podcast(read(PODCAST_PATH), PODCAST_PATH)


@cache
def corrections() -> tuple[Correction, ...]:
    """The curated ASR corrections."""
    return load_corrections(read(CORRECTIONS_PATH), CORRECTIONS_PATH)


@cache
def essay() -> Essay:
    """The parsed essay (its sections give chapter anchors)."""
    layout, lines = parse_essay_layout(read("data/essay_layout.yaml"), "data/essay_layout.yaml")
    return parse_essay(read("sources/essay.txt"), "sources/essay.txt", layout, "data/essay_layout.yaml", lines)


@cache
def transcript() -> Transcript:
    """The narration restored from the captions, chapters placed with the essay's anchors."""
    return build_transcript(captions(), corrections(), chapter_anchors(captions().chapters, essay()))


@cache
def timed_podcast() -> TimedPodcast:
    """The podcast transcript timed against the narration."""
    return time_podcast(podcast(), captions(), transcript(), corrections())
