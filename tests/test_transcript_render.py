"""The transcript pages (Markdown with raw HTML blocks) and the exports (WebVTT, JSON)."""

from __future__ import annotations

import io
import json

import markdown
import pytest
import webvtt
from bs4 import BeautifulSoup, Tag
from narration_data import CAPTIONS_PATH, captions, timed_podcast, transcript

from essay_edition.enrich.transcript import build_transcript
from essay_edition.parse.captions import parse_captions
from essay_edition.render.links import clock
from essay_edition.render.transcript_exports import captions_vtt, podcast_json, transcript_json, vtt_time
from essay_edition.render.transcript_pages import podcast_transcript_page, youtube_transcript_page

VIDEO = "_zgnSbu5GqE"


def to_soup(page: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(page.split("---\n", 2)[2], extensions=["attr_list", "toc"]), "html.parser")


def raw_words(span: Tag) -> list[str]:
    """The caption's own words inside a rendered sentence: corrected words replaced by their originals."""
    out: list[str] = []
    for child in span.children:
        if isinstance(child, Tag) and "asr-fix" in child.get("class", []):
            out.append(str(child["title"]).removeprefix("caption said: "))
        elif isinstance(child, Tag) and "bleep" in child.get("class", []):
            out.append(child.get_text().replace("[bleep]", "[ __ ]"))
        else:
            out.append(child.get_text() if isinstance(child, Tag) else str(child))
    return "".join(out).split()


@pytest.fixture(scope="module")
def youtube_soup() -> BeautifulSoup:
    return to_soup(youtube_transcript_page(transcript()))


def test_headings_show_detected_and_listed_times_with_ids(youtube_soup: BeautifulSoup) -> None:
    headings = youtube_soup.find_all("h2")
    assert [h["id"] for h in headings] == [c.id for c in transcript().chapters]
    assert [h.get_text() for h in headings] == [
        "What are we scaling? · 0:00 (listed as 0:13)",
        "The value of human labor · 3:15 (listed as 3:11)",
        "Economic diffusion lag is cope · 5:09 (listed as 5:19)",
        "Goal-post shifting is justified · 6:39 (listed as 6:36)",
        "RL scaling · 8:28 (listed as 8:23)",
        "Broadly deployed intelligence explosion · 9:27 (listed as 9:33)",
    ]


def test_every_caption_word_is_on_the_page_in_order(youtube_soup: BeautifulSoup) -> None:
    spans = youtube_soup.select("span.sentence")
    assert len(spans) == len(transcript().sentences())
    assert [w for s in spans for w in raw_words(s)] == " ".join(c.text for c in captions().cues).split()
    assert [s.get_text() for s in spans] == [s.text for s in transcript().sentences()]


def test_sentence_spans_carry_ids_and_times(youtube_soup: BeautifulSoup) -> None:
    spans = youtube_soup.select("span.sentence")
    sentences = transcript().sentences()
    assert [s["id"] for s in spans] == [s.id for s in sentences]
    assert [(float(s["data-start"]), float(s["data-end"])) for s in spans] == [(s.start, s.end) for s in sentences]


def test_paragraphs_open_with_a_timestamp_link() -> None:
    soup = to_soup(youtube_transcript_page(transcript()))
    assert soup.find("a", class_="ts", href=f"https://www.youtube.com/watch?v={VIDEO}&t=195s").get_text() == "3:15"
    paragraphs = [p for p in soup.find_all("p") if p.get("id", "").startswith("tp-")]
    assert len(paragraphs) == sum(len(c.paragraphs) for c in transcript().chapters)
    for p in paragraphs:
        link = p.find("a")
        assert link is p.contents[0] and link["class"] == ["ts"]
        assert link["href"].startswith(f"https://www.youtube.com/watch?v={VIDEO}&t=")


def test_corrections_show_the_original_and_bleeps_are_visible(youtube_soup: BeautifulSoup) -> None:
    fixes = [(s.get_text(), s["title"]) for s in youtube_soup.select("span.asr-fix")]
    assert ("Beren Millidge", "caption said: Baron Millig") in fixes
    assert ("Beren Millidge", "caption said: Baron Miller") in fixes
    assert ("vetted AGI model", "caption said: vetted hi model") in fixes
    assert ("atop LLMs", "caption said: a top LLMs") in fixes  # the full stop stays outside the mark
    assert [b.get_text() for b in youtube_soup.select("span.bleep")] == ["[bleep]"]


