"""Align essay paragraphs with the narration's timed words: when each paragraph is spoken, if at all.

The narration is not the essay read aloud: it reorders sections, skips paragraphs and parts of
them, paraphrases openings, adds lead-ins and asides, and its captions mishear words. So nothing
here assumes essay order. The approach is that of whole-genome aligners:

1. Seeds. Both texts become normalised tokens (``_tokens``). A seed is a run of ``K`` tokens that
   occurs exactly once in the whole narration and exactly once in the whole essay; seeds on one
   diagonal merge into exact blocks. A hash index of narration n-grams keeps this linear.
2. Chains. Per paragraph, the heaviest chain of blocks increasing in both texts, with bounded
   narration gaps (an aside inside a paragraph is allowed, a jump across the narration is not). A
   chain counts only with enough evidence: an exact run of ``MIN_RUN`` tokens, ``MIN_CONTENT``
   content words and ``min(MIN_TOKENS, half the paragraph)`` seeded tokens. A phrase a skipped
   paragraph shares with a read one is never a seed (it is not unique in the essay), and a short
   phrase an aside borrows from a skipped paragraph is too little evidence.
3. Overlaps. Chains are accepted strongest first; a weaker chain loses its blocks inside stronger
   chains' narration spans and keeps its best part between them, if that still has the evidence.
4. Refinement. In narration order, each chain is filled between its blocks and extended at both
   ends by small dynamic programs (``_pairs``) that accept ASR-close words and compounds split
   differently; extensions stay between the neighbouring chains, and where two neighbours'
   extensions meet, the cut keeping the most score wins.
5. Times. A paragraph starts at its first matched narration word (a lead-in is not matched, a
   paraphrased opening starts at its first matched word) and ends at the end of its last one.
   Narration words outside every paragraph span are reported as unaligned (lead-ins, asides, outro).

Guarantees: every paragraph is aligned at most once; narrated spans never overlap and have
start <= end; a paragraph without a qualifying chain has start and end None; every paragraph gets a
confidence in [0, 1] (for a narrated one, that its timing is right; for an unnarrated one, that it
is indeed not narrated). Work is linear in the two texts' lengths for text like this.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..model import TimedWord
from ._pairs import Block, Pair, best_chain, pair_up, seed_blocks
from ._tokens import Tokens, is_content, looks_misheard, tokenize

K = 3  # tokens per seed
MIN_RUN = 5  # the longest exact run a narrated paragraph must show
MIN_CONTENT = 3  # content words its seeds must cover
MIN_TOKENS = 12  # seeded tokens it must show (or half the paragraph, if shorter)
CHAR_SECONDS = 0.07  # speaking time per character when a cue gives no rate (about 14 chars/s)


@dataclass(frozen=True)
class ParagraphTiming:
    """When one paragraph is narrated: start/end seconds (None: not narrated) and how sure we are."""

    paragraph_id: str
    start: float | None
    end: float | None
    confidence: float
    first_word: int | None = None  # index into the timed words of the first matched word
    last_word: int | None = None
    coverage: float = 0.0  # share of the paragraph's tokens matched in the narration

    @property
    def narrated(self) -> bool:
        """Return whether the paragraph is narrated at all."""
        return self.start is not None


@dataclass(frozen=True)
class NarrationSpan:
    """A stretch of narration that is in no paragraph: a lead-in, an aside or the outro."""

    start: float
    end: float
    text: str
    first_word: int
    last_word: int


@dataclass(frozen=True)
class Alignment:
    """Timings of every paragraph in essay order, unaligned narration, and the narration order."""

    paragraphs: tuple[ParagraphTiming, ...]
    unaligned: tuple[NarrationSpan, ...]
    order: tuple[str, ...]  # ids of narrated paragraphs in the order they are spoken

    def timing(self, paragraph_id: str) -> ParagraphTiming:
        """Return the timing of one paragraph; raise KeyError for an unknown id."""
        for timing in self.paragraphs:
            if timing.paragraph_id == paragraph_id:
                return timing
        raise KeyError(paragraph_id)


@dataclass(frozen=True)
class WordDifference:
    """A run of words where the narration differs from the essay, and whether it looks misheard."""

    kind: Literal["inserted", "deleted", "replaced"]
    cause: Literal["asr", "wording"]  # asr: the captions mishear or split the essay's words
    essay: str  # the essay's words ("" when inserted)
    narration: str  # the caption words ("" when deleted)
    essay_words: tuple[int, int]  # [start, end) word indices into the paragraph's text.split()
    narration_words: tuple[int, int]  # [start, end) indices into the timed words
    time: float  # when the narration side is spoken (for a deletion: the next matched word)


@dataclass(frozen=True)
class SectionTiming:
    """When a section is narrated: earliest start and latest end among its narrated paragraphs."""

    section_id: str
    start: float | None
    end: float | None
    narrated: int  # paragraphs narrated
    paragraphs: int  # paragraphs in the section


def align_paragraphs(paragraphs: Sequence[tuple[str, str]], words: Sequence[TimedWord]) -> Alignment:
    """Return when each ``(paragraph_id, text)`` is spoken among the timed narration ``words``."""
    narration = tokenize([w.text for w in words])
    texts = [tokenize(text.split()) for _, text in paragraphs]
    index = _unique_ngrams(narration.tokens)
    counts = Counter(g for t in texts for g in _ngrams(t.tokens))
    chains = [best_chain(_seed_blocks(t.tokens, narration.tokens, index, counts)) for t in texts]
    accepted = _resolve(chains, texts)
    matched = _refine(accepted, texts, narration)
    timings = []
    for p, (pid, _) in enumerate(paragraphs):
        if p not in matched:
            support = _support(chains[p], texts[p]) if chains[p] else 0.0
            timings.append(ParagraphTiming(pid, None, None, round(1.0 - 0.5 * support, 3)))
            continue
        pairs = matched[p]
        first = narration.word_of[min(q[1] for q in pairs)]
        last = narration.word_of[max(q[1] for q in pairs)]
        coverage = len({q[0] for q in pairs}) / len(texts[p])
        confidence = 0.5 * _support(accepted[p], texts[p]) + 0.5 * coverage
        timings.append(ParagraphTiming(pid, words[first].start, word_end(words, last),
                                       round(min(1.0, confidence), 3), first, last, round(coverage, 3)))
    order = tuple(t.paragraph_id for t in sorted(timings, key=lambda t: t.first_word or 0) if t.narrated)
    return Alignment(tuple(timings), _unaligned(words, narration, timings), order)


def section_spans(sections: Sequence[tuple[str, Sequence[str]]], alignment: Alignment) -> tuple[SectionTiming, ...]:
    """Return, per ``(section_id, paragraph_ids)``, the earliest start and latest end of its paragraphs."""
    timing = {t.paragraph_id: t for t in alignment.paragraphs}
    out = []
    for section_id, paragraph_ids in sections:
        narrated = [timing[pid] for pid in paragraph_ids if timing[pid].narrated]
        start = min((t.start for t in narrated if t.start is not None), default=None)
        end = max((t.end for t in narrated if t.end is not None), default=None)
        out.append(SectionTiming(section_id, start, end, len(narrated), len(paragraph_ids)))
    return tuple(out)


def paragraph_differences(text: str, words: Sequence[TimedWord], timing: ParagraphTiming) -> tuple[WordDifference, ...]:
    """Return the word runs where the narrated span of ``timing`` differs from the paragraph ``text``."""
    if timing.first_word is None or timing.last_word is None:
        return ()
    first = timing.first_word
    essay = tokenize(text.split())
    spoken = tokenize([w.text for w in words[first:timing.last_word + 1]])
    pairs = _local_pairs(essay.tokens, spoken.tokens)
    regions: list[tuple[int, int, int, int]] = []  # essay [start, end), narration [start, end)
    pending: tuple[int, int, int, int] | None = None
    done_e = done_n = 0  # tokens before these are accounted for
    for i, j, _, exact in pairs + [(len(essay), len(spoken), 0.0, True)]:
        if i > done_e or j > done_n:
            pending = _merge(pending, (done_e, max(done_e, i), done_n, max(done_n, j)))
        if exact and pending is not None:
            regions.append(pending)
            pending = None
        elif not exact:
            pending = _merge(pending, (min(i, done_e), i + 1, min(j, done_n), j + 1))
        done_e, done_n = max(done_e, i + 1), max(done_n, j + 1)
    return tuple(_difference(text.split(), words, timing, essay, spoken, r) for r in regions)


def _merge(region: tuple[int, int, int, int] | None, more: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    if region is None:
        return more
    return min(region[0], more[0]), max(region[1], more[1]), min(region[2], more[2]), max(region[3], more[3])


def _local_pairs(essay: Sequence[str], spoken: Sequence[str]) -> list[Pair]:
    """Return matched pairs of a paragraph against the narration span already found for it."""
    index = _unique_ngrams(spoken)
    counts = Counter(_ngrams(essay))
    chain = best_chain(_seed_blocks(essay, spoken, index, counts))
    if not chain:
        return []
    left, middle, right = pair_up(essay, spoken, chain, 0, len(spoken))
    return left + middle + right


def _difference(essay_words: Sequence[str], words: Sequence[TimedWord], timing: ParagraphTiming, essay: Tokens,
                spoken: Tokens, region: Sequence[int]) -> WordDifference:
    """Return one difference from a region of token ranges, in source words."""
    e0, e1, n0, n1 = region
    first, last = timing.first_word or 0, timing.last_word or 0
    e_words = sorted({essay.word_of[t] for t in range(e0, e1)})
    n_words = sorted({spoken.word_of[t] + first for t in range(n0, n1)})
    e_span = (e_words[0], e_words[-1] + 1) if e_words else _at(essay, e0, len(essay_words))
    n_span = (n_words[0], n_words[-1] + 1) if n_words else _at(spoken, n0, last + 1 - first, first)
    kind: Literal["inserted", "deleted", "replaced"] = (
        "inserted" if not e_words else "deleted" if not n_words else "replaced")
    misheard = kind == "replaced" and looks_misheard(" ".join(essay.tokens[e0:e1]), " ".join(spoken.tokens[n0:n1]))
    when = words[n_span[0]].start if n_span[0] <= last else (timing.end or words[last].start)
    return WordDifference(kind, "asr" if misheard else "wording", " ".join(essay_words[e_span[0]:e_span[1]]),
                          " ".join(w.text for w in words[n_span[0]:n_span[1]]), e_span, n_span, when)


def _at(tokens: Tokens, t: int, end: int, offset: int = 0) -> tuple[int, int]:
    """Return the empty word range just before token ``t`` (or at the end)."""
    k = tokens.word_of[t] + offset if t < len(tokens) else end + offset
    return (k, k)


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


def _ngrams(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + K]) for i in range(len(tokens) - K + 1)]


def _unique_ngrams(tokens: Sequence[str]) -> dict[tuple[str, ...], int]:
    """Map every n-gram occurring exactly once in ``tokens`` to its position."""
    first: dict[tuple[str, ...], int] = {}
    repeated: set[tuple[str, ...]] = set()
    for j, gram in enumerate(_ngrams(tokens)):
        if gram in first:
            repeated.add(gram)
        else:
            first[gram] = j
    for gram in repeated:
        del first[gram]
    return first


def _seed_blocks(tokens: Sequence[str], narration: Sequence[str], index: dict[tuple[str, ...], int],
                 counts: Counter[tuple[str, ...]]) -> list[Block]:
    """Return maximal exact blocks grown from seeds unique in the narration and in the essay."""
    seeds = [(i, index[g]) for i, g in enumerate(_ngrams(tokens)) if g in index and counts[g] == 1]
    return seed_blocks(seeds, K, tokens, narration)


def _passes(chain: Sequence[Block], tokens: Tokens) -> bool:
    """Return whether a chain is enough evidence that its paragraph is narrated there."""
    if not chain:
        return False
    seeded = sum(n for _, _, n in chain)
    content = sum(is_content(tokens.tokens[i + t]) for i, _, n in chain for t in range(n))
    return (max(n for _, _, n in chain) >= MIN_RUN and content >= MIN_CONTENT
            and seeded >= min(MIN_TOKENS, (len(tokens) + 1) // 2))


def _support(chain: Sequence[Block], tokens: Tokens) -> float:
    """Return how much a chain's seeded tokens support it, from 0 to 1 (24 tokens, or all: full support)."""
    return min(1.0, sum(n for _, _, n in chain) / max(1, min(2 * MIN_TOKENS, len(tokens))))


