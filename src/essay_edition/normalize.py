"""The one text normaliser: how every stage compares text (case, quotes, dashes, words) and its stopwords.

Comparisons across sources (an essay sentence and a caption, a curated quote and a paragraph, a
correction and the words it fixes) must agree on what counts as the same text: typographic quotes
and apostrophes are ASCII, dashes are spaced hyphens, case is folded and whitespace collapsed.
:func:`fold` gives that form for phrases (quotes, claims, the ledger's coverage), :func:`words` the
comparable words of a text (retired notes, suggestions), :func:`slug` the ASCII words ids are made of,
:func:`bare_words` the form ids compare old and new texts in, :func:`squash` and :func:`squashed` the
letters-and-digits form in which spoken words are matched (the podcast, chapter anchors). :data:`STOPWORDS` is the one stopword list: function words, and the
fillers a speaker says, which carry no evidence that two texts are the same.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PLAIN = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "“": '"', "”": '"', "—": " - ", "–": " - ", "\u00a0": " "})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_RUN = re.compile(r"\w+")
_NOT_WORD = re.compile(r"[\W_]")

STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    both but by can could did do does doing dont down during each even few for from had has have
    having he her here hers him his how i if im in into is isnt it its itll ive just know like ll
    look me more most my no nor not now of off oh on once one only or other our out over own re s
    same she should so some such t than that thats the their them then there these they theyre this
    those through to too uh um under until up us ve very was we well were what when where which while
    who whom why will with would you your yeah youre d m""".split()  # noqa: SIM905 - a word list reads best as text
)
"""Function words and spoken fillers: no evidence that two texts say the same thing."""


def plain(text: str) -> str:
    """Return ``text`` in Unicode NFKC with typographic quotes, apostrophes and dashes made ASCII."""
    return unicodedata.normalize("NFKC", text).translate(_PLAIN)


@lru_cache(maxsize=8192)  # the same paragraphs are folded for every quote and claim compared with them
def fold(text: str) -> str:
    """Return ``text`` made plain, case-folded, whitespace collapsed: the form phrases are compared in."""
    return " ".join(plain(text).casefold().split())


def words(text: str) -> list[str]:
    """Return the comparable words of ``text``: folded, punctuation dropped, inner apostrophes kept."""
    return _WORD.findall(fold(text))


def slug(text: str, count: int) -> str:
    """Return the first ``count`` words of ``text`` as a lowercase ASCII slug (``x`` when it has none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return "-".join(_SLUG_WORD.findall(ascii_text)[:count]) or "x"


def bare_words(text: str) -> str:
    """Return the word-character runs of ``text``, lower-cased, space-separated ("don't" is "don t"):
    the form in which ids compare an old text with a new one."""
    return " ".join(_RUN.findall(text.lower()))


def squash(word: str) -> str:
    """Return one word without anything but letters and digits, lower-cased ("don't" is
    "dont"): how a spoken word is matched with another transcript's."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", word).lower())


@lru_cache(maxsize=16384)  # chapter anchors are found among the same spoken words again and again
def squashed(text: str) -> str:
    """Return the words of ``text``, each :func:`squash`-ed, space-separated (empty ones dropped)."""
    return " ".join(w for w in (squash(part) for part in text.split()) if w)


def is_stopword(word: str) -> bool:
    """Return whether a folded word is a stopword (apostrophes ignored: "don't" is "dont")."""
    return word.replace("'", "") in STOPWORDS
