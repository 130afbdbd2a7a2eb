"""Rendering helpers: escaping for Markdown, nested annotations that give the text back, times, tags."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from essay_edition.render.annotate import Annotation, annotate
from essay_edition.render.chart import MIN_BAR_PERCENT, bar_style, minute_step, percent_scale, time_marks
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


# --- chart arithmetic ---------------------------------------------------------------------------------


def test_a_time_axis_has_at_most_eight_ticks_on_round_minutes() -> None:
    assert [m.label for m in time_marks(12 * 60 + 13)] == ["0:00", "2:00", "4:00", "6:00", "8:00", "10:00", "12:00"]
    assert [m.left for m in time_marks(600)] == [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    assert minute_step(45) == 1 and minute_step(7 * 60) == 1 and minute_step(8 * 60) == 2
    assert minute_step(95 * 60) == 15 and minute_step(10 * 3600) == 120


@given(st.floats(min_value=1, max_value=20 * 3600, allow_nan=False))
def test_any_narration_gets_a_few_ticks_inside_its_track(duration: float) -> None:
    marks = time_marks(duration)
    assert 1 <= len(marks) <= 8 and marks[0].left == 0.0
    assert all(0.0 <= m.left <= 100.0 for m in marks)


@given(st.floats(min_value=0, max_value=4000), st.floats(min_value=0, max_value=200))
def test_a_bar_stays_inside_its_track_and_visible(start: float, length: float) -> None:
    left, width = (float(v.rstrip("%")) for v in re.findall(r"[\d.]+%", bar_style(percent_scale(3600), start, start + length)))
    assert 0.0 <= left and left + width <= 100.0 + 1e-9
    assert width >= min(MIN_BAR_PERCENT, 100.0 - left) - 0.01
