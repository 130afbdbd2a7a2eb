"""Machine-readable exports of the narration: WebVTT captions and JSON transcripts.

The WebVTT file has one cue per restored sentence (its id, its start and end, its corrected text
with ``&``, ``<`` and ``>`` escaped as the format requires), so players show whole sentences.
Sentences never overlap, so cue times never decrease. The JSON exports give times as seconds
(floats) and keep the uncorrected transcript text beside the corrected text.
"""

from __future__ import annotations

from typing import Any

from ..model import TimedPodcast, Transcript


def vtt_time(seconds: float) -> str:
    """Return seconds as a WebVTT timestamp ``HH:MM:SS.mmm``."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def vtt_text(text: str) -> str:
    """Return text escaped for a WebVTT cue payload (one line)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(escaped.split())


def captions_vtt(transcript: Transcript) -> str:
    """Return the corrected captions as a WebVTT file, one cue per sentence."""
    cues = [
        f"{s.id}\n{vtt_time(s.start)} --> {vtt_time(s.end)}\n{vtt_text(s.text)}"
        for s in transcript.sentences()
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def transcript_json(transcript: Transcript) -> dict[str, Any]:
    """Return the narration's sentences as ``{"video_id", "sentences": [{id, start, end, text, raw}]}``."""
    return {
        "video_id": transcript.video_id,
        "sentences": [
            {"id": s.id, "start": float(s.start), "end": float(s.end), "text": s.text, "raw": s.raw}
            for s in transcript.sentences()
        ],
    }


def podcast_json(podcast: TimedPodcast) -> dict[str, Any]:
    """Return the podcast lines as ``{"title", "date", "matched_share", "lines": [{id, line, start, end, text, raw}]}``."""
    return {
        "title": podcast.title,
        "date": podcast.date,
        "matched_share": podcast.matched_share,
        "lines": [
            {"id": line.id, "line": line.line, "start": float(line.start), "end": float(line.end),
             "text": line.text, "raw": line.raw}
            for line in podcast.lines()
        ],
    }
