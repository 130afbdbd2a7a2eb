"""Markdown page sources for the narration's two transcripts (YouTube captions and podcast).

Chapter headings are Markdown (so MkDocs builds the table of contents and search entries): their
text goes through :func:`~essay_edition.render.text.md_inline` and gets an explicit ``{#id}``
(attr_list). Every paragraph or podcast line is one raw HTML block whose text is escaped with
:func:`~essay_edition.render.text.html_text`, so transcript text is never read as markup. A block
opens with a timestamp link into the video; narration sentences are ``span.sentence`` elements
carrying their id and times; corrected words are ``span.asr-fix`` with the transcript's original
words in ``title``; bleeps are a visible ``[bleep]`` marker.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..model import TimedPodcast, TimedPodcastLine, Token, Transcript, TranscriptParagraph
from .text import html_text, md_inline

VIDEO_URL = "https://www.youtube.com/watch?v={video_id}&t={seconds}s"


def clock(seconds: float) -> str:
    """Return whole seconds as ``M:SS`` (``H:MM:SS`` from an hour on)."""
    total = math.floor(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def timestamp_link(video_id: str, seconds: float) -> str:
    """Return the ``a.ts`` link that opens the video at the whole second of ``seconds``."""
    href = VIDEO_URL.format(video_id=video_id, seconds=math.floor(seconds))
    label = clock(seconds)
    return f'<a class="ts" href="{html_text(href)}">{label}</a>'


def tokens_html(tokens: Sequence[Token], said: str) -> str:
    """Return tokens as escaped HTML: words as text, fixes with the original on hover, bleeps marked."""
    parts = []
    for token in tokens:
        if token.kind == "fix":
            lead, text, trail = _outer_punctuation(token.text, token.raw)
            title = html_text(f"{said}: {token.raw[len(lead):len(token.raw) - len(trail)]}")
            parts.append(f'{html_text(lead)}<span class="asr-fix" title="{title}">{html_text(text)}</span>'
                         f"{html_text(trail)}")
        elif token.kind == "bleep":
            parts.append(f'<span class="bleep" title="a bleeped word">{html_text(token.text)}</span>')
        else:
            parts.append(html_text(token.text))
    return " ".join(parts)


def _outer_punctuation(text: str, raw: str) -> tuple[str, str, str]:
    """Split off the punctuation a correction kept around it, so only the corrected words are marked."""
    i = 0
    while i < min(len(text), len(raw)) and text[i] == raw[i] and not text[i].isalnum() and text[i] != " ":
        i += 1
    j = 0
    while j < min(len(text), len(raw)) - i and text[-1 - j] == raw[-1 - j] and not text[-1 - j].isalnum():
        j += 1
    return text[:i], text[i:len(text) - j], text[len(text) - j:]


def chapter_heading(title: str, anchor: str, start: float, listed: float) -> str:
    """Return a level-2 Markdown heading showing the chapter's start, and its listed start when different."""
    times = clock(start) if clock(start) == clock(listed) else f"{clock(start)} (listed as {clock(listed)})"
    return f"## {md_inline(title)} · {md_inline(times)} {{#{anchor}}}"


def youtube_transcript_page(transcript: Transcript, title: str = "Narration transcript", intro: str = "") -> str:
    """Return the Markdown source of the narration's transcript page, restored from the captions."""
    intro = intro or ("The YouTube narration's captions, restored into sentences and paragraphs. "
                      "Corrected words show what the captions said when you hover them; every "
                      "timestamp opens the video there.")
    blocks = [f"# {md_inline(title)}", f'<p class="transcript-intro">{html_text(intro)}</p>']
    for chapter in transcript.chapters:
        blocks.append(chapter_heading(chapter.title, chapter.id, chapter.start, chapter.listed_start))
        blocks.extend(_paragraph_html(p, transcript.video_id) for p in chapter.paragraphs)
    return "\n\n".join(blocks) + "\n"


def _paragraph_html(paragraph: TranscriptParagraph, video_id: str) -> str:
    sentences = " ".join(
        f'<span class="sentence" id="{html_text(s.id)}" data-start="{s.start:.3f}" data-end="{s.end:.3f}">'
        f"{tokens_html(s.tokens, 'caption said')}</span>"
        for s in paragraph.sentences
    )
    return f'<p id="{html_text(paragraph.id)}">{timestamp_link(video_id, paragraph.start)} {sentences}</p>'


def podcast_transcript_page(podcast: TimedPodcast, video_id: str, title: str = "Podcast transcript",
                            intro: str = "") -> str:
    """Return the Markdown source of the podcast transcript page, its lines timed against the video."""
    intro = intro or (f"The podcast episode's transcript ({podcast.date}), line by line as published. "
                      "Times are the YouTube narration's, found by aligning the two transcripts; "
                      "corrected words show the transcript's original when you hover them.")
    blocks = [f"# {md_inline(title)}", f'<p class="transcript-intro">{html_text(intro)}</p>']
    for chapter in podcast.chapters:
        blocks.append(chapter_heading(chapter.title, chapter.id, chapter.start, chapter.listed_start))
        blocks.extend(_line_html(line, video_id) for line in chapter.lines)
    return "\n\n".join(blocks) + "\n"


def _line_html(line: TimedPodcastLine, video_id: str) -> str:
    return (f'<p id="{html_text(line.id)}" class="podcast-line" data-start="{line.start:.3f}" '
            f'data-end="{line.end:.3f}">{timestamp_link(video_id, line.start)} '
            f"{tokens_html(line.tokens, 'transcript said')}</p>")

