"""Draw the predictions timeline as an SVG string at build time.

One bar per prediction (ordered by when it falls due) spans the window in which it falls due (an undated prediction: from when it
was made to its review date, drawn dashed), with year ticks and a line for the ledger's date. All
strokes and fills are ``currentColor`` at varying opacity, so the chart follows the text colour of
the light and dark schemes; classes (``ledger-bar--open`` …) let a stylesheet colour it further.
The SVG is an image to assistive technology (``role="img"`` labelled by its title and description);
each bar's ``<title>`` gives its dates and status on hover. Every text is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..enrich.predictions import ResolvedPrediction
from .text import html_text

WIDTH = 960
LABEL_WIDTH = 300
RIGHT_PAD = 24
TOP = 34
ROW = 16
BAR = 10
BOTTOM = 34
YEAR_LABEL_EVERY = 5
_OPACITY = {"open": 0.55, "came true": 0.95, "partly": 0.75, "came false": 0.3, "unresolvable": 0.2}


def timeline_svg(resolved: Sequence[ResolvedPrediction], today: date) -> str:
    """Return an SVG timeline with one bar per prediction, year ticks and a line at ``today``."""
    first_year, last_year = _years(resolved, today)
    height = TOP + ROW * len(resolved) + BOTTOM
    scale = _Scale(first_year, last_year)
    rows = sorted(enumerate(resolved), key=lambda item: (item[1].prediction.due(), _start(item[1]), item[0]))
    parts = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="ledger-timeline-svg" viewBox="0 0 {WIDTH} {height}" '
         f'width="100%" role="img" aria-labelledby="ledger-timeline-title ledger-timeline-desc" font-size="11">'),
        '<title id="ledger-timeline-title">Timeline of the essay’s predictions</title>',
        f'<desc id="ledger-timeline-desc">{html_text(_description(resolved, today))}</desc>',
        *_ticks(scale, first_year, last_year, height),
        *(_bar(r, row, scale) for row, (_, r) in enumerate(rows)),
        *_today(scale, today, height),
        "</svg>",
    ]
    return "\n".join(parts)


class _Scale:
    """Maps dates to x coordinates between the label column and the right edge."""

    def __init__(self, first_year: int, last_year: int) -> None:
        self.origin = date(first_year, 1, 1).toordinal()
        self.span = date(last_year + 1, 1, 1).toordinal() - self.origin

    def x(self, day: date) -> float:
        """Return the x coordinate of a day."""
        return round(LABEL_WIDTH + (WIDTH - LABEL_WIDTH - RIGHT_PAD) * (day.toordinal() - self.origin) / self.span, 1)


def _years(resolved: Sequence[ResolvedPrediction], today: date) -> tuple[int, int]:
    days = [today] + [d for r in resolved for d in (_start(r), r.prediction.due())]
    return min(days).year, max(days).year


def _start(r: ResolvedPrediction) -> date:
    p = r.prediction
    return p.horizon.start if p.horizon is not None else p.made


def _description(resolved: Sequence[ResolvedPrediction], today: date) -> str:
    dated = [r for r in resolved if r.prediction.horizon is not None]
    due = sum(r.prediction.due() < today for r in resolved)
    return (f"{len(resolved)} predictions, one bar each. {len(dated)} have a window stated in the text "
            f"(solid bars); {len(resolved) - len(dated)} have none and are drawn dashed up to their review date. "
            f"A vertical line marks {today.isoformat()}; {due} fall due before it. "
            "The table below lists the same predictions with their dates.")


def _ticks(scale: _Scale, first_year: int, last_year: int, height: int) -> list[str]:
    out = []
    for year in range(first_year, last_year + 2):
        x = scale.x(date(year, 1, 1))
        out.append(f'<line class="ledger-timeline-grid" x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{height - BOTTOM + 4}" '
                   'stroke="currentColor" stroke-opacity="0.18"/>')
        if year % YEAR_LABEL_EVERY == 0 or (year == first_year and year % YEAR_LABEL_EVERY < 3):
            out.append(f'<text class="ledger-timeline-year" x="{x}" y="{TOP - 12}" text-anchor="middle" '
                       f'fill="currentColor">{year}</text>')
    return out


def _bar(r: ResolvedPrediction, row: int, scale: _Scale) -> str:
    p = r.prediction
    y = TOP + row * ROW
    x1, x2 = scale.x(_start(r)), scale.x(p.due())
    width = max(round(x2 - x1, 1), 2.0)
    status = p.status.replace(" ", "-")
    if p.horizon is not None:
        kind, paint = "dated", f'fill="currentColor" fill-opacity="{_OPACITY[p.status]}"'
        when = f"{p.horizon.start.isoformat()} to {p.horizon.end.isoformat()}"
    else:
        kind = "undated"
        paint = 'fill="currentColor" fill-opacity="0.08" stroke="currentColor" stroke-dasharray="3 2"'
        when = f"no date in the text; review by {p.due().isoformat()}"
    tip = f"{p.title}: {when}; {p.status}"
    label = (f'<text class="ledger-timeline-label" x="{LABEL_WIDTH - 8}" y="{y + BAR - 1}" text-anchor="end" '
             f'fill="currentColor">{html_text(p.id)}</text>')
    rect = (f'<rect class="ledger-bar ledger-bar--{kind} ledger-bar--{status}" data-id="{html_text(p.id)}" '
            f'x="{x1}" y="{y}" width="{width}" height="{BAR}" rx="2" {paint}><title>{html_text(tip)}</title></rect>')
    return label + rect


def _today(scale: _Scale, today: date, height: int) -> list[str]:
    x = scale.x(today)
    bottom = height - BOTTOM + 4
    return [
        (f'<line class="ledger-timeline-today" x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{bottom}" stroke="currentColor" '
         'stroke-width="1.5" stroke-dasharray="5 3"/>'),
        (f'<text class="ledger-timeline-today-label" x="{x}" y="{bottom + 16}" text-anchor="middle" '
         f'fill="currentColor">today, {today.isoformat()}</text>'),
    ]
