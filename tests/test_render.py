"""Rendering: pages hold the essay's exact words, escape every source character, and mark quotes and notes."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from essay_edition.enrich.ids import IdRegistry
from essay_edition.enrich.structure import essay_records
from essay_edition.parse.essay import parse_essay, parse_essay_layout
from essay_edition.render.annotate import Annotation, annotate
from essay_edition.render.essay_pages import clock, comments_page, section_page, youtube_url
from essay_edition.render.text import md_inline

ROOT = Path(__file__).resolve().parent.parent
ESSAY = (ROOT / "sources/essay.txt").read_text(encoding="utf-8")
LAYOUT, LINES = parse_essay_layout((ROOT / "data/essay_layout.yaml").read_text(encoding="utf-8"), "layout")
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> {{ x }} {#id} [a](javascript:alert(3)) *b* `c`"


def render(text: str = ESSAY) -> tuple[object, list, list[str]]:
    essay = parse_essay(text, "essay.txt", LAYOUT, "layout", LINES)
    records = essay_records(essay, IdRegistry())
    pages = [
        markdown.markdown(section_page(essay, s, records, "_zgnSbu5GqE").split("---\n", 2)[2], extensions=EXTENSIONS)
        for s in records
    ]
    return essay, records, pages


def visible_text(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page_html))


def test_every_paragraph_appears_once_in_order_on_its_page() -> None:
    essay, records, pages = render()
    for section, page in zip(records, pages):
        text = visible_text(page)
        cursor = 0
        for record in section.paragraphs:
            assert text.count(record.paragraph.text) == 1
            found = text.index(record.paragraph.text, cursor)
            cursor = found + len(record.paragraph.text)
        assert 'id="' + section.paragraphs[0].id + '"' in page
    all_text = " ".join(visible_text(p) for p in pages)
    for comment in essay.comments:
        for line in comment.paragraphs:
            assert line[:60] not in all_text


def test_quotes_and_footnote() -> None:
    _, records, pages = render()
    joined = "\n".join(pages)
    assert joined.count('<blockquote class="essay-quote"') == 2
    assert "<cite>Steven Byrnes</cite>" in joined
    assert 'href="#fn-1"' in joined and 'id="fn-1"' in joined
    assert "its text is not part of the source" in joined


@pytest.mark.parametrize("where", ["paragraph", "heading"])
def test_hostile_source_text_renders_as_text(where: str) -> None:
    if where == "paragraph":
        text = ESSAY.replace("This tension seems especially vivid", HOSTILE + " This tension seems especially vivid")
    else:
        text = ESSAY.replace("Goal post shifting is justified\n", "Goal post shifting is justified\n", 1)
    _, _, pages = render(text)
    joined = "\n".join(pages)
    assert "<script>" not in joined and "<img" not in joined and 'href="javascript' not in joined
    if where == "paragraph":
        assert HOSTILE in visible_text(joined)
    heading = markdown.markdown("# " + md_inline(HOSTILE) + " {#h}", extensions=EXTENSIONS)
    assert "<script>" not in heading and "<img" not in heading and "<a " not in heading
    assert visible_text(heading).strip() == HOSTILE


def test_comments_page_marks_not_essay() -> None:
    essay = parse_essay(ESSAY, "essay.txt", LAYOUT, "layout", LINES)
    page = markdown.markdown(comments_page(essay).split("---\n", 2)[2], extensions=EXTENSIONS)
    assert "Not part of the essay" in page
    assert page.count('class="reader-comment"') == 2
    assert '<blockquote class="comment-quote"><p>OpenAI is using tons' in page


def test_time_helpers() -> None:
    assert clock(0) == "0:00" and clock(75.9) == "1:15" and clock(3725) == "1:02:05"
    assert youtube_url("_zgnSbu5GqE", 75.9) == "https://www.youtube.com/watch?v=_zgnSbu5GqE&t=75s"


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(0, 3)), max_size=8))
def test_annotate_round_trips_text(text: str, spans: list[tuple[int, int, int]]) -> None:
    anns = [Annotation(min(a, b), max(a, b), f'<i data-r="{r}">', "</i>", r) for a, b, r in spans]
    out = annotate(text, anns)
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert out.count("<i ") == out.count("</i>")


def test_library_page_and_exports_table_escape_source_text() -> None:
    from essay_edition.render.library import EXPORT_DESCRIPTIONS, LibraryEntry, exports_table, library_page

    hostile = '<script>alert("x")</script> & {#id} [link](http://evil) | *cell*'
    entries = [LibraryEntry(hostile, hostile, hostile, "2025-12-23", "essays/one/", 7, 37),
               LibraryEntry("Second", "", "A. Writer", "2026-01-02", "essays/two/", 3, 0)]
    page = library_page(entries)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count('class="library-card"') == 2 and 'href="essays/two/"' in page
    one = exports_table("about/data/", [("Essay", "")], {"data/essay.json": 2048})
    assert '<a href="../../data/essay.json"><code>essay.json</code></a> (2 KB)' in one
    assert one.count("\n|") == len(EXPORT_DESCRIPTIONS) + 1
    many = exports_table("about/data/", [(hostile, "essays/one/"), ("Second", "essays/two/")], {})
    assert "<script>" not in many and '"../../essays/two/data/predictions.csv"' in many
    assert all(row.count("|") == 4 for row in many.splitlines())  # no title splits a cell
    rendered = markdown.markdown(many, extensions=["tables"])
    assert "<em>" not in rendered and rendered.count("<tr>") == len(EXPORT_DESCRIPTIONS) + 1
