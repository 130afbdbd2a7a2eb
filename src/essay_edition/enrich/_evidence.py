"""How strongly the narration says a paragraph at one place, against how much it says it anywhere else.

Anchors. Every content token of a paragraph (not a stopword, four or more characters, or a number)
is paired with every narration token that equals it, shares a sound code or a consonant skeleton
with it and is similar to it (``_tokens.similarity``). A pair weighs its similarity times the
token's information in the narration, ``log2(narration tokens / tokens that match it)``: a word the
narration says everywhere says little about where the paragraph is. A token matching more than
``MAX_MATCHES`` narration tokens anchors nothing (the fine alignment still pairs it).

Evidence at a place is the weight of the heaviest chain of anchors increasing in both texts (a
weighted longest increasing subsequence, ``O(k log k)``) inside a window of narration about twice
the paragraph's length. The noise of a paragraph is the same measure in every window of the
narration that does not overlap a candidate place: what its words gain from captions that do not
speak it (topical neighbours, recurring names, misrecognised words). Whether a paragraph is narrated
is decided from the ratio of the two, not from a share of words matched, so a paragraph read under
noisy captions keeps a clear lead over the noise while a skipped one does not.

Reading, not quoting. A narration may say a few words of a paragraph it skips (an aside borrows a
phrase of it, another paragraph shares a phrase), and a phrase of rare words weighs a lot against
the noise. So the evidence that a paragraph is narrated at a place (``ParagraphEvidence.reading``)
counts only the passages of its chain that read it: the chain is cut wherever the essay skips more
words that could have anchored, or the narration adds more words, than the captions' noise explains
(at the share of such words the captions match, ``rate``, a gap that long has less than ``chance``
of occurring by noise in any of the chain's gaps), and a passage counts only when it spans more than
``QUOTE_WORDS`` essay words (a phrase, shorter than all but a few of an essay's sentences) or half
the paragraph (a short paragraph is mostly read when half of it is said). The noise stays the
weight of whole chains: all that captions which do not read a paragraph give it, quotes included.

Guarantees: chains increase strictly in both texts; work is linear in the number of anchors (each
falls in two windows) plus ``O(k log k)`` per chain.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ._tokens import Tokens, is_content, similarity, skeleton, sound_keys

MAX_MATCHES = 20  # a token the narration says more often than this anchors nothing
MAX_ALIKE = 40  # distinct narration words sharing a sound code or skeleton beyond which it is no key
WINDOW_SLACK = 40  # narration tokens a window holds beyond twice the paragraph's tokens
MAX_INSERT = 45  # narration tokens a chain may skip beyond twice the essay tokens it skips
EDGE_INSERT = 2  # ... between its first two or last two anchors (an aside is inside a paragraph, not at its edge)
COMPACT = 0.01  # value a chain loses per narration token it spans (breaks ties towards compact chains)
QUOTE_WORDS = 6  # essay words a narration may say of a paragraph without reading it (a quoted phrase)

Point = tuple[int, int, float]  # essay token, narration token, weight


@dataclass(frozen=True)
class Chain:
    """A chain of anchors (increasing in both texts), its weight and its narration token span."""

    points: tuple[Point, ...]
    weight: float

    @property
    def first(self) -> int:
        """Return the narration token of the first anchor."""
        return self.points[0][1]

    @property
    def last(self) -> int:
        """Return the narration token of the last anchor."""
        return self.points[-1][1]


EMPTY = Chain((), 0.0)


class NarrationIndex:
    """The narration's tokens indexed by spelling, sound code and consonant skeleton."""

    def __init__(self, narration: Tokens) -> None:
        self.tokens = narration.tokens
        self.positions: dict[str, list[int]] = {}
        for j, token in enumerate(narration.tokens):
            self.positions.setdefault(token, []).append(j)
        self.by_key: dict[str, list[str]] = {}
        for token in self.positions:
            for key in _keys(token):
                self.by_key.setdefault(key, []).append(token)
        self._matches: dict[str, tuple[tuple[int, float], ...]] = {}
        self._common: set[str] = set()  # anchor-worthy tokens the narration says too often to anchor

    def missable(self, token: str) -> bool:
        """Return whether the token would anchor where the narration said it (its absence is a miss)."""
        return _anchors(token) and (bool(self.matches(token)) or token not in self._common)

    def matches(self, token: str) -> tuple[tuple[int, float], ...]:
        """Return ``(narration token, weight)`` anchors of one essay token (none for a common one)."""
        found = self._matches.get(token)
        if found is None:
            found = self._matches[token] = self._find(token)
        return found

    def _find(self, token: str) -> tuple[tuple[int, float], ...]:
        if not _anchors(token):
            return ()
        similar = {token: 1.0} if token in self.positions else {}
        count = len(self.positions.get(token, ()))
        tried = {token}
        for key in _keys(token):
            bucket = self.by_key.get(key, ())
            if len(bucket) > MAX_ALIKE:  # a code that many words share says nothing about this one
                continue
            for other in bucket:
                if other in tried:
                    continue
                tried.add(other)
                s = similarity(token, other)
                if s > 0:
                    similar[other] = s
                    count += len(self.positions[other])
                    if count > MAX_MATCHES:  # common already: no need to look further
                        self._common.add(token)
                        return ()
        if count > MAX_MATCHES:
            self._common.add(token)
        if not count or count > MAX_MATCHES:
            return ()
        information = math.log2((len(self.tokens) + 1) / count)
        return tuple(sorted((j, s * information) for t, s in similar.items() for j in self.positions[t]))


