"""The essay's sync exports: when each essay sentence and word is narrated, for highlighting while listening.

``essay_sync_vtt`` gives a WebVTT file of metadata cues, one per narrated essay sentence, ordered by
time, each cue's payload a one-line JSON object in the shape of the W3C SyncLite proposal:
``{"id": <sentence element id>, "page": <page url>, "words": [[seconds after the cue's start,
"word"], ...], "chars": [[first, end], ...]}``, ``chars`` giving each word's characters in the
sentence's text (``text[first:end]`` is the word), in the order of ``words``. A page script reading
the track (``kind="metadata"``) finds the element by id and highlights it, and each word at its
offset, found among the element's characters without searching the text. The payload escapes ``&``, ``<`` and ``>`` as JSON
``\\u`` escapes, so it is valid cue text read raw (as browsers give metadata cues) and never holds
``-->``. ``sentence_export`` gives the sentences of ``essay.json``, each with its narration time or
null. Both are pure functions of the records.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import SectionRecord, SentenceRecord
from .transcript_exports import vtt_time

_JSON_SAFE = str.maketrans({"&": "\\u0026", "<": "\\u003c", ">": "\\u003e"})
MIN_CUE = 0.001  # seconds: a cue ends after it starts


def essay_sync_vtt(sections: Sequence[SectionRecord]) -> str:
    """Return the WebVTT metadata track: one cue per narrated essay sentence, ordered by time."""
    cues = []
    for section in sections:
        for paragraph in section.paragraphs:
            text = paragraph.paragraph.text
            for sentence in paragraph.sentences:
                if sentence.narration is None:
                    continue
                start = sentence.narration.start
                end = max(sentence.narration.end, start + MIN_CUE)
                words = [[round(max(0.0, w.time - start), 3), text[w.start:w.end]] for w in sentence.words]
                chars = [[w.start - sentence.start, w.end - sentence.start] for w in sentence.words]
                payload = {"id": sentence.id, "page": paragraph.page_url, "words": words, "chars": chars}
                cues.append((start, end, sentence.id, _payload(payload)))
    cues.sort()
    body = [f"{sid}\n{vtt_time(start)} --> {vtt_time(end)}\n{payload}" for start, end, sid, payload in cues]
    return "WEBVTT\n\n" + "".join(f"{cue}\n\n" for cue in body)


def _payload(data: dict[str, Any]) -> str:
    """Return data as one line of JSON safe as WebVTT cue text."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SAFE)


def sentence_export(sentences: Sequence[SentenceRecord]) -> list[dict[str, Any]]:
    """Return a paragraph's sentences for ``essay.json``: id, text and narration start/end (or null)."""
    return [{"id": s.id, "text": s.text,
             "narration": {"start": round(s.narration.start, 3), "end": round(s.narration.end, 3),
                           "confidence": round(s.narration.confidence, 3)} if s.narration else None}
            for s in sentences]
