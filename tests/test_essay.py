"""The essay parser on the real essay and on small bad inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from essay_edition.errors import SourceError
from essay_edition.parse.essay import parse_essay, parse_essay_layout

ROOT = Path(__file__).resolve().parent.parent
ESSAY = (ROOT / "sources/essay.txt").read_text(encoding="utf-8")
LAYOUT_TEXT = (ROOT / "data/essay_layout.yaml").read_text(encoding="utf-8")
LAYOUT, LINES = parse_essay_layout(LAYOUT_TEXT, "data/essay_layout.yaml")


def parse(text: str = ESSAY, layout=LAYOUT):
    return parse_essay(text, "sources/essay.txt", layout, "data/essay_layout.yaml", LINES)


def test_real_essay_structure() -> None:
    essay = parse()
    assert essay.title == "Thoughts on AI progress (Dec 2025)"
    assert essay.subtitle.startswith("Why I'm moderately bearish")
    assert [s.title for s in essay.sections] == LAYOUT.headings
    assert len(essay.sections) == 7
    assert len(essay.paragraphs()) == 35
    quotes = [p for p in essay.paragraphs() if p.kind == "quote"]
    assert len(quotes) == 2
    assert quotes[0].text.startswith("When we see frontier models improving")
    assert quotes[1].text.startswith("New technologies take a long time")
    assert quotes[0].attribution and "Beren Millidge" in quotes[0].attribution


def test_paragraph_texts_are_exact_source_lines() -> None:
    lines = ESSAY.split("\n")
    for p in parse().paragraphs():
        assert p.span is not None
        assert lines[p.span.line - 1] == p.text


def test_comments_are_kept_apart() -> None:
    essay = parse()
    assert len(essay.comments) == 2
    assert essay.comments[0].paragraphs[0].startswith("Related to a point made in your podcast with Ilya")
    assert essay.comments[1].paragraphs[0].startswith("Good post, but I think")
    body = " ".join(p.text for p in essay.paragraphs())
    for comment in essay.comments:
        for line in comment.paragraphs:
            assert line not in body


def test_footnote_marker() -> None:
    essay = parse()
    assert [(f.mark, f.anchor_text, f.text) for f in essay.footnotes] == [("1", "wages a year)", None)]


def test_span_excluded_from_equality() -> None:
    assert parse() == parse("\n".join(ESSAY.split("\n")))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: "", "sources/essay.txt:1: the essay file is empty"),
        (
            lambda t: t.replace("Thoughts on AI progress (Dec 2025)\n", "Other title\n", 1),
            "sources/essay.txt:1: expected the title 'Thoughts on AI progress (Dec 2025)', found 'Other title'",
        ),
        (
            lambda t: t.replace("Goal post shifting is justified\n", "Goal posts shift\n"),
            "data/essay_layout.yaml:17: heading 'Goal post shifting is justified' is not a line of sources/essay.txt",
        ),
        (
            lambda t: t.replace(
                "Steven Byrnes has an excellent post on this and many other points:",
                "Steven Byrnes has an excellent post on this:",
            ),
            "sources/essay.txt:23: line ends with ':' but is not a curated quote intro in data/essay_layout.yaml",
        ),
        (
            lambda t: t.replace("wages a year)1", "wages a year)"),
            "data/essay_layout.yaml:32: footnote marker 'wages a year)1' occurs 0 times in sources/essay.txt, "
            "expected once",
        ),
        (
            lambda t: t.replace("Good post, but I think", "Nice post, but I think"),
            "data/essay_layout.yaml:39: comment opening 'Good post, but I think you could be overconfident.' is not "
            "a line after the essay in sources/essay.txt",
        ),
        (
            lambda t: t.split("\n\n\n")[0].rsplit("\n", 1)[0] + "\nWhat are we scaling?\n",
            "sources/essay.txt:44: heading 'What are we scaling?' occurs twice",
        ),
    ],
)
def test_bad_essay_gives_one_line_error(mutate, message) -> None:
    with pytest.raises(SourceError) as info:
        parse(mutate(ESSAY))
    assert str(info.value) == message
    assert "\n" not in str(info.value)


def test_bad_layout_yaml_is_one_line() -> None:
    with pytest.raises(SourceError) as info:
        parse_essay_layout(LAYOUT_TEXT.replace("headings:", "headings: [oops"), "data/essay_layout.yaml")
    assert str(info.value).startswith("data/essay_layout.yaml:")
    with pytest.raises(SourceError) as info:
        parse_essay_layout(LAYOUT_TEXT.replace("author:", "writer:"), "data/essay_layout.yaml")
    assert str(info.value).startswith("data/essay_layout.yaml:")
