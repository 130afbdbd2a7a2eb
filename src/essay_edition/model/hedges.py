"""The hedge table: the words a forecaster uses to say how sure they are, mapped to probabilities.

Generic English, not any one essay's: each ledger entry names one row (its ``hedge``) and gets that
row's probability, so the author's confidence can be scored. A row's probability is what the words
give to the clause they govern: "I expect X" gives X 0.8, "I don't expect X" gives X 0.2, "X seems
super implausible" gives X 0.05. An entry whose hedge words govern the *negation* of its forecast
(``hedge_of: negation``, e.g. "I don't expect runaway gains" for the forecast "no runaway gains")
gets one minus the row's probability.

The figures follow the two best-known measurements of how readers take these words: Sherman Kent's
"Words of Estimative Probability" (CIA, 1964: "probable" about 75 %, "almost certainly not" about
7 %) and the survey in Andrew and Michael Mauboussin's "If You Say Something Is 'Likely,' How Likely
Do People Think It Is?" (Harvard Business Review, 2018: "likely"/"probably" about 70 %, "might"/"may"
about 30-40 %), rounded to steps a reader can check. Rows with no survey figure ("stated flatly",
"cited with approval", "implied") are the ledger's own conventions, explained in their reading.
``docs/about/data.md`` prints the same table; a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Hedge:
    """One row of the table: the words, the probability they give, and how the row is read."""

    words: str
    probability: float
    reading: str


HEDGES: tuple[Hedge, ...] = (
    Hedge("certain", 0.97, "“I’m certain”, “definitely”, “no doubt”"),
    Hedge("stated as fact", 0.95, "the future told as settled fact (“Indeed … AGIs will have …”)"),
    Hedge("almost certainly", 0.93, "“almost certainly”, “virtually certain” (Kent: 93 %)"),
    Hedge("stated flatly", 0.9, "“will” or “would” with no hedge word, a conditional’s “then” included"),
    Hedge("I expect", 0.8, "“I expect”, “I’d bet on”"),
    Hedge("probably", 0.7, "“probably”, “probable” (Kent: 75 %; survey: about 70 %)"),
    Hedge("likely", 0.7, "“likely”, “is likely to”"),
    Hedge("I think", 0.7, "“I think”, “I believe”, “my guess is”"),
    Hedge("cited with approval", 0.7,
          "another’s forecast quoted and agreed with (“a great post”), with no hedge of the author’s own"),
    Hedge("implied", 0.7, "not stated but implied by the author’s argument (his side of a crux he names)"),
    Hedge("some prior", 0.65, "“I have some prior that”: a leaning, weaker than “I think”"),
    Hedge("even odds", 0.5, "“a coin flip”, “50-50”, “as likely as not”"),
    Hedge("I wouldn't be surprised", 0.4, "“I wouldn’t be surprised if”: plausible, short of likely"),
    Hedge("may", 0.4, "“may”, “perhaps”"),
    Hedge("might", 0.35, "“might”, “possibly” (survey: about 30-40 %)"),
    Hedge("could", 0.3, "“could”, “it’s possible that”"),
    Hedge("unlikely", 0.2, "“unlikely”, “probably not”, “I doubt”"),
    Hedge("I don't expect", 0.2, "“I don’t expect”: the clause after it gets 0.2"),
    Hedge("implausible", 0.1, "“seems implausible”, “hard to believe”"),
    Hedge("super implausible", 0.05, "“super implausible”, “very implausible”, “highly unlikely”"),
    Hedge("almost certainly not", 0.05, "“almost certainly not”, “no way” (Kent: 7 %)"),
)
"""The hedge table, from most to least confident."""

HEDGE_PROBABILITY: Mapping[str, float] = MappingProxyType({h.words: h.probability for h in HEDGES})
"""Each row's words mapped to its probability."""


def hedge_probability(words: str, *, negated: bool = False) -> float:
    """Return the probability a row gives its clause, or one minus it when the hedge governs the negation."""
    probability = HEDGE_PROBABILITY[words]
    return round(1.0 - probability, 4) if negated else probability
