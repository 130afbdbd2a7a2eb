"""The podcast transcript parser on the real file and on malformed input; its timing against the narration."""

from __future__ import annotations

import itertools

import pytest
from narration_data import PODCAST_PATH, podcast, read, timed_podcast, transcript

from essay_edition.enrich.podcast import align_words, interpolate_times, matched_share
from essay_edition.errors import SourceError
from essay_edition.normalize import squash
from essay_edition.parse.podcast import parse_podcast

SMALL = (
    "Dwarkesh Podcast - An audio version of my blog post, Thoughts on AI progress (Dec 2025)\n"
    "Episode Date: December 23, 2025Read the essay here.Timestamps00:00:00 What are we scaling?"
    "00:03:11 The value of human labor00:09:18 B...roadly deployed intelligence explosion "
    "Get full access to Dwarkesh Podcast at www.dwarkesh.com/subscribe\n"
    "Transcript\n"
    "Discussion (0)\n"
    "I'm confused why some people have super short timelines.\n"
    "If we're actually close to a human-like learner.\n"
)


def test_real_header() -> None:
    p = podcast()
    assert p.show == "Dwarkesh Podcast"
    assert p.title == "An audio version of my blog post, Thoughts on AI progress (Dec 2025)"
    assert p.date == "2025-12-23"


def test_real_chapters_keep_the_source_titles() -> None:
    assert [(c.start, c.title) for c in podcast().chapters] == [
        (0.0, "What are we scaling?"),
        (191.0, "The value of human labor"),
        (304.0, "Economic diffusion lag is cope"),
        (394.0, "Goal-post shifting is justified"),
        (503.0, "RL scaling"),
        (558.0, "B...roadly deployed intelligence explosion"),
    ]


def test_real_lines_keep_text_and_line_numbers() -> None:
    lines = podcast().lines
    source = read(PODCAST_PATH).split("\n")
    assert len(lines) == 172
    assert lines[0].text.startswith("I'm confused why some people have super short timelines")
    assert [line.span.line for line in lines if line.span] == list(range(5, 177))
    assert all(source[line.span.line - 1] == line.text for line in lines if line.span)


def test_timed_podcast_corrects_the_chapter_title_visibly() -> None:
    chapters = timed_podcast().chapters
    assert chapters[-1].title == "Broadly deployed intelligence explosion"
    assert chapters[-1].raw_title == "B...roadly deployed intelligence explosion"
    assert [c.listed_start for c in chapters] == [c.start for c in podcast().chapters]
    assert [c.start for c in chapters] == [c.start for c in transcript().chapters]


def test_timed_podcast_lines() -> None:
    timed = timed_podcast()
    lines = timed.lines()
    assert len(lines) == 172
    assert timed.matched_share >= 0.95
    assert lines[0].start == 0.0 and lines[-1].end == transcript().sentences()[-1].end
    assert all(a.end == b.start and a.start <= b.start for a, b in itertools.pairwise(lines))
    assert all(line.start >= chapter.start - 15 for chapter in timed.chapters for line in chapter.lines)
    assert len({line.id for line in lines}) == len(lines)
    by_start = {line.text.split(",")[0]: line.start for line in lines}
    assert abs(by_start["Human workers are valuable precisely because we don't need to build in the schleppy training"]
               - 233.4) < 1.0  # the captions have it at 3:53
    assert abs(by_start["It's worth asking"] - 508.0) < 1.0


def test_alignment_helpers() -> None:
    assert squash("Don't,") == "dont"
    alignment = align_words(["the", "cat", "sat", "down", "quietly"], ["The", "cats", "sat", "down"])
    assert alignment == [0, 1, 2, 3, None]
    assert matched_share(alignment) == 0.8
    assert interpolate_times([None, 0, None, 1, None], [10.0, 20.0]) == [10.0, 10.0, 15.0, 20.0, 20.0]
    assert matched_share([]) == 0.0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Dwarkesh Podcast - An", "Dwarkesh Podcast: An", "1: the first line must be 'Show - Episode title'"),
        ("Episode Date: ", "Published: ", "2: the second line must start with 'Episode Date: Month D, YYYY'"),
        ("December 23", "December 33",
         "2: malformed episode date 'December 33, 2025': expected e.g. 'December 23, 2025'"),
        ("Timestamps", "Chapters", "2: the header has no 'Timestamps' chapter list"),
        ("Timestamps00", "Timestamps see below 00", "2: 'Timestamps' must be followed by 'HH:MM:SS Title' chapters"),
        ("00:03:11", "00:03:61", "2: malformed timestamp '00:03:61': seconds or minutes out of range"),
        ("00:03:11", "00:00:00", "2: chapter time 00:00:00 is not after the chapter before it"),
        ("00:03:11 The value of human labor", "00:03:11 ", "2: chapter 00:03:11 has no title"),
        ("Transcript\n", "Transcription\n", "3: the third line must be 'Transcript'"),
        ("I'm confused why some people have super short timelines.\nIf we're actually close to a human-like learner.\n",
         "", "5: no transcript lines after 'Transcript'"),
    ],
)
def test_malformed_input_is_one_line_error(old: str, new: str, message: str) -> None:
    assert old in SMALL
    with pytest.raises(SourceError) as err:
        parse_podcast(SMALL.replace(old, new, 1), PODCAST_PATH)
    assert str(err.value) == f"{PODCAST_PATH}:{message}"


def test_small_file_parses() -> None:
    p = parse_podcast(SMALL, PODCAST_PATH)
    assert [c.title for c in p.chapters][-1] == "B...roadly deployed intelligence explosion"
    assert [line.text for line in p.lines] == [
        "I'm confused why some people have super short timelines.", "If we're actually close to a human-like learner."]
    assert [line.span.line for line in p.lines if line.span] == [5, 6]


def test_empty_file() -> None:
    with pytest.raises(SourceError) as err:
        parse_podcast("\n", PODCAST_PATH)
    assert str(err.value) == f"{PODCAST_PATH}:1: the podcast transcript is empty"