def _resolve(chains: Sequence[list[Block]], texts: Sequence[Tokens]) -> dict[int, list[Block]]:
    """Return the accepted chain per paragraph, strongest first, none overlapping another's span."""
    taken: list[tuple[int, int]] = []  # narration token spans of accepted chains, sorted
    accepted: dict[int, list[Block]] = {}
    candidates = [p for p, chain in enumerate(chains) if _passes(chain, texts[p])]
    for p in sorted(candidates, key=lambda p: (-sum(n for _, _, n in chains[p]), p)):
        chain = _carve(chains[p], taken)
        if _passes(chain, texts[p]):
            accepted[p] = chain
            bisect.insort(taken, (chain[0][1], chain[-1][1] + chain[-1][2]))
    return accepted


def _carve(chain: list[Block], taken: Sequence[tuple[int, int]]) -> list[Block]:
    """Return the best part of ``chain`` lying between the spans already ``taken``."""
    if not taken:
        return chain
    slots: dict[int, list[Block]] = {}
    for block in chain:
        _, j, n = block
        slot = bisect.bisect_right(taken, (j, j + n))
        before = taken[slot - 1] if slot else None
        after = taken[slot] if slot < len(taken) else None
        if (before and before[1] > j) or (after and after[0] < j + n):
            continue
        slots.setdefault(slot, []).append(block)
    parts = [best_chain(blocks) for blocks in slots.values()]
    return max(parts, key=lambda c: sum(n for _, _, n in c), default=[])


