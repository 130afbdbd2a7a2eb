"""Restore sentence boundaries in captions that carry no punctuation (YouTube's automatic captions).

pysbd, like every rule-based splitter, needs full stops; the libraries that restore punctuation
(deepmultilingualpunctuation, punctuators, rpunct, fastpunct, wtpsplit, NeMo) all fetch model
weights from a hub when first run, which this build may not do. So boundaries are chosen here by
three kinds of evidence any spoken English gives, weighed by one dynamic programme:

- **Pauses.** The silence after a word: where the captions time every word, the gap to the next
  word less the time the word itself takes at the narration's median pace per character; where only
  cues are timed, the silence at a cue's end (its span less its text's speaking time), and none
  inside a cue. Speakers pause at sentence ends far more often than inside a clause.
- **Words.** English sentences almost never end on an article, a preposition, a conjunction, an
  auxiliary or a subject pronoun ("the", "of", "and", "is", "we're"), and often open with a
  discourse marker or a subject ("so", "but", "now", "i", "it's"). These are closed word classes of
  the language, not figures fitted to one narration. A word still ending in ``.``, ``?`` or ``!``
  (captions with a little punctuation) is strong evidence.
- **Length.** Spoken sentences are mostly 5 to 40 words long: a log-normal prior on the length in
  words (median :data:`MEDIAN_WORDS`) makes the programme prefer sentences of usual length when
  the other evidence is silent, and no sentence is longer than :data:`MAX_WORDS`.

The programme picks the boundaries that maximise the summed evidence of the chosen boundaries plus
the length prior of every sentence, over all segmentations (exact, O(words x MAX_WORDS)).

Whether captions are unpunctuated is measured (:func:`is_unpunctuated`): fewer sentence-final marks
than one per :data:`WORDS_PER_MARK` words, where punctuated English has about one per 20.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence

from ..model import CaptionCue, TimedWord, Token

WORDS_PER_MARK = 60  # fewer sentence-final marks than one per this many words: unpunctuated
MIN_WORDS = 40  # below this many words the measure says nothing (a short clip may be one sentence)
MEDIAN_WORDS = 16.0  # median length of a spoken sentence, in words (the length prior's centre)
LENGTH_SPREAD = 0.6  # the prior's standard deviation of log-length: most sentences 5-40 words
MAX_WORDS = 60  # no restored sentence is longer
PAUSE_WEIGHT = 4.0  # evidence per second of silence measured between timed words...
CUE_PAUSE_WEIGHT = 2.0  # ...and per second estimated at a cue's end (coarse: a cue's span less its text's time)
PAUSE_CAP = 1.5  # silence counted up to this many seconds (longer silences say no more)
MARK_EVIDENCE = 8.0  # a word that still ends in . ? or !
NO_END_EVIDENCE = -6.0  # a word that does not end sentences
START_EVIDENCE = 2.0  # the next word usually opens a sentence
NO_START_EVIDENCE = -3.0  # the next word does not open sentences

_MARK = re.compile(r"[.?!…][\"'”’)\]]*$")
_EDGE = re.compile(r"^[^\w']+|[^\w']+$")

# Closed word classes that English sentences do not end on (articles, possessives, prepositions,
# conjunctions, auxiliaries and copulas, subject pronouns and their contractions, intensifiers).
NO_END = frozenset("""
a an the my your his its our their this these those every each some any no
of to in on at by for from with into onto about than as like over under between through without
and or but nor so because if that which who whom whose whether while although though since unless
until whereas where when then
is are was were be been being am has have had do does did will would can could should shall may
might must i we they he she you it i'm we're they're you're he's she's it's there's that's what's
i've we've they've you've i'd we'd they'd you'd i'll we'll they'll you'll don't doesn't didn't
isn't aren't wasn't weren't won't can't couldn't wouldn't shouldn't very really more most much such
just even also quite rather too not how what why
""".split())

# Words that often open a sentence in speech (discourse markers, subjects, conditionals).
START = frozenset("""
so but and now i we they you it's there's that's this these those if when what why how however
instead besides obviously otherwise maybe sometimes again then also here's let's i'm we're they're
in one another my our yes no okay well
""".split())

# Words that do not open a sentence (they continue a phrase).
NO_START = frozenset("""
of than 's n't whom whose whereas nor
""".split())


def is_unpunctuated(texts: Iterable[str]) -> bool:
    """Return whether the words carry fewer sentence-final marks than one per :data:`WORDS_PER_MARK`."""
    words = [w for text in texts for w in text.split()]
    if len(words) < MIN_WORDS:
        return False
    marks = sum(1 for w in words if _MARK.search(w))
    return marks * WORDS_PER_MARK < len(words)


def split_unpunctuated(tokens: Sequence[Token], words: Sequence[TimedWord],
                       cues: Sequence[CaptionCue]) -> list[list[Token]]:
    """Return the tokens grouped into restored sentences (boundaries only between tokens)."""
    if not tokens:
        return []
    pauses = word_pauses(words, cues)
    evidence = []
    for k, token in enumerate(tokens[:-1]):
        last = token.first + token.count - 1
        evidence.append(boundary_evidence(token.text, tokens[k + 1].text, pauses[last]))
    ends = best_boundaries(evidence)
    groups: list[list[Token]] = []
    start = 0
    for end in ends:
        groups.append(list(tokens[start:end + 1]))
        start = end + 1
    return groups


def word_pauses(words: Sequence[TimedWord], cues: Sequence[CaptionCue]) -> list[float]:
    """Return the evidence-weighted silence after each word: seconds measured between timed words times
    :data:`PAUSE_WEIGHT`, or estimated at a cue's end times :data:`CUE_PAUSE_WEIGHT` (0 after the last)."""
    if not words:
        return []
    per_char = _seconds_per_char(words, cues)
    pauses = []
    for k, word in enumerate(words):
        if k + 1 == len(words):
            pauses.append(0.0)
        elif word.exact and words[k + 1].exact:
            gap = words[k + 1].start - word.start
            pauses.append(PAUSE_WEIGHT * min(PAUSE_CAP, max(0.0, gap - per_char * (len(word.text) + 1))))
        elif words[k + 1].cue_index != word.cue_index:
            cue = cues[word.cue_index]
            span = cues[words[k + 1].cue_index].start - cue.start
            pauses.append(CUE_PAUSE_WEIGHT * min(PAUSE_CAP, max(0.0, span - per_char * (len(cue.text) + 1))))
        else:
            pauses.append(0.0)  # inside a cue timed as a whole: nothing is known
    return pauses


