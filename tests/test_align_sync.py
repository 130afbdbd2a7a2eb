"""render/sync_vtt.py: the essay's WebVTT sync track and sentence export, from the real aligned records."""

from __future__ import annotations

import io
import json
import sys
from functools import cache
from pathlib import Path

import webvtt

from essay_edition.enrich.narration_stage import apply_alignment
from essay_edition.enrich.sentences import sentence_spans
from essay_edition.enrich.words import timed_words
from essay_edition.model import (
    NarrationTiming,
    Paragraph,
    ParagraphRecord,
    SectionRecord,
    SentenceRecord,
)
from essay_edition.render.sync_vtt import essay_sync_vtt, sentence_export

sys.path.insert(0, str(Path(__file__).resolve().parent))
from narration_data import captions, essay  # noqa: E402 - tests/ is not a package


@cache
def _records() -> tuple[SectionRecord, ...]:
    sections = []
    for s, section in enumerate(essay().sections):
        records = []
        for p, para in enumerate(section.paragraphs):
            sentences = [SentenceRecord(f"s-{s}-{p}-{k}", a, b, para.text[a:b])
                         for k, (a, b) in enumerate(sentence_spans(para.text))]
            records.append(ParagraphRecord(f"p-{s}-{p}", f"sec-{s}", para, f"section-{s}/", sentences))
        sections.append(SectionRecord(f"sec-{s}", section.title, s + 1, f"section-{s}.md", f"section-{s}/", records))
    sections, _ = apply_alignment(sections, timed_words(captions().cues))
    return tuple(sections)


def test_sync_track_parses_with_one_ordered_cue_per_narrated_sentence() -> None:
    track = webvtt.from_buffer(io.StringIO(essay_sync_vtt(_records())))
    narrated = [x for s in _records() for p in s.paragraphs for x in p.sentences if x.narration]
    assert len(track.captions) == len(narrated)
    starts = [c.start_in_seconds + int(c.start.rsplit(".", 1)[1]) / 1000 for c in track.captions]
    assert starts == sorted(starts)
    assert all(c.start < c.end for c in track.captions)


def test_sync_payload_names_an_element_on_its_page_and_offsets_words() -> None:
    pages = {x.id: p.page_url for s in _records() for p in s.paragraphs for x in p.sentences}
    texts = {x.id: x.text for s in _records() for p in s.paragraphs for x in p.sentences}
    for cue in webvtt.from_buffer(io.StringIO(essay_sync_vtt(_records()))).captions:
        payload = json.loads(cue.text)
        assert set(payload) == {"id", "page", "words", "chars"}
        assert cue.identifier == payload["id"] and pages[payload["id"]] == payload["page"]
        offsets = [w[0] for w in payload["words"]]
        assert offsets == sorted(offsets) and offsets[0] == 0.0
        assert all(word in texts[payload["id"]] for _, word in payload["words"])
        assert [texts[payload["id"]][a:b] for a, b in payload["chars"]] == [word for _, word in payload["words"]]


def test_sync_payload_escapes_markup_and_arrows() -> None:
    text = "A <b>bold</b> & sly --> arrow."
    from essay_edition.model import WordTiming

    words = tuple(WordTiming(k, k + len(w), 1.0 + k / 100, True, False)
                  for k, w in ((text.index(w), w) for w in text.split()))
    sentence = SentenceRecord("s-x", 0, len(text), text, NarrationTiming(1.0, 1.0, 0.9), words)
    section = SectionRecord("sec", "T", 1, "t.md", "t/",
                            (ParagraphRecord("p", "sec", Paragraph(text), "t/", (sentence,)),))
    vtt = essay_sync_vtt([section])
    body = vtt.split("\n")[4]  # the payload line (after the header, a blank line, the id and the timing)
    assert "-->" not in body and "<" not in body and "&" not in body
    cue = webvtt.from_buffer(io.StringIO(vtt)).captions[0]
    assert json.loads(cue.text)["words"][1][1] == "<b>bold</b>"
    assert cue.end_in_seconds >= cue.start_in_seconds


def test_sentence_export_gives_times_or_null() -> None:
    paragraph = _records()[0].paragraphs[0]
    exported = sentence_export(paragraph.sentences)
    assert [e["id"] for e in exported] == [x.id for x in paragraph.sentences]
    first = paragraph.sentences[0].narration
    assert exported[0]["narration"] == {"start": 0.0, "end": round(first.end, 3), "confidence": round(first.confidence, 3)}
    skipped = _records()[5].paragraphs[0]
    assert all(e["narration"] is None for e in sentence_export(skipped.sentences))
