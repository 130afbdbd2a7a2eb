"""Restore the narration's sentences, paragraphs and chapters from its two-second caption cues.

Stages: every caption word gets a time (:func:`~essay_edition.enrich.words.timed_words`); curated
corrections turn the word stream into tokens (:mod:`~essay_edition.enrich.corrections`); pysbd splits
the corrected text into sentences (or, for captions without punctuation, :mod:`~essay_edition.enrich.restore`
restores the boundaries from pauses, words and length); pauses group sentences into paragraphs; chapters are placed where
their speech starts.

Timing. A sentence starts at its first word's interpolated time, but never later than the speaker's
usual pace allows (cues often end in a silence, which plain interpolation spreads over the words)
nor more than :data:`MAX_LAG` seconds into the word's cue. It ends where the next sentence starts;
the last ends with the last cue. So sentences are ordered, never overlap and cover the narration.

Pauses. Cues carry no end times, so the silence after a cue is estimated as its length minus the
time its text takes at the median pace of all cues. A pause of :data:`PARAGRAPH_PAUSE` seconds
ends a paragraph; a long paragraph also ends at a shorter pause.

Chapters. The header's chapter times are approximate (off by up to 13 s). Each chapter is placed at
the sentence start within :data:`CHAPTER_WINDOW` seconds of its listed time that follows the
longest pause. When anchor phrases are known (the chapter's title, or the matching essay section's
heading and opening words, see :func:`chapter_anchors`), a fuzzy match (rapidfuzz) of a phrase in
the speech bounds the search: the chapter starts at or before the phrase. Both the listed and the
detected time are kept.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Collection, Mapping, Sequence

from rapidfuzz import fuzz, process

from ..model import (
    CaptionCue,
    Captions,
    Chapter,
    Correction,
    Essay,
    Sentence,
    TimedWord,
    Token,
    Transcript,
    TranscriptChapter,
    TranscriptParagraph,
)
from ..normalize import squashed
from .corrections import apply_corrections, select, word_tokens
from .ids import slugify
from .restore import is_unpunctuated, split_unpunctuated
from .sentences import segment_text
from .words import timed_words

MAX_LAG = 2.0  # seconds: a sentence starts at most this far into its first word's cue
PARAGRAPH_PAUSE = 1.5  # seconds of estimated silence that always end a paragraph
SOFT_PAUSE = 0.8  # ...and the silence that ends one already PARAGRAPH_TARGET seconds long
PARAGRAPH_TARGET = 30.0
PARAGRAPH_MAX = 60.0  # seconds: a paragraph this long ends at the next sentence, pause or not
CHAPTER_WINDOW = 20.0  # seconds either side of a listed chapter time
ANCHOR_SCORE = 80.0  # rapidfuzz ratio an anchor phrase must reach to count as found
ANCHOR_MIN_WORDS = 3  # shorter phrases match too much by chance
ANCHOR_WORDS = 8  # opening words of an essay section used as an anchor
SECTION_SCORE = 60.0  # token_set_ratio a chapter title must reach to name an essay section
ID_WORDS = 6  # words of a sentence's opening that make its id


def build_transcript(captions: Captions, corrections: Sequence[Correction],
                     anchors: Mapping[str, Sequence[str]] | None = None,
                     paragraph_starts: Collection[int] = ()) -> Transcript:
    """Return the restored transcript: chapters of paragraphs of timed, corrected sentences.
    ``paragraph_starts`` are the timed words that begin essay paragraphs (the alignment's), where a
    sentence that runs into a quote is cut (:func:`cut_at_quotes`)."""
    words = timed_words(captions.cues)
    sentences = restore_sentences(captions, corrections, paragraph_starts)
    pauses = sentence_pauses(sentences, words, captions.cues)
    listed = captions.chapters or (Chapter(0.0, captions.title),)
    starts = detect_chapter_starts(listed, sentences, pauses, anchors or {}, spoken_words(sentences, captions))
    ids = Ids()
    chapters = []
    bounds = starts + [len(sentences)]
    for chapter, a, b in zip(listed, bounds, bounds[1:]):
        if a >= b:  # more chapters listed than sentences left to start them
            continue
        paragraphs = group_paragraphs(sentences[a:b], pauses[a:b])
        chapters.append(TranscriptChapter(ids.make("ch-", chapter.title), chapter.title, chapter.start,
                                          sentences[a].start, tuple(paragraphs)))
    return Transcript(captions.video_id, tuple(chapters))


def restore_sentences(captions: Captions, corrections: Sequence[Correction],
                      paragraph_starts: Collection[int] = ()) -> list[Sentence]:
    """Return the narration's sentences in order, timed, with ids unique within the narration."""
    words = timed_words(captions.cues)
    tokens = apply_corrections([w.text for w in words], select(corrections, "captions"))
    if is_unpunctuated(w.text for w in words):
        groups = split_unpunctuated(tokens, words, captions.cues)
    else:
        groups = split_sentences(tokens)
    groups = cut_at_quotes(groups, paragraph_starts)
    pace = speaking_pace(captions.cues)
    starts = [word_start(words[g[0].first], captions.cues, pace) for g in groups]
    ends = starts[1:] + [captions.cues[-1].end]
    ids = Ids()
    return [Sentence(ids.make("t-", " ".join(t.text for t in g)), s, e, tuple(g))
            for g, s, e in zip(groups, starts, ends)]


def cut_at_quotes(groups: Sequence[list[Token]], paragraph_starts: Collection[int]) -> list[list[Token]]:
    """Return the sentences with one cut wherever an essay paragraph starts right after a colon.

    A narrator who reads a quote's introduction straight into the quote ("… she wrote: A heat pump
    does not …") makes one caption sentence of two essay paragraphs, and the quote's sentences in the
    transcript would then begin a few seconds before its paragraph does. Only after a colon: a
    paragraph start the alignment placed a word off (an ad-lib before it) must not split a sentence."""
    if not paragraph_starts:
        return list(groups)
    out: list[list[Token]] = []
    for group in groups:
        piece: list[Token] = []
        for token in group:
            if piece and token.first in paragraph_starts and piece[-1].text.endswith(":"):
                out.append(piece)
                piece = []
            piece.append(token)
        out.append(piece)
    return out


def split_sentences(tokens: Sequence[Token]) -> list[list[Token]]:
    """Return the tokens grouped into sentences by pysbd (windowed: :func:`.sentences.segment_text`) run on
    their joined corrected text.

    Straight double quotes are blanked out for pysbd (the text keeps them): the narration opens
    quotations it never closes, and pysbd does not split inside a quotation. A correction that
    puts a sentence end between its words is split there (:func:`.corrections.word_tokens`).
    """
    text, offsets = _joined(tokens)
    text = text.replace('"', " ")
    segments = segment_text(text)
    cuts, pos = [], 0
    for segment in segments:
        found = text.find(segment, pos)
        pos = (found if found >= 0 else pos) + len(segment)  # clean=False keeps the text, so found >= 0
        cuts.append(pos)
    tokens, offsets = _split_at_cuts(tokens, offsets, cuts)
    groups: list[list[Token]] = [[] for _ in cuts]
    k = 0
    for token, offset in zip(tokens, offsets):
        while k < len(cuts) - 1 and offset >= cuts[k]:
            k += 1
        groups[k].append(token)
    return [g for g in groups if g]


def _split_at_cuts(tokens: Sequence[Token], offsets: Sequence[int], cuts: Sequence[int]
                   ) -> tuple[list[Token], list[int]]:
    """Return the tokens and their offsets, with every correction a sentence ends inside split word by word.

    The joined text stays the same (a correction's words are joined by single spaces), so the cuts
    still hold; a correction whose words do not pair one to one stays whole, in its first sentence.
    """
    out_tokens: list[Token] = []
    out_offsets: list[int] = []
    for token, offset in zip(tokens, offsets):
        k = bisect.bisect_right(cuts, offset)  # the first cut after the token's start
        inside = k < len(cuts) and cuts[k] < offset + len(token.text)
        for part in word_tokens(token) if inside else (token,):
            out_tokens.append(part)
            out_offsets.append(offset)
            offset += len(part.text) + 1
    return out_tokens, out_offsets


def _joined(tokens: Sequence[Token]) -> tuple[str, list[int]]:
    offsets, pos = [], 0
    for token in tokens:
        offsets.append(pos)
        pos += len(token.text) + 1
    return " ".join(t.text for t in tokens), offsets


def speaking_pace(cues: Sequence[CaptionCue]) -> float:
    """Return the median characters per second over the cues that have a duration."""
    rates = [len(c.text) / (c.end - c.start) for c in cues if c.end > c.start]
    return statistics.median(rates) if rates else 15.0


def word_start(word: TimedWord, cues: Sequence[CaptionCue], pace: float) -> float:
    """Return a word's start: interpolated, capped by the usual pace and by :data:`MAX_LAG`."""
    cue = cues[word.cue_index]
    duration = cue.end - cue.start
    fraction = (word.start - cue.start) / duration if duration > 0 else 0.0
    paced = cue.start + fraction * len(cue.text) / pace
    return round(min(word.start, paced, cue.start + MAX_LAG), 3)


def cue_silence(cue: CaptionCue, pace: float) -> float:
    """Return the estimated silence at the end of a cue: its length minus its text's speaking time."""
    return max(0.0, (cue.end - cue.start) - len(cue.text) / pace)


def sentence_pauses(sentences: Sequence[Sentence], words: Sequence[TimedWord],
                    cues: Sequence[CaptionCue]) -> list[float]:
    """Return the estimated silence before each sentence (infinite before the first)."""
    pace = speaking_pace(cues)
    pauses = [float("inf")]
    for before in sentences[:-1]:
        last = before.tokens[-1].first + before.tokens[-1].count - 1
        ends_cue = last + 1 == len(words) or words[last + 1].cue_index != words[last].cue_index
        pauses.append(round(cue_silence(cues[words[last].cue_index], pace), 3) if ends_cue else 0.0)
    return pauses


def group_paragraphs(sentences: Sequence[Sentence], pauses: Sequence[float]) -> list[TranscriptParagraph]:
    """Return the sentences grouped into paragraphs at pauses (the first sentence opens one)."""
    groups: list[list[Sentence]] = []
    for sentence, pause in zip(sentences, pauses):
        length = sentence.start - groups[-1][0].start if groups else 0.0
        if not groups or pause >= PARAGRAPH_PAUSE or (length >= PARAGRAPH_TARGET and pause >= SOFT_PAUSE) \
                or length >= PARAGRAPH_MAX:
            groups.append([])
        groups[-1].append(sentence)
    return [TranscriptParagraph("tp-" + g[0].id.removeprefix("t-"), tuple(g)) for g in groups]


def detect_chapter_starts(chapters: Sequence[Chapter], sentences: Sequence[Sentence], pauses: Sequence[float],
                          anchors: Mapping[str, Sequence[str]],
                          spoken: Sequence[tuple[str, float]] = ()) -> list[int]:
    """Return, per chapter, the index of the sentence its speech starts with (increasing; the first is 0).

    An index equal to ``len(sentences)`` means no sentence was left for that chapter.
    """
    found: list[int] = []
    for chapter in chapters:
        after = found[-1] + 1 if found else 0
        bound = find_anchor(anchors.get(chapter.title, ()), spoken, chapter.start)
        found.append(_best_start(sentences, pauses, chapter.start, after, bound))
    found[0] = 0  # the narration before the first chapter belongs to it
    return found


def _best_start(sentences: Sequence[Sentence], pauses: Sequence[float], listed: float, after: int,
                bound: float | None) -> int:
    indices = range(after, len(sentences))
    near = [i for i in indices if abs(sentences[i].start - listed) <= CHAPTER_WINDOW
            and (bound is None or sentences[i].start <= bound)]
    if not near:
        return min(indices, key=lambda i: abs(sentences[i].start - listed), default=after)
    return max(near, key=lambda i: (pauses[i], -abs(sentences[i].start - listed)))


def find_anchor(phrases: Sequence[str], spoken: Sequence[tuple[str, float]], listed: float) -> float | None:
    """Return the time of the best fuzzy match of any phrase near ``listed``, or None below the threshold."""
    near = [(squashed(w), t) for w, t in spoken if abs(t - listed) <= CHAPTER_WINDOW + 30]
    words = [w for w, _ in near]
    best: tuple[float, float] | None = None
    for phrase in phrases:
        target = squashed(phrase)
        n = len(target.split())
        if n < ANCHOR_MIN_WORDS:
            continue
        for k in range(max(len(near) - n + 1, 0)):
            score = fuzz.ratio(" ".join(words[k:k + n]), target)
            if score >= ANCHOR_SCORE and (best is None or score > best[0]):
                best = (score, near[k][1])
    return None if best is None else best[1]


def spoken_words(sentences: Sequence[Sentence], captions: Captions) -> list[tuple[str, float]]:
    """Return every corrected word with the start time of the caption word it stands for."""
    words = timed_words(captions.cues)
    pace = speaking_pace(captions.cues)
    return [(w, word_start(words[t.first], captions.cues, pace))
            for s in sentences for t in s.tokens for w in t.text.split()]


def chapter_anchors(chapters: Sequence[Chapter], essay: Essay) -> dict[str, tuple[str, ...]]:
    """Return anchor phrases per chapter title: the title, and its essay section's heading and opening words."""
    headings = [s.title for s in essay.sections]
    anchors: dict[str, tuple[str, ...]] = {}
    for chapter in chapters:
        phrases = [chapter.title]
        match = process.extractOne(chapter.title, headings, scorer=fuzz.token_set_ratio, processor=squashed,
                                   score_cutoff=SECTION_SCORE)
        if match is not None:
            section = essay.sections[match[2]]
            phrases.append(section.title)
            if section.paragraphs:
                phrases.append(" ".join(section.paragraphs[0].text.split()[:ANCHOR_WORDS]))
        anchors[chapter.title] = tuple(phrases)
    return anchors


class Ids:
    """Makes ids from text (a prefix and a slug), unique within one run by suffixing ``-2``, ``-3``…"""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def make(self, prefix: str, text: str) -> str:
        """Return ``prefix`` + the slug of ``text``, suffixed if already made."""
        base = prefix + slugify(text, ID_WORDS)
        candidate, n = base, 1
        while candidate in self.seen:
            n += 1
            candidate = f"{base}-{n}"
        self.seen.add(candidate)
        return candidate