def _seconds_per_char(words: Sequence[TimedWord], cues: Sequence[CaptionCue]) -> float:
    """The narration's median speaking time per character (a space counted with each word)."""
    rates = [(b.start - a.start) / (len(a.text) + 1) for a, b in zip(words, words[1:])
             if a.exact and b.exact and b.start > a.start]
    if not rates:
        rates = [(c.end - c.start) / (len(c.text) + 1) for c in cues if c.end > c.start and c.text]
    return statistics.median(rates) if rates else 1 / 15


def boundary_evidence(before: str, after: str, pause: float) -> float:
    """Return the evidence for a sentence boundary between two words, ``pause`` the silence's evidence."""
    last, nxt = _bare(before), _bare(after)
    score = pause
    if _MARK.search(before):
        score += MARK_EVIDENCE
    if last in NO_END:
        score += NO_END_EVIDENCE
    if nxt in START:
        score += START_EVIDENCE
    elif nxt in NO_START:
        score += NO_START_EVIDENCE
    return score


def _bare(word: str) -> str:
    return _EDGE.sub("", word.lower().replace("’", "'"))


def length_prior(length: int) -> float:
    """Return the log-normal log-density of a sentence of ``length`` words."""
    return -((math.log(length) - math.log(MEDIAN_WORDS)) ** 2) / (2 * LENGTH_SPREAD ** 2) - math.log(length)


def best_boundaries(evidence: Sequence[float]) -> list[int]:
    """Return the indices of the units that end sentences (the last unit always does), maximising the
    chosen boundaries' evidence plus every sentence's length prior; ``evidence[k]`` is for a boundary
    after unit ``k``."""
    n = len(evidence) + 1
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        bonus = evidence[end - 1] if end < n else 0.0
        for length in range(1, min(MAX_WORDS, end) + 1):
            score = best[end - length] + length_prior(length) + bonus
            if score > best[end]:
                best[end], back[end] = score, end - length
    ends: list[int] = []
    end = n
    while end > 0:
        ends.append(end - 1)
        end = back[end]
    return ends[::-1]
