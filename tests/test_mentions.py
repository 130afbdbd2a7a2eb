"""People, works and glossary terms found in the essay from curated surface forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from essay_edition.enrich.mentions import (
    check_reference_urls,
    find_mentions,
    first_mentions,
    parse_glossary,
    parse_people,
)
from essay_edition.errors import SourceError
from essay_edition.model import Entity
from essay_edition.parse.essay import parse_essay, parse_essay_layout

ROOT = Path(__file__).resolve().parent.parent
PEOPLE_TEXT = (ROOT / "data/people.yaml").read_text(encoding="utf-8")
GLOSSARY_TEXT = (ROOT / "data/glossary.yaml").read_text(encoding="utf-8")
LAYOUT, LAYOUT_LINES = parse_essay_layout((ROOT / "data/essay_layout.yaml").read_text(encoding="utf-8"), "layout")
ESSAY = parse_essay((ROOT / "sources/essay.txt").read_text(encoding="utf-8"), "sources/essay.txt", LAYOUT,
                    "layout", LAYOUT_LINES)
PARAGRAPHS = [(f"p{i}", p.text) for i, p in enumerate(ESSAY.paragraphs())]
TEXTS = dict(PARAGRAPHS)
SOURCES = {name: (ROOT / "sources" / name).read_text(encoding="utf-8")
           for name in ("summary-tldr.txt", "youtube-captions.txt", "knowledge-note.txt")}
PEOPLE = parse_people(PEOPLE_TEXT, "data/people.yaml")
TERMS = parse_glossary(GLOSSARY_TEXT, "data/glossary.yaml")
MENTIONS = find_mentions(PARAGRAPHS, PEOPLE, TERMS)


def entity(entity_id: str) -> Entity:
    return next(e for e in [*PEOPLE, *TERMS] if e.id == entity_id)


def surfaces(entity_id: str) -> list[str]:
    return [TEXTS[m.paragraph_id][m.start:m.end] for m in MENTIONS if m.entity_id == entity_id]


def test_people_and_works_from_the_brief() -> None:
    ids = {e.id for e in PEOPLE}
    assert {"beren-millidge", "toby-ord", "steven-byrnes", "ilya-sutskever", "andrej-karpathy", "satya-nadella",
            "mark-zuckerberg", "dwarkesh-patel", "language-models-are-few-shot-learners", "gemini-3"} <= ids
    assert entity("andrej-karpathy").forms == ("Karpathy",) and entity("satya-nadella").forms == ("Satya",)
    assert sorted(surfaces("ilya-sutskever")) == ["Ilya", "automated Ilya"]
    assert sorted(surfaces("beren-millidge")) == ["Beren", "Beren Millidge"]
    assert surfaces("language-models-are-few-shot-learners") == ["GPT-3 paper", "Language Models are Few-Shot Learners"]
    assert entity("how-well-does-rl-scale").by == "toby-ord"


def test_reference_urls_are_the_sources_own() -> None:
    urls = {u.url: u for e in PEOPLE for u in e.urls}
    toby = urls["https://www.tobyord.com/writing/how-w..."]
    beren = urls["https://www.beren.io/2025-08-02-Most-..."]
    assert toby.truncated and beren.truncated and toby.source == beren.source == "youtube-captions.txt"
    check_reference_urls(PEOPLE, SOURCES)
    assert not [e for e in TERMS if e.urls]


def test_reference_url_not_in_its_source_is_an_error() -> None:
    text = PEOPLE_TEXT.replace("https://www.tobyord.com/writing/how-w...", "https://www.tobyord.com/writing/how-well")
    people = parse_people(text, "data/people.yaml")
    line = text[: text.index("https://www.tobyord.com/writing/how-well")].count("\n") + 1
    with pytest.raises(SourceError) as err:
        check_reference_urls(people, SOURCES)
    assert str(err.value) == (f"data/people.yaml:{line}: URL 'https://www.tobyord.com/writing/how-well' "
                              "does not occur in youtube-captions.txt")


def test_glossary_terms_from_the_brief() -> None:
    ids = {t.id for t in TERMS}
    assert {"rlvr", "mid-training", "continual-learning", "in-context-learning", "o-ring-dynamics", "lemons-market",
            "pretraining", "rl-environments", "behavioural-cloning", "expert-systems", "power-law", "hive-mind",
            "software-only-singularity", "cognitive-core", "tokens"} <= ids
    assert sorted(set(surfaces("in-context-learning"))) == ["ICL", "in context learning", "in-context learning"]
    assert all(t.kind == "term" and t.description for t in TERMS)


def test_mentions_are_exact_ordered_and_disjoint() -> None:
    forms = {e.id: set(e.forms) for e in [*PEOPLE, *TERMS]}
    order = {pid: i for i, (pid, _) in enumerate(PARAGRAPHS)}
    previous = ("", -1)
    for mention in MENTIONS:
        assert TEXTS[mention.paragraph_id][mention.start:mention.end] in forms[mention.entity_id]
        key = (order[mention.paragraph_id], mention.start)
        assert key > (order.get(previous[0], -1), previous[1])
        if previous[0] == mention.paragraph_id:
            assert mention.start >= previous[1]
        previous = (mention.paragraph_id, mention.end)
    # Whole words only: "RLVR" and "RL environments" never also yield "RL".
    assert all(TEXTS[m.paragraph_id][m.start:m.end] == "RL" for m in MENTIONS if m.entity_id == "rl")
    assert len(surfaces("rl")) == 2 and len(surfaces("rlvr")) == 3


def test_first_mentions() -> None:
    firsts = first_mentions(MENTIONS)
    assert len({(m.paragraph_id, m.entity_id) for m in firsts}) == len(firsts)
    assert len(firsts) < len(MENTIONS)


def _line(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_a_form_that_never_occurs_is_a_one_line_error() -> None:
    text = PEOPLE_TEXT.replace('forms: ["Karpathy"]', 'forms: ["Karpathy", "Andrej"]')
    people = parse_people(text, "data/people.yaml")
    with pytest.raises(SourceError) as err:
        find_mentions(PARAGRAPHS, people, TERMS)
    line = _line(text, 'forms: ["Karpathy"')
    assert str(err.value) == (f"data/people.yaml:{line}: surface form 'Andrej' of "
                              "'andrej-karpathy' never occurs in the essay's paragraphs")


def test_a_form_shadowed_by_a_longer_one_never_yields_a_mention() -> None:
    text = GLOSSARY_TEXT.replace('forms: ["hive mind model", "batch distillations"]',
                                 'forms: ["hive mind model", "batch distillations"]\n  - id: hive\n    name: hive\n'
                                 '    definition: A hive.\n    forms:\n      - "hive mind"')
    terms = parse_glossary(text, "data/glossary.yaml")
    with pytest.raises(SourceError) as err:
        find_mentions(PARAGRAPHS, PEOPLE, terms)
    line = _line(text, '- "hive mind"')
    assert str(err.value) == (f"data/glossary.yaml:{line}: surface form 'hive mind' of "
                              "'hive' never occurs in the essay's paragraphs")


@pytest.mark.parametrize(("old", "new", "fragment", "message"), [
    ('forms: ["Mark Zuckerberg"]', 'forms: ["Satya"]', 'forms: ["Satya"]\n\nworks:',
     "surface form 'Satya' is already a form of 'satya-nadella'"),
    ("    by: toby-ord\n", "    by: toby\n", "by: toby\n", "work 'how-well-does-rl-scale': no person 'toby'"),
    ("  - id: toby-ord\n", "  - id: Toby Ord\n", "  - id: Toby Ord", "people.2.id: String should match pattern"),
    ("  - id: toby-ord\n", "  - id: beren-millidge\n", "  - id: beren-millidge\n    name: Toby",
     "duplicate id 'beren-millidge'"),
])
def test_bad_people_data(old: str, new: str, fragment: str, message: str) -> None:
    assert old in PEOPLE_TEXT
    text = PEOPLE_TEXT.replace(old, new, 1)
    with pytest.raises(SourceError) as err:
        find_mentions(PARAGRAPHS, parse_people(text, "data/people.yaml"), TERMS)
    line = _line(text, fragment)
    column = "" if err.value.column is None else f":{err.value.column}"
    assert str(err.value).startswith(f"data/people.yaml:{line}{column}: {message}")
    if err.value.column is not None:  # a schema error points at the value itself
        assert text.split("\n")[line - 1][err.value.column - 1:].startswith(fragment.split(": ")[-1])


SMALL_PEOPLE = parse_people("""people:
  - id: beren
    name: Beren Millidge
    description: A person.
    forms: ["Beren Millidge", "Beren"]
  - id: ilya
    name: Ilya Sutskever
    description: A person.
    forms: ["automated Ilya", "Ilya"]
