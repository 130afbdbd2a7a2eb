"""Align the essay with the narration's timed words: when each paragraph, sentence and word is spoken.

The narration is not the essay read aloud: it reorders sections, skips paragraphs and parts of
them, paraphrases openings, adds lead-ins and asides, and its captions mishear words, sometimes
most of them. So nothing here assumes essay order across sections, and no fixed share of matched
words decides anything. The approach:

1. Evidence (``_evidence``). Each paragraph's content words are anchored at the narration words
   equal to them or alike in spelling or sound (Double Metaphone), weighted by how rare they are in
   the narration; the heaviest chain of anchors increasing in both texts is the paragraph's best
   place, and the same measure over the rest of the narration is its noise.
2. Placement. The evidence that counts is that of the passages the narration reads, not of phrases
   it quotes (``ParagraphEvidence.reading``, gaps judged against the captions' match rate measured
   where paragraphs are clearly said). A paragraph is placed anywhere when this evidence is
   ``R_GLOBAL`` times its noise;
   placements are accepted strongest first, a weaker one losing anchors inside stronger ones' spans.
   Within a section the narration is taken to follow essay order: placements out of that order are
   dropped, and a paragraph not yet placed is looked for only between its placed neighbours, where
   ``R_LOCAL`` times the noise suffices (a prior: the search is narrow).
3. Refinement (``_pairs``). In narration order, each chain is filled between its anchors and extended
   at both ends by small dynamic programs that accept misheard, sound-alike and split words;
   extensions stay between the neighbouring paragraphs.
4. Times. A paragraph starts at its first matched narration word (a lead-in is not matched, a
   paraphrased opening starts at its first matched word) and ends at the end of its last one;
   sentences and words get theirs from the same matches (``_sentence_timing``). Narration words
   outside every paragraph span are reported as unaligned (lead-ins, asides, outro).

Guarantees: every paragraph is aligned at most once; narrated spans never overlap and have
start <= end; a paragraph without enough evidence has start and end None; every paragraph gets a
confidence in [0, 1] (for a narrated one, that it is narrated where it is placed, from its evidence
over its noise; for an unnarrated one, that it is indeed not narrated). Work is linear in the two
texts' lengths for text like this.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Alignment, NarrationSpan, ParagraphTiming, SectionTiming, TimedWord
from ._differences import WordDifference, paragraph_differences
from ._evidence import EMPTY, Chain, NarrationIndex, ParagraphEvidence, anchor_rate, explained_run, heaviest_chain
from ._pairs import Pair, pair_up
from ._sentence_timing import SentenceTiming, WordTiming, time_sentences, word_end
from ._tokens import Tokens, tokenize

__all__ = ["Alignment", "NarrationSpan", "ParagraphTiming", "SectionTiming", "SentenceTiming", "WordDifference",
           "WordTiming", "align_paragraphs", "paragraph_differences", "section_spans", "time_sentences", "word_end"]

R_GLOBAL = 2.0  # evidence over noise for a paragraph placed anywhere in the narration
R_LOCAL = 1.4  # evidence over noise for a paragraph placed between its section's placed neighbours
NOISE_FLOOR = 8.0  # bits: noise is never taken as lower than about one rare word's match
RUN_CHANCE = 0.02  # an unmatched run is taken as misheard while the captions' noise gives it this chance
MAX_RUN = 12  # ... and never longer than this many words
CLEAN_RATE = 0.9  # share of essay tokens matched in narrated stretches, at or above which captions count as clean


@dataclass
class _Placement:
    chain: Chain
    ratio: float  # evidence over noise


def align_paragraphs(paragraphs: Sequence[tuple[str, str]], words: Sequence[TimedWord],
                     sections: Sequence[Sequence[str]] | None = None) -> Alignment:
    """Return when each ``(paragraph_id, text)`` is spoken among the timed narration ``words``.

    ``sections`` lists the paragraph ids of each section in essay order (the narration is taken to
    read a section in its order); without it, every paragraph is placed on its own evidence.
    """
    narration = tokenize([w.text for w in words])
    texts = [tokenize(text.split()) for _, text in paragraphs]
    index = NarrationIndex(narration)
    evidence = [ParagraphEvidence(t, index) for t in texts]
    groups = _groups([pid for pid, _ in paragraphs], sections)
    placed = _place(evidence, groups)
    chains = {p: c.chain for p, c in placed.items()}
    matched = _refine(chains, texts, narration)
    rate = _match_rate(matched.values())
    if rate < CLEAN_RATE:  # noisy captions: align again with penalties the noise calls for
        matched = _refine(chains, texts, narration, (1.0 - CLEAN_RATE) / (1.0 - rate))
        rate = _match_rate(matched.values())
    run = _explained_run(rate)
    bounds = _free_bounds(matched, texts, narration, len(words))
    timings = []
    for p, (pid, _) in enumerate(paragraphs):
        if p not in matched or not matched[p]:
            rest = evidence[p].best(taken=_spans(placed))
            ratio = _ratio(evidence[p], rest, placed.rate) if rest.points else 0.0
            timings.append(ParagraphTiming(pid, None, None, round(1.0 - 0.5 * min(1.0, ratio / R_GLOBAL), 3)))
            continue
        timings.append(_timing(pid, matched[p], placed[p].ratio, texts[p], narration, words, bounds[p], run))
    order = tuple(t.paragraph_id for t in sorted(timings, key=lambda t: t.first_word or 0) if t.narrated)
    return Alignment(tuple(timings), _unaligned(words, narration, timings), order)


def _timing(pid: str, pairs: list[Pair], ratio: float, tokens: Tokens, narration: Tokens,
            words: Sequence[TimedWord], free: tuple[int, int], run: int) -> ParagraphTiming:
    """Return a narrated paragraph's timing from its matched token pairs.

    Up to ``run`` unmatched essay words before the first match (after it: the last) are taken as
    spoken but misheard when the free narration words there (``free``: first and last timed word
    no other paragraph holds) number at least half of them; they take those words' times.
    """
    by_word: dict[int, int] = {}
    for i, j, _, _ in sorted(pairs, key=lambda q: q[1]):
        by_word.setdefault(tokens.word_of[i], narration.word_of[j])
    anchors = [(w, k, True) for w, k in sorted(by_word.items())]
    spoken = sorted(set(tokens.word_of))
    head = [w for w in spoken if w < anchors[0][0]]
    tail = [w for w in spoken if w > anchors[-1][0]]
    anchors = (_spread(head, anchors[0][1] - free[0], run, anchors[0][1], -1) + anchors
               + _spread(tail, free[1] - anchors[-1][1], run, anchors[-1][1], 1))
    first, last = anchors[0][1], anchors[-1][1]
    coverage = len({q[0] for q in pairs}) / len(tokens)
    # two pieces of evidence: the anchors' lead over the noise, and how much of the paragraph the
    # fine alignment then found word by word
    confidence = max(0.0, 1.0 - (1.0 - coverage) / ratio ** 2)
    return ParagraphTiming(pid, words[first].start, word_end(words, last), round(confidence, 3), first, last,
                           round(coverage, 3), tuple(anchors))


def _spread(run_words: Sequence[int], free: int, run: int, at: int, side: int) -> list[tuple[int, int, bool]]:
    """Return unmatched edge words placed on the ``free`` timed words beside word ``at`` (side -1: before)."""
    m = len(run_words)
    if not m or m > run or 2 * free < m:
        return []
    used = min(free, m)
    if side < 0:
        return [(w, at - used + (t * used) // m, False) for t, w in enumerate(run_words)]
    return [(w, at + 1 + (t * used) // m, False) for t, w in enumerate(run_words)]


def _match_rate(matched: Iterable[list[Pair]]) -> float:
    """Return the share of essay tokens matched inside the matched stretches of narrated paragraphs."""
    hit = total = 0
    for pairs in matched:
        essay = {q[0] for q in pairs}
        if essay:
            hit, total = hit + len(essay), total + max(essay) - min(essay) + 1
    return hit / total if total else 1.0


def _explained_run(rate: float) -> int:
    """Return the longest run of unmatched spoken words the captions' noise explains (chance >= 2 %)."""
    return explained_run(rate, RUN_CHANCE, MAX_RUN)


