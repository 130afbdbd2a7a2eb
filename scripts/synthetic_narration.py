"""Synthetic narrations of an essay with known times: sections reordered, passages skipped, ad-libs added.

A narrator reads the essay's sections in a shuffled order; each paragraph may be skipped whole, each
sentence after a paragraph's first may be skipped, an opening word may be paraphrased (a synonym
from ``synthetic_corpus.SYNONYMS``), a lead-in ("Now,", "So") may precede a paragraph and an aside
may follow one. Every spoken word gets a duration from its length (with jitter) and paragraphs a
pause; words are grouped into cues of about seven words, each cue lasting until the next starts, as
auto-captions are. With ``exact_words`` the cues also state each word's time (``CueWord``).

The truth returned is each paragraph's and sentence's start (None when skipped): the time of its
first spoken word, a paraphrase standing for the word it replaces. Deterministic given the seed.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from essay_edition.enrich.sentences import sentence_spans
from essay_edition.model import CaptionCue, CueWord

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_corpus import SYNONYMS  # noqa: E402 - a sibling script, not a package

LEAD_INS = ("Now,", "So", "And", "Okay, so")
ASIDES = (
    "and honestly this is the part people always ask me about",
    "I want to pause here for a second because this matters",
    "you might think that sounds obvious but bear with me",
    "which I talked about on the podcast a few weeks ago",
)
WORDS_PER_CUE = 7


@dataclass(frozen=True)
class Narration:
    """A synthetic narration: its cues and the true start of every paragraph and sentence (None: skipped)."""

    cues: tuple[CaptionCue, ...]
    paragraph_starts: dict[str, float | None]
    sentence_starts: dict[tuple[str, int], float | None]  # (paragraph id, sentence index)
    section_order: tuple[int, ...]


def narrate(sections: Sequence[Sequence[tuple[str, str]]], seed: int, skip_paragraph: float = 0.15,
            skip_sentence: float = 0.05, paraphrase: float = 0.2, lead_in: float = 0.3, aside: float = 0.2,
            exact_words: bool = False) -> Narration:
    """Return a narration of ``sections`` (each a list of ``(paragraph_id, text)``) and its truth."""
    rng = random.Random(f"narrate:{seed}")
    order = list(range(len(sections)))
    rng.shuffle(order)
    spoken: list[tuple[str, float]] = []
    clock = 0.0
    paragraph_starts: dict[str, float | None] = {}
    sentence_starts: dict[tuple[str, int], float | None] = {}

    def say(text: str) -> float:
        nonlocal clock
        at = round(clock, 3)
        for word in text.split():
            spoken.append((word, round(clock, 3)))
            clock += 0.08 + 0.055 * len(word) * rng.uniform(0.8, 1.25)
        return at

    for s in order:
        for pid, text in sections[s]:
            spans = sentence_spans(text)
            if rng.random() < skip_paragraph:
                paragraph_starts[pid] = None
                sentence_starts.update({(pid, k): None for k in range(len(spans))})
                continue
            clock += rng.uniform(0.4, 1.2)
            if rng.random() < lead_in:
                say(rng.choice(LEAD_INS))
            for k, (a, b) in enumerate(spans):
                if k and rng.random() < skip_sentence:
                    sentence_starts[(pid, k)] = None
                    continue
                words = text[a:b].split()
                first = words[0].lower().strip(",.")
                if rng.random() < paraphrase and first in SYNONYMS:
                    words[0] = SYNONYMS[first].capitalize()
                sentence_starts[(pid, k)] = say(" ".join(words))
            paragraph_starts[pid] = next((sentence_starts[(pid, k)] for k in range(len(spans))
                                          if sentence_starts[(pid, k)] is not None), None)
            if rng.random() < aside:
                clock += 0.3
                say(rng.choice(ASIDES))
    return Narration(_cues(spoken, clock, exact_words), paragraph_starts, sentence_starts, tuple(order))


def _cues(spoken: Sequence[tuple[str, float]], end: float, exact_words: bool) -> tuple[CaptionCue, ...]:
    """Return the spoken words grouped into cues, each lasting until the next starts."""
    groups = [spoken[k:k + WORDS_PER_CUE] for k in range(0, len(spoken), WORDS_PER_CUE)]
    cues = []
    for n, group in enumerate(groups):
        stop = groups[n + 1][0][1] if n + 1 < len(groups) else round(end, 3)
        words = tuple(CueWord(t, w) for w, t in group) if exact_words else ()
        cues.append(CaptionCue(group[0][1], stop, " ".join(w for w, _ in group), words))
    return tuple(cues)