""", "people.yaml")
SMALL_TERMS = parse_glossary("""terms:
  - {id: rl, name: RL, definition: d, forms: ["RL"]}
  - {id: rlvr, name: RLVR, definition: d, forms: ["RLVR"]}
  - {id: rle, name: RL environments, definition: d, forms: ["RL environments"]}
""", "glossary.yaml")
ALL_FORMS = [f for e in [*SMALL_PEOPLE, *SMALL_TERMS] for f in e.forms]
PIECES = st.sampled_from([*ALL_FORMS, "x", " ", ",", "-", "é", "automated", "environments"])


@given(st.lists(PIECES, max_size=30))
def test_mentions_are_disjoint_whole_forms(pieces: list[str]) -> None:
    text = "".join(pieces) + " | " + " | ".join(ALL_FORMS)  # every form occurs at least once on its own
    mentions = find_mentions([("p", text)], SMALL_PEOPLE, SMALL_TERMS)
    forms = {e.id: e.forms for e in [*SMALL_PEOPLE, *SMALL_TERMS]}
    end = 0
    for mention in mentions:
        assert mention.start >= end
        assert text[mention.start:mention.end] in forms[mention.entity_id]
        assert not text[mention.start - 1:mention.start].isalnum() and not text[mention.end:mention.end + 1].isalnum()
        end = mention.end
