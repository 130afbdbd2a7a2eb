"""The home page's picture of the essay's structure, drawn as SVG at build time.

One row per section in essay order: a strip of squares, one per paragraph (filled when narrated,
hollow when the narration skips it), then one mark per section placed at the span of narration time
in which it is read (a dashed outline when it is not read at all). Readable without JavaScript;
colours come from CSS classes so the picture follows the light or dark scheme.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import SectionRecord
from .essay_pages import clock, relative
from .text import html_text

WIDTH, ROW, LABEL, DOTS, TOP = 760, 30, 200, 120, 30


def structure_svg(sections: Sequence[SectionRecord], duration: float, home_url: str = "") -> str:
    """Return the SVG of the essay's sections against narration time."""
    height = TOP + ROW * len(sections) + 28
    x0 = LABEL + DOTS
    scale = (WIDTH - x0 - 10) / max(duration, 1.0)
    parts = [f'<svg class="structure-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             'role="group" aria-labelledby="structure-title structure-desc">',
             '<title id="structure-title">The essay\'s sections against narration time</title>',
             f'<desc id="structure-desc">{html_text(_description(sections))}</desc>',
             f'<text class="axis-label" x="{LABEL}" y="{TOP - 12}">paragraphs</text>',
             f'<text class="axis-label" x="{x0}" y="{TOP - 12}">narration time</text>']
    for minute in range(0, int(duration // 60) + 1, 2):
        x = x0 + minute * 60 * scale
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{height - 22}"/>'
                     f'<text class="tick-label" x="{x:.1f}" y="{height - 8}" text-anchor="middle">{minute}:00</text>')
    for row, s in enumerate(sections):
        parts.append(_row(s, row, scale, x0, home_url))
    parts.append("</svg>")
    return "\n".join(parts)


def _row(s: SectionRecord, row: int, scale: float, x0: float, home_url: str) -> str:
    y = TOP + row * ROW
    label = f"{s.number}. {s.title}"
    short = label if len(label) <= 30 else label[:29] + "…"
    out = [f'<g class="section-row" data-section="{html_text(s.id)}">',
           f'<a href="{html_text(relative(home_url, s.page_url))}"><text class="row-label" x="{LABEL - 8}" '
           f'y="{y + 18}" text-anchor="end">{html_text(short)}<title>{html_text(label)}</title></text></a>']
    for n, p in enumerate(s.paragraphs):
        cls = "para-dot" if p.narration else "para-dot skipped"
        state = "narrated" if p.narration else "not narrated"
        out.append(f'<rect class="{cls}" x="{LABEL + 4 + n * 11}" y="{y + 8}" width="8" height="12">'
                   f"<title>Paragraph {n + 1}: {state}</title></rect>")
    if s.narration:
        x, w = x0 + s.narration.start * scale, max(3.0, (s.narration.end - s.narration.start) * scale)
        out.append(f'<rect class="section-bar" x="{x:.1f}" y="{y + 5}" width="{w:.1f}" height="{ROW - 10}">'
                   f"<title>{html_text(s.title)}: read {clock(s.narration.start)}–{clock(s.narration.end)}</title></rect>")
    else:
        out.append(f'<rect class="section-bar skipped" x="{x0:.1f}" y="{y + 5}" width="{WIDTH - x0 - 10:.1f}" '
                   f'height="{ROW - 10}"><title>{html_text(s.title)}: not read in the narration</title></rect>'
                   f'<text class="skipped-label" x="{x0 + 8:.1f}" y="{y + 19}">not narrated</text>')
    out.append("</g>")
    return "\n".join(out)


def _description(sections: Sequence[SectionRecord]) -> str:
    parts = []
    for s in sections:
        skipped = sum(1 for p in s.paragraphs if p.narration is None)
        when = f"read {clock(s.narration.start)} to {clock(s.narration.end)}" if s.narration else "not read"
        parts.append(f"Section {s.number}, {s.title}: {when}; {len(s.paragraphs) - skipped} of "
                     f"{len(s.paragraphs)} paragraphs narrated.")
    return " ".join(parts)
