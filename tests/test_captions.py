"""The captions parser on the real file (header, chapters, references, cues) and on malformed input."""

from __future__ import annotations

import itertools

import pytest
from narration_data import CAPTIONS_PATH, captions

from essay_edition.errors import SourceError
from essay_edition.model import Reference
from essay_edition.parse.captions import parse_captions, parse_timestamp, reference_is_truncated

SMALL = """https://www.youtube.com/watch?v=_zgnSbu5GqE
What are we scaling?
69,220 views  Dec 23, 2025
Read the transcript here:
https://www.dwarkesh.com/p/thoughts-o...

Toby Ord: How Well Does RL Scale https://www.tobyord.com/writing/how-w...

TIMESTAMPS
00:00:13 What are we scaling?
00:03:11 The value of human labor

---

0:00
I'm confused why some people have super
0:01
short timelines
"""


def test_real_header() -> None:
    c = captions()
    assert c.video_url == "https://www.youtube.com/watch?v=_zgnSbu5GqE"
    assert c.video_id == "_zgnSbu5GqE"
    assert c.title == "What are we scaling?"
    assert c.views == 69220
    assert c.date == "2025-12-23"


def test_real_references_keep_truncated_urls() -> None:
    refs = captions().references
    assert refs == (
        Reference("Read the transcript here", "https://www.dwarkesh.com/p/thoughts-o..."),
        Reference("Toby Ord: How Well Does RL Scale", "https://www.tobyord.com/writing/how-w..."),
        Reference("Beren Millidge: Most Algorithmic Progress is Data Progress", "https://www.beren.io/2025-08-02-Most-..."),
    )
    assert [r.span.line for r in refs if r.span] == [4, 7, 9]
    assert all(reference_is_truncated(r) for r in refs)
    assert not reference_is_truncated(Reference("x", "https://example.org/full"))


def test_real_chapters() -> None:
    chapters = captions().chapters
    assert [(c.start, c.title) for c in chapters] == [
        (13.0, "What are we scaling?"),
        (191.0, "The value of human labor"),
        (319.0, "Economic diffusion lag is cope"),
        (396.0, "Goal-post shifting is justified"),
        (503.0, "RL scaling"),
        (573.0, "Broadly deployed intelligence explosion"),
    ]
    assert [c.span.line for c in chapters if c.span] == list(range(12, 18))


def test_real_cues() -> None:
    cues = captions().cues
    assert len(cues) == 365
    assert (cues[0].start, cues[0].text) == (0.0, "I'm confused why some people have super")
    assert (cues[-1].start, cues[-1].end, cues[-1].text) == (750.0, 751.0, "podcast. Cheers.")
    assert all(a.end == b.start for a, b in itertools.pairwise(cues))
    assert all(c.start <= c.end for c in cues)
    assert cues[0].span is not None and cues[0].span.line == 21


def test_small_file_parses() -> None:
    c = parse_captions(SMALL, CAPTIONS_PATH)
    assert [(q.start, q.end, q.text) for q in c.cues] == [
        (0.0, 1.0, "I'm confused why some people have super"), (1.0, 2.0, "short timelines")]
    assert len(c.references) == 2 and len(c.chapters) == 2


@pytest.mark.parametrize(("value", "seconds"), [("0:00", 0), ("9:07", 547), ("12:30", 750), ("1:02:03", 3723)])
def test_parse_timestamp(value: str, seconds: int) -> None:
    assert parse_timestamp(value, CAPTIONS_PATH, 1) == seconds


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("0:01\nshort timelines\n", "0:01\n", "17: cue '0:01' has no text line after it"),
        ("0:00\nI'm confused why some people have super\n", "0:00\n", "15: cue '0:00' has no text line after it"),
        ("0:01\n", "1:7\n", "17: malformed timestamp '1:7': expected M:SS"),
        ("0:01\n", "99:99\n", "17: malformed timestamp '99:99': seconds or minutes out of range"),
        ("0:00\n", "0:05\n", "17: cue time 0:01 is earlier than the cue before it"),
        ("---\n", "", "14: no '---' line separates the header from the cues"),
        ("https://www.youtube.com/watch?v=_zgnSbu5GqE", "https://youtu.be/_zgnSbu5GqE",
         "1: the first line must be the video URL https://www.youtube.com/watch?v=<id>"),
        ("Dec 23, 2025", "Dec 32, 2025", "3: malformed upload date 'Dec 32, 2025': expected e.g. 'Dec 23, 2025'"),
        ("Read the transcript here:\n", "Subscribe now\n", "4: unrecognised header line 'Subscribe now'"),
        ("00:03:11 The value", "3:11 The value",
         "11: malformed chapter line '3:11 The value of human labor': expected 'HH:MM:SS Title'"),
        ("00:03:11", "00:03:71", "11: malformed timestamp '00:03:71': seconds or minutes out of range"),
        ("00:03:11", "00:00:10", "11: chapter time 00:00:10 is not after the chapter before it"),
        ("00:00:13 What are we scaling?\n00:03:11 The value of human labor\n", "", "9: TIMESTAMPS lists no chapters"),
        ("0:00\nI'm confused why some people have super\n0:01\nshort timelines\n", "",
         "13: no caption cues after the '---' line"),
    ],
)
def test_malformed_input_is_one_line_error(old: str, new: str, message: str) -> None:
    assert old in SMALL
    with pytest.raises(SourceError) as err:
        parse_captions(SMALL.replace(old, new, 1), CAPTIONS_PATH)
    assert str(err.value) == f"{CAPTIONS_PATH}:{message}"
    assert err.value.path == CAPTIONS_PATH


def test_empty_file() -> None:
    with pytest.raises(SourceError) as err:
        parse_captions("  \n", CAPTIONS_PATH)
    assert str(err.value) == f"{CAPTIONS_PATH}:1: the captions file is empty"
