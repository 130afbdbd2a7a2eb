"""Rendering helpers: escaping for Markdown, nested annotations that give the text back, times, tags."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from essay_edition.render.annotate import Annotation, annotate
from essay_edition.render.links import clock, youtube_url
from essay_edition.render.templating import start_tag
from essay_edition.render.text import md_inline

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> {{ x }} {#id} [a](javascript:alert(3)) *b* `c`"


def test_time_helpers() -> None:
    assert clock(0) == "0:00" and clock(75.9) == "1:15" and clock(3725) == "1:02:05"
    assert youtube_url("_zgnSbu5GqE", 75.9) == "https://www.youtube.com/watch?v=_zgnSbu5GqE&t=75s"


def test_md_inline_leaves_no_markdown_syntax() -> None:
    escaped = md_inline(HOSTILE)
    assert not re.search(r"[<>\[\]{}*`#]", escaped.replace("&#", ""))
    assert html.unescape(escaped) == " ".join(HOSTILE.split())


def test_start_tag_escapes_attributes_and_drops_empty_ones() -> None:
    assert start_tag("a", class_="x", href='"><script>', data_label="▶ 1:00", title=None, hidden=True) == \
        '<a class="x" href="&#34;&gt;&lt;script&gt;" data-label="▶ 1:00" hidden>'


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(0, 3)), max_size=8))
def test_annotate_round_trips_text(text: str, spans: list[tuple[int, int, int]]) -> None:
    anns = [Annotation(min(a, b), max(a, b), f'<i data-r="{r}">', "</i>", r) for a, b, r in spans]
    out = annotate(text, anns)
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert out.count("<i ") == out.count("</i>")