@lru_cache(maxsize=1 << 16)
def _keys(token: str) -> tuple[str, ...]:
    """Return the index keys of a token: its sound codes and its consonant skeleton, tagged apart."""
    keys = [f"m:{k}" for k in sound_keys(token) if len(k) >= 2]
    bones = skeleton(token)
    if len(bones) >= 3:
        keys.append(f"s:{bones}")
    return tuple(keys)


def _anchors(token: str) -> bool:
    """Return whether a token may anchor: a content word of four or more characters, or a number."""
    return is_content(token) and (len(token) >= 4 or token.isdigit())


def heaviest_chain(points: Sequence[Point]) -> Chain:
    """Return the heaviest chain of ``points`` strictly increasing in both texts (weighted LIS).

    Of chains of equal weight, the one spanning the least narration wins: each chain's value is its
    weight less ``COMPACT`` per narration token it spans, which telescopes, so the classic frontier
    of (narration token, best value) still finds the best chain in ``O(k log k)``.
    """
    if not points:
        return EMPTY
    ordered = sorted(points, key=lambda p: (p[0], -p[1]))  # equal essay tokens cannot chain
    frontier_j: list[int] = []  # narration tokens of the frontier, increasing
    frontier: list[tuple[float, int]] = []  # (value + COMPACT * last token, point), increasing
    back = [-1] * len(ordered)
    lifted = [0.0] * len(ordered)
    for k, (_, j, w) in enumerate(ordered):
        at = bisect.bisect_left(frontier_j, j)
        before, prev = frontier[at - 1] if at else (-math.inf, -1)
        alone = COMPACT * j
        if alone >= before:
            before, prev = alone, -1
        total = before + w
        lifted[k], back[k] = total, prev
        end = at
        while end < len(frontier) and frontier[end][0] <= total:
            end += 1
        if at < len(frontier_j) and frontier_j[at] == j and end == at:
            continue  # an equal or better chain already ends at this narration token
        frontier_j[at:end] = [j]
        frontier[at:end] = [(total, k)]
    k = max(range(len(ordered)), key=lambda k: (lifted[k] - COMPACT * ordered[k][1], -k))
    chain = []
    while k >= 0:
        chain.append(ordered[k])
        k = back[k]
    return Chain(tuple(reversed(chain)), sum(p[2] for p in chain))


