"""Word tokens for alignment: normalised forms, their source words, weights and fuzzy equality.

Approach: every source word (essay words split on whitespace, or caption words) becomes zero or
more tokens: apostrophes are dropped (``I’m`` → ``im``) and rapidfuzz's ``default_process``
lowercases and turns every other non-alphanumeric character into a break (``mid-training`` →
``mid training``), so both texts split compounds the same way. A few number words are written as
digits, as captions write them. Each token remembers the index of the word it came from.

Words are also compared by sound: ``sound_keys`` gives a token's Double Metaphone codes (the
``doublemetaphone`` library), so a recogniser's homophones and near-homophones (``gpt3``/``gbt3``,
``beren``/``baron``) count as the same word misheard even where their spelling differs a lot.

Guarantees: tokenising is deterministic and per word; ``similarity`` is symmetric, 1.0 only for
equal tokens, and never matches tokens shorter than four characters unless they are equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from doublemetaphone import doublemetaphone
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from rapidfuzz.utils import default_process

from ..normalize import STOPWORDS

# Minimum rapidfuzz ratio (0-100) for two different tokens to count as the same word misheard.
FUZZY_RATIO = 80.0
# Score a fuzzy (ASR-like) match earns relative to an exact one.
FUZZY = 0.75
# Score a match by sound alone earns (different spelling, same or nearly the same Double Metaphone code).
SOUND = 0.6
_APOSTROPHES = str.maketrans("", "", "'’‘ʼ")
_NUMBERS = {"hundred": "100", "thousand": "1000", "tens": "10s", "hundreds": "100s"}


@dataclass(frozen=True)
class Tokens:
    """A text as normalised tokens, each with the index of the source word it came from."""

    tokens: tuple[str, ...]
    word_of: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.tokens)


@lru_cache(maxsize=1 << 16)
def word_tokens(word: str) -> tuple[str, ...]:
    """Return the normalised tokens of one source word (possibly none, e.g. for ``—``)."""
    parts = default_process(word.translate(_APOSTROPHES)).split()
    return tuple(_NUMBERS.get(p, p) for p in parts)


def tokenize(words: Sequence[str]) -> Tokens:
    """Return the tokens of a sequence of source words, each mapped back to its word index."""
    tokens: list[str] = []
    word_of: list[int] = []
    for index, word in enumerate(words):
        for token in word_tokens(word):
            tokens.append(token)
            word_of.append(index)
    return Tokens(tuple(tokens), tuple(word_of))


def weight(token: str) -> float:
    """Return how much an exact match of ``token`` is worth: 2 for content words, 1 for stopwords."""
    return 1.0 if token in STOPWORDS else 2.0


def is_content(token: str) -> bool:
    """Return whether ``token`` is a content word (not a stopword, not a bare number under 10)."""
    return token not in STOPWORDS and not (token.isdigit() and len(token) == 1)


@lru_cache(maxsize=1 << 16)
def skeleton(token: str) -> str:
    """Return the token's consonant skeleton: vowels dropped, repeats collapsed (``baron`` → ``brn``)."""
    out: list[str] = []
    for i, ch in enumerate(token):
        if ch in "aeiouy" and i > 0:
            continue
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1 << 17)
def similarity(a: str, b: str) -> float:
    """Return 1.0 for equal tokens, ``FUZZY`` for ASR-close ones (``karpathy``/``karpathi``), else 0."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) < 4:
        return 0.0
    if fuzz.ratio(a, b) >= FUZZY_RATIO:
        return FUZZY
    ka, kb = skeleton(a), skeleton(b)
    if len(ka) >= 3 and ka == kb:
        return FUZZY
    return SOUND if sounds_alike(a, b) else 0.0


@lru_cache(maxsize=1 << 16)
def sound_keys(token: str) -> tuple[str, ...]:
    """Return the token's distinct Double Metaphone codes (primary first; none for a bare number)."""
    if token.isdigit():
        return ()
    primary, secondary = doublemetaphone(token)
    return tuple(k for k in dict.fromkeys((primary, secondary)) if k)


def sounds_alike(a: str, b: str) -> bool:
    """Return whether two tokens share a sound code of three or more letters, or codes of four or more
    letters one edit apart."""
    for ka in sound_keys(a):
        for kb in sound_keys(b):
            if len(ka) >= 3 and ka == kb:
                return True
            if min(len(ka), len(kb)) >= 4 and Levenshtein.distance(ka, kb) <= 1:
                return True
    return False


def looks_misheard(essay: str, narration: str) -> bool:
    """Return whether a replaced run reads like a mishearing of the essay run rather than new wording."""
    a, b = essay.replace(" ", ""), narration.replace(" ", "")
    if min(len(a), len(b)) < 3 or max(len(a), len(b)) < 4:
        return False
    if min(len(a), len(b)) / max(len(a), len(b)) < 0.7:  # one side adds or drops whole words
        return False
    if fuzz.ratio(a, b) >= 70:
        return True
    ka, kb = skeleton(a), skeleton(b)
    return min(len(ka), len(kb)) >= 3 and fuzz.ratio(ka, kb) >= 80
