"""The one curated-data loader: exact line and column for every value, and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from essay_edition.curated import MAX_BYTES, load_yaml_document, position_at, value_lines
from essay_edition.errors import SourceError
from essay_edition.parse.essay import parse_essay, parse_essay_layout

ROOT = Path(__file__).resolve().parent.parent


def error(text: str) -> str:
    with pytest.raises(SourceError) as err:
        load_yaml_document(text, "data/x.yaml")
    return err.value.one_line()


def test_every_value_knows_its_line_and_column() -> None:
    node = load_yaml_document("a:\n  # a comment\n  - x\n  - {y: 1, z: [2, 3]}\nb: text\n", "data/x.yaml")
    assert position_at(node, ("a", 0)) == (3, 5)
    assert position_at(node, ("a", 1, "z", 1)) == (4, 19)
    assert position_at(node, ("b",)) == (5, 4)
    assert value_lines(node)[("a", 1, "y")] == 4


@pytest.mark.parametrize(("text", "message"), [
    ("author: A\ntitle: T\nauthor: B\n", "data/x.yaml:3:1: duplicate key 'author' (first on line 1)"),
    ("base: &b {x: 1}\nother: *b\n", "data/x.yaml:1:7: anchors and aliases (&name, *name) are not allowed in "
                                     "curated data: write the value out"),
    ("a: [" * 13 + "]" * 13 + "\n", "data/x.yaml:1:25: nested more than 12 levels deep"),
    ("a: [1, 2\n", "data/x.yaml:2:1: invalid YAML: did not find expected ',' or ']'"),
    ("made: 2025-02-30\n", "data/x.yaml:1: invalid date: day is out of range for month"),
])
def test_refused_constructs_are_one_line_errors_at_their_place(text: str, message: str) -> None:
    assert error(text) == message


def test_alias_bombs_are_refused_before_anything_is_built() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    assert "anchors and aliases" in error(bomb)


def test_files_over_the_size_limit_are_refused() -> None:
    assert error("x: " + "a" * MAX_BYTES + "\n") == "data/x.yaml: the file is larger than 2 MB: curated data never is"


def test_a_heading_after_a_comment_line_is_reported_at_its_own_line() -> None:
    layout_text = (ROOT / "data/essay_layout.yaml").read_text(encoding="utf-8")
    first = "  - \"What are we scaling?\"\n"
    assert first in layout_text
    changed = layout_text.replace(first, first + "  # the second section\n", 1).replace(
        "  - \"Human labor is valuable", "  - \"Human labour is valuable", 1)
    layout, lines = parse_essay_layout(changed, "data/essay_layout.yaml")
    essay = (ROOT / "sources/essay.txt").read_text(encoding="utf-8")
    with pytest.raises(SourceError) as err:
        parse_essay(essay, "sources/essay.txt", layout, "data/essay_layout.yaml", lines)
    line = changed.split("\n").index("  - \"Human labour is valuable precisely because it’s not shleppy to train\"") + 1
    assert err.value.line == line
    assert err.value.one_line().startswith(f"data/essay_layout.yaml:{line}: heading 'Human labour is valuable")


def test_excerpt_points_at_the_column() -> None:
    text = "author: A\ntitle: T\nauthor: B\n"
    with pytest.raises(SourceError) as err:
        load_yaml_document(text, "data/x.yaml")
    assert err.value.excerpt(text) == "    author: B\n    ^"
