"""How closely a summary's statement matches an essay paragraph: rapidfuzz scores on word windows.

A paragraph's score (0–100) is the best over windows — the whole paragraph, each sentence and each
pair of adjacent sentences — of the mean of two measures on stop-word-free, normalised text:
``token_set_ratio`` (high when the statement's words are a subset of the window's) and an
IDF-weighted soft recall (each statement word counts by its rarity in the essay, credited by its
best ``fuzz.ratio`` against the window's words, so "diffusion" meets "diffuse" and a typo such as
"presitge" still counts). A phrase the statement puts in quotation marks that the paragraph
contains word for word scores 100. Everything here is deterministic and pure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from rapidfuzz import fuzz, process, utils

from .sentences import split_sentences

_STOP_WORDS = (
    "a about after all also an and any are as at be because been but by can could did do does for from "
    "had has have he her him his how i if in into is it its just like more most much my no not of on "
    "one or our out over so some such than that the their them then there these they this those to "
    "up us very was we were what when where which while who will with would you your"
)
_STOP = frozenset(_STOP_WORDS.split())
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "—": " - ", "–": " - "})
_QUOTED = re.compile(r'"([^"]+)"|(?<![\w\'])\'([^\']+?)\'(?![\w])')
_ELLIPSIS = re.compile(r"\.\.\.|…")
WORD_MATCH = 80  # fuzz.ratio at which two words count as the same word


def normalise(text: str) -> str:
    """Return ``text`` lower-cased with typographic quotes and dashes made plain, spaces collapsed."""
    return " ".join(text.translate(_QUOTES).lower().split())


def content_words(text: str) -> list[str]:
    """Return the words of ``text`` (rapidfuzz's default processing) without stop words."""
    return [w for w in utils.default_process(text.translate(_QUOTES)).split() if w not in _STOP and len(w) > 1]


def quoted_phrases(text: str) -> list[str]:
    """Return the phrases ``text`` puts in double or single quotation marks, in order."""
    plain = text.translate(_QUOTES)
    return [(m[1] or m[2]).strip() for m in _QUOTED.finditer(plain) if (m[1] or m[2]).strip()]


def phrase_fragments(phrase: str) -> list[str]:
    """Return the parts of a quoted phrase between ellipses, normalised and stripped of end punctuation."""
    parts = (normalise(p).strip(" .,;:!?'\"") for p in _ELLIPSIS.split(phrase))
    return [p for p in parts if p]


def contains_phrase(phrase: str, text: str) -> bool:
    """Return True when every ellipsis-separated fragment of ``phrase`` occurs in ``text`` (normalised)."""
    fragments = phrase_fragments(phrase)
    haystack = normalise(text)
    return bool(fragments) and all(f in haystack for f in fragments)


def sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` (pysbd, cached by :mod:`essay_edition.enrich.sentences`), stripped."""
    return [s.strip() for s in split_sentences(text) if s.strip()]


class Scorer:
    """Scores statements against a fixed list of paragraphs (IDF weights come from those paragraphs)."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self._texts = list(paragraphs)
        self._windows = [self._windows_of(text) for text in paragraphs]
        self._vocabulary = sorted({w for windows in self._windows for _, words in windows for w in words})
        counts: dict[str, int] = {}
        for text in paragraphs:
            for word in set(content_words(text)):
                counts[word] = counts.get(word, 0) + 1
        self._n = len(paragraphs)
        self._idf = {w: math.log((self._n + 1) / (c + 0.5)) for w, c in counts.items()}

    @staticmethod
    def _windows_of(text: str) -> list[tuple[str, frozenset[str]]]:
        parts = sentences(text)
        spans = [text, *parts, *(f"{a} {b}" for a, b in pairwise(parts))] if len(parts) > 1 else [text]
        return [(" ".join(content_words(s)), frozenset(content_words(s))) for s in spans]

    def _weight(self, word: str) -> float:
        return self._idf.get(word, math.log(self._n + 1) + 1.0)

    def _near_words(self, words: Sequence[str]) -> dict[str, dict[str, float]]:
        """Map each statement word to the essay words it matches (``fuzz.ratio`` ≥ WORD_MATCH), with ratios."""
        return {
            word: {m[0]: m[1] for m in process.extract(word, self._vocabulary, scorer=fuzz.ratio,
                                                       score_cutoff=WORD_MATCH, limit=None)}
            for word in set(words)
        }

    def _recall(self, words: Sequence[str], window: frozenset[str], near: dict[str, dict[str, float]]) -> float:
        total = sum(self._weight(w) for w in words)
        got = sum(self._weight(w) * max((r for v, r in near[w].items() if v in window), default=0.0) / 100
                  for w in words)
        return 100 * got / total if total else 0.0

    def _score(self, statement: str, words: list[str], near: dict[str, dict[str, float]], index: int) -> float:
        if any(contains_phrase(q, self._texts[index]) for q in quoted_phrases(statement) if len(q.split()) >= 3):
            return 100.0
        if not words:
            return 0.0
        joined = " ".join(words)
        best = max((fuzz.token_set_ratio(joined, text) + self._recall(words, window, near)) / 2
                   for text, window in self._windows[index])
        return round(best, 1)

    def score(self, statement: str, index: int) -> float:
        """Return the 0–100 match of ``statement`` against paragraph ``index``."""
        words = content_words(statement)
        return self._score(statement, words, self._near_words(words), index)

    def ranked(self, statement: str) -> list[tuple[int, float]]:
        """Return (paragraph index, score) for every paragraph, best first (ties in essay order)."""
        words = content_words(statement)
        near = self._near_words(words)
        scores = [(i, self._score(statement, words, near, i)) for i in range(len(self._texts))]
        return sorted(scores, key=lambda pair: (-pair[1], pair[0]))


def best_similarity(phrase: str, texts: Iterable[str]) -> float:
    """Return the best ``partial_ratio`` (0–100) of a phrase against any of ``texts``, normalised."""
    target = " ".join(phrase_fragments(phrase))
    return max((round(fuzz.partial_ratio(target, normalise(t)), 1) for t in texts), default=0.0)
