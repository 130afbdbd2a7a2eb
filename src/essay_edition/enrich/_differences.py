"""Where the narration's words differ from a narrated paragraph's: inserted, left out or replaced runs.

Approach: the paragraph is aligned again against its own narrated span only (seeds of ``K`` tokens
unique in both, chained and filled by ``_pairs``), and every run between two exactly equal tokens
that is not itself equal becomes one difference, classified as a mishearing (``asr``) when the two
sides read alike (``_tokens.looks_misheard``) and as a change of wording otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from ..model import TimedWord, WordDifference
from ._pairs import Block, Pair, best_chain, pair_up, seed_blocks
from ._tokens import Tokens, looks_misheard, tokenize

if TYPE_CHECKING:
    from .align import ParagraphTiming

K = 3  # tokens per seed


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
