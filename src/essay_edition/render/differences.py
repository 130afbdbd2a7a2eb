"""The narration-differences page: what the narration skips, adds, reorders and rewords.

Made from the alignment in the model: skipped paragraphs (narration ``None``), additions (narration
no paragraph claims: lead-ins, asides, the outro), the order sections are read in (an SVG chart made
at build time, readable without JavaScript), and word-level differences judged to be real wording
changes rather than caption errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from ..model import Addition, EditionModel, Page, SectionRecord
from .chart import Scale, minute_ticks
from .front_matter import NOT_IN_SEARCH, front_matter
from .templating import render

CHART_WIDTH, ROW, LEFT, TOP = 720, 26, 190, 28
META = {"title": "How the narration differs",
        "description": "What the narration skips, adds, reorders and rewords, section by section."}


def order_chart(sections: Sequence[SectionRecord], additions: Sequence[Addition], duration: float) -> str:
    """Return an SVG chart: one row per section (essay order), its paragraphs placed at narration time."""
    height = TOP + ROW * (len(sections) + 1) + 30
    scale = Scale(0.0, max(duration, 1.0), LEFT, CHART_WIDTH - 10)
    return render("order_chart.svg", width=CHART_WIDTH, height=height, top=TOP, row=ROW, left=LEFT, x=scale,
                  ticks=minute_ticks(duration), sections=sections, additions=additions).rstrip("\n")


def differences_page(m: EditionModel) -> str:
    """Return the Markdown source of the narration-differences page."""
    assert m.captions is not None
    sections = m.sections
    page_url = f"{m.prefix}narration/differences/"
    read_order = sorted((s for s in sections if s.narration), key=lambda s: s.narration.start)  # type: ignore[union-attr]
    read = sum(1 for s in sections for p in s.paragraphs if p.narration)
    total = sum(len(s.paragraphs) for s in sections)
    chart = Markup(order_chart(sections, m.additions, m.captions.cues[-1].end))
    # Out of search: its rows quote the essay's openings and the narration, which the essay pages and
    # the transcript already hold; a many-essay index stays smaller without the duplicates.
    return front_matter({**META, **NOT_IN_SEARCH}) + render(
        "differences.md", total=total, read=read, skipped=total - read, additions=m.additions, chart=chart,
        read_order=read_order, page_url=page_url, video_id=m.captions.video_id, sections=sections,
        differences=m.differences)


def pages(m: EditionModel) -> Iterable[Page]:
    """Return the narration-differences page."""
    yield Page(f"{m.prefix}narration/differences.md", differences_page(m), ("The narration", "How the narration differs"))
