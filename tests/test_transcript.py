"""The narration restored from its captions: sentences, timing bounds, paragraphs and chapter placement."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from narration_data import CAPTIONS_PATH, captions, corrections, essay, transcript

from essay_edition.enrich.corrections import apply_corrections
from essay_edition.enrich.transcript import (
    MAX_LAG,
    PARAGRAPH_MAX,
    build_transcript,
    chapter_anchors,
    restore_sentences,
    split_sentences,
)
from essay_edition.enrich.words import timed_words
from essay_edition.model import Correction, Token
from essay_edition.parse.captions import parse_captions


def first_word_cues(sentences, cues):
    words = timed_words(cues)
    return [cues[words[s.tokens[0].first].cue_index] for s in sentences]


def test_real_chapters_are_placed_where_their_speech_starts() -> None:
    chapters = transcript().chapters
    assert [c.title for c in chapters] == [c.title for c in captions().chapters]
    assert [c.listed_start for c in chapters] == [13.0, 191.0, 319.0, 396.0, 503.0, 573.0]
    assert [c.start for c in chapters] == [0.0, 195.0, 309.0, 399.0, 508.0, 567.0]
    assert all(abs(c.start - c.listed_start) <= 13 for c in chapters)
    openings = [c.paragraphs[0].sentences[0].text for c in chapters]
    assert openings[1].startswith("I was recently at a dinner")
    assert openings[2].startswith("Sometimes people will say")
    assert openings[3].startswith("Now you might be like look")
    assert openings[4].startswith("It's worth asking what are we scaling")
    assert openings[5].startswith("So people have spent a lot of time")


def test_pauses_alone_place_the_real_chapters_too() -> None:
    plain = build_transcript(captions(), corrections())
    assert [c.start for c in plain.chapters] == [c.start for c in transcript().chapters]


def test_chapter_anchors_come_from_the_matching_essay_section() -> None:
    anchors = chapter_anchors(captions().chapters, essay())
    assert anchors["The value of human labor"] == (
        "The value of human labor",
        "Human labor is valuable precisely because it’s not shleppy to train",
        "I was at a dinner with an AI",
    )
    assert anchors["RL scaling"][1] == "RL scaling is laundering the prestige of pretraining scaling"


def test_sentence_starts_stay_near_their_first_words_cue() -> None:
    sentences = transcript().sentences()
    for sentence, cue in zip(sentences, first_word_cues(sentences, captions().cues)):
        assert cue.start - 0.5 <= sentence.start <= cue.start + MAX_LAG, sentence.id


def test_sentences_are_ordered_and_cover_the_narration() -> None:
    sentences = transcript().sentences()
    cues = captions().cues
    assert sentences[0].start == cues[0].start
    assert sentences[-1].end == cues[-1].end
    assert all(a.end == b.start and a.start < b.start for a, b in itertools.pairwise(sentences))
    assert all(s.start < s.end for s in sentences)
    assert sentences[-1].start == 750.473 and sentences[-1].text == "Cheers."


def test_every_caption_word_appears_in_order() -> None:
    sentences = transcript().sentences()
    assert " ".join(s.raw for s in sentences) == " ".join(c.text for c in captions().cues)
    positions = [i for s in sentences for t in s.tokens for i in range(t.first, t.first + t.count)]
    assert positions == list(range(len(timed_words(captions().cues))))


def test_corrections_and_bleep_show_in_sentences() -> None:
    text = " ".join(s.text for s in transcript().sentences())
    for right in ("Beren Millidge", "Karpathy", "pre-baking", "RL environments", "dwarkesh.com", "atop LLMs"):
        assert right in text
    for wrong in ("Baron Millig", "Karpathi", "freebaking", "dwarcash"):
        assert wrong not in text
    bleeps = [t for s in transcript().sentences() for t in s.tokens if t.kind == "bleep"]
    assert bleeps == [Token("[bleep]", "[ __ ]", bleeps[0].first, 3, "bleep")]


def test_unclosed_quote_does_not_swallow_sentences() -> None:
    sentence = next(s for s in transcript().sentences() if s.text.startswith("He writes, quote,"))
    assert sentence.text.endswith("targeting these precise capabilities.")


def test_ids_are_unique_slugs_of_opening_words() -> None:
    t = transcript()
    sentence_ids = [s.id for s in t.sentences()]
    paragraph_ids = [p.id for c in t.chapters for p in c.paragraphs]
    assert len(set(sentence_ids)) == len(sentence_ids) and len(set(paragraph_ids)) == len(paragraph_ids)
    assert all(re.fullmatch(r"t-[a-z0-9]+(-[a-z0-9]+)*", i) for i in sentence_ids)
    assert sentence_ids[0] == "t-im-confused-why-some-people-have"
    assert paragraph_ids[0] == "tp-im-confused-why-some-people-have"
    assert next(c.id for c in t.chapters) == "ch-what-are-we-scaling"
    assert build_transcript(captions(), corrections()) == build_transcript(captions(), corrections())


def test_paragraphs_break_at_pauses_and_stay_readable() -> None:
    for chapter in transcript().chapters:
        for paragraph in chapter.paragraphs:
            assert paragraph.sentences[-1].start - paragraph.start < PARAGRAPH_MAX
    first = transcript().chapters[0].paragraphs
    assert first[0].end == first[1].start == 15.0  # "outcomes is doomed." is followed by a 3 s silence


def test_split_sentences_keeps_fix_tokens_whole() -> None:
    words = ["it", "is", "uh", "good.", "dwarcash.com", "is", "it.", "yes"]
    tokens = [Token(w, w, i) for i, w in enumerate(words)]
    groups = split_sentences(tokens)
    assert [" ".join(t.text for t in g) for g in groups] == ["it is uh good.", "dwarcash.com is it.", "yes"]


def test_split_sentences_splits_a_correction_that_ends_a_sentence() -> None:
    words = ["what", "are", "we", "scaling", "with", "pre-trading?", "We", "had", "it."]
    fixes = [Correction("scaling with pre-trading? We", "scaling? With pre-training, we", "captions")]
    groups = split_sentences(apply_corrections(words, fixes))
    assert [" ".join(t.text for t in g) for g in groups] == ["what are we scaling?", "With pre-training, we had it."]
    assert [(t.raw, t.first, t.kind) for t in groups[1][:2]] == [("with", 4, "fix"), ("pre-trading?", 5, "fix")]
    assert [i for g in groups for t in g for i in range(t.first, t.first + t.count)] == list(range(len(words)))


def test_split_sentences_keeps_a_correction_whole_when_its_words_do_not_pair() -> None:
    words = ["it", "is", "good", "ok", "then", "more."]
    fixes = [Correction("good ok then", "good. Then", "captions")]
    groups = split_sentences(apply_corrections(words, fixes))
    assert [" ".join(t.text for t in g) for g in groups] == ["it is good. Then", "more."]


def test_real_sentence_break_follows_the_question() -> None:
    texts = [s.text for s in transcript().sentences()]
    at = texts.index("It's worth asking what are we scaling?")
    assert texts[at + 1].startswith("With pre-training, we had this extremely clean")
    assert "Now you might be like look how can the standard have suddenly become labs have to earn tens of " \
           "trillions of dollars of revenue a year, right?" in texts


SMALL = """https://www.youtube.com/watch?v=_zgnSbu5GqE
Title
TIMESTAMPS
00:00:00 One
00:00:05 Two

