"""The narration's two transcript pages: the YouTube captions restored, and the podcast transcript.

Chapter headings are Markdown (so MkDocs builds the table of contents and search entries) with an
explicit ``{#id}``; every paragraph or podcast line is one raw HTML block opening with a timestamp
link into the video. Narration sentences are ``span.sentence`` elements carrying their id and
times; corrected words are ``span.asr-fix`` with the transcript's original words in ``title`` and
``data-said`` (which the page's "Show what the captions said" toggle shows beside each); bleeps are
a visible ``[bleep]`` marker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from ..model import EditionModel, Page, TimedPodcast, Token, Transcript
from .essay_pages import narration_runs, player_bar
from .front_matter import NOT_IN_SEARCH, front_matter
from .links import clock, page_url
from .templating import fragment, render

YOUTUBE = {"title": "Narration transcript (YouTube)",
           "description": "The essay's narration, restored from the YouTube captions into timed, corrected sentences."}
PODCAST = {"title": "Podcast transcript",
           "description": "The podcast transcript of the same narration, each line timed against the captions."}
YOUTUBE_INTRO = ("The YouTube narration's captions, restored into sentences and paragraphs. Corrected words are "
                 "underlined with dots (hover one, or show them all below, to see what the captions said); every "
                 "timestamp opens the video there.")
CAPTIONS = {"title": "Narration transcript",
            "description": "The essay's narration, restored from its captions into timed, corrected sentences."}
CAPTIONS_INTRO = ("The narration's captions, restored into sentences and paragraphs. Corrected words are underlined "
                  "with dots (hover one, or show them all below, to see what the captions said).")
"""The page's words for captions of no known video (an SRT or WebVTT file without the video's facts)."""


def _outer_punctuation(token: Token) -> tuple[str, str, str]:
    """Split off the punctuation a correction kept around it, so only the corrected words are marked."""
    text, raw = token.text, token.raw
    i = 0
    while i < min(len(text), len(raw)) and text[i] == raw[i] and not text[i].isalnum() and text[i] != " ":
        i += 1
    j = 0
    while j < min(len(text), len(raw)) - i and text[-1 - j] == raw[-1 - j] and not text[-1 - j].isalnum():
        j += 1
    return text[:i], text[i:len(text) - j], text[len(text) - j:]


def tokens_html(tokens: Sequence[Token], said: str) -> Markup:
    """Return tokens as escaped HTML: words as text, fixes with the original on hover, bleeps marked."""
    return Markup(fragment("tokens.html", tokens=tokens, said=said, outer=_outer_punctuation).rstrip("\n"))


def _chapter_times(chapter: object) -> str:
    start, listed = chapter.start, chapter.listed_start  # type: ignore[attr-defined]
    return clock(start) if clock(start) == clock(listed) else f"{clock(start)} (listed as {clock(listed)})"


def _page(meta: dict[str, str], heading: str, intro: str, video_id: str | None, chapters: Sequence[object],
          youtube: bool, player: Markup | None) -> str:
    if player is None:
        player = player_bar(video_id) if video_id else Markup("")
    # The podcast transcript is out of search: it is the narration again, which the YouTube transcript
    # page holds; a many-essay index stays smaller without the duplicate.
    fields: dict[str, object] = dict(meta) if youtube else {**meta, **NOT_IN_SEARCH}
    return front_matter(fields) + render(
        "transcript.md", title=heading, intro=intro, player=player, chapters=chapters, fixes=_fixes(chapters, youtube),
        youtube=youtube, video_id=video_id, tokens=tokens_html, chapter_times=_chapter_times)


def _fixes(chapters: Sequence[object], youtube: bool) -> int:
    """Return how many corrected words a transcript page shows."""
    if youtube:
        tokens = (t for c in chapters for p in c.paragraphs for s in p.sentences for t in s.tokens)  # type: ignore[attr-defined]
    else:
        tokens = (t for c in chapters for line in c.lines for t in line.tokens)  # type: ignore[attr-defined]
    return sum(1 for t in tokens if t.kind == "fix")


def youtube_transcript_page(transcript: Transcript, player: Markup | None = None) -> str:
    """Return the Markdown source of the narration's transcript page, restored from the captions.

    ``player`` is the listen-along bar (default: a bar for the video that knows nothing of the essay)."""
    meta, intro = (YOUTUBE, YOUTUBE_INTRO) if transcript.video_id else (CAPTIONS, CAPTIONS_INTRO)
    return _page(meta, "Narration transcript", intro, transcript.video_id, transcript.chapters, True, player)


def podcast_transcript_page(podcast: TimedPodcast, video_id: str, player: Markup | None = None) -> str:
    """Return the Markdown source of the podcast transcript page, its lines timed against the video."""
    intro = (f"The podcast episode's transcript ({podcast.date}), line by line as published. Times are the YouTube "
             "narration's, found by aligning the two transcripts; corrected words are underlined with dots (hover one, "
             "or show them all below, to see the transcript's original).")
    return _page(PODCAST, "Podcast transcript", intro, video_id, podcast.chapters, False, player)


def _player(m: EditionModel, video_id: str, page_url: str) -> Markup:
    """Return a transcript page's listen-along bar: from the start, knowing which section is read when;
    nothing for captions of no known video (there is nothing to listen to)."""
    if not video_id:
        return Markup("")
    return player_bar(video_id, page_url, narration_runs(m), 0.0)


def youtube_pages(m: EditionModel) -> Iterable[Page]:
    """Return the page of the narration restored from its captions."""
    assert m.transcript is not None
    path = f"{m.prefix}narration/youtube.md"
    yield Page(path, youtube_transcript_page(m.transcript, _player(m, m.transcript.video_id, page_url(path))),
               ("The narration", "YouTube transcript" if m.transcript.video_id else "Narration transcript"))


def podcast_pages(m: EditionModel) -> Iterable[Page]:
    """Return the podcast transcript page, its lines timed against the video."""
    assert m.podcast is not None and m.captions is not None
    path, video_id = f"{m.prefix}narration/podcast.md", m.captions.video_id
    yield Page(path, podcast_transcript_page(m.podcast, video_id, _player(m, video_id, page_url(path))),
               ("The narration", "Podcast transcript"))