HOSTILE = """https://www.youtube.com/watch?v=_zgnSbu5GqE
T
TIMESTAMPS
00:00:00 *Bold* <b>title</b> {#x}

---

0:00
<script>alert("x")</script> & {{ jinja }} *not emphasis* [link](http://e.org)
0:02
is text.
"""


def test_source_text_is_never_markup() -> None:
    soup = to_soup(youtube_transcript_page(build_transcript(parse_captions(HOSTILE, CAPTIONS_PATH), ())))
    assert soup.find("script") is None and soup.find("em") is None and soup.find("b") is None
    assert soup.find("h2").get_text() == "*Bold* <b>title</b> {#x} · 0:00"
    sentence = soup.select_one("span.sentence").get_text()
    assert sentence == '<script>alert("x")</script> & {{ jinja }} *not emphasis* [link](http://e.org) is text.'


def test_podcast_page() -> None:
    podcast = timed_podcast()
    soup = to_soup(podcast_transcript_page(podcast, VIDEO))
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert headings[-1] == "Broadly deployed intelligence explosion · 9:27 (listed as 9:18)"
    lines = soup.select("p.podcast-line")
    assert len(lines) == len(podcast.lines())
    assert [p["id"] for p in lines] == [line.id for line in podcast.lines()]
    fixes = [(s.get_text(), s["title"]) for s in soup.select("span.asr-fix")]
    assert ("RL environments", "transcript said: oral environments") in fixes
    assert all(p.find("a")["class"] == ["ts"] for p in lines)


def test_vtt_parses_with_one_cue_per_sentence() -> None:
    text = captions_vtt(transcript())
    vtt = webvtt.from_buffer(io.StringIO(text))
    sentences = transcript().sentences()
    assert len(vtt.captions) == len(sentences)
    assert [c.identifier for c in vtt.captions] == [s.id for s in sentences]
    assert [c.text for c in vtt.captions] == [s.text for s in sentences]
    starts = [c.start_in_seconds + c.start_time.milliseconds / 1000 for c in vtt.captions]
    assert starts == sorted(starts)
    assert all(c.start_in_seconds <= c.end_in_seconds for c in vtt.captions)
    assert vtt.captions[0].start == "00:00:00.000"
    assert vtt.captions[-1].start.startswith("00:12:30") and vtt.captions[-1].end == "00:12:31.000"


def test_vtt_escapes_markup() -> None:
    text = captions_vtt(build_transcript(parse_captions(HOSTILE, CAPTIONS_PATH), ()))
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; {{ jinja }}" in text
    assert len(webvtt.from_buffer(io.StringIO(text)).captions) == 1


def test_transcript_json() -> None:
    data = transcript_json(transcript())
    assert data["video_id"] == VIDEO
    sentences = data["sentences"]
    assert len(sentences) == len(transcript().sentences())
    assert set(sentences[0]) == {"id", "start", "end", "text", "raw"}
    assert all(isinstance(s["start"], float) and isinstance(s["end"], float) for s in sentences)
    assert " ".join(s["raw"] for s in sentences) == " ".join(c.text for c in captions().cues)
    json.dumps(data)


def test_podcast_json() -> None:
    data = podcast_json(timed_podcast())
    assert data["date"] == "2025-12-23" and data["matched_share"] >= 0.95
    assert len(data["lines"]) == 172
    assert data["lines"][0]["line"] == 5 and data["lines"][0]["raw"].startswith("I'm confused why")
    assert "published on scaling" in data["lines"][0]["raw"] and "bullish on scaling" in data["lines"][0]["text"]
    json.dumps(data)


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (59.99, "0:59"), (750.473, "12:30"), (3600, "1:00:00")])
def test_clock(seconds: float, text: str) -> None:
    assert clock(seconds) == text


def test_vtt_time() -> None:
    assert vtt_time(750.4734) == "00:12:30.473"
    assert vtt_time(3723.5) == "01:02:03.500"
