"""The narration-differences page: what the narration skips, adds, reorders and rewords.

Made from the alignment in the model: skipped paragraphs (narration ``None``), additions (narration
no paragraph claims: lead-ins, asides, the outro), the order sections are read in (a chart made at
build time as HTML, readable without JavaScript and on a phone: see :mod:`essay_edition.render.structure`),
and word-level differences judged to be real wording changes rather than caption errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from ..model import Addition, EditionModel, Page, SectionRecord
from .chart import bar_style, percent_scale, time_marks
from .front_matter import NOT_IN_SEARCH, front_matter
from .templating import fragment, render

META = {"title": "How the narration differs",
        "description": "What the narration skips, adds, reorders and rewords, section by section."}


def order_chart(sections: Sequence[SectionRecord], additions: Sequence[Addition], duration: float,
                page_url: str = "") -> Markup:
    """Return the chart of the reading order: one row per section (essay order, each a link to it) whose
    paragraphs are bars at the time they are spoken, then a row of what the narration adds."""
    scale = percent_scale(duration)
    return fragment("order_chart.html", sections=sections, additions=additions, ticks=time_marks(duration),
                    page_url=page_url, bar=lambda start, end: bar_style(scale, start, end))


def differences_page(m: EditionModel) -> str:
    """Return the Markdown source of the narration-differences page."""
    assert m.captions is not None
    sections = m.sections
    page_url = f"{m.prefix}narration/differences/"
    read_order = sorted((s for s in sections if s.narration), key=lambda s: s.narration.start)  # type: ignore[union-attr]
    read = sum(1 for s in sections for p in s.paragraphs if p.narration)
    total = sum(len(s.paragraphs) for s in sections)
    chart = order_chart(sections, m.additions, m.captions.cues[-1].end, page_url)
    # Out of search: its rows quote the essay's openings and the narration, which the essay pages and
    # the transcript already hold; a many-essay index stays smaller without the duplicates.
    return front_matter({**META, **NOT_IN_SEARCH}) + render(
        "differences.md", total=total, read=read, skipped=total - read, additions=m.additions, chart=chart,
        read_order=read_order, reordered=[s.number for s in read_order] != sorted(s.number for s in read_order),
        page_url=page_url, video_id=m.captions.video_id, sections=sections,
        differences=m.differences)


def pages(m: EditionModel) -> Iterable[Page]:
    """Return the narration-differences page."""
    yield Page(f"{m.prefix}narration/differences.md", differences_page(m), ("The narration", "How the narration differs"))