def _free_bounds(matched: dict[int, list[Pair]], texts: Sequence[Tokens], narration: Tokens,
                 size: int) -> dict[int, tuple[int, int]]:
    """Return, per narrated paragraph, the first and last timed word its unmatched edges may take.

    Free words between two narrated paragraphs are shared in proportion to the unmatched words at
    the end of the first and the start of the second, the first taking any odd word (a word just
    after a paragraph's last match more likely ends it than starts the next).
    """
    spans = []
    for p, pairs in matched.items():
        if pairs:
            i0, i1 = min(q[0] for q in pairs), max(q[0] for q in pairs)
            head = len(set(texts[p].word_of[:i0]))
            tail = len(set(texts[p].word_of[i1 + 1:]))
            spans.append((narration.word_of[min(q[1] for q in pairs)], narration.word_of[max(q[1] for q in pairs)],
                          head, tail, p))
    spans.sort()
    out = {}
    for n, (first, last, head, _, p) in enumerate(spans):
        low = 0
        if n:
            _, prev_last, _, prev_tail, _ = spans[n - 1]
            free = first - prev_last - 1
            low = prev_last + 1 + math.ceil(free * prev_tail / max(1, prev_tail + head))
        high = size - 1
        if n + 1 < len(spans):
            next_first, _, next_head, _, _ = spans[n + 1]
            free = next_first - last - 1
            tail = spans[n][3]
            high = last + math.ceil(free * tail / max(1, tail + next_head))
        out[p] = (low, high)
    return out


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


