"""The home page's picture of the essay's structure, drawn as HTML at build time.

One row per section in essay order, each a link to its section: the section's number and title, a
strip of squares, one per paragraph (filled when narrated, hollow when the narration skips it), the
span of narration in which it is read, and below them a bar at that span on a narration-time track
(a dashed outline across the track when it is not read at all). HTML, not SVG, so its words are page
text that wraps and keeps its size on a phone (an SVG scaled to a phone's width shrinks its labels
with it); bars are placed in percent of the track, so they line up with the minute grid at any width.
Readable without JavaScript; colours come from CSS classes, so the picture follows the scheme.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..model import SectionRecord
from .chart import bar_style, percent_scale, time_marks
from .templating import fragment


def structure_chart(sections: Sequence[SectionRecord], duration: float, home_url: str = "") -> Markup:
    """Return the chart of the essay's sections against narration time (``duration`` seconds long)."""
    scale = percent_scale(duration)
    return fragment("structure_chart.html", sections=sections, ticks=time_marks(duration), home_url=home_url,
                    bar=lambda start, end: bar_style(scale, start, end))
