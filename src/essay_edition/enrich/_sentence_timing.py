"""Sentence and word times of a narrated paragraph, from the words the paragraph alignment matched.

Approach: an essay word matched to a caption word (equal, misheard alike, or alike in sound) takes
that word's time: exact where the captions time each word, interpolated inside its cue otherwise.
Between two matched words, a run of ``m`` unmatched essay words facing ``g`` unmatched caption words
is taken as spoken but misheard when the two runs are of like length (``m <= 3`` or
``m / 2 <= g <= 2 m + 5``): its words are spread over the caption words in order. A run of one or
two essay words facing no caption word is taken as spoken and dropped by the captions (its times
are interpolated between its neighbours). Any other run is taken as not spoken (the narrator skipped
or reworded it); so is every word before the first or after the last word the paragraph alignment
placed (``ParagraphTiming.matches``, which holds edge words it took as misheard). A sentence is narrated
when one of its words is spoken; it starts at its first spoken word and ends where its last one
ends.

Guarantees: word times never decrease within a paragraph; every sentence time lies inside the
paragraph's narrated span; a sentence with no spoken word has start and end None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import SentenceTiming, TimedWord, WordTiming
from ._tokens import is_content, word_tokens

if TYPE_CHECKING:
    from .align import ParagraphTiming

CHAR_SECONDS = 0.07  # speaking time per character when a cue gives no rate (about 14 chars/s)
_WORD = re.compile(r"\S+")


def time_sentences(text: str, sentences: Sequence[tuple[str, int, int]], timing: ParagraphTiming,
                   words: Sequence[TimedWord]) -> tuple[SentenceTiming, ...]:
    """Return the timing of each ``(sentence_id, start, end)`` (character offsets) of a paragraph."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    timed = _word_times(text, spans, timing, words)
    out = []
    for sid, a, b in sentences:
        inside = [(w, t) for w, t in timed if a <= spans[w][0] < b]
        if not inside or timing.start is None:
            out.append(SentenceTiming(sid, None, None, _skipped_confidence(timing, text[a:b])))
            continue
        word_timings = tuple(t for _, (t, _) in inside)
        last_word = inside[-1][1][1]
        end = max(word_end(words, last_word), word_timings[-1].time)
        if timing.end is not None:
            end = min(end, timing.end)
        matched = sum(t.matched for t in word_timings) / len(word_timings)
        first = 1.0 if word_timings[0].matched else 0.8
        confidence = round(timing.confidence * (0.6 + 0.4 * matched) * first, 3)
        out.append(SentenceTiming(sid, word_timings[0].time, end, confidence, word_timings))
    return tuple(out)


def _skipped_confidence(timing: ParagraphTiming, sentence: str) -> float:
    """Return how sure we are that a sentence is not narrated."""
    if timing.start is None:
        return timing.confidence
    content = sum(is_content(t) for w in sentence.split() for t in word_tokens(w))
    return 0.8 if content >= 3 else 0.5


def _word_times(text: str, spans: Sequence[tuple[int, int]], timing: ParagraphTiming,
                words: Sequence[TimedWord]) -> list[tuple[int, tuple[WordTiming, int]]]:
    """Return ``(word index, (timing, timed word index))`` for every spoken word, in order."""
    spoken = [w for w, (a, b) in enumerate(spans) if word_tokens(text[a:b])]
    position = {w: n for n, w in enumerate(spoken)}
    anchors = [(position[w], k, matched) for w, k, matched in timing.matches if w in position]
    out: list[tuple[int, tuple[WordTiming, int]]] = []
    for n, (at, k, matched) in enumerate(anchors):
        if n:
            prev_at, prev_k, _ = anchors[n - 1]
            out += _between(spoken[prev_at + 1:at], prev_k, k, spans, words)
        a, b = spans[spoken[at]]
        out.append((spoken[at], (WordTiming(a, b, words[k].start, matched, words[k].exact), k)))
    return out


def _between(run: Sequence[int], k0: int, k1: int, spans: Sequence[tuple[int, int]],
             words: Sequence[TimedWord]) -> list[tuple[int, tuple[WordTiming, int]]]:
    """Return the times of unmatched essay words ``run`` spoken between timed words ``k0`` and ``k1``."""
    m, g = len(run), k1 - k0 - 1
    if not m:
        return []
    if g >= 1 and (m <= 3 or m / 2 <= g <= 2 * m + 5):  # misheard: spread over the caption words
        placed = [k0 + 1 + (t * g) // m for t in range(m)]
        return [(w, (WordTiming(*spans[w], words[k].start, False, words[k].exact), k)) for w, k in zip(run, placed)]
    if g == 0 and m <= 2:  # dropped by the captions: between its neighbours
        t0, t1 = words[k0].start, words[k1].start
        return [(w, (WordTiming(*spans[w], round(t0 + (t1 - t0) * (n + 1) / (m + 1), 3), False, False), k0))
                for n, w in enumerate(run)]
    return []


def word_end(words: Sequence[TimedWord], k: int) -> float:
    """Return the second word ``k`` ends: the next word's start in the same cue, else an estimate."""
    word = words[k]
    following = words[k + 1].start if k + 1 < len(words) else None
    if following is not None and words[k + 1].cue_index == word.cue_index:
        return following
    first = k
    while first > 0 and k - first < 30 and words[first - 1].cue_index == word.cue_index:
        first -= 1
    chars = sum(len(w.text) + 1 for w in words[first:k])
    # the last cue before a pause stretches over the pause: never assume slower speech than usual
    rate = min((word.start - words[first].start) / chars, CHAR_SECONDS) if chars else CHAR_SECONDS
    end = word.start + max(rate, 0.01) * len(word.text)
    return round(min(end, following) if following is not None else end, 3)
