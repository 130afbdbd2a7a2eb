"""Benchmark the narration aligner: parse time, paragraph, sentence and word timing, and their growth with size.

Run: ``python scripts/bench_align.py [--repeats N]``. Every figure is the median of N runs of this
process's CPU time (other processes on a shared machine do not count), each run with the tokeniser's
caches emptied first (so no run profits from the one before).

The 10x and 50x corpora are the essay and the narration copied k times, each copy relabelled, the
essay's sections shuffled across all copies, and the narration copies concatenated in another
shuffled order with their times shifted. Relabelling shifts the letters of every content word by a
copy-specific amount (and, past 25 copies, also reverses it; up to 50 copies stay distinct); stopwords stay as they are. A shift or
a reversal keeps every edit distance, so fuzzy matching behaves as on the original, while copies
share no content word: the aligner has k times the distinct text to index, seed, chain and refine.

``--calls`` adds, per size, the Python function calls paragraph placement makes per essay copy: a
measure of work that, unlike time, does not depend on the machine's load or caches.

``--snapshot FILE`` writes, instead, every paragraph and sentence timing the aligner gives on the real
captions (with and without sections), on degraded copies of them (10-70 % word error), on synthetic
narrations and on the 10x corpus, as JSON; ``--compare FILE`` recomputes them and prints every timing
that differs from the file (a change meant to be only faster must print none).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from essay_edition.enrich import _evidence, _tokens
from essay_edition.enrich.align import Alignment, align_paragraphs, time_sentences
from essay_edition.enrich.sentences import sentence_spans
from essay_edition.enrich.words import timed_words
from essay_edition.model import Essay, TimedWord
from essay_edition.parse.captions import parse_captions
from essay_edition.parse.essay import parse_essay, parse_essay_layout

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import degrade_captions as degrade  # noqa: E402 - scripts/ is put on the path just above
import synthetic_narration as synthetic  # noqa: E402

_ALNUM = re.compile(r"[A-Za-z0-9]+")


def _clear_caches() -> None:
    for cached in (_tokens.word_tokens, _tokens.similarity, _tokens.skeleton, _tokens.sound_keys, _evidence._keys,
                   sentence_spans):
        cached.cache_clear()


def _median_seconds(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        _clear_caches()
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _parse() -> tuple[Essay, list[TimedWord]]:
    layout_text = (ROOT / "data/essay_layout.yaml").read_text(encoding="utf-8")
    layout, lines = parse_essay_layout(layout_text, "data/essay_layout.yaml")
    essay = parse_essay((ROOT / "sources/essay.txt").read_text(encoding="utf-8"), "sources/essay.txt", layout,
                        "data/essay_layout.yaml", lines)
    captions = parse_captions((ROOT / "sources/youtube-captions.txt").read_text(encoding="utf-8"),
                              "sources/youtube-captions.txt")
    return essay, timed_words(captions.cues)


def _shift(word: str, copy: int) -> str:
    """Return a content word relabelled for copy ``copy`` (copy 0 keeps the original words)."""
    if copy == 0 or word.lower() in _tokens.STOPWORDS:
        return word
    shift = (copy - 1) % 25 + 1  # copies 1-25 and 26-50 use shifts 1-25, the latter reversed
    out = "".join(chr((ord(ch) - base + shift) % 26 + base) if ch.isascii() and ch.isalpha() else ch
                  for ch in word for base in [ord("a") if ch.islower() else ord("A")])
    return out[::-1] if copy > 25 else out


def _relabel(text: str, copy: int) -> str:
    return _ALNUM.sub(lambda m: _shift(m[0], copy), text) if copy else text


def scaled(essay: Essay, words: list[TimedWord], k: int, seed: int = 0
           ) -> tuple[list[tuple[str, str]], list[TimedWord], list[list[str]]]:
    """Return paragraphs, timed words and sections (paragraph ids) of a corpus ``k`` times the essay."""
    if k > 51:
        raise ValueError("relabelling keeps at most 51 copies distinct")
    rng = random.Random(seed)
    sections = [(c, s) for c in range(k) for s in range(len(essay.sections))]
    rng.shuffle(sections)
    paragraphs = [(f"c{c}s{s}p{p}", _relabel(para.text, c))
                  for c, s in sections for p, para in enumerate(essay.sections[s].paragraphs)]
    groups = [[f"c{c}s{s}p{p}" for p in range(len(essay.sections[s].paragraphs))] for c, s in sections]
    copies = list(range(k))
    rng.shuffle(copies)
    length = words[-1].start + 10.0
    cues = words[-1].cue_index + 1
    narration = [TimedWord(_relabel(w.text, c), round(w.start + n * length, 3), w.cue_index + n * cues)
                 for n, c in enumerate(copies) for w in words]
    return paragraphs, narration, groups


def calls_per_copy(work: Callable[[], object], copies: int) -> float:
    """Return the Python function calls ``work`` makes, per copy of the essay."""
    _clear_caches()
    profile = cProfile.Profile()
    profile.runcall(work)
    return sum(entry.callcount for entry in profile.getstats()) / copies


def time_all_sentences(paragraphs: list[tuple[str, str]], narration: list[TimedWord], alignment: Alignment) -> int:
    """Time every sentence and word of every paragraph; return how many words got a time."""
    timed = 0
    for pid, text in paragraphs:
        spans = [(f"{pid}.{n}", a, b) for n, (a, b) in enumerate(sentence_spans(text))]
        timed += sum(len(s.words) for s in time_sentences(text, spans, alignment.timing(pid), narration))
    return timed


def _timings(paragraphs: list[tuple[str, str]], narration: list[TimedWord], groups: list[list[str]] | None
             ) -> dict[str, object]:
    """Return every paragraph's and sentence's timing (start, end, confidence, first and last word) by id."""
    alignment = align_paragraphs(paragraphs, narration, groups)
    out: dict[str, object] = {}
    for pid, text in paragraphs:
        t = alignment.timing(pid)
        out[pid] = [t.start, t.end, t.confidence, t.first_word, t.last_word, t.coverage]
        spans = [(f"{pid}.{n}", a, b) for n, (a, b) in enumerate(sentence_spans(text))]
        for s in time_sentences(text, spans, t, narration):
            out[s.sentence_id] = [s.start, s.end, s.confidence, [(w.start, w.time, w.matched) for w in s.words]]
    out["order"] = list(alignment.order)
    out["unaligned"] = [(u.first_word, u.last_word) for u in alignment.unaligned]
    return out


def snapshot(essay: Essay, words: list[TimedWord]) -> dict[str, dict[str, object]]:
    """Return the timings of every check narration, by narration name."""
    sections = [[(f"s{s}p{p}", para.text) for p, para in enumerate(section.paragraphs)]
                for s, section in enumerate(essay.sections)]
    paragraphs = [pair for section in sections for pair in section]
    groups = [[pid for pid, _ in section] for section in sections]
    cues = parse_captions((ROOT / "sources/youtube-captions.txt").read_text(encoding="utf-8"),
                          "sources/youtube-captions.txt").cues
    out = {"real": _timings(paragraphs, words, groups), "real, no sections": _timings(paragraphs, words, None)}
    for wer in (0.1, 0.3, 0.5, 0.7):
        for seed in (0, 1, 2):
            out[f"wer {wer} seed {seed}"] = _timings(paragraphs, timed_words(degrade.degrade_cues(cues, wer, seed)),
                                                     groups)
    for seed in range(4):
        narration = synthetic.narrate(sections, seed=seed, exact_words=seed % 2 == 1)
        out[f"synthetic {seed}"] = _timings(paragraphs, timed_words(narration.cues), groups)
    out["10x"] = _timings(*scaled(essay, words, 10))
    return out


def compare(path: Path, essay: Essay, words: list[TimedWord]) -> int:
    """Print each timing that differs from the snapshot at ``path``; return how many differ."""
    before = json.loads(path.read_text(encoding="utf-8"))
    after = json.loads(json.dumps(snapshot(essay, words)))
    differ = 0
    for name, timings in before.items():
        for key, value in timings.items():
            if after[name].get(key) != value:
                differ += 1
                print(f"{name} {key}: {value} -> {after[name].get(key)}")
    print(f"{sum(len(t) for t in before.values())} timings compared, {differ} differ")
    return differ


def main() -> None:
    """Print the parse time, and paragraph and sentence/word timing times on 1x, 10x and 50x corpora."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", default="1,10,50")
    parser.add_argument("--calls", action="store_true", help="also count paragraph placement's function calls")
    parser.add_argument("--snapshot", type=Path, help="write every check narration's timings to this JSON file")
    parser.add_argument("--compare", type=Path, help="print the timings that differ from this snapshot")
    args = parser.parse_args()
    repeats = args.repeats
    essay, words = _parse()
    if args.snapshot:
        args.snapshot.write_text(json.dumps(snapshot(essay, words)), encoding="utf-8")
        return
    if args.compare:
        sys.exit(1 if compare(args.compare, essay, words) else 0)
    print(f"parse (essay + captions + timed words): {_median_seconds(_parse, repeats) * 1000:8.1f} ms")
    base: dict[str, float] = {}
    for k in (int(size) for size in args.sizes.split(",")):
        paragraphs, narration, groups = scaled(essay, words, k)
        align = functools.partial(align_paragraphs, paragraphs, narration, groups)
        alignment = align()
        stages = {
            "paragraphs": _median_seconds(align, repeats),
            "sentences + words": _median_seconds(
                functools.partial(time_all_sentences, paragraphs, narration, alignment), repeats),
        }
        stages["all three"] = stages["paragraphs"] + stages["sentences + words"]
        narrated = sum(t.narrated for t in alignment.paragraphs)
        timed = time_all_sentences(paragraphs, narration, alignment)
        print(f"{k:>2}x: {len(paragraphs):>4} paragraphs, {len(narration):>6} caption words, {narrated:>4} narrated, "
              f"{timed:>6} essay words timed")
        for name, seconds in stages.items():
            base.setdefault(name, seconds)
            growth = f"  growth x{seconds / base[name]:5.1f} for x{k} the input" if k > 1 else ""
            print(f"    {name:<18} {seconds * 1000:8.1f} ms = {seconds * 1000 / k:6.1f} ms per copy{growth}")
        if args.calls:
            print(f"    paragraph placement: {calls_per_copy(align, k):,.0f} function calls per copy")


if __name__ == "__main__":
    main()
