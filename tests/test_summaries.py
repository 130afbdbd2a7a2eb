"""The two summary parsers on the real files and on small bad inputs (exact one-line errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from essay_edition.errors import SourceError
from essay_edition.parse.summaries import parse_knowledge_note, parse_summary

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = (ROOT / "sources/summary-tldr.txt").read_text(encoding="utf-8")
NOTE = (ROOT / "sources/knowledge-note.txt").read_text(encoding="utf-8")

GOOD_SUMMARY = """---
title: "A title: with a colon"
blog_url: https://example.org/post
---

## Key Points

First point.
Second point.

## Key Topics Discussed

Some prose.
"""

GOOD_NOTE = """Note title

last_validated: 2026-01-02 decay_rate: fast

Note title

Summary

One paragraph.

Key Claims

  • Claim one
  • Claim two

Tags

#one #two-words
"""


def test_real_summary() -> None:
    summary = parse_summary(SUMMARY, "sources/summary-tldr.txt")
    assert summary.title == "Thoughts on AI progress (Dec 2025)"
    assert summary.blog_url == "https://www.dwarkesh.com/p/thoughts-on-ai-progress-dec-2025?utm_source=tldrai"
    assert len(summary.key_points) == 7
    assert [p.span.line for p in summary.key_points if p.span] == list(range(11, 18))
    assert summary.key_points[0].text.startswith("The author is moderately bearish")
    assert summary.key_points[-1].text.startswith("Competition among AI labs")
    assert len(summary.key_topics) == 1 and summary.key_topics[0].span and summary.key_topics[0].span.line == 21
    assert summary.key_topics[0].text.startswith("Alright listeners")


def test_real_note() -> None:
    note = parse_knowledge_note(NOTE, "sources/knowledge-note.txt")
    assert note.title == "Thoughts on AI Progress (Dec 2025)"
    assert (note.last_validated, note.decay_rate) == ("2026-04-06", "slow")
    assert note.summary.text.startswith("Dwarkesh Patel argues") and note.summary.span and note.summary.span.line == 9
    assert len(note.key_claims) == 11
    assert [c.span.line for c in note.key_claims if c.span] == list(range(13, 24))
    assert note.key_claims[-1].text == 'Expects AGI "in the next decade or two"'
    assert [t.text for t in note.tags] == [
        "scaling", "agi-timelines", "reinforcement-learning", "robotics", "generalization",
        "continual-learning", "rlvr", "economic-diffusion", "goal-post-shifting", "pretraining-vs-rl",
    ]


def test_items_are_exact_source_lines() -> None:
    lines = SUMMARY.split("\n")
    for point in parse_summary(SUMMARY, "s").key_points:
        assert point.span and lines[point.span.line - 1] == point.text
    lines = NOTE.split("\n")
    for claim in parse_knowledge_note(NOTE, "n").key_claims:
        assert claim.span and lines[claim.span.line - 1] == "  • " + claim.text


def test_small_good_inputs_and_span_excluded_from_equality() -> None:
    summary = parse_summary(GOOD_SUMMARY, "s.txt")
    assert summary.title == "A title: with a colon"
    assert [p.text for p in summary.key_points] == ["First point.", "Second point."]
    assert summary == parse_summary(GOOD_SUMMARY.replace("---\n\n## Key", "---\n\n\n\n## Key"), "other.txt")
    note = parse_knowledge_note(GOOD_NOTE, "n.txt")
    assert [c.text for c in note.key_claims] == ["Claim one", "Claim two"]
    assert [t.text for t in note.tags] == ["one", "two-words"]
    assert note == parse_knowledge_note(GOOD_NOTE.replace("Summary\n", "\nSummary\n"), "other.txt")


@pytest.mark.parametrize(("text", "message"), [
    ("", "s.txt:1: the summary file is empty"),
    ("## Key Points\n\nA.\n", "s.txt:1: no YAML front matter: the file must open with a '---' line"),
    ("---\ntitle: x\n", "s.txt:1: the front matter opened on line 1 is never closed by a '---' line"),
    ("---\ntitle: [x\n---\n", "s.txt:3: invalid front matter YAML: did not find expected ',' or ']'"),
    ("---\n- a\n---\n## Key Points\n", "s.txt:2: the front matter must be a mapping of fields"),
    (GOOD_SUMMARY.replace('title: "A title: with a colon"\n', ""), "s.txt:1: the front matter needs a non-empty 'title' string"),
    (GOOD_SUMMARY.replace("blog_url: https://example.org/post", "blog_url: ''"),
     "s.txt:3: the front matter needs a non-empty 'blog_url' string"),
    (GOOD_SUMMARY.replace("## Key Points\n\nFirst point.\nSecond point.\n\n", ""),
     "s.txt:8: no '## Key Points' section"),
    (GOOD_SUMMARY.replace("First point.\nSecond point.\n", ""), "s.txt:6: the '## Key Points' section is empty"),
    (GOOD_SUMMARY.replace("## Key Topics Discussed", "## Other"),
     "s.txt:11: unexpected section 'Other': expected one of ['Key Points', 'Key Topics Discussed']"),
    (GOOD_SUMMARY.replace("---\n\n## Key", "---\nstray\n## Key"), "s.txt:5: text before the first '## ' section heading"),
    (GOOD_SUMMARY + "## Key Points\n", "s.txt:14: section 'Key Points' occurs twice"),
])
def test_bad_summary(text: str, message: str) -> None:
    with pytest.raises(SourceError) as err:
        parse_summary(text, "s.txt")
    assert str(err.value) == message


@pytest.mark.parametrize(("text", "message"), [
    ("  \n", "n.txt:1: the knowledge note is empty"),
    (GOOD_NOTE.replace("last_validated: 2026-01-02 decay_rate: fast", ""),
     "n.txt:1: no 'last_validated: YYYY-MM-DD decay_rate: WORD' line after the title"),
    (GOOD_NOTE.replace("last_validated: 2026-01-02", "last_validated: soon"),
     "n.txt:3: unexpected line before the Summary: 'last_validated: soon decay_rate: fast'"),
    (GOOD_NOTE.replace("Key Claims\n\n  • Claim one\n  • Claim two\n\n", ""), "n.txt:13: no 'Key Claims' section heading line"),
    (GOOD_NOTE.replace("  • Claim one\n  • Claim two\n", ""), "n.txt:11: the 'Key Claims' section is empty"),
    (GOOD_NOTE.replace("  • Claim two", "- Claim two"), "n.txt:14: a Key Claims line must be a bullet: two spaces, '•', a space, the claim"),
    (GOOD_NOTE.replace("#two-words", "two-words"), "n.txt:18: malformed tag 'two-words': expected '#lowercase-words'"),
    (GOOD_NOTE.replace("One paragraph.\n", "One paragraph.\n\nAnother.\n"),
     "n.txt:11: the Summary section must be one paragraph, found 2"),
    (GOOD_NOTE + "Summary\n", "n.txt:19: section 'Summary' occurs twice"),
])
def test_bad_note(text: str, message: str) -> None:
    with pytest.raises(SourceError) as err:
        parse_knowledge_note(text, "n.txt")
    assert str(err.value) == message


@pytest.mark.parametrize(("front", "line", "message"), [
    ("title: T\ncount: !!int x\n", None, "invalid front matter YAML value"),
    ("title: T\ndate: 2025-02-30\n", 3, "invalid date"),
    ("title: T\nnested: " + "[" * 2000 + "\n", 3, "nested more than 12 levels deep"),
])
def test_bad_front_matter_values_are_one_line_errors(front: str, line: int | None, message: str) -> None:
    """Values PyYAML's constructors reject (found by the long fuzz run) name the file, and the line when known."""
    with pytest.raises(SourceError) as err:
        parse_summary(f"---\n{front}---\n\n## Key Points\n- one\n", "summary.txt")
    text = err.value.one_line()
    assert "\n" not in text and text.startswith("summary.txt:") and message in text
    if line is not None:
        assert err.value.line == line