def _groups(ids: Sequence[str], sections: Sequence[Sequence[str]] | None) -> list[list[int]]:
    """Return paragraph indices grouped by section, in essay order (each alone without sections)."""
    if sections is None:
        return [[p] for p in range(len(ids))]
    where = {pid: p for p, pid in enumerate(ids)}
    groups = [sorted(where[pid] for pid in section) for section in sections]
    grouped = {p for g in groups for p in g}
    return groups + [[p] for p in range(len(ids)) if p not in grouped]


def _ratio(evidence: ParagraphEvidence, chain: Chain, rate: float | None = None) -> float:
    """Return the weight of a chain's passages read under captions matching ``rate`` of the words that
    could anchor (None: the whole chain's weight), over the paragraph's noise away from it."""
    if not chain.points:
        return 0.0
    weight = chain.weight if rate is None else evidence.reading(chain, rate, RUN_CHANCE)
    return weight / max(evidence.noise((chain.first, chain.last)), NOISE_FLOOR)


class _Placed(dict[int, _Placement]):
    """Placements by paragraph, with their narration token spans kept sorted (``spans``)."""

    def __init__(self, rate: float) -> None:
        super().__init__()
        self.spans: list[tuple[int, int]] = []
        self.rate = rate  # share of the words that could anchor that the captions match (see ``reading``)

    def __setitem__(self, p: int, placement: _Placement) -> None:
        super().__setitem__(p, placement)
        bisect.insort(self.spans, (placement.chain.first, placement.chain.last))

    def __delitem__(self, p: int) -> None:
        self.spans.remove((self[p].chain.first, self[p].chain.last))
        super().__delitem__(p)


def _spans(placed: _Placed) -> list[tuple[int, int]]:
    return placed.spans


def _overlaps(chain: Chain, spans: Sequence[tuple[int, int]]) -> bool:
    """Return whether the chain's narration span meets one of the sorted, disjoint ``spans``."""
    at = bisect.bisect_right(spans, (chain.last, math.inf)) - 1
    return at >= 0 and spans[at][1] >= chain.first


def _place(evidence: Sequence[ParagraphEvidence], groups: Sequence[Sequence[int]]) -> _Placed:
    """Return the accepted chain of every paragraph found narrated, with its evidence ratio."""
    best = [e.best() for e in evidence]
    # the captions' noise, measured where the narration clearly says a paragraph
    sure = [c if _ratio(e, c) >= R_GLOBAL else EMPTY for e, c in zip(evidence, best)]
    placed = _Placed(anchor_rate(evidence, sure))
    ratios = [_ratio(e, c, placed.rate) for e, c in zip(evidence, best)]
    for p in sorted((p for p, r in enumerate(ratios) if r >= R_GLOBAL), key=lambda p: (-ratios[p], p)):
        _try(p, best[p], evidence[p], placed, R_GLOBAL)
    for group in groups:
        for p in _out_of_order(group, placed):
            del placed[p]
    for group in groups:
        _fill_gaps(group, evidence, placed)
    return placed


