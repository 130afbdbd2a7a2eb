"""Write the narration's captions (the text dump) in the formats users have, as test fixtures.

    python scripts/convert_captions.py [--captions sources/youtube-captions.txt] [--out tests/data/captions]

writes ``narration.vtt`` (plain WebVTT), ``narration.rolling.vtt`` (yt-dlp's rolling auto-captions:
each cue repeats the line before, new words carry ``<HH:MM:SS.mmm><c> word</c>`` stamps, a 10 ms cue
shows each finished line), ``narration.srt``, ``narration.json3`` (YouTube's automatic-caption json3:
one segment per word with ``tOffsetMs``, ``aAppend`` line breaks, events lasting until the next but one)
and ``narration.info.json`` (yt-dlp's video facts: id, title, upload date, views, description, chapters).

Each cue keeps the dump's start and ends where the next starts (the last one second after its start);
word times are interpolated inside a cue by characters, as ``enrich.words.timed_words`` does, so every
reader's words get the same times as the dump's.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import timedelta
from pathlib import Path

import srt
import webvtt

from essay_edition.model import CaptionCue, Captions
from essay_edition.parse.captions import parse_captions

ROOT = Path(__file__).resolve().parent.parent
SETTLE_MS = 10  # yt-dlp's cue that shows a finished line alone lasts 10 ms
_WORD = re.compile(r"\S+")


def _clock(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def cue_ms(cue: CaptionCue) -> tuple[int, int]:
    """Return a cue's start and end in milliseconds."""
    return round(cue.start * 1000), round(cue.end * 1000)


def word_times(cue: CaptionCue) -> list[tuple[int, str]]:
    """Return ``(start_ms, word)`` for the cue's words, interpolated by characters as timed_words does."""
    start, end = cue_ms(cue)
    length = max(len(cue.text), 1)
    return [(round(start + (end - start) * m.start() / length), m.group()) for m in _WORD.finditer(cue.text)]


def escape(text: str) -> str:
    """Return text escaped for a WebVTT cue payload."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_vtt(captions: Captions) -> str:
    """Return the cues as plain WebVTT (written by webvtt-py)."""
    cues = [webvtt.Caption(_clock(cue_ms(c)[0]), _clock(cue_ms(c)[1]), escape(c.text)) for c in captions.cues]
    return webvtt.WebVTT(captions=cues, metadata=["Kind: captions", "Language: en"]).content


def rolling_vtt(captions: Captions) -> str:
    """Return the cues as yt-dlp writes YouTube's automatic captions (rolling, word-stamped)."""
    out: list[webvtt.Caption] = []
    previous = " "
    for cue in captions.cues:
        start, end = cue_ms(cue)
        words = word_times(cue)
        stamped = escape(words[0][1]) + "".join(f"<{_clock(at)}><c> {escape(w)}</c>" for at, w in words[1:])
        settle = end - SETTLE_MS if end - start > 2 * SETTLE_MS else end
        out.append(webvtt.Caption(_clock(start), _clock(settle), [previous, stamped], settings="align:start position:0%"))
        if settle < end:
            out.append(webvtt.Caption(_clock(settle), _clock(end), [escape(cue.text), " "],
                                      settings="align:start position:0%"))
        previous = escape(cue.text)
    return webvtt.WebVTT(captions=out, metadata=["Kind: captions", "Language: en"]).content


def srt_text(captions: Captions) -> str:
    """Return the cues as SRT (written by the srt library)."""
    subs = [srt.Subtitle(k, timedelta(milliseconds=cue_ms(c)[0]), timedelta(milliseconds=cue_ms(c)[1]), c.text)
            for k, c in enumerate(captions.cues, start=1)]
    return srt.compose(subs)


def json3_text(captions: Captions) -> str:
    """Return the cues as YouTube's automatic-caption json3 (a word per segment, roll-up durations)."""
    cues = captions.cues
    last = cue_ms(cues[-1])[1]
    events: list[dict] = [{"tStartMs": 0, "dDurationMs": last, "id": 1, "wpWinPosId": 1, "wsWinStyleId": 1}]
    for k, cue in enumerate(cues):
        start, _ = cue_ms(cue)
        until = cue_ms(cues[k + 2])[0] if k + 2 < len(cues) else last  # shown until the next line but one
        if k > 0:
            events.append({"tStartMs": start, "dDurationMs": max(until - start, 0), "wWinId": 1, "aAppend": 1,
                           "segs": [{"utf8": "\n"}]})
        segs = [{"utf8": w if j == 0 else f" {w}", **({"tOffsetMs": at - start} if j else {}), "acAsrConf": 0}
                for j, (at, w) in enumerate(word_times(cue))]
        events.append({"tStartMs": start, "dDurationMs": max(until - start, 0), "wWinId": 1, "segs": segs})
    rows = ",\n".join(json.dumps(e, ensure_ascii=False) for e in events)  # one event a line, as YouTube sends them
    return ('{"wireMagic": "pb3", "pens": [{}], "wsWinStyles": [{}], "wpWinPositions": [{}],\n"events": [\n'
            + rows + "\n]}\n")


def info_json(captions: Captions) -> str:
    """Return yt-dlp's ``.info.json`` facts of the video that the dump's header gives."""
    chapters = captions.chapters
    last = cue_ms(captions.cues[-1])[1] / 1000
    ends = [c.start for c in chapters[1:]] + [last]
    description = "\n\n".join(f"{r.label}:\n{r.url}" for r in captions.references)
    node = {
        "id": captions.video_id,
        "title": captions.title,
        "webpage_url": captions.video_url,
        "upload_date": (captions.date or "").replace("-", ""),
        "view_count": captions.views,
        "duration": round(last),
        "description": description,
        "chapters": [{"start_time": c.start, "end_time": e, "title": c.title} for c, e in zip(chapters, ends)],
        "extractor": "youtube",
    }
    return json.dumps(node, ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--captions", default="sources/youtube-captions.txt")
    parser.add_argument("--out", default="tests/data/captions")
    args = parser.parse_args()
    source = ROOT / args.captions
    captions = parse_captions(source.read_text(encoding="utf-8"), args.captions)
    out = ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, text in [("narration.vtt", plain_vtt(captions)), ("narration.rolling.vtt", rolling_vtt(captions)),
                       ("narration.srt", srt_text(captions)), ("narration.json3", json3_text(captions)),
                       ("narration.info.json", info_json(captions))]:
        (out / name).write_text(text, encoding="utf-8")
        print(f"{args.out}/{name}: {len(text.splitlines())} lines")


if __name__ == "__main__":
    main()
