"""The home page's picture of the essay's structure, drawn as SVG at build time.

One row per section in essay order: a strip of squares, one per paragraph (filled when narrated,
hollow when the narration skips it), then one mark per section placed at the span of narration time
in which it is read (a dashed outline when it is not read at all). Readable without JavaScript;
colours come from CSS classes so the picture follows the light or dark scheme.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import SectionRecord
from .chart import Scale, minute_ticks
from .links import clock
from .templating import render

WIDTH, ROW, LABEL, DOTS, TOP = 760, 30, 200, 120, 30


def structure_svg(sections: Sequence[SectionRecord], duration: float, home_url: str = "") -> str:
    """Return the SVG of the essay's sections against narration time."""
    height = TOP + ROW * len(sections) + 28
    x0 = LABEL + DOTS
    scale = Scale(0.0, max(duration, 1.0), x0, WIDTH - 10)
    return render("structure_chart.svg", width=WIDTH, height=height, top=TOP, row=ROW, label=LABEL, x0=x0,
                  x=scale, ticks=minute_ticks(duration, 2), sections=sections, home_url=home_url,
                  description=_description(sections)).rstrip("\n")


def _description(sections: Sequence[SectionRecord]) -> str:
    parts = []
    for s in sections:
        skipped = sum(1 for p in s.paragraphs if p.narration is None)
        when = f"read {clock(s.narration.start)} to {clock(s.narration.end)}" if s.narration else "not read"
        parts.append(f"Section {s.number}, {s.title}: {when}; {len(s.paragraphs) - skipped} of "
                     f"{len(s.paragraphs)} paragraphs narrated.")
    return " ".join(parts)
