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

from ..normalize import STOPWORDS, fold, plain
from .sentences import split_sentences

_QUOTED = re.compile(r'"([^"]+)"|(?<![\w\'])\'([^\']+?)\'(?![\w])')
_ELLIPSIS = re.compile(r"\.\.\.|…")
WORD_MATCH = 80  # fuzz.ratio at which two words count as the same word


def content_words(text: str) -> list[str]:
    """Return the words of ``text`` (rapidfuzz's default processing) without stop words."""
    return [w for w in utils.default_process(plain(text)).split() if w not in STOPWORDS and len(w) > 1]


def quoted_phrases(text: str) -> list[str]:
    """Return the phrases ``text`` puts in double or single quotation marks, in order."""
    return [(m[1] or m[2]).strip() for m in _QUOTED.finditer(plain(text)) if (m[1] or m[2]).strip()]


def phrase_fragments(phrase: str) -> list[str]:
    """Return the parts of a quoted phrase between ellipses, normalised and stripped of end punctuation."""
    parts = (fold(p).strip(" .,;:!?'\"") for p in _ELLIPSIS.split(phrase))
    return [p for p in parts if p]


def contains_phrase(phrase: str, text: str) -> bool:
    """Return True when every ellipsis-separated fragment of ``phrase`` occurs in ``text`` (normalised)."""
    fragments = phrase_fragments(phrase)
    haystack = fold(text)
    return bool(fragments) and all(f in haystack for f in fragments)


def sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` (pysbd, cached by :mod:`essay_edition.enrich.sentences`), stripped."""
    return [s.strip() for s in split_sentences(text) if s.strip()]


class Scorer:
    """Scores statements against a fixed list of paragraphs (IDF weights come from those paragraphs).

    Every window of every paragraph is kept in one flat list, with an index from each window word to
    the windows that hold it, so that :meth:`ranked` scores all windows in one rapidfuzz call and
    credits soft recall only where a statement word has a near word (most window × word pairs have
    none). It gives the same scores as scoring window by window in Python, at a small part of the
    cost (see the profile in ``scripts/bench.py --profile``).
    """

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self._texts = list(paragraphs)
        self._normalised = [fold(text) for text in paragraphs]
        self._window_texts: list[str] = []
        self._windows_with: dict[str, list[int]] = {}
        self._paragraph_windows: list[tuple[int, int]] = []  # each paragraph's [start, end) in the flat list
        for text in paragraphs:
            start = len(self._window_texts)
            for joined, words in self._windows_of(text):
                for word in words:
                    self._windows_with.setdefault(word, []).append(len(self._window_texts))
                self._window_texts.append(joined)
            self._paragraph_windows.append((start, len(self._window_texts)))
        self._vocabulary = sorted(self._windows_with)
        self._near: dict[str, dict[str, float]] = {}
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
        """Map each statement word to the essay words it matches (``fuzz.ratio`` ≥ WORD_MATCH), with ratios.

        Remembered per scorer: statements share many words, and each lookup scans the vocabulary.
        """
        for word in set(words) - self._near.keys():
            self._near[word] = {m[0]: m[1] for m in process.extract(word, self._vocabulary, scorer=fuzz.ratio,
                                                                    score_cutoff=WORD_MATCH, limit=None)}
        return {word: self._near[word] for word in set(words)}

    def _recalls(self, words: Sequence[str]) -> list[float]:
        """The IDF-weighted soft recall (0–100) of ``words`` in every window, by window index.

        A word's credit in a window is its best ratio against the window's words; a word repeated in
        the statement counts as often as it occurs.
        """
        got = [0.0] * len(self._window_texts)
        total = sum(self._weight(w) for w in words)
        if not total:
            return got
        for word, near in self._near_words(words).items():
            best: dict[int, float] = {}
            for match, ratio in near.items():
                for window in self._windows_with[match]:
                    if ratio > best.get(window, 0.0):
                        best[window] = ratio
            weight = self._weight(word) * words.count(word) / 100
            for window, ratio in best.items():
                got[window] += weight * ratio
        return [100 * g / total for g in got]

    def _quotes_paragraph(self, statement: str) -> set[int]:
        """The paragraphs that contain, word for word, a phrase of three or more words ``statement`` quotes."""
        fragments = [phrase_fragments(q) for q in quoted_phrases(statement) if len(q.split()) >= 3]
        return {i for i, haystack in enumerate(self._normalised)
                if any(f and all(part in haystack for part in f) for f in fragments)}

    def score(self, statement: str, index: int) -> float:
        """Return the 0–100 match of ``statement`` against paragraph ``index``."""
        return dict(self.ranked(statement))[index]

    def ranked(self, statement: str) -> list[tuple[int, float]]:
        """Return (paragraph index, score) for every paragraph, best first (ties in essay order)."""
        words = content_words(statement)
        best = [0.0] * len(self._texts)
        if words:
            token_sets: list[float | None] = [None] * len(self._window_texts)
            for _, token_set, window in process.extract(" ".join(words), self._window_texts,
                                                        scorer=fuzz.token_set_ratio, limit=None):
                token_sets[window] = token_set
            combined = [0.0 if t is None else (t + r) / 2 for t, r in zip(token_sets, self._recalls(words))]
            best = [max(0.0, *combined[a:b]) for a, b in self._paragraph_windows]
        scores = [round(value, 1) for value in best]
        for index in self._quotes_paragraph(statement):
            scores[index] = 100.0
        return sorted(enumerate(scores), key=lambda pair: (-pair[1], pair[0]))


def best_similarity(phrase: str, texts: Iterable[str]) -> float:
    """Return the best ``partial_ratio`` (0–100) of a phrase against any of ``texts``, normalised."""
    target = " ".join(phrase_fragments(phrase))
    return max((round(fuzz.partial_ratio(target, fold(t)), 1) for t in texts), default=0.0)