def _try(p: int, chain: Chain, evidence: ParagraphEvidence, placed: _Placed, threshold: float,
         low: int = 0, high: int | None = None) -> bool:
    """Place paragraph ``p`` with ``chain`` (carved out of taken spans if need be) if it passes ``threshold``."""
    taken = _spans(placed)
    if chain.points and _overlaps(chain, taken):
        chain = _carve(evidence.best(low, high, taken), taken)
    ratio = _ratio(evidence, chain, placed.rate)
    if ratio >= threshold:
        placed[p] = _Placement(chain, ratio)
        return True
    return False


def _carve(chain: Chain, taken: Sequence[tuple[int, int]]) -> Chain:
    """Return the heaviest part of ``chain`` that lies between two taken spans."""
    parts: dict[int, list[tuple[int, int, float]]] = {}
    for point in chain.points:
        parts.setdefault(bisect.bisect_left(taken, (point[1], point[1])), []).append(point)
    best = max(parts.values(), key=lambda part: sum(w for _, _, w in part), default=[])
    return Chain(tuple(best), sum(w for _, _, w in best)) if best else EMPTY


def _out_of_order(group: Sequence[int], placed: _Placed) -> list[int]:
    """Return the placed paragraphs of a section outside its heaviest placement in essay order."""
    members = [p for p in group if p in placed]
    points = [(k, placed[p].chain.first, placed[p].chain.weight) for k, p in enumerate(members)]
    keep = {members[k] for k, _, _ in heaviest_chain(points).points}
    return [p for p in members if p not in keep]


def _fill_gaps(group: Sequence[int], evidence: Sequence[ParagraphEvidence], placed: _Placed) -> None:
    """Look for each unplaced paragraph of a section between its placed neighbours, in essay order."""
    for k, p in enumerate(group):
        if p in placed:
            continue
        before = next((q for q in reversed(group[:k]) if q in placed), None)
        after = next((q for q in group[k + 1:] if q in placed), None)
        if before is None and after is None:
            continue
        taken = _spans(placed)
        if before is not None:
            low = placed[before].chain.last + 1
            reach = sum(evidence[q].window for q in group[group.index(before) + 1:k + 1])
            at = bisect.bisect_left(taken, (low, -1))
            nxt = taken[at][0] if at < len(taken) else evidence[p].narration
            high = min(nxt, placed[after].chain.first if after is not None else low + reach)
        else:
            assert after is not None
            high = placed[after].chain.first
            reach = sum(evidence[q].window for q in group[k:group.index(after)])
            at = bisect.bisect_left(taken, (high, -1)) - 1
            prev = taken[at][1] + 1 if at >= 0 else 0
            low = max(prev, high - reach)
        if high > low:
            _try(p, evidence[p].best(low, high, taken), evidence[p], placed, R_LOCAL, low, high)


def _refine(accepted: dict[int, Chain], texts: Sequence[Tokens], narration: Tokens,
            penalty: float = 1.0) -> dict[int, list[Pair]]:
    """Return the matched token pairs of every accepted paragraph, filled and extended."""
    ordered = sorted(accepted, key=lambda p: accepted[p].first)
    parts = []
    for k, p in enumerate(ordered):
        blocks = [(i, j, 1) for i, j, _ in accepted[p].points]
        low = accepted[ordered[k - 1]].last + 1 if k else 0
        high = accepted[ordered[k + 1]].first if k + 1 < len(ordered) else len(narration)
        parts.append(list(pair_up(texts[p].tokens, narration.tokens, blocks, low, high, penalty)))
    for k in range(len(parts) - 1):
        parts[k][2], parts[k + 1][0] = _cut(parts[k][2], parts[k + 1][0])
    matched, last = {}, -1
    for p, (left, middle, right) in zip(ordered, parts):
        # a caption word holding the end of one paragraph and the start of the next (two words the
        # captions merged) is the first one's: the word starts when that paragraph's part is spoken
        matched[p] = [q for q in left + middle + right if narration.word_of[q[1]] > last]
        last = max((narration.word_of[q[1]] for q in matched[p]), default=last)
    return matched


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
