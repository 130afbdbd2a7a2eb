"""Token pairing between a stretch of essay and a stretch of narration, by small dynamic programs.

Approach: an edit-distance table over two short token lists, scored so that a match earns its
weight (content words 2, stopwords 1, ASR-close words three quarters of that), a mismatch or an
essay word left out costs 1, a word the narrator adds costs 0.5, and a compound split differently
in the two texts (``counterargument`` / ``counter argument``, ``pretraining`` / ``pre trading``)
pairs one token with two. ``extend`` is anchored at one end only and stops where the running score
peaks (never extending for no gain; reaching the paragraph's first or last word earns a small
bonus), so it pulls in a paraphrased or ASR-garbled opening but not a stray word of a lead-in;
``fill`` aligns the gap between two anchors end to end. ``pair_up`` fills between a chain's exact
blocks, then matches the paragraph's head and tail: local anchors (bigrams unique in both windows)
first, an extension beyond the outermost one.

Under noisy captions the caller scales every penalty down (``penalty`` < 1): where half the
words are misheard, a misheard word is no evidence against an alignment.

Guarantees: pairs come back in increasing essay and narration order; a token is paired at most once,
except that a split compound pairs one token with two; only equal or ASR-close tokens are paired;
nothing is paired outside the narration bounds given; work is bounded by ``MAX_CELLS`` per table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._tokens import is_content, similarity, weight

DELETE = -1.0  # an essay token the narration leaves out
INSERT = -0.5  # a narration token the essay does not have (narrators elaborate more than they cut)
MISMATCH = -1.0
EDGE_BONUS = 1.0  # an extension that reaches the paragraph's first or last token earns this much
MAX_CELLS = 2500  # a gap larger than this is filled by two one-sided extensions instead
EXTEND_ESSAY = 40  # essay tokens an extension looks at
NEG = float("-inf")
LOCAL_K = 2  # tokens per local anchor near a paragraph's ends
MAX_INSERT = 45  # narration tokens a chain may skip beyond twice the essay tokens it skips

# A pair: essay token index, narration token index, score it earned, whether the tokens are equal.
Pair = tuple[int, int, float, bool]
Block = tuple[int, int, int]  # essay token start, narration token start, length
_DIAG, _UP, _LEFT, _JOIN, _SPLIT, _MIS = 1, 2, 3, 4, 5, 6


def _match(a: str, b: str, penalty: float = 1.0) -> float:
    s = similarity(a, b)
    return weight(a) * s if s > 0 else MISMATCH * penalty


def _table(a: Sequence[str], b: Sequence[str], joined: Callable[[str, str], str], penalty: float = 1.0
           ) -> tuple[list[list[float]], list[list[int]]]:
    """Fill the score and move tables for ``a`` (essay) against ``b`` (narration)."""
    n, m = len(a), len(b)
    h = [[NEG] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    h[0][0] = 0.0
    delete, insert = DELETE * penalty, INSERT * penalty
    for x in range(n + 1):
        row, prev = h[x], h[x - 1] if x else None
        for y in range(m + 1):
            if not x and not y:
                continue
            best, code = NEG, 0
            if x and y and prev is not None:
                s = _match(a[x - 1], b[y - 1], penalty)
                best, code = prev[y - 1] + s, (_DIAG if s > 0 else _MIS)
            if prev is not None and prev[y] + delete > best:
                best, code = prev[y] + delete, _UP
            if y and row[y - 1] + insert > best:
                best, code = row[y - 1] + insert, _LEFT
            if x and y >= 2 and prev is not None:
                s = similarity(a[x - 1], joined(b[y - 2], b[y - 1]))
                if s > 0 and prev[y - 2] + 2 * s > best:
                    best, code = prev[y - 2] + 2 * s, _JOIN
            if x >= 2 and y:
                s = similarity(joined(a[x - 2], a[x - 1]), b[y - 1])
                if s > 0 and h[x - 2][y - 1] + 2 * s > best:
                    best, code = h[x - 2][y - 1] + 2 * s, _SPLIT
            row[y], move[x][y] = best, code
    return h, move


def _trace(a: Sequence[str], b: Sequence[str], h: list[list[float]], move: list[list[int]],
           x: int, y: int) -> list[Pair]:
    """Walk back from cell (x, y) and return the matching pairs on the path, in table order."""
    pairs: list[Pair] = []
    while x or y:
        code = move[x][y]
        if code == _DIAG:
            pairs.append((x - 1, y - 1, h[x][y] - h[x - 1][y - 1], a[x - 1] == b[y - 1]))
            x, y = x - 1, y - 1
        elif code == _MIS:
            x, y = x - 1, y - 1
        elif code == _UP:
            x -= 1
        elif code == _LEFT:
            y -= 1
        elif code == _JOIN:
            gain = h[x][y] - h[x - 1][y - 2]
            exact, gain = gain >= 2.0, gain / 2
            pairs += [(x - 1, y - 1, gain, exact), (x - 1, y - 2, gain, exact)]
            x, y = x - 1, y - 2
        else:  # _SPLIT
            gain = h[x][y] - h[x - 2][y - 1]
            exact, gain = gain >= 2.0, gain / 2
            pairs += [(x - 1, y - 1, gain, exact), (x - 2, y - 1, gain, exact)]
            x, y = x - 2, y - 1
    pairs.reverse()
    return pairs


def _forward(p: str, q: str) -> str:
    return p + q


def _backward(p: str, q: str) -> str:
    return q + p


def extend(essay: Sequence[str], narration: Sequence[str], i: int, j: int, j_limit: int,
           backward: bool, penalty: float = 1.0) -> list[Pair]:
    """Return pairs extending an anchor at essay ``i`` / narration ``j`` outwards, up to ``j_limit``.

    Backward: tokens before ``i`` and ``j`` (narration not before ``j_limit``); forward: tokens from
    ``i`` and ``j`` on (narration before ``j_limit``). Stops where the running score peaks.
    """
    if backward:
        a = essay[max(0, i - EXTEND_ESSAY):i][::-1]
        b = narration[max(j_limit, j - 2 * len(a) - 10, 0):j][::-1]
    else:
        a = essay[i:i + EXTEND_ESSAY]
        b = narration[j:min(j_limit, j + 2 * len(a) + 10)]
    if not a or not b:
        return []
    h, move = _table(a, b, _backward if backward else _forward, penalty)
    edge = len(a) if (i <= EXTEND_ESSAY if backward else i + EXTEND_ESSAY >= len(essay)) else -1
    top, at = 0.0, (0, 0)
    for x, row in enumerate(h):
        bonus = EDGE_BONUS if x == edge else 0.0
        for y, value in enumerate(row):
            if value + bonus > top and move[x][y] in (_DIAG, _JOIN, _SPLIT):
                top, at = value + bonus, (x, y)
    pairs = _trace(a, b, h, move, *at)
    if backward:
        return sorted((i - 1 - x, j - 1 - y, s, e) for x, y, s, e in pairs)
    return [(i + x, j + y, s, e) for x, y, s, e in pairs]


def fill(essay: Sequence[str], narration: Sequence[str], i0: int, i1: int, j0: int, j1: int,
         penalty: float = 1.0) -> list[Pair]:
    """Return pairs inside the gap essay ``[i0, i1)`` / narration ``[j0, j1)`` between two anchors."""
    if i1 <= i0 or j1 <= j0:
        return []
    if (i1 - i0) * (j1 - j0) > MAX_CELLS:
        ahead = extend(essay[:i1], narration, i0, j0, j1, False, penalty)
        i_mid = max((p[0] for p in ahead), default=i0 - 1) + 1
        j_mid = max((p[1] for p in ahead), default=j0 - 1) + 1
        behind = extend(essay, narration, i1, j1, j_mid, True, penalty)
        return ahead + [p for p in behind if p[0] >= i_mid]
    a, b = essay[i0:i1], narration[j0:j1]
    h, move = _table(a, b, _forward, penalty)
    return [(i0 + x, j0 + y, s, e) for x, y, s, e in _trace(a, b, h, move, len(a), len(b))]


def seed_blocks(seeds: Sequence[tuple[int, int]], k: int, essay: Sequence[str], narration: Sequence[str],
                window: tuple[int, int, int, int] | None = None) -> list[Block]:
    """Return maximal exact blocks grown from ``k``-token seeds (essay, narration) given in essay order.

    Seeds on one diagonal merge; each block then grows while the tokens on both sides stay equal
    (so a unique seed carries the common words around it), never into a neighbouring block nor out
    of ``window`` (essay start, essay end, narration start, narration end).
    """
    e_low, e_high, n_low, n_high = window or (0, len(essay), 0, len(narration))
    merged: list[list[int]] = []
    for i, j in seeds:
        last = merged[-1] if merged else None
        if last and j - i == last[1] - last[0] and i <= last[0] + last[2]:
            last[2] = i + k - last[0]
        else:
            merged.append([i, j, k])
    for b, block in enumerate(merged):
        i, j, n = block
        floor = merged[b - 1][0] + merged[b - 1][2] if b else e_low
        while i > floor and j > n_low and essay[i - 1] == narration[j - 1]:
            i, j, n = i - 1, j - 1, n + 1
        ceiling = merged[b + 1][0] if b + 1 < len(merged) else e_high
        while i + n < ceiling and j + n < n_high and essay[i + n] == narration[j + n]:
            n += 1
        block[:] = [i, j, n]
    return [(i, j, n) for i, j, n in merged]


def best_chain(blocks: Sequence[Block]) -> list[Block]:
    """Return the heaviest chain of blocks increasing in both texts with bounded narration gaps."""
    if not blocks:
        return []
    ordered = sorted(blocks)
    best = [float(n) for _, _, n in ordered]
    back = [-1] * len(ordered)
    for b, (bi, bj, bn) in enumerate(ordered):
        for a in range(b):
            ai, aj, an = ordered[a]
            essay_gap, narration_gap = bi - ai - an, bj - aj - an
            if essay_gap < 0 or narration_gap < 0 or narration_gap > 2 * essay_gap + MAX_INSERT:
                continue
            if best[a] + bn > best[b]:
                best[b], back[b] = best[a] + bn, a
    k = max(range(len(ordered)), key=lambda b: (best[b], -b))
    chain = []
    while k >= 0:
        chain.append(ordered[k])
        k = back[k]
    return chain[::-1]


def _local_blocks(essay: Sequence[str], narration: Sequence[str], i0: int, i1: int, j0: int, j1: int
                  ) -> list[Block]:
    """Return a chain of blocks of ``LOCAL_K``-grams unique in both windows and holding a content word."""
    where: dict[tuple[str, ...], int] = {}
    repeated: set[tuple[str, ...]] = set()
    for j in range(j0, j1 - LOCAL_K + 1):
        gram = tuple(narration[j:j + LOCAL_K])
        if gram in where:
            repeated.add(gram)
        where.setdefault(gram, j)
    grams = [tuple(essay[i:i + LOCAL_K]) for i in range(i0, i1 - LOCAL_K + 1)]
    counts: dict[tuple[str, ...], int] = {}
    for gram in grams:
        counts[gram] = counts.get(gram, 0) + 1
    seeds = [(i0 + n, where[g]) for n, g in enumerate(grams)
             if g in where and g not in repeated and counts[g] == 1 and any(is_content(t) for t in g)]
    return best_chain(seed_blocks(seeds, LOCAL_K, essay, narration, (i0, i1, j0, j1)))


def _through(essay: Sequence[str], narration: Sequence[str], blocks: Sequence[Block],
             penalty: float = 1.0) -> list[Pair]:
    """Return the pairs of consecutive ``blocks`` and of the gaps between them."""
    pairs: list[Pair] = []
    for k, (i, j, n) in enumerate(blocks):
        if k:
            pi, pj, pn = blocks[k - 1]
            pairs += fill(essay, narration, pi + pn, i, pj + pn, j, penalty)
        for t in range(n):
            a, b = essay[i + t], narration[j + t]
            pairs.append((i + t, j + t, weight(a) * similarity(a, b), a == b))
    return pairs


def pair_up(essay: Sequence[str], narration: Sequence[str], blocks: Sequence[Block],
            j_low: int, j_high: int, penalty: float = 1.0) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """Return (head, chained, tail) pairs: ``blocks`` filled, then the paragraph's ends matched outwards.

    ``blocks`` are runs of equal or similar tokens (essay start, narration start, length) in
    increasing order. The head
    and tail stay inside narration ``[j_low, j_high)``: first local anchors (bigrams unique in the
    two windows), then an extension from the outermost anchor.
    """
    middle = _through(essay, narration, blocks, penalty)
    i, j, _ = blocks[0]
    head = _local_blocks(essay, narration, 0, i, max(j_low, j - 2 * i - 20), j)
    left = _through(essay, narration, head + [blocks[0]], penalty)[:-blocks[0][2]] if head else []
    hi, hj, _ = head[0] if head else blocks[0]
    left = extend(essay, narration, hi, hj, j_low, True, penalty) + left
    i, j, n = blocks[-1]
    i, j = i + n, j + n
    tail = _local_blocks(essay, narration, i, len(essay), j, min(j_high, j + 2 * (len(essay) - i) + 20))
    right = _through(essay, narration, [blocks[-1]] + tail, penalty)[n:] if tail else []
    ti, tj, tn = tail[-1] if tail else blocks[-1]
    right += extend(essay, narration, ti + tn, tj + tn, j_high, False, penalty)
    return left, middle, right
