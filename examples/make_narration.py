"""Make the example narration's caption files from ``narration_script.txt``, the same bytes on every run.

The example essay (``essay.txt``, ``essay.md``) has no real recording, so its narration is a script
of what a narrator said (as a speech recogniser wrote it down, mistakes included), timed here at a
natural speaking rate and written in the formats users download:

- ``<VIDEO> [<ID>].en.vtt``: YouTube's automatic captions as yt-dlp saves them: lowercase words
  without punctuation, rolling cues that repeat the line before, ``<00:00:01.234><c> word</c>`` stamps;
- ``<VIDEO> [<ID>].en.json3``: the same automatic captions in YouTube's json3 (``tOffsetMs`` per word);
- ``<VIDEO> [<ID>].info.json``: yt-dlp's video facts: id, title, upload date, a description with a
  link, chapters;
- ``narration.vtt`` and ``narration.srt``: punctuated captions of up to two lines, as a creator uploads;
- ``youtube-captions.txt``: the project's text dump (the watch page's header, then ``M:SS`` / text).

Timing: a word lasts by its syllables (a seeded jitter of up to 10% either way), pauses follow commas,
sentence ends, paragraphs and chapters, and everything is scaled so the whole runs at
:data:`WORDS_PER_MINUTE`. Only the standard library is used, so the script runs without the package.

Run ``python examples/make_narration.py`` (or ``--out DIR`` to write elsewhere, e.g. to compare).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "narration_script.txt"
VIDEO_ID = "nightTrain1"
VIDEO_TITLE = "Night train essay read aloud"
CHANNEL = "Robin Vale"
UPLOAD_DATE = "20261005"
VIEWS = 1204
ESSAY_URL = "https://example.org/essays/night-train"
WORDS_PER_MINUTE = 150
SEED = 14
LEAD_IN = 0.4  # seconds of silence before the first word
PAUSES = {",": 0.25, ";": 0.3, ":": 0.3, ".": 0.55, "?": 0.6, "!": 0.55}
PARAGRAPH_PAUSE = 0.9
CHAPTER_PAUSE = 1.2
AUTO_LINE_CHARS = 32  # YouTube's automatic captions show short lines
CUE_LINE_CHARS = 42  # the usual limit of a subtitle line
DUMP_LINE_CHARS = 40


@dataclass(frozen=True)
class Word:
    """One spoken word as the punctuated captions write it, its times in milliseconds and its paragraph."""

    text: str
    start: int
    end: int
    paragraph: int


def read_script(path: Path) -> tuple[list[list[str]], list[tuple[int, str]]]:
    """Return the script's paragraphs (lists of words) and its chapters (first paragraph index, title)."""
    paragraphs: list[list[str]] = []
    chapters: list[tuple[int, str]] = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("#"):
            continue
        if not line.strip() or line.startswith("=="):
            if current:
                paragraphs.append(current)
                current = []
            if line.startswith("=="):
                chapters.append((len(paragraphs), line[2:].strip()))
            continue
        current.extend(line.split())
    if current:
        paragraphs.append(current)
    return paragraphs, chapters


def syllables(word: str) -> int:
    """Return a rough syllable count: vowel groups, or one per digit of a number."""
    letters = word.lower()
    digits = sum(ch.isdigit() for ch in letters)
    if digits:
        return digits
    return max(1, len(re.findall(r"[aeiouy]+", letters.removesuffix("e"))))


def time_words(paragraphs: list[list[str]], chapters: list[tuple[int, str]]) -> list[Word]:
    """Return every word with its start and end, at WORDS_PER_MINUTE over the whole narration."""
    rng = random.Random(SEED)
    chapter_starts = {index for index, _ in chapters if index > 0}
    spans: list[tuple[str, float, float, int]] = []  # word, unscaled start, unscaled length, paragraph
    clock = LEAD_IN
    for number, words in enumerate(paragraphs):
        if number in chapter_starts:
            clock += CHAPTER_PAUSE
        for word in words:
            length = (0.1 + 0.17 * syllables(word)) * rng.uniform(0.9, 1.1)
            spans.append((word, clock, length, number))
            clock += length + 0.03 + PAUSES.get(word[-1], 0.0)
        clock += PARAGRAPH_PAUSE
    last = spans[-1]
    scale = (len(spans) / WORDS_PER_MINUTE * 60) / (last[1] + last[2])
    return [Word(text, round(start * scale * 1000), round((start + length) * scale * 1000), number)
            for text, start, length, number in spans]


