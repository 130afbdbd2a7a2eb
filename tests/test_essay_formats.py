"""The Markdown essay reader, the essay dispatcher, and the layout drafted from a plain-text essay."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essay_edition.errors import SourceError
from essay_edition.model import Comment, Essay, Footnote, Paragraph, Section
from essay_edition.parse.essay import EssayLayout, parse_essay, parse_essay_layout
from essay_edition.parse.essay_formats import looks_like_markdown, read_essay
from essay_edition.parse.essay_layout_draft import draft_layout
from essay_edition.parse.essay_markdown import parse_essay_markdown

ROOT = Path(__file__).resolve().parent.parent
ESSAYS = "tests/data/essays"


def read(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def markdown() -> tuple[Essay, EssayLayout]:
    return parse_essay_markdown(read(f"{ESSAYS}/essay.md"), f"{ESSAYS}/essay.md")


def test_markdown_front_matter_and_sections() -> None:
    essay, layout = markdown()
    assert (essay.title, essay.subtitle, essay.published) == (
        "Field notes on learning a trade", "What a year of apprenticeship taught me", "2025-03-14")
    assert (layout.author, layout.source_url) == ("Jane Doe", "https://example.org/field-notes")
    assert [s.title for s in essay.sections] == [
        "Field notes on learning a trade", "The first month", "Why practice works", "Tools"]
    assert layout.headings == ["The first month", "Why practice works", "Tools"]
    assert [s.span.line for s in essay.sections if s.span] == [1, 12, 19, 31]


def test_markdown_paragraphs_are_plain_text_with_spans() -> None:
    essay, _ = markdown()
    source = read(f"{ESSAYS}/essay.md").split("\n")
    paragraphs = essay.paragraphs()
    assert paragraphs[0].text == "I spent last year as an apprentice cabinetmaker. This is what I wrote down along the way."
    assert paragraphs[1].text.endswith("my cuts wandered, and I blamed the saw.")
    assert [p.text for p in paragraphs[-3:]] == [
        "Sharpen before you start.", "Measure twice.", "A better plane did not make me better. It made my mistakes faster."]
    for p in paragraphs:
        assert p.span is not None and p.text.split()[0] in source[p.span.line - 1]


def test_markdown_quote_and_attribution() -> None:
    quotes = [p for p in markdown()[0].paragraphs() if p.kind == "quote"]
    assert [(q.text, q.attribution) for q in quotes] == [
        ("The Analytical Engine has no pretensions whatever to originate anything. It can do whatever we know "
         "how to order it to perform.", "Ada Lovelace")]


@pytest.mark.parametrize(
    ("quote", "attribution"),
    [
        ("> To be or not to be.\n> — Hamlet\n", "Hamlet"),
        ("> To be or not to be.\n\n-- Hamlet, act 3\n", "Hamlet, act 3"),
        ("> To be or not to be.\n", None),
    ],
)
def test_attribution_line_forms(quote: str, attribution: str | None) -> None:
    essay, _ = parse_essay_markdown(f"# T\n\nIntro:\n\n{quote}\nAfter.\n", "q.md")
    assert [(p.kind, p.text, p.attribution) for p in essay.paragraphs()] == [
        ("text", "Intro:", None), ("quote", "To be or not to be.", attribution), ("text", "After.", None)]


def test_markdown_footnotes_keep_their_text_and_glue_marks() -> None:
    essay, layout = markdown()
    assert essay.footnotes == (
        Footnote("1", "saying a word.", "He said later that the first month is for learning what wrong feels like."),
        Footnote("2", "of a mistake.", "Within seconds, not days: a late correction teaches little."),
    )
    assert [f.span.line for f in essay.footnotes if f.span] == [35, 36]
    texts = [p.text for p in essay.paragraphs()]
    for note in essay.footnotes:  # the renderer finds each marker as the plain text's: anchor + mark, once
        assert sum(t.count(note.anchor_text + note.mark) for t in texts) == 1
    assert [p.footnote_marks for p in essay.paragraphs() if p.footnote_marks] == [("1",), ("2",)]
    assert [(r.after, r.mark) for r in layout.footnotes] == [("saying a word.", "1"), ("of a mistake.", "2")]


def test_markdown_comments_follow_the_marker() -> None:
    essay, layout = markdown()
    assert essay.comments == (
        Comment(("Great notes. I had the same experience with welding.", "It took me a year too.")),
        Comment(("Did your teacher ever explain why he waited four weeks?",)),
    )
    assert all("welding" not in p.text for p in essay.paragraphs())
    assert [c.starts for c in layout.comments] == [c.paragraphs[0] for c in essay.comments]


def test_markdown_and_text_readers_give_the_same_shape() -> None:
    text_essay, _ = read_essay(read(f"{ESSAYS}/field-notes.txt"), f"{ESSAYS}/field-notes.txt")
    md_essay, _ = markdown()
    for essay in (text_essay, md_essay):
        assert isinstance(essay, Essay)
        assert all(isinstance(s, Section) and s.paragraphs for s in essay.sections)
        assert all(isinstance(p, Paragraph) and p.kind in ("text", "quote") for p in essay.paragraphs())
        assert all(isinstance(f, Footnote) for f in essay.footnotes)
        assert {f.name for f in dataclasses.fields(essay)} == {f.name for f in dataclasses.fields(Essay)}
    assert [s.title for s in text_essay.sections][1:] == ["The first month", "Why does practice work?",
                                                           "Tools and their limits"]


def test_title_from_an_opening_heading() -> None:
    essay, layout = parse_essay_markdown("# My essay\n\n## One\n\nText.\n\n## Two\n\n### Two a\n\nMore.\n", "e.md")
    assert (essay.title, essay.subtitle, essay.published) == ("My essay", "", "")
    assert [(s.title, len(s.paragraphs)) for s in essay.sections] == [("One", 1), ("Two — Two a", 1)]
    assert layout.headings == ["One", "Two — Two a"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "e.md:1: the essay file is empty"),
        ("Just text.\n", "e.md:1: no title: give one in the front matter (title:) or as an opening '# ' heading"),
        ("# T\n\nA note.[^x]\n", "e.md:3: footnote reference [^x] has no definition"),
        ("---\ntitle: T\nsubtitle: [oops\n---\n\nText.\n", "e.md:4: invalid YAML: did not find expected ',' or ']'"),
        ("---\n- a list\n---\n\nText.\n", "e.md:1: the front matter must be a mapping of fields (title: …)"),
        ("---\ntitle: {a: 1}\n---\n\nText.\n", "e.md:1: front matter 'title' must be text, not LineDict"),
        ("# T\n\n## One\n\nText.\n\n## Empty\n", "e.md:7: section 'Empty' has no paragraphs"),
        ("# T\n", "e.md:1: the essay has no paragraphs"),
    ],
)
def test_bad_markdown_gives_one_line(text: str, message: str) -> None:
    with pytest.raises(SourceError) as err:
        parse_essay_markdown(text, "e.md")
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("path", "markdown_expected"),
    [("sources/essay.txt", False), (f"{ESSAYS}/field-notes.txt", False), (f"{ESSAYS}/no-headings.txt", False),
     (f"{ESSAYS}/essay.md", True)],
)
def test_markdown_is_told_by_content(path: str, markdown_expected: bool) -> None:
    assert looks_like_markdown(read(path)) is markdown_expected
    assert looks_like_markdown("Title\n\nText.\n", "essay.md")


def test_read_essay_with_the_curated_layout_is_the_text_reader() -> None:
    layout, lines = parse_essay_layout(read("data/essay_layout.yaml"), "data/essay_layout.yaml")
    text = read("sources/essay.txt")
    essay, used = read_essay(text, "sources/essay.txt", layout, "data/essay_layout.yaml", lines)
    assert used is layout
    assert essay == parse_essay(text, "sources/essay.txt", layout, "data/essay_layout.yaml", lines)


# --- the drafted layout ------------------------------------------------------------------------


def test_draft_recovers_the_real_essay_layout() -> None:
    drafted, guesses = draft_layout(read("sources/essay.txt"), "sources/essay.txt")
    curated = yaml.safe_load(read("data/essay_layout.yaml"))
    for key in ("title", "subtitle", "headings", "footnotes"):
        assert drafted[key] == curated[key], key
    assert [q["intro"] for q in drafted["quotes"]] == [q["intro"] for q in curated["quotes"]]
    assert [q["attribution"] for q in drafted["quotes"]] == ["Beren", "Steven Byrnes"]
    assert curated["comments"][0]["starts"].startswith(drafted["comments"][0]["starts"][:40])
    assert "sources/essay.txt:3: heading 'What are we scaling?' (a short line without end punctuation, " \
           "followed by a paragraph)" in guesses
    assert "sources/essay.txt:26: footnote 1 after 'wages a year)' (a number glued to the text)" in guesses
    essay, _ = read_essay(read("sources/essay.txt"), "sources/essay.txt")
    assert (len(essay.sections), len(essay.paragraphs())) == (7, 35)


def test_draft_of_an_essay_with_an_opening_paragraph_and_comments() -> None:
    path = f"{ESSAYS}/field-notes.txt"
    drafted, guesses = draft_layout(read(path), path)
    assert drafted == {
        "title": "Field notes on learning a trade",
        "subtitle": "What a year of apprenticeship taught me about skill, patience and tools",
        "author": "", "published": "", "source_url": "",
        "headings": ["The first month", "Why does practice work?", "Tools and their limits"],
        "quotes": [{"intro": "As Ada Lovelace put it:", "attribution": "Ada Lovelace"}],
        "footnotes": [{"after": "and no more.", "mark": "1"}, {"after": "does in five.", "mark": "2"}],
        "comments": [{"starts": "Great notes. I had the same experience with welding."},
                     {"starts": "Did your teacher ever explain why he waited four weeks?"}],
    }
    assert guesses[-1] == (f"{path}:17: reader comments begin (after two blank lines): 2 comment(s), told apart "
                           "by blank lines only; split one with a further 'starts' entry")
    essay, _ = read_essay(read(path), path)
    assert essay.sections[0].title == essay.title
    assert [len(c.paragraphs) for c in essay.comments] == [2, 1]


def test_draft_of_an_essay_without_subtitle_or_headings() -> None:
    path = f"{ESSAYS}/no-headings.txt"
    drafted, guesses = draft_layout(read(path), path)
    assert (drafted["subtitle"], drafted["headings"], drafted["quotes"], drafted["comments"]) == ("", [], [], [])
    assert f"{path}: no heading found: the essay is one section" in guesses
    essay, _ = read_essay(read(path), path)
    assert [(s.title, len(s.paragraphs)) for s in essay.sections] == [("A short letter about gardens", 3)]


def test_draft_warns_of_hard_wrapped_lines_and_dangling_intros() -> None:
    wrapped = "Title\n\n" + "\n".join(["word " * 12] * 12) + "\nThe list:\n"
    _, guesses = draft_layout(wrapped, "w.txt")
    assert any("look hard-wrapped" in g for g in guesses)
    assert guesses[-1].startswith("w.txt:15: ends with ':' but no paragraph follows it")


_PIECES = ["\n", "\n\n", "# ", "## ", "> ", "— ", "[^1]", "[^1]: ", "<!-- comments -->\n", "---\n", "title: T\n",
           "A line:\n", "Heading\n", "word1 ", "Text. ", "- ", "```\n", "\ufeff"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), max_size=30).map("".join))
def test_any_text_gives_an_essay_or_one_line_error(text: str) -> None:
    draft_layout(text, "e.txt")
    for path in ("e.txt", "e.md"):
        try:
            essay, _ = read_essay(text, path)
        except SourceError as err:
            assert "\n" not in str(err) and str(err).startswith("e.")
            continue
        assert all(s.paragraphs for s in essay.sections)