def _refine(accepted: dict[int, list[Block]], texts: Sequence[Tokens], narration: Tokens) -> dict[int, list[Pair]]:
    """Return the matched token pairs of every accepted paragraph, filled and extended."""
    ordered = sorted(accepted, key=lambda p: accepted[p][0][1])
    parts = []
    for k, p in enumerate(ordered):
        chain = accepted[p]
        low = accepted[ordered[k - 1]][-1][1] + accepted[ordered[k - 1]][-1][2] if k else 0
        high = accepted[ordered[k + 1]][0][1] if k + 1 < len(ordered) else len(narration)
        parts.append(list(pair_up(texts[p].tokens, narration.tokens, chain, low, high)))
    for k in range(len(parts) - 1):
        parts[k][2], parts[k + 1][0] = _cut(parts[k][2], parts[k + 1][0])
    return {p: left + middle + right for p, (left, middle, right) in zip(ordered, parts)}


def _cut(right: list[Pair], left: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """Split narration contested by one chain's right extension and the next one's left extension."""
    if not right or not left or max(q[1] for q in right) < min(q[1] for q in left):
        return right, left
    cuts = sorted({q[1] for q in right + left} | {max(q[1] for q in right) + 1})
    best = max(cuts, key=lambda c: (sum(q[2] for q in right if q[1] < c) + sum(q[2] for q in left if q[1] >= c), c))
    return [q for q in right if q[1] < best], [q for q in left if q[1] >= best]


def _unaligned(words: Sequence[TimedWord], narration: Tokens,
               timings: Sequence[ParagraphTiming]) -> tuple[NarrationSpan, ...]:
    """Return the runs of narration words that lie in no narrated paragraph's span."""
    covered = [False] * len(words)
    for t in timings:
        if t.first_word is not None and t.last_word is not None:
            covered[t.first_word:t.last_word + 1] = [True] * (t.last_word + 1 - t.first_word)
    spoken = set(narration.word_of)
    spans, k = [], 0
    while k < len(words):
        if covered[k]:
            k += 1
            continue
        end = k
        while end + 1 < len(words) and not covered[end + 1]:
            end += 1
        if any(w in spoken for w in range(k, end + 1)):
            text = " ".join(w.text for w in words[k:end + 1])
            spans.append(NarrationSpan(words[k].start, word_end(words, end), text, k, end))
        k = end + 1
    return tuple(spans)