def auto_text(word: str) -> str:
    """Return a word as YouTube's automatic captions write it: lowercase, without punctuation."""
    return re.sub(r"[^a-z0-9']", "", word.lower())


def group(words: list[Word], chars: int, text=lambda w: w.text, sentence_breaks: bool = False) -> list[list[Word]]:
    """Return runs of words of at most ``chars`` characters, never across a paragraph (nor, when asked,
    past a sentence end once the run is half full)."""
    runs: list[list[Word]] = []
    for word in words:
        run = runs[-1] if runs else None
        joined = " ".join(text(w) for w in run) if run else ""
        if (run is None or run[-1].paragraph != word.paragraph or len(joined) + 1 + len(text(word)) > chars
                or (sentence_breaks and run[-1].text[-1] in ".?!" and len(joined) >= chars // 2)):
            runs.append([word])
        else:
            run.append(word)
    return runs


def clock(ms: int, comma: bool = False) -> str:
    """Return ``HH:MM:SS.mmm`` (``HH:MM:SS,mmm`` for SRT)."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{',' if comma else '.'}{millis:03d}"


def rolling_vtt(lines: list[list[Word]]) -> str:
    """Return automatic captions as yt-dlp writes them: each line first shown word by word under the
    line before, then for 10 ms alone."""
    out = ["WEBVTT", "Kind: captions", "Language: en", ""]
    setting = " align:start position:0%"
    for k, line in enumerate(lines):
        start = line[0].start + (10 if k else 0)
        end = lines[k + 1][0].start if k + 1 < len(lines) else line[-1].end
        above = " ".join(auto_text(w.text) for w in lines[k - 1]) if k else " "
        stamped = auto_text(line[0].text) + "".join(f"<{clock(w.start)}><c> {auto_text(w.text)}</c>" for w in line[1:])
        out += [f"{clock(start)} --> {clock(end)}{setting}", above, stamped, ""]
        out += [f"{clock(end)} --> {clock(end + 10)}{setting}", " ".join(auto_text(w.text) for w in line), " ", ""]
    return "\n".join(out)


def json3(lines: list[list[Word]]) -> str:
    """Return automatic captions as YouTube's json3: a window event, then one event per line whose
    segments are its words, each followed by the event that breaks the line."""
    total = lines[-1][-1].end
    events: list[dict[str, object]] = [{"tStartMs": 0, "dDurationMs": total, "id": 1, "wpWinPosId": 1,
                                        "wsWinStyleId": 1}]
    for k, line in enumerate(lines):
        start = line[0].start
        shown_until = lines[k + 2][0].start if k + 2 < len(lines) else total  # two lines roll on screen
        segs: list[dict[str, object]] = [{"utf8": auto_text(line[0].text), "acAsrConf": 0}]
        segs += [{"utf8": " " + auto_text(w.text), "tOffsetMs": w.start - start, "acAsrConf": 0} for w in line[1:]]
        events.append({"tStartMs": start, "dDurationMs": shown_until - start, "wWinId": 1, "segs": segs})
        if k + 1 < len(lines):
            at = lines[k + 1][0].start - 10
            events.append({"tStartMs": at, "dDurationMs": shown_until - at, "wWinId": 1, "aAppend": 1,
                           "segs": [{"utf8": "\n"}]})
    document = {"wireMagic": "pb3", "pens": [{}],
                "wsWinStyles": [{}, {"mhModeHint": 2, "juJustifCode": 0, "sdScrollDir": 3}],
                "wpWinPositions": [{}, {"apPoint": 6, "ahHorPos": 20, "avVerPos": 100, "rcRows": 2, "ccCols": 40}],
                "events": events}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def wrap(cue: list[Word]) -> list[str]:
    """Return a cue's text on lines of at most CUE_LINE_CHARS characters."""
    lines: list[str] = []
    for word in cue:
        if lines and len(lines[-1]) + 1 + len(word.text) <= CUE_LINE_CHARS:
            lines[-1] += " " + word.text
        else:
            lines.append(word.text)
    return lines


def cue_times(cues: list[list[Word]]) -> list[tuple[int, int]]:
    """Return each cue's start and end: its words' span plus a short hold, never past the next cue."""
    times = []
    for k, cue in enumerate(cues):
        hold = cue[-1].end + 300
        times.append((cue[0].start, min(hold, cues[k + 1][0].start) if k + 1 < len(cues) else hold))
    return times


def punctuated_vtt(cues: list[list[Word]]) -> str:
    """Return punctuated WebVTT captions."""
    out = ["WEBVTT", ""]
    for (start, end), cue in zip(cue_times(cues), cues):
        out += [f"{clock(start)} --> {clock(end)}", *wrap(cue), ""]
    return "\n".join(out)


def srt(cues: list[list[Word]]) -> str:
    """Return punctuated SRT captions."""
    out: list[str] = []
    for number, ((start, end), cue) in enumerate(zip(cue_times(cues), cues), start=1):
        out += [str(number), f"{clock(start, True)} --> {clock(end, True)}", *wrap(cue), ""]
    return "\n".join(out)


def chapter_starts(words: list[Word], chapters: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Return each chapter's start in whole seconds (YouTube's chapters are) and title."""
    firsts = {}
    for word in words:
        firsts.setdefault(word.paragraph, word.start)
    return [(0 if index == 0 else firsts[index] // 1000, title) for index, title in chapters]


def minutes(seconds: int, hours: bool = False) -> str:
    """Return ``M:SS`` (or ``HH:MM:SS``)."""
    if hours:
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


def description(chapters: list[tuple[int, str]]) -> str:
    """Return the video description: a line about it, the essay's link, the chapter list."""
    rows = ["An audio reading of my essay on the night train's comeback, and where I think it will stall.", "",
            "Read the essay here:", ESSAY_URL, ""]
    return "\n".join(rows + [f"{minutes(start)} {title}" for start, title in chapters])


def info_json(words: list[Word], chapters: list[tuple[int, str]]) -> str:
    """Return yt-dlp's ``.info.json`` of the narration video (the fields the edition reads, and a few more)."""
    duration = -(-words[-1].end // 1000)
    starts = chapter_starts(words, chapters)
    info = {
        "id": VIDEO_ID, "title": VIDEO_TITLE, "description": description(starts),
        "channel": CHANNEL, "uploader": CHANNEL, "upload_date": UPLOAD_DATE,
        "duration": duration, "duration_string": minutes(duration), "view_count": VIEWS,
        "webpage_url": f"https://www.youtube.com/watch?v={VIDEO_ID}", "language": "en",
        "chapters": [{"start_time": float(start), "title": title,
                      "end_time": float(starts[k + 1][0] if k + 1 < len(starts) else duration)}
                     for k, (start, title) in enumerate(starts)],
        "extractor": "youtube", "extractor_key": "Youtube", "_type": "video",
    }
    return json.dumps(info, indent=2, ensure_ascii=False) + "\n"


def text_dump(words: list[Word], chapters: list[tuple[int, str]]) -> str:
    """Return the project's text dump: the watch page's header, ``---``, then ``M:SS`` / text lines."""
    year, month, day = int(UPLOAD_DATE[:4]), int(UPLOAD_DATE[4:6]), int(UPLOAD_DATE[6:])
    month_name = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[month - 1]
    out = [f"https://www.youtube.com/watch?v={VIDEO_ID}", VIDEO_TITLE, f"{VIEWS:,} views  {month_name} {day}, {year}",
           "Read the essay here:", ESSAY_URL, "", "TIMESTAMPS"]
    out += [f"{minutes(start, hours=True)} {title}" for start, title in chapter_starts(words, chapters)]
    out += ["", "---", ""]
    for line in group(words, DUMP_LINE_CHARS):
        out += [minutes(line[0].start // 1000), " ".join(w.text for w in line)]
    return "\n".join(out) + "\n"


def make_files(script: Path) -> dict[str, str]:
    """Return every example file's name and text, made from the narration script."""
    paragraphs, chapters = read_script(script)
    words = time_words(paragraphs, chapters)
    auto_lines = group(words, AUTO_LINE_CHARS, text=lambda w: auto_text(w.text))
    cues = group(words, 2 * CUE_LINE_CHARS, sentence_breaks=True)
    stem = f"{VIDEO_TITLE} [{VIDEO_ID}]"
    return {
        f"{stem}.en.vtt": rolling_vtt(auto_lines),
        f"{stem}.en.json3": json3(auto_lines),
        f"{stem}.info.json": info_json(words, chapters),
        "narration.vtt": punctuated_vtt(cues),
        "narration.srt": srt(cues),
        "youtube-captions.txt": text_dump(words, chapters),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="the folder to write to (default: examples/)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    files = make_files(SCRIPT)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {args.out / name}")
    paragraphs, chapters = read_script(SCRIPT)
    words = time_words(paragraphs, chapters)
    seconds = words[-1].end / 1000
    print(f"{len(words)} words in {seconds:.1f} s: {len(words) / seconds * 60:.0f} words per minute")


if __name__ == "__main__":
    main()
