"""Index pages of the essay's folders: ``essay/`` (its sections) and ``narration/`` (its pages).

A reader who trims a shared address back to its folder (``…/essay/``, ``…/narration/``) lands on a
page that lists what the folder holds instead of a 404. With Material's ``navigation.indexes``, each
is also what its nav group's title opens, so it is the first page of its group.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import EditionModel, Page
from . import differences, transcript_pages
from .essay_pages import reading_minutes
from .front_matter import front_matter
from .links import clock
from .templating import render


def essay_index_page(m: EditionModel) -> str:
    """Return the Markdown source of ``essay/index.md``: every section with its opening and times."""
    texts = [x.paragraph.text for s in m.sections for x in s.paragraphs]
    meta = {"title": "The essay",
            "description": f"“{m.essay.title}”{f' by {m.layout.author}' if m.layout.author else ''}: its "
                           f"{len(m.sections)} sections, {reading_minutes(texts)} minutes of reading."}
    return front_matter(meta) + render(
        "essay_index.md", essay=m.essay, author=m.layout.author, page_url=f"{m.prefix}essay/", sections=m.sections,
        minutes=reading_minutes(texts), video_id=m.video_id,
        minutes_of=lambda s: reading_minutes([x.paragraph.text for x in s.paragraphs]),
        opening_of=lambda s: s.paragraphs[0].sentences[0].text if s.paragraphs[0].sentences
        else s.paragraphs[0].paragraph.text)


def narration_index_page(m: EditionModel) -> str:
    """Return the Markdown source of ``narration/index.md``: the video and the pages made from it."""
    assert m.captions is not None
    p = m.prefix
    listed = [(transcript_pages.YOUTUBE, f"{p}narration/youtube/")]
    if m.podcast is not None:
        listed.append((transcript_pages.PODCAST, f"{p}narration/podcast/"))
    listed.append((differences.META, f"{p}narration/differences/"))
    narrated = sum(1 for s in m.sections for x in s.paragraphs if x.narration)
    total = sum(len(s.paragraphs) for s in m.sections)
    meta = {"title": "The narration",
            "description": f"The essay read aloud on YouTube ({clock(m.captions.cues[-1].end)}): its transcripts, "
                           "and how it differs from the text."}
    return front_matter(meta) + render(
        "narration_index.md", captions=m.captions, duration=m.captions.cues[-1].end, page_url=f"{p}narration/",
        pages=listed, narrated=narrated, total=total, video_id=m.video_id, sections=m.sections)


def essay_pages(m: EditionModel) -> Iterable[Page]:
    """Return the essay folder's index page, first in the nav group "The essay"."""
    yield Page(f"{m.prefix}essay/index.md", essay_index_page(m), ("The essay", "Contents"))


def narration_pages(m: EditionModel) -> Iterable[Page]:
    """Return the narration folder's index page, first in the nav group "The narration"."""
    yield Page(f"{m.prefix}narration/index.md", narration_index_page(m), ("The narration", "About the narration"))