def split_gaps(chain: Chain) -> Chain:
    """Return the heaviest part of ``chain`` between narration gaps too long for the essay gap, without
    an edge anchor far from the next one."""
    parts: list[list[Point]] = [[]]
    for point in chain.points:
        if parts[-1] and _gap(parts[-1][-1], point) > MAX_INSERT:
            parts.append([])
        parts[-1].append(point)
    best = max(parts, key=lambda part: sum(p[2] for p in part))
    while len(best) > 2 and _gap(best[0], best[1]) > EDGE_INSERT:
        best = best[1:]
    while len(best) > 2 and _gap(best[-2], best[-1]) > EDGE_INSERT:
        best = best[:-1]
    return Chain(tuple(best), sum(p[2] for p in best)) if best else EMPTY


def _gap(a: Point, b: Point) -> int:
    """Return how many more narration tokens than twice the essay tokens lie between two anchors."""
    return (b[1] - a[1] - 1) - 2 * (b[0] - a[0] - 1)


class ParagraphEvidence:
    """The anchors of one paragraph in the narration, its windows' evidence and its noise."""

    def __init__(self, tokens: Tokens, index: NarrationIndex) -> None:
        self.size = len(tokens)
        self.tokens = tokens.tokens
        self.word_of = tokens.word_of
        self.index = index
        missable = [index.missable(t) for t in tokens.tokens]
        self._missable = list(itertools.accumulate(missable, initial=0))  # missable tokens before token i
        ends = [tokens.word_of[i] for i, m in enumerate(missable) if m]
        # a passage spanning this many words reads the paragraph rather than quotes it
        self.passage = min(QUOTE_WORDS + 1, math.ceil((ends[-1] - ends[0] + 1) / 2)) if ends else 1
        self.window = 2 * len(tokens) + WINDOW_SLACK
        self.stride = max(1, self.window // 2)
        self.narration = len(index.tokens)
        self.points = sorted(((i, j, w) for i, t in enumerate(tokens.tokens) for j, w in index.matches(t)),
                             key=lambda p: p[1])
        self._j = [p[1] for p in self.points]
        self._numbers, self._weights = self._window_weights()
        # heaviest window weight among the first n windows (_before[n]) and from window n on (_after[n])
        self._before = list(itertools.accumulate(self._weights, max, initial=0.0))
        self._after = list(itertools.accumulate(reversed(self._weights), max, initial=0.0))[::-1]

    def _window_weights(self) -> tuple[list[int], list[float]]:
        """Return the numbers of the windows that hold an anchor, in order, and their heaviest chains' weights.

        A window holding one anchor is that anchor's weight: a paragraph's stray matches far from any
        other (sound-alikes across a long narration) cost no chain each.
        """
        numbers = sorted({k for j in self._j for k in (j // self.stride - 1, j // self.stride) if k >= 0})
        weights = []
        for k in numbers:
            low = bisect.bisect_left(self._j, k * self.stride)
            high = bisect.bisect_left(self._j, k * self.stride + self.window, low)
            weights.append(self.points[low][2] if high - low == 1 else heaviest_chain(self.points[low:high]).weight)
        return numbers, weights

    def within(self, low: int, high: int, taken: Sequence[tuple[int, int]] = ()) -> list[Point]:
        """Return the anchors in narration tokens ``[low, high)``, leaving out those in ``taken`` spans."""
        points = self.points[bisect.bisect_left(self._j, low):bisect.bisect_left(self._j, high)]
        if taken:
            points = [p for p in points if not _inside(p[1], taken)]
        return points

    def best(self, low: int = 0, high: int | None = None, taken: Sequence[tuple[int, int]] = ()) -> Chain:
        """Return the heaviest gap-bounded chain in narration ``[low, high)``, outside the ``taken`` spans."""
        high = self.narration if high is None else high
        if high - low <= 3 * self.window:
            return self._tighten(split_gaps(heaviest_chain(self.within(low, high, taken))), taken)
        first = bisect.bisect_right(self._numbers, (low - self.window) // self.stride)  # windows ending after low
        last = bisect.bisect_right(self._numbers, (high - 1) // self.stride)  # ... and starting before high
        chains = [EMPTY]
        for n in heapq.nsmallest(3, range(first, last), key=lambda n: (-self._weights[n], self._numbers[n])):
            k = self._numbers[n]
            a = max(low, k * self.stride - self.stride)
            b = min(high, k * self.stride + self.window + self.stride)
            chains.append(split_gaps(heaviest_chain(self.within(a, b, taken))))
        best = max(chains, key=lambda c: (c.weight, -c.first if c.points else 0))
        return self._tighten(best, taken)

    def _tighten(self, chain: Chain, taken: Sequence[tuple[int, int]]) -> Chain:
        """Return ``chain`` with each anchor moved, among its equally weighted alternatives between its
        neighbours, to where the essay gaps on either side put it (an ambiguous word is placed by its
        neighbours rather than at the first of its repetitions)."""
        points = list(chain.points)
        for n, (i, _, w) in enumerate(points):
            before = points[n - 1] if n else None
            after = points[n + 1] if n + 1 < len(points) else None
            if before and after:
                span = after[0] - before[0]
                expected = before[1] + (i - before[0]) * (after[1] - before[1]) / span
            elif after:
                expected = after[1] - (after[0] - i)
            elif before:
                expected = before[1] + (i - before[0])
            else:
                continue
            low, high = before[1] if before else -1, after[1] if after else self.narration
            options = [(jj, ww) for jj, ww in self.index.matches(self.tokens[i])
                       if low < jj < high and ww >= w and not (taken and _inside(jj, taken))]
            if options:
                jj, ww = min(options, key=lambda o: (abs(o[0] - expected), o[0]))
                points[n] = (i, jj, w)
        return Chain(tuple(points), chain.weight)

    def missable(self, start: int, end: int) -> int:
        """Return how many of the paragraph's tokens ``[start, end)`` would anchor where the narration said them."""
        return self._missable[end] - self._missable[start]

    def reading(self, chain: Chain, rate: float, chance: float) -> float:
        """Return the weight of the passages of ``chain`` that read the paragraph (see the module docstring)."""
        run = explained_run(rate, chance / max(1, len(chain.points) - 1))
        total, passage = 0.0, [chain.points[0]] if chain.points else []
        for a, b in itertools.pairwise(chain.points):
            skipped = self.missable(a[0] + 1, b[0])
            added = (b[1] - a[1]) - (b[0] - a[0])
            if skipped > run or added > run:
                total += self._read(passage)
                passage = []
            passage.append(b)
        return total + self._read(passage)

    def _read(self, passage: Sequence[Point]) -> float:
        """Return a passage's weight if it spans enough of the paragraph to be read rather than quoted."""
        if not passage or self.word_of[passage[-1][0]] - self.word_of[passage[0][0]] + 1 < self.passage:
            return 0.0
        return sum(p[2] for p in passage)

    def noise(self, span: tuple[int, int]) -> float:
        """Return the heaviest window chain's weight of the narration that does not overlap ``span``."""
        low, high = span
        ending = bisect.bisect_right(self._numbers, (low - self.window) // self.stride)  # windows ending by low
        starting = bisect.bisect_right(self._numbers, high // self.stride)  # the first window starting after high
        return max(self._before[ending], self._after[starting])


def anchor_rate(evidence: Sequence[ParagraphEvidence], chains: Sequence[Chain]) -> float:
    """Return the share of the tokens that could anchor that do, inside the given chains' essay spans."""
    hit = total = 0
    for e, chain in zip(evidence, chains):
        if chain.points:
            hit += len(chain.points)
            total += e.missable(chain.points[0][0], chain.points[-1][0] + 1)
    return hit / total if total else 1.0


def explained_run(rate: float, chance: float, longest: int | None = None) -> int:
    """Return the longest run of missed words (at least 1, at most ``longest``) that captions matching a
    share ``rate`` of the words give with probability ``chance`` or more."""
    if rate >= 0.98:
        return 1
    run = max(1, int(math.log(chance) / math.log(1.0 - rate)))
    return run if longest is None else min(longest, run)


def _inside(j: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Return whether token ``j`` lies in one of the sorted, disjoint ``[start, end]`` spans."""
    at = bisect.bisect_right(spans, (j, math.inf)) - 1
    return at >= 0 and spans[at][0] <= j <= spans[at][1]
