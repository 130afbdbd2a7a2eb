"""Curated ASR corrections: the real file, its check against the raw sources, schema errors, and applying them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from narration_data import CAPTIONS_PATH, CORRECTIONS_PATH, captions, corrections, podcast, read

from essay_edition.enrich.corrections import (
    apply_corrections,
    caption_words,
    check_corrections,
    correct_text,
    count_occurrences,
    load_corrections,
    podcast_words,
    select,
    word_tokens,
)
from essay_edition.errors import SourceError
from essay_edition.model import Correction, Token


def fix(wrong: str, right: str) -> Correction:
    return Correction(wrong, right, "captions")


def test_real_file_loads_with_lines() -> None:
    entries = corrections()
    assert len(entries) >= 70
    assert {c.source for c in entries} == {"captions", "podcast"}
    assert all(c.span and c.span.path == CORRECTIONS_PATH for c in entries)
    lines = read(CORRECTIONS_PATH).split("\n")
    assert all(c.span and lines[c.span.line - 1].strip() == f'- wrong: "{c.wrong}"' for c in entries)


def test_every_real_entry_occurs_in_its_source() -> None:
    check_corrections(corrections(), captions(), podcast())
    for c in select(corrections(), "captions"):
        assert count_occurrences(c, caption_words(captions())) >= 1, c.wrong
    for c in select(corrections(), "podcast"):
        assert count_occurrences(c, podcast_words(podcast())) >= 1, c.wrong


def test_examples_from_the_brief_are_curated() -> None:
    pairs = {(c.wrong, c.right, c.source) for c in corrections()}
    assert {
        ("Baron Millig", "Beren Millidge", "captions"),
        ("Karpathi", "Karpathy", "captions"),
        ("oral environments", "RL environments", "podcast"),
        ("published on scaling", "bullish on scaling", "podcast"),
        ("freebaking", "pre-baking", "captions"),
        ("free-making", "pre-baking", "podcast"),
        ("dwarcash.com", "dwarkesh.com", "captions"),
    } <= pairs


def test_stale_entry_fails_with_one_line_error_naming_its_line() -> None:
    text = read(CORRECTIONS_PATH).replace('wrong: "Toby Board"', 'wrong: "Toby Bord"')
    line = text.split("\n").index('  - wrong: "Toby Bord"') + 1
    with pytest.raises(SourceError) as err:
        check_corrections(load_corrections(text, CORRECTIONS_PATH), captions(), podcast())
    assert str(err.value) == f"{CORRECTIONS_PATH}:{line}: correction 'Toby Bord' no longer occurs in {CAPTIONS_PATH}"


def test_stale_chapter_entry_names_the_podcast_file() -> None:
    text = "corrections:\n  - wrong: Brodly\n    right: Broadly\n    source: podcast\n    scope: chapters\n"
    with pytest.raises(SourceError) as err:
        check_corrections(load_corrections(text, CORRECTIONS_PATH), captions(), podcast())
    assert str(err.value) == (
        f"{CORRECTIONS_PATH}:2: correction 'Brodly' no longer occurs in sources/podcast-transcript.txt")


ENTRY = "corrections:\n  - wrong: Toby Board\n    right: Toby Ord\n    source: captions\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ENTRY.replace("    right: Toby Ord\n", ""), "2:5: right: Field required"),
        (ENTRY.replace("source: captions", "source: youtube"), "4:13: source: Input should be 'captions' or 'podcast'"),
        (ENTRY.replace("wrong: Toby Board", 'wrong: "Toby Board."'),
         "2:12: wrong: Value error, must not start or end with punctuation (it is kept around the correction)"),
        (ENTRY.replace("wrong: Toby Board", 'wrong: "Toby  Board"'),
         "2:12: wrong: Value error, must be words separated by single spaces, without outer spaces"),
        (ENTRY + "    extra: 1\n", "5:12: extra: Extra inputs are not permitted"),
        (ENTRY + ENTRY.split("\n", 1)[1], "5: correction 'Toby Board' for captions repeats line 2"),
        ("- wrong: x\n", "1: expected a mapping with a 'corrections' list"),
        (ENTRY + "notes: []\n", "1: unexpected keys ['notes']"),
        ("corrections: [\n", "2:1: invalid YAML: did not find expected node content"),
        ("corrections:\n  - just words\n", "2: each correction must be a mapping with wrong, right and source"),
    ],
)
def test_malformed_file_is_one_line_error(text: str, message: str) -> None:
    with pytest.raises(SourceError) as err:
        load_corrections(text, CORRECTIONS_PATH)
    assert str(err.value) == f"{CORRECTIONS_PATH}:{message}"


def test_phrase_spanning_two_cues_is_found_on_the_word_stream() -> None:
    cues = [cue.text for cue in captions().cues]
    assert not any("vetted hi model" in cue for cue in cues)
    tokens = apply_corrections(caption_words(captions()), select(corrections(), "captions"))
    hit = next(t for t in tokens if t.raw.startswith("vetted hi"))
    assert (hit.text, hit.raw, hit.kind, hit.count) == ("vetted AGI model.", "vetted hi model.", "fix", 3)


def test_outer_punctuation_is_kept_and_inner_must_match() -> None:
    words = ['at', 'dwarcash.com.', '"Toby', 'Board,"', 'and', 'Toby.', 'Board']
    tokens = apply_corrections(words, [fix("dwarcash.com", "dwarkesh.com"), fix("Toby Board", "Toby Ord")])
    assert [t.text for t in tokens] == ["at", "dwarkesh.com.", '"Toby Ord,"', "and", "Toby.", "Board"]
    assert [t.kind for t in tokens] == ["word", "fix", "fix", "word", "word", "word"]


def test_matching_is_case_sensitive_and_whole_words() -> None:
    tokens = apply_corrections(["ilia", "Ilia", "Ilias"], [fix("Ilia", "Ilya")])
    assert [t.text for t in tokens] == ["ilia", "Ilya", "Ilias"]


def test_longest_correction_wins() -> None:
    tokens = apply_corrections(["a", "b", "c", "d"], [fix("a b", "X"), fix("a b c", "Y")])
    assert [(t.text, t.first, t.count) for t in tokens] == [("Y", 0, 3), ("d", 3, 1)]


def test_bleep_becomes_a_marker_token() -> None:
    tokens = apply_corrections(["pretty", "[", "__", "]", "crazy", "[", "__", "].", "[", "x"], [])
    assert tokens[1] == Token("[bleep]", "[ __ ]", 1, 3, "bleep")
    assert tokens[3] == Token("[bleep].", "[ __ ].", 5, 3, "bleep")
    assert [t.text for t in tokens[4:]] == ["[", "x"]


def test_word_tokens_pair_a_correction_word_by_word() -> None:
    words = ["scaling", "with", "pre-trading?", "We", "had"]
    token = apply_corrections(words, [fix("scaling with pre-trading? We", "scaling? With pre-training, we")])[0]
    assert word_tokens(token) == [
        Token("scaling?", "scaling", 0, 1, "fix"), Token("With", "with", 1, 1, "fix"),
        Token("pre-training,", "pre-trading?", 2, 1, "fix"), Token("we", "We", 3, 1, "fix"),
    ]
    same = apply_corrections(["death", "center."], [fix("death center", "dead center")])[0]
    assert word_tokens(same) == [Token("dead", "death", 0, 1, "fix"), Token("center.", "center.", 1, 1, "word")]


@pytest.mark.parametrize("token", [
    Token("atop LLMs", "a top LLMs", 4, 3, "fix"),  # the words do not pair one to one
    Token("Ilya", "Ilia", 2, 1, "fix"),
    Token("[bleep]", "[ __ ]", 0, 3, "bleep"),
    Token("word", "word", 5),
])
def test_word_tokens_keep_other_tokens_whole(token: Token) -> None:
    assert word_tokens(token) == [token]


def test_real_sentence_break_and_audited_fixes_are_curated() -> None:
    pairs = {(c.wrong, c.right, c.source) for c in corrections()}
    assert {
        ("scaling with pre-trading? We", "scaling? With pre-training, we", "captions"),
        ("capable than anything", "capable at anything", "captions"),
        ("capable than anything", "capable at anything", "podcast"),
        ("bake fluency", "bake in fluency", "podcast"),
        ("influency", "in fluency", "captions"),
        ("rumor mill SF", "rumor mill in SF", "captions"),
        ("I'm going be", "I'm going to be", "captions"),
        ("I'm being publishing", "I'm going to be publishing", "podcast"),
        ("an narration", "a narration", "captions"),
    } <= pairs


def test_correct_text_fixes_chapter_titles() -> None:
    fixes = select(corrections(), "podcast", "chapters")
    assert correct_text(podcast().chapters[-1].title, fixes) == "Broadly deployed intelligence explosion"
    assert correct_text("What are we scaling?", fixes) == "What are we scaling?"


WORDS = st.lists(st.sampled_from(["a", "b", "b.", "[", "__", "]", "],", "c"]), max_size=30)
FIXES = st.lists(st.tuples(st.sampled_from(["a", "b", "a b", "b c", "c a b"]), st.sampled_from(["X", "Y Z", "a"])),
                 max_size=4)


@given(WORDS, FIXES)
def test_tokens_cover_every_word_once_in_order(words: list[str], pairs: list[tuple[str, str]]) -> None:
    tokens = apply_corrections(words, [fix(w, r) for w, r in pairs])
    positions = [i for t in tokens for i in range(t.first, t.first + t.count)]
    assert positions == list(range(len(words)))
    assert " ".join(t.raw for t in tokens) == " ".join(words)
