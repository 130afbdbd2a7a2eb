"""The caption readers (WebVTT, rolling WebVTT, SRT, json3), the .info.json reader and the dispatcher:
the narration converted to each format reads back as the dump does, and bad inputs give one line."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from narration_data import essay, read

from essay_edition.enrich.align import Alignment, align_paragraphs
from essay_edition.enrich.words import timed_words
from essay_edition.errors import SourceError
from essay_edition.model import Captions, CueWord
from essay_edition.parse.caption_formats import read_captions, sniff_captions
from essay_edition.parse.captions import parse_captions
from essay_edition.parse.captions_json3 import parse_json3
from essay_edition.parse.captions_srt import parse_srt
from essay_edition.parse.captions_vtt import parse_vtt
from essay_edition.parse.video_info import VideoInfo, merge_video_facts, parse_video_info

FIXTURES = "tests/data/captions"
FORMATS = {"narration.vtt": "vtt", "narration.rolling.vtt": "vtt", "narration.srt": "srt", "narration.json3": "json3"}
TOLERANCE = 0.05  # seconds
ACCEPTED = "accepted: WebVTT, SRT, YouTube json3, the text dump"


@cache
def dump() -> Captions:
    return parse_captions(read("sources/youtube-captions.txt"), "sources/youtube-captions.txt")


@cache
def converted(name: str) -> Captions:
    return read_captions(read(f"{FIXTURES}/{name}"), f"{FIXTURES}/{name}")


def _alignment(captions: Captions) -> Alignment:
    paragraphs = [(f"s{s}p{p}", para.text) for s, section in enumerate(essay().sections)
                  for p, para in enumerate(section.paragraphs)]
    return align_paragraphs(paragraphs, timed_words(captions.cues))


@pytest.mark.parametrize("name", FORMATS)
def test_format_is_told_by_content(name: str) -> None:
    assert sniff_captions(read(f"{FIXTURES}/{name}")) == FORMATS[name]


@pytest.mark.parametrize("name", FORMATS)
def test_converted_captions_read_as_the_dump(name: str) -> None:
    got, want = converted(name).cues, dump().cues
    assert [c.text for c in got] == [c.text for c in want]
    assert max(abs(a.start - b.start) for a, b in zip(got, want)) <= TOLERANCE
    assert max(abs(a.end - b.end) for a, b in zip(got, want)) <= TOLERANCE
    words, dump_words = timed_words(got), timed_words(want)
    assert [w.text for w in words] == [w.text for w in dump_words]
    assert max(abs(a.start - b.start) for a, b in zip(words, dump_words)) <= TOLERANCE


@pytest.mark.parametrize("name", ["narration.rolling.vtt", "narration.json3"])
def test_word_stamped_formats_keep_word_times(name: str) -> None:
    cues = converted(name).cues
    assert all(c.words and c.text == " ".join(w.text for w in c.words) for c in cues)
    assert all(timed.exact for timed in timed_words(cues))


@pytest.mark.parametrize("name", FORMATS)
def test_paragraph_starts_match_the_dump(name: str) -> None:
    got, want = _alignment(converted(name)), _alignment(dump())
    assert len(want.paragraphs) == 35
    for a, b in zip(got.paragraphs, want.paragraphs):
        assert a.paragraph_id == b.paragraph_id
        assert (a.start is None) == (b.start is None)
        if a.start is not None and b.start is not None:
            assert abs(a.start - b.start) <= TOLERANCE, a.paragraph_id


def test_info_json_gives_the_dump_header_facts() -> None:
    info = parse_video_info(read(f"{FIXTURES}/narration.info.json"), f"{FIXTURES}/narration.info.json")
    merged = merge_video_facts(converted("narration.srt"), info)
    d = dump()
    assert (merged.video_url, merged.video_id, merged.title, merged.date, merged.views) == \
        (d.video_url, d.video_id, d.title, d.date, d.views)
    assert merged.chapters == d.chapters
    assert merged.references == d.references
    assert merged.cues == converted("narration.srt").cues


def test_merge_keeps_the_captions_own_facts() -> None:
    info = VideoInfo(video_id="_zgnSbu5GqE", title="Another title", chapters=())
    merged = merge_video_facts(dump(), info)
    assert merged == dump()
    bare = merge_video_facts(converted("narration.vtt"), VideoInfo(video_id="abcdefghijk", title="T"))
    assert (bare.video_id, bare.video_url, bare.title) == ("abcdefghijk", "https://www.youtube.com/watch?v=abcdefghijk", "T")


def test_merge_refuses_another_video() -> None:
    info = parse_video_info('{"id": "abcdefghijk", "title": "x"}', "v.info.json")
    with pytest.raises(SourceError) as err:
        merge_video_facts(dump(), info)
    assert str(err.value) == "v.info.json:1: the video info is for video 'abcdefghijk' but the captions are for '_zgnSbu5GqE'"


def test_description_links_become_references() -> None:
    text = ('{"id": "abcdefghijk", "title": "T", "upload_date": "20240131",\n "description": '
            '"Intro text.\\nRead the essay: https://example.org/essay.\\n\\nSources:\\nhttps://a.org/x\\n'
            'https://b.org/y"}')
    info = parse_video_info(text, "v.info.json")
    assert info.date == "2024-01-31"
    assert [(r.label, r.url) for r in info.references] == [
        ("Read the essay", "https://example.org/essay"), ("Sources", "https://a.org/x"), ("b.org", "https://b.org/y")]
    assert {r.span.line for r in info.references if r.span} == {2}


ROLLING = """WEBVTT
Kind: captions
Language: en

