"""How much of one passage's wording another holds: word overlap between old and new texts, found fast.

Shared links survive edits by following text: when a passage changes, the id registry and the
retired-link notes ask which current passages hold the old words. Comparing every old passage with
every new one is quadratic in the essay's length, so an inverted index of words proposes only the
passages that share words with the old text; the overlap itself counts words with multiplicity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..normalize import is_stopword, words

MAX_POSTINGS = 50  # a word in more passages than this says nothing about which one holds the text


@dataclass(frozen=True)
class Overlap:
    """The words two texts share: their count, and the share of each text they make up."""

    index: int  # the candidate passage's position in the list searched
    shared: int
    of_new: float  # shared / words of the candidate (1.0: the candidate is all old text)
    of_old: float  # shared / words of the old text (1.0: all the old text is in the candidate)


class OverlapIndex:
    """An inverted index of passages' words, to find the passages that hold an old text's words."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.counts = [Counter(words(t)) for t in texts]
        self.sizes = [sum(c.values()) for c in self.counts]
        self.postings: dict[str, list[int]] = {}
        for i, counts in enumerate(self.counts):
            for word in counts:
                if not is_stopword(word):
                    self.postings.setdefault(word, []).append(i)

    def overlaps(self, text: str, among: set[int] | None = None) -> list[Overlap]:
        """Return the overlap of ``text`` with every passage sharing a content word with it (or only
        those in ``among``), most shared words first."""
        old = Counter(words(text))
        size = sum(old.values()) or 1
        seen: set[int] = set()
        for word in old:
            posting = self.postings.get(word, ())
            if 0 < len(posting) <= MAX_POSTINGS:
                seen.update(i for i in posting if among is None or i in among)
        out = []
        for i in seen:
            shared = sum((old & self.counts[i]).values())
            out.append(Overlap(i, shared, shared / (self.sizes[i] or 1), shared / size))
        return sorted(out, key=lambda o: (-o.shared, o.index))
