"""Tests for enrich/align.py: the hand-timed check set, synthetic narrations with known times, invariants."""

from __future__ import annotations

import itertools
import random
import re
import statistics
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from essay_edition.enrich._tokens import FUZZY, looks_misheard, similarity, tokenize
from essay_edition.enrich.align import (
    Alignment,
    align_paragraphs,
    paragraph_differences,
    section_spans,
    word_end,
)
from essay_edition.enrich.words import timed_words
from essay_edition.model import Essay, TimedWord
from essay_edition.parse.captions import parse_captions
from essay_edition.parse.essay import parse_essay, parse_essay_layout

ROOT = Path(__file__).resolve().parent.parent
TOLERANCE = 1.5  # seconds: every narrated paragraph's start
MEDIAN_TOLERANCE = 0.2


def _read(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


@cache
def _essay() -> Essay:
    layout, lines = parse_essay_layout(_read("data/essay_layout.yaml"), "data/essay_layout.yaml")
    return parse_essay(_read("sources/essay.txt"), "sources/essay.txt", layout, "data/essay_layout.yaml", lines)


@cache
def _words() -> tuple[TimedWord, ...]:
    return tuple(timed_words(parse_captions(_read("sources/youtube-captions.txt"), "sources/youtube-captions.txt").cues))


def _paragraphs() -> list[tuple[str, str]]:
    return [(f"s{s}p{p}", para.text) for s, section in enumerate(_essay().sections)
            for p, para in enumerate(section.paragraphs)]


def _sections() -> list[tuple[str, list[str]]]:
    return [(f"s{s}", [f"s{s}p{p}" for p in range(len(section.paragraphs))])
            for s, section in enumerate(_essay().sections)]


@cache
def _real() -> Alignment:
    return align_paragraphs(_paragraphs(), _words(), [ids for _, ids in _sections()])


def test_without_sections_every_paragraph_is_placed_on_its_own_evidence() -> None:
    alone = align_paragraphs(_paragraphs(), _words())
    for h in _hand()["narrated"]:
        timing = alone.timing(_id_of(h["opening"]))
        if timing.start is not None:
            assert abs(timing.start - h["start"]) <= TOLERANCE, h["opening"]
    assert sum(t.narrated for t in alone.paragraphs) >= len(_hand()["narrated"]) - 2
    assert all(alone.timing(_id_of(h["opening"])).start is None for h in _hand()["not_narrated"])


@cache
def _hand() -> dict:
    return yaml.safe_load(_read("tests/data/hand_timed.yaml"))


def _id_of(opening: str) -> str:
    hits = [pid for pid, text in _paragraphs() if text.startswith(opening)]
    assert len(hits) == 1, f"opening {opening!r} names {len(hits)} paragraphs"
    return hits[0]


# --- the hand-timed check set -----------------------------------------------------------------


def test_hand_set_names_every_paragraph_once() -> None:
    named = [_id_of(h["opening"]) for h in _hand()["narrated"] + _hand()["not_narrated"]]
    assert sorted(named) == sorted(pid for pid, _ in _paragraphs())


def test_hand_starts_agree_with_the_captions_file() -> None:
    """Each hand start is the cue's start plus the word's character position (the recorded reading)."""
    cues = parse_captions(_read("sources/youtube-captions.txt"), "sources/youtube-captions.txt").cues
    for h in _hand()["narrated"]:
        for stamp, word, start in [(h["cue"], h["word"], h["start"])] + (
                [(h["last_word_cue"], h["last_word"], h["last_word_start"])] if "last_word" in h else []):
            minutes, seconds = stamp.split(":")
            cue = next(c for c in cues if c.start == int(minutes) * 60 + int(seconds) and word in c.text.split())
            assert cue.text == h["cue_text"] or stamp != h["cue"]
            found = re.search(rf"(?<!\S){re.escape(word)}(?!\S)", cue.text)
            assert found is not None
            offset = found.start()
            assert start == pytest.approx(cue.start + (cue.end - cue.start) * offset / len(cue.text), abs=0.01)


def test_starts_match_the_hand_timed_set() -> None:
    errors = {}
    for h in _hand()["narrated"]:
        timing = _real().timing(_id_of(h["opening"]))
        assert timing.start is not None, f"{h['opening']!r} is narrated at {h['start']} but was not aligned"
        errors[h["opening"]] = abs(timing.start - h["start"])
    worst = max(errors, key=errors.__getitem__)
    assert errors[worst] <= TOLERANCE, f"{worst!r} starts {errors[worst]:.2f} s off"
    assert statistics.median(errors.values()) <= MEDIAN_TOLERANCE
    assert len(errors) == 29


def test_ends_follow_the_hand_timed_last_words() -> None:
    for h in _hand()["narrated"]:
        if "last_word_start" in h:
            timing = _real().timing(_id_of(h["opening"]))
            assert timing.end is not None
            assert h["last_word_start"] <= timing.end <= h["last_word_start"] + TOLERANCE, h["opening"]


def test_unnarrated_paragraphs_stay_untimed() -> None:
    for h in _hand()["not_narrated"]:
        timing = _real().timing(_id_of(h["opening"]))
        assert (timing.start, timing.end, timing.first_word) == (None, None, None), h["opening"]
        assert timing.confidence >= 0.5


def test_narration_order_follows_the_video_not_the_essay() -> None:
    order = _real().order
    rl = _id_of("With pretraining, we had this extremely clean and")
    assert order.index(rl) == order.index(_id_of("Models keep getting more impressive at the rate")) + 1
    assert order.index(_id_of("Sometimes people will say that the reason that")) < order.index(
        _id_of("AI bulls will often criticize AI bears for"))


def test_asides_lead_ins_and_outro_are_unaligned() -> None:
    texts = [span.text for span in _real().unaligned]
    assert any(t.startswith("Now you might be like look") for t in texts)
    assert "It's worth asking what are we scaling" in texts
    assert any(t.startswith("This was an narration of an essay") for t in texts)
    assert any("He writes, quote," in t for t in texts)


def test_section_spans_take_earliest_start_and_latest_end() -> None:
    spans = {s.section_id: s for s in section_spans(_sections(), _real())}
    rl = spans["s2"]
    assert rl.start == _real().timing(_id_of("With pretraining, we had this extremely clean and")).start
    assert (spans["s5"].start, spans["s5"].end, spans["s5"].narrated, spans["s5"].paragraphs) == (None, None, 0, 2)
    assert spans["s3"].narrated == 3 and spans["s3"].paragraphs == 5
    assert spans["s0"].start == 0.0


def test_differences_tell_mishearing_from_rewording() -> None:
    pid = _id_of("Over conversation, Beren Millidge made the interesting suggestion")
    text = dict(_paragraphs())[pid]
    diffs = paragraph_differences(text, _words(), _real().timing(pid))
    assert any(d.kind == "replaced" and d.cause == "asr" and d.essay.startswith("Karpathy") for d in diffs)
    pid = _id_of("This is why I don’t expect some kind")
    diffs = paragraph_differences(dict(_paragraphs())[pid], _words(), _real().timing(pid))
    aside = next(d for d in diffs if "podcast" in d.narration)
    assert (aside.kind, aside.cause, aside.essay) == ("inserted", "wording", "")
    quote = _id_of("When we see frontier models improving at various")
    tail = paragraph_differences(dict(_paragraphs())[quote], _words(), _real().timing(quote))[-1]
    assert tail.kind == "deleted" and tail.essay.startswith("In a way, this is like")
    skipped = _id_of("Obviously competition might drive the cost of AI")
    assert paragraph_differences(dict(_paragraphs())[skipped], _words(), _real().timing(skipped)) == ()


# --- synthetic narrations with known times ----------------------------------------------------

WORD_SECONDS = 0.3
FILLER = ["so", "yeah", "basically", "honestly", "right", "okay", "anyway", "listen", "folks", "mhm"]


def _garble(word: str, rng: random.Random) -> str:
    """Change one inner letter of a long word, as a caption might mishear it."""
    letters = [k for k in range(1, len(word) - 1) if word[k].isalpha()]
    if len(letters) < 5:
        return word
    k = rng.choice(letters)
    return word[:k] + ("e" if word[k] != "e" else "a") + word[k + 1:]


def _narrate(section_order: list[int], dropped: set[str], asides: dict[str, str], garble: float, seed: int
             ) -> tuple[list[TimedWord], dict[str, float]]:
    """Return timed words reading the essay in ``section_order`` and the known start of each paragraph.

    ``asides`` maps a paragraph id to words spoken just before it (or before the outro, key "end").
    """
    rng = random.Random(seed)
    spoken: list[str] = []
    starts: dict[str, float] = {}
    for s in section_order:
        for pid in _sections()[s][1]:
            if pid in asides:
                spoken += asides[pid].split()
            if pid in dropped:
                continue
            starts[pid] = round(len(spoken) * WORD_SECONDS, 3)
            spoken += [_garble(w, rng) if rng.random() < garble else w for w in dict(_paragraphs())[pid].split()]
    spoken += asides.get("end", "").split()
    words = [TimedWord(w, round(k * WORD_SECONDS, 3), k // 7) for k, w in enumerate(spoken)]
    return words, starts


def _check(alignment: Alignment, starts: dict[str, float], dropped: set[str], tolerance: float) -> None:
    for timing in alignment.paragraphs:
        if timing.paragraph_id in dropped:
            assert timing.start is None, f"dropped {timing.paragraph_id} was timed at {timing.start}"
        else:
            assert timing.start is not None, f"{timing.paragraph_id} was not found"
            assert abs(timing.start - starts[timing.paragraph_id]) <= tolerance, timing


def test_essay_read_verbatim_is_timed_exactly() -> None:
    words, starts = _narrate(list(range(len(_sections()))), set(), {}, 0.0, 0)
    alignment = align_paragraphs(_paragraphs(), words)
    _check(alignment, starts, set(), 0.0)
    assert all(t.coverage == 1.0 and t.confidence >= 0.9 for t in alignment.paragraphs)
    assert alignment.unaligned == ()


def test_shuffled_sections_dropped_paragraphs_asides_and_garbling() -> None:
    dropped = {"s0p3", "s1p2", "s3p1", "s3p2", "s6p5", "s5p0", "s5p1"}
    asides = {
        "s6p0": "okay so now let me turn to the last part honestly",
        "s0p4": "he writes quote",
        # reuses a distinctive phrase of the dropped s6p5 and a phrase s6p7 shares with s0p0
        "s6p6": "folks there’ll also probably be diminishing returns anyway at the same time right",
        "end": "this was a narration of an essay thanks for listening",
    }
    words, starts = _narrate([0, 4, 2, 1, 6, 3, 5], dropped, asides, 0.12, 7)
    alignment = align_paragraphs(_paragraphs(), words)
    _check(alignment, starts, dropped, 0.61)  # at most two words late where an opening word is garbled
    assert alignment.order[:3] == ("s0p0", "s0p1", "s0p2")
    assert alignment.order.index("s4p0") < alignment.order.index("s2p0") < alignment.order.index("s1p0")
    texts = [span.text for span in alignment.unaligned]
    assert "this was a narration of an essay thanks for listening" in texts
    assert any("diminishing returns" in t for t in texts)


def test_skipped_paragraph_sharing_a_phrase_with_a_read_one_stays_unnarrated() -> None:
    # "at the same time" and "knowledge worker" are in the read s0p0 / s3p4 and in the skipped s6p7
    words, _ = _narrate([0, 3, 6], {"s6p7"}, {"end": "but at the same time human knowledge worker tokens"}, 0.0, 1)
    alignment = align_paragraphs(_paragraphs(), words)
    assert alignment.timing("s6p7").start is None
    assert alignment.timing("s0p0").start == 0.0


QUOTED = "highly-skilled, experienced, and entrepreneurial immigrant humans"  # six rare words of s3p2
READ = f"Well ask yourself: how do {QUOTED} manage to integrate into the economy immediately?"  # its sentence


@pytest.mark.parametrize("with_sections", [False, True])
@pytest.mark.parametrize(("aside", "read"), [
    (f"as the essay puts it {QUOTED} right", False),
    (f"okay so {QUOTED}", False),
    (READ, True),
])
def test_a_quoted_phrase_does_not_time_a_skipped_paragraph_but_a_read_sentence_does(
        aside: str, read: bool, with_sections: bool) -> None:
    words, _ = _narrate(list(range(7)), {"s3p2"}, {"s3p3": aside}, 0.0, 0)
    alignment = align_paragraphs(_paragraphs(), words, [ids for _, ids in _sections()] if with_sections else None)
    timing = alignment.timing("s3p2")
    if read:
        assert timing.start == next(w.start for w in words if w.text == "Well")
    else:
        assert (timing.start, timing.first_word) == (None, None)
        assert timing.confidence >= 0.5


def test_a_caption_word_merging_two_paragraphs_belongs_to_the_first() -> None:
    one = "Quantum gardeners prune lattices nightly under violet lamps."
    two = "Orchard physicists measure apples daily with brass rulers."
    spoken = f"{one[:-1].lower()}.orchard physicists measure apples daily with brass rulers"  # "lamps.orchard"
    words = [TimedWord(w, k * 0.5, k // 5) for k, w in enumerate(spoken.split())]
    alignment = align_paragraphs([("one", one), ("two", two)], words)
    first, second = alignment.timing("one"), alignment.timing("two")
    assert (first.first_word, first.last_word, second.first_word, second.last_word) == (0, 7, 8, 14)
    assert first.end == second.start == 4.0


def test_empty_narration_times_nothing() -> None:
    alignment = align_paragraphs(_paragraphs(), [])
    assert all(t.start is None and t.confidence == 1.0 for t in alignment.paragraphs)
    assert alignment.order == () and alignment.unaligned == ()


def test_differences_on_a_known_narration() -> None:
    text = ("Models keep getting more impressive at the rate the short timelines people predict, but more useful at "
            "the rate the long timelines people predict.")
    spoken = ("okay so Models keep getting more impressive at the rate that the short timelines crowd predict, but "
              "more usefull at the rate the long timelines people predict. Right.")
    words = [TimedWord(w, k * 0.5, k // 4) for k, w in enumerate(spoken.split())]
    timing = align_paragraphs([("p", text)], words).timing("p")
    assert timing.start == 1.0  # "Models", not the lead-in
    diffs = [(d.kind, d.cause, d.essay, d.narration) for d in paragraph_differences(text, words, timing)]
    assert diffs == [
        ("inserted", "wording", "", "that"),
        ("replaced", "wording", "people", "crowd"),
        ("replaced", "asr", "useful", "usefull"),
    ]
    assert timing.end == 13.5  # "predict." ends when "Right." starts


def test_tokens_split_compounds_alike_and_match_misheard_words() -> None:
    assert tokenize(["“mid-training”", "I’m", "a", "hundred"]).tokens == ("mid", "training", "im", "a", "100")
    assert tokenize(["—", "self-directed"]).word_of == (1, 1)
    assert similarity("karpathy", "karpathi") == FUZZY and similarity("beren", "baron") == FUZZY
    assert similarity("the", "then") == 0.0 and similarity("model", "model") == 1.0
    assert looks_misheard("pretraining", "pre trading") and not looks_misheard("especially vivid", "most vividly")


def test_word_end_is_the_next_word_in_the_cue_or_an_estimate() -> None:
    words = [TimedWord("one", 0.0, 0), TimedWord("two", 0.5, 0), TimedWord("three", 4.0, 1)]
    assert word_end(words, 0) == 0.5
    assert word_end(words, 1) == pytest.approx(0.5 + 0.07 * 3)
    assert word_end(words, 2) == pytest.approx(4.0 + 0.07 * 5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    order=st.permutations(range(7)),
    dropped=st.sets(st.sampled_from([pid for pid, _ in _paragraphs()]), max_size=12),
    aside_at=st.sets(st.sampled_from([pid for pid, _ in _paragraphs()]), max_size=6),
    garble=st.sampled_from([0.0, 0.05, 0.1]),
    seed=st.integers(0, 10_000),
)
# two asides borrow phrases of the skipped s3p2 ("the economy immediately? Once you've", "will be able to
# do") and chain into four rare anchors: quoted, not read
@example(order=list(range(7)), dropped={"s3p3", "s0p3", "s0p1", "s4p4", "s0p0", "s3p2"}, aside_at={"s0p1", "s0p0"},
         garble=0.0, seed=0)
def test_alignment_invariants(order: list[int], dropped: set[str], aside_at: set[str], garble: float,
                              seed: int) -> None:
    rng = random.Random(seed)
    # asides of filler words, each also borrowing five words from a long dropped paragraph
    long_dropped = sorted(pid for pid in dropped if len(dict(_paragraphs())[pid].split()) >= 40)
    asides = {}
    for pid in sorted(aside_at):
        borrowed = ""
        if long_dropped:
            source = dict(_paragraphs())[rng.choice(long_dropped)].split()
            at = rng.randrange(len(source) - 5)
            borrowed = " ".join(source[at:at + 5])
        asides[pid] = f"okay so {' '.join(rng.choices(FILLER, k=3))} {borrowed} {' '.join(rng.choices(FILLER, k=3))}"
    words, starts = _narrate(list(order), dropped, asides, garble, seed)
    alignment = align_paragraphs(_paragraphs(), words)
    ids = [t.paragraph_id for t in alignment.paragraphs]
    assert ids == [pid for pid, _ in _paragraphs()]  # every paragraph once, in essay order
    assert len(set(alignment.order)) == len(alignment.order)
    spans = sorted((t.first_word, t.last_word, t) for t in alignment.paragraphs if t.narrated)
    for (_, last, _), (first, _, _) in itertools.pairwise(spans):
        assert last < first  # narrated spans never overlap
    for t in alignment.paragraphs:
        assert 0.0 <= t.confidence <= 1.0
        if t.narrated:
            assert t.start <= t.end and t.first_word <= t.last_word
            if len(dict(_paragraphs())[t.paragraph_id].split()) >= 30:
                assert abs(t.start - starts[t.paragraph_id]) <= TOLERANCE
        if t.paragraph_id in dropped:
            assert not t.narrated
    assert [alignment.timing(pid).start for pid in alignment.order] == sorted(
        alignment.timing(pid).start for pid in alignment.order)
    for span in alignment.unaligned:
        assert not any(t.first_word <= span.first_word <= t.last_word for _, _, t in spans)