00:00:00.160 --> 00:00:02.070 align:start position:0%
␠
so<00:00:00.400><c> today</c><00:00:00.880><c> we</c><00:00:01.040><c> talk</c>

00:00:02.070 --> 00:00:02.080 align:start position:0%
so today we talk
␠

00:00:02.080 --> 00:00:04.630 align:start position:0%
so today we talk
about<00:00:02.320><c> scaling</c><00:00:03.120><c> &amp;</c>

00:00:04.630 --> 00:00:04.640 align:start position:0%
about scaling &amp;
␠

00:00:04.640 --> 00:00:06.000 align:start position:0%
about scaling &amp;
rl
""".replace("␠", " ")  # yt-dlp writes a line of one space


def test_rolling_vtt_keeps_each_spoken_word_once_with_its_time() -> None:
    cues = parse_vtt(ROLLING, "auto.en.vtt").cues
    assert [(c.start, c.end, c.text) for c in cues] == [
        (0.16, 2.08, "so today we talk"), (2.08, 4.64, "about scaling &"), (4.64, 6.0, "rl")]
    assert cues[0].words == (CueWord(0.16, "so"), CueWord(0.4, "today"), CueWord(0.88, "we"), CueWord(1.04, "talk"))
    assert cues[2].words == (CueWord(4.64, "rl"),)
    assert [c.span.line for c in cues if c.span] == [5, 13, 21]


def test_rolling_vtt_without_stamps_drops_repeated_lines() -> None:
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\none two\n\n00:00:02.000 --> 00:00:03.000\none two\nthree four\n\n"
            "00:00:03.000 --> 00:00:04.000\nthree four\nfive\n\n00:00:04.000 --> 00:00:05.000\nfive\nsix\n")
    assert [(c.start, c.text, c.words) for c in parse_vtt(text, "a.vtt").cues] == [
        (1.0, "one two", ()), (2.0, "three four", ()), (3.0, "five", ()), (4.0, "six", ())]


def test_plain_vtt_keeps_milliseconds_tags_and_lines() -> None:
    text = "WEBVTT\n\nNOTE a comment\n\nc1\n00:01.250 --> 00:02.500 line:0\n<v Ann>Hello</v>\nthere &lt;3\n"
    cue = parse_vtt(text, "a.vtt").cues[0]
    assert (cue.start, cue.end, cue.text, cue.words) == (1.25, 2.5, "Hello there <3", ())


def test_srt_keeps_milliseconds_and_strips_tags() -> None:
    text = "\ufeff1\r\n00:00:01,250 --> 00:00:02,500\r\n<i>Hello</i>\r\nthere\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nyou\r\n"
    assert [(c.start, c.end, c.text) for c in parse_srt(text, "a.srt").cues] == [(1.25, 2.5, "Hello there"),
                                                                                 (3.0, 4.0, "you")]


def test_srt_tolerates_a_blank_line_inside_a_cue() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\nthere\n\n2\n00:00:03,000 --> 00:00:04,000\nyou\n"
    assert [c.text for c in parse_srt(text, "a.srt").cues] == ["Hello there", "you"]


def test_json3_manual_captions_have_no_word_times() -> None:
    text = ('{"events": [{"tStartMs": 1250, "dDurationMs": 2000, "segs": [{"utf8": "Hello\\nthere"}]},\n'
            '{"tStartMs": 3000, "segs": [{"utf8": "you"}]}]}')
    assert [(c.start, c.end, c.text, c.words) for c in parse_json3(text, "a.json3").cues] == [
        (1.25, 3.0, "Hello there", ()), (3.0, 3.0, "you", ())]


VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello there.\n\n00:00:02.500 --> 00:00:04.000\nGeneral Kenobi.\n"
SRT = ("1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:02,500 --> 00:00:04,000\nGeneral Kenobi.\n\n"
       "3\n00:00:04,000 --> 00:00:05,000\nYou are a bold one.\n")
JSON3 = ('{"events": [\n{"tStartMs": 0, "dDurationMs": 1000, "segs": [{"utf8": "hello"}]},\n'
         '{"tStartMs": 1000, "dDurationMs": 1000, "segs": [{"utf8": " world", "tOffsetMs": 0}]}\n]}\n')
DUMP = "https://www.youtube.com/watch?v=_zgnSbu5GqE\nWhat are we scaling?\n\n---\n\n0:00\nHello\n0:01\nthere\n"


@pytest.mark.parametrize(
    ("text", "old", "new", "message"),
    [
        (VTT, VTT, "", "1: the captions file is empty"),
        (VTT, "Hello there.\n", "", "3: looks like WebVTT but cue at 00:00:01.000 has no text"),
        (VTT, "00:00:02.500 --> 00:00:04.000", "00:00:00.500 --> 00:00:04.000",
         "6: looks like WebVTT but cue at 00:00:00.500 starts before cue at 00:00:01.000"),
        (VTT, "00:00:02.500 --> 00:00:04.000", "00:00:02.500 --> 00:00:02.000",
         "6: looks like WebVTT but cue at 00:00:02.500 ends before it starts"),
        (VTT, "00:00:02.500 -->", "99:99 -->", "6: looks like WebVTT but malformed time '99:99': expected HH:MM:SS.mmm"),
        (VTT, "00:00:02.500 -->", "00:99:99.000 -->",
         "6: looks like WebVTT but malformed time '00:99:99.000': expected HH:MM:SS.mmm"),
        (VTT, "WEBVTT\n\n", "", "1: looks like WebVTT but the first line must be 'WEBVTT'"),
        (VTT, "Hello there.\n", "Hello there.\n00:00:02.000 --> 00:00:03.000\n",
         "5: looks like WebVTT but cue at 00:00:02.000 has no text"),
        (SRT, SRT, " \n", "1: the captions file is empty"),
        (SRT, "00:00:02,500 --> 00:00:04,000\n", "", "5: looks like SRT but cue 2 has no time line"),
        (SRT, "1\n00:00:01,000 --> 00:00:02,500\n", "1\n", "1: looks like SRT but cue 1 has no time line"),
        (SRT, "00:00:02,500 --> 00:00:04,000", "99:99 --> 00:00:04,000",
         "6: looks like SRT but cue 2 has a malformed time line '99:99 --> 00:00:04,000': "
         "expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'"),
        (SRT, "00:00:02,500 --> 00:00:04,000", "00:99:99,000 --> 00:00:04,000",
         "6: looks like SRT but malformed time '00:99:99,000': expected HH:MM:SS,mmm"),
        (SRT, "General Kenobi.\n", "", "6: looks like SRT but cue 2 (00:00:02,500) has no text"),
        (SRT, "00:00:04,000 --> 00:00:05,000", "00:00:02,000 --> 00:00:05,000",
         "10: looks like SRT but cue 3 (00:00:02,000) starts before cue 2 (00:00:02,500)"),
        (SRT, "\nYou are a bold one.\n", "\nYou are a bold one.\n\n4\nfooter\n",
         "13: looks like SRT but cue 4 has no time line"),
        (JSON3, '"events": [', '"wireMagic": "pb3", "evts": [',
         "1: looks like JSON but has no 'events' list (YouTube json3 has one)"),
        (JSON3, '"segs": [{"utf8": "hello"}]},', '"segs": [{"utf8": "hello"}]}',
         "3: looks like YouTube json3 but invalid JSON: Expecting ',' delimiter (column 1)"),
        (JSON3, '"utf8": "hello"', '"utf8": ""', "2: looks like YouTube json3 but event 1 (tStartMs 0) has no text"),
        (JSON3, '{"tStartMs": 0,', '{"tStartMs": 2000,',
         "3: looks like YouTube json3 but event 2 (tStartMs 1000) starts before event 1 (tStartMs 2000)"),
        (JSON3, '{"tStartMs": 1000,', "{", "3: looks like YouTube json3 but event 2 has no 'tStartMs'"),
        (JSON3, '"tStartMs": 1000', '"tStartMs": "1:00"',
         "3: looks like YouTube json3 but event 2: 'tStartMs' must be a number of milliseconds, not '1:00'"),
        (JSON3, '[{"utf8": "hello"}]', '"hello"',
         "2: looks like YouTube json3 but event 1: 'segs' must be a list of {\"utf8\": text} objects"),
        (JSON3, JSON3, '{"id": "abcdefghijk", "extractor": "youtube"}',
         "1: looks like yt-dlp's .info.json (video facts, no captions)"),
        (DUMP, "0:01", "99:99", "8: looks like the text dump but malformed timestamp '99:99': "
                                "seconds or minutes out of range"),
        (DUMP, "there\n", "", "8: looks like the text dump but cue '0:01' has no text line after it"),
        (DUMP, DUMP, "Dear diary,\ntoday I read an essay.\n",
         "1: does not look like captions (it starts 'Dear diary,')"),
    ],
)
def test_bad_captions_give_one_line(text: str, old: str, new: str, message: str) -> None:
    assert old in text
    with pytest.raises(SourceError) as err:
        read_captions(text.replace(old, new, 1), "c.cap")
    assert str(err.value) == f"c.cap:{message}; {ACCEPTED}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "1: the video info file is empty"),
        ("[1]", "1: expected a JSON object (yt-dlp's .info.json)"),
        ('{"title": "x"}', "1: no video 'id' (yt-dlp's .info.json has one)"),
        ('{"id": "abcdefghijk",\n"upload_date": "2025-12-23"}',
         "2: malformed upload_date '2025-12-23': expected YYYYMMDD"),
        ('{"id": "abcdefghijk",\n"chapters": [{"start_time": 5, "title": "A"}, {"start_time": 5, "title": "B"}]}',
         "2: chapter 2 ('B') does not start after the chapter before it"),
        ('{"id": "abcdefghijk",\n"chapters": [{"title": "A"}]}',
         "2: chapter 1 needs a 'start_time' in seconds and a 'title'"),
        ('{"id": "abcdefghijk",\n\n"title": 5}', "3: 'title' must be text, not int"),
        ('{"id": "abcdefghijk",\n"title": }', "2: invalid JSON: Expecting value (column 10)"),
    ],
)
def test_bad_info_json_gives_one_line(text: str, message: str) -> None:
    with pytest.raises(SourceError) as err:
        parse_video_info(text, "v.info.json")
    assert str(err.value) == f"v.info.json:{message}"


def test_fixtures_are_what_the_script_writes(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, str(root / "scripts/convert_captions.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True, cwd=root)
    for name in [*FORMATS, "narration.info.json"]:
        assert (tmp_path / name).read_text(encoding="utf-8") == read(f"{FIXTURES}/{name}"), name


_PIECES = ["WEBVTT\n", "\n", "00:00:01.000 --> 00:00:02.000", "1\n", "00:00:01,000 --> 00:00:02,000\n", "-->", "<c>",
           "<00:00:01.500>", '{"events": [', '{"tStartMs": 5, "segs": [{"utf8": "a"}]}', "]}", "hello ", "0:01\n",
           "---\n", "99:99", "\ufeff", "\r\n", ","]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), max_size=30).map("".join))
def test_any_text_gives_captions_or_one_line_error(text: str) -> None:
    try:
        captions = read_captions(text, "c.cap")
    except SourceError as err:
        assert "\n" not in str(err) and str(err).startswith("c.cap")
        return
    starts = [c.start for c in captions.cues]
    assert starts == sorted(starts) and all(c.text.strip() for c in captions.cues)