---

0:00
First thing said. Second thing
0:02
said here.
0:07
Then a new part starts. It goes on
0:09
and ends.
"""


def test_small_narration_chapter_moves_to_the_pause() -> None:
    t = build_transcript(parse_captions(SMALL, CAPTIONS_PATH), ())
    assert [(c.title, c.listed_start, c.start) for c in t.chapters] == [("One", 0.0, 0.0), ("Two", 5.0, 7.0)]
    assert [s.text for s in t.sentences()] == [
        "First thing said.", "Second thing said here.", "Then a new part starts.", "It goes on and ends."]
    assert t.sentences()[-1].end == 10.0


def test_small_narration_without_chapters_is_one_chapter() -> None:
    text = SMALL.replace("TIMESTAMPS\n00:00:00 One\n00:00:05 Two\n", "")
    t = build_transcript(parse_captions(text, CAPTIONS_PATH), ())
    assert [(c.title, c.start) for c in t.chapters] == [("Title", 0.0)]


QUOTE_READ_ON = SMALL.split("---")[0] + """---

0:00
She put it best: A heat pump does not make
0:03
a cold house warm. It keeps a warm house warm.
"""


def test_a_quote_read_straight_on_from_its_colon_starts_its_own_sentence() -> None:
    captions = parse_captions(QUOTE_READ_ON, CAPTIONS_PATH)
    words = [w.text for w in timed_words(captions.cues)]
    quote = words.index("A")  # the quote's paragraph starts here (the alignment's first word)
    merged = [s.text for s in build_transcript(captions, ()).sentences()]
    assert merged[0] == "She put it best: A heat pump does not make a cold house warm."
    cut = build_transcript(captions, (), None, {quote}).sentences()
    assert [s.text for s in cut] == ["She put it best:", "A heat pump does not make a cold house warm.",
                                     "It keeps a warm house warm."]
    assert cut[1].start > cut[0].start
    # A paragraph start not after a colon (an alignment a word off) cuts nothing.
    assert [s.text for s in build_transcript(captions, (), None, {words.index("heat")}).sentences()] == merged


CUE_TEXT = st.lists(st.sampled_from(["word", "Word.", "again,", "So", "[", "__", "]", "end?", "x"]), min_size=1,
                    max_size=8).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), CUE_TEXT), min_size=1, max_size=15))
def test_timing_invariants_hold_for_any_captions(cues: list[tuple[int, str]]) -> None:
    seconds, body = 0, []
    for gap, text in cues:
        seconds += gap
        body.append(f"{seconds // 60}:{seconds % 60:02d}\n{text}")
    parsed = parse_captions("https://www.youtube.com/watch?v=_zgnSbu5GqE\nT\n---\n" + "\n".join(body) + "\n",
                            CAPTIONS_PATH)
    sentences = restore_sentences(parsed, ())
    assert sentences[0].start == parsed.cues[0].start and sentences[-1].end == parsed.cues[-1].end
    assert all(a.end == b.start and a.start <= b.start for a, b in itertools.pairwise(sentences))
    assert " ".join(s.raw for s in sentences) == " ".join(c.text for c in parsed.cues)
    for sentence, cue in zip(sentences, first_word_cues(sentences, parsed.cues)):
        assert cue.start - 0.5 <= sentence.start <= cue.start + MAX_LAG
    built = build_transcript(parsed, ())
    assert built.sentences() == sentences
