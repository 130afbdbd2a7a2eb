"""Time the podcast transcript's lines by aligning its words to the caption words.

Both transcripts come from the same recording but from different speech recognisers, so their
words mostly agree. Both word streams are corrected first (curated corrections make many
disagreements agree), then normalised (lower case, letters and digits only) and aligned with
Levenshtein opcodes over whole words (rapidfuzz). Words in an ``equal`` block match; inside a
``replace`` block of equal length, word pairs that are near spellings (rapidfuzz ratio at least
:data:`NEAR_WORD`) match too. A matched podcast word takes its caption word's time; the others are
interpolated between matched neighbours by word position (clamped at the ends), so times never
decrease. A line starts at its first word's time and ends where the next line starts; the last
line ends with the narration.

Podcast chapters get the detected start of the narration chapter with the same position (the
podcast's own listed times run on its own clock); a line belongs to the chapter its middle moment
falls in.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..model import (
    Captions,
    Correction,
    PodcastChapter,
    PodcastTranscript,
    TimedPodcast,
    TimedPodcastLine,
    Token,
    Transcript,
)
from ..normalize import squash
from .corrections import apply_corrections, correct_text, select
from .transcript import Ids, spoken_words

NEAR_WORD = 75.0  # rapidfuzz ratio at which two differently spelled words count as the same word


def podcast_tokens(podcast: PodcastTranscript, corrections: Sequence[Correction]) -> list[tuple[int, Token]]:
    """Return the corrected tokens of the whole transcript, each with the index of the line it starts on."""
    words, line_of_word = [], []
    for index, line in enumerate(podcast.lines):
        for word in line.text.split():
            words.append(word)
            line_of_word.append(index)
    tokens = apply_corrections(words, select(corrections, "podcast"))
    return [(line_of_word[t.first], t) for t in tokens]


def align_words(podcast_words: Sequence[str], caption_words: Sequence[str]) -> list[int | None]:
    """Return, for each podcast word, the index of the caption word it matches, or None."""
    a = [squash(w) for w in podcast_words]
    b = [squash(w) for w in caption_words]
    matched: list[int | None] = [None] * len(a)
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal" or (op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start):
            for k in range(op.src_end - op.src_start):
                i, j = op.src_start + k, op.dest_start + k
                if a[i] and (a[i] == b[j] or fuzz.ratio(a[i], b[j]) >= NEAR_WORD):
                    matched[i] = j
    return matched


def matched_share(alignment: Sequence[int | None]) -> float:
    """Return the share of podcast words matched to a caption word (0 to 1)."""
    return sum(m is not None for m in alignment) / len(alignment) if alignment else 0.0


def interpolate_times(alignment: Sequence[int | None], caption_times: Sequence[float]) -> list[float]:
    """Return a time for every podcast word: its match's time, or interpolated between matched neighbours."""
    anchors = [(i, caption_times[j]) for i, j in enumerate(alignment) if j is not None]
    if not anchors:
        return [caption_times[0] if caption_times else 0.0] * len(alignment)
    positions = [i for i, _ in anchors]
    times = []
    for i in range(len(alignment)):
        k = bisect.bisect_left(positions, i)
        if k < len(anchors) and positions[k] == i:
            times.append(anchors[k][1])
        elif k == 0 or k == len(anchors):
            times.append(anchors[min(k, len(anchors) - 1)][1])
        else:
            (i0, t0), (i1, t1) = anchors[k - 1], anchors[k]
            times.append(round(t0 + (t1 - t0) * (i - i0) / (i1 - i0), 3))
    return times


def time_podcast(podcast: PodcastTranscript, captions: Captions, transcript: Transcript,
                 corrections: Sequence[Correction]) -> TimedPodcast:
    """Return the podcast transcript with corrected, timed lines grouped under its chapters."""
    spoken = spoken_words(transcript.sentences(), captions)
    tokens = podcast_tokens(podcast, corrections)
    flat = [(line, w) for line, t in tokens for w in t.text.split()]
    alignment = align_words([w for _, w in flat], [w for w, _ in spoken])
    word_times = interpolate_times(alignment, [t for _, t in spoken])
    lines = _timed_lines(podcast, tokens, [line for line, _ in flat], word_times, transcript)
    chapters = _chapters(podcast, transcript, lines, corrections)
    return TimedPodcast(podcast.title, podcast.date, tuple(chapters), round(matched_share(alignment), 4))


def _timed_lines(podcast: PodcastTranscript, tokens: Sequence[tuple[int, Token]], word_lines: Sequence[int],
                 word_times: Sequence[float], transcript: Transcript) -> list[TimedPodcastLine]:
    first_time: dict[int, float] = {}
    for line, time in zip(word_lines, word_times):
        first_time.setdefault(line, time)
    by_line: dict[int, list[Token]] = {}
    for line, token in tokens:
        by_line.setdefault(line, []).append(token)
    order = sorted(by_line)
    starts = [first_time[i] for i in order]
    end = transcript.sentences()[-1].end
    ends = starts[1:] + [max(end, starts[-1])]
    ids = Ids()
    return [TimedPodcastLine(ids.make("pl-", " ".join(t.text for t in by_line[i])), _line_no(podcast, i), s, e,
                             tuple(by_line[i])) for i, s, e in zip(order, starts, ends)]


def _line_no(podcast: PodcastTranscript, index: int) -> int:
    span = podcast.lines[index].span
    return span.line if span else index + 1


def _chapters(podcast: PodcastTranscript, transcript: Transcript, lines: Sequence[TimedPodcastLine],
              corrections: Sequence[Correction]) -> list[PodcastChapter]:
    fixes = select(corrections, "podcast", "chapters")
    detected = [c.start for c in transcript.chapters]
    starts = [detected[k] if k < len(detected) else c.start for k, c in enumerate(podcast.chapters)]
    groups: list[list[TimedPodcastLine]] = [[] for _ in podcast.chapters]
    for line in lines:
        groups[_chapter_of(line, starts)].append(line)
    ids = Ids()
    return [PodcastChapter(ids.make("pc-", correct_text(c.title, fixes)), correct_text(c.title, fixes), c.title,
                           c.start, start, tuple(group))
            for c, start, group in zip(podcast.chapters, starts, groups)]


def _chapter_of(line: TimedPodcastLine, starts: Sequence[float]) -> int:
    middle = (line.start + line.end) / 2
    return max(bisect.bisect_right(starts, middle) - 1, 0)
