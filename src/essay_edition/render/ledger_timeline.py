"""The predictions timeline: one row per entry, its title above a bar spanning the window in which it falls due.

The figure is HTML, not SVG, so its text is page text: titles wrap and keep the page's font size on
any screen (an SVG scaled to a phone's width shrinks its labels with it). Rows are ordered by when
entries fall due; each row is a link to its entry. A bar spans the window stated in the text (an
undated entry: from when it was made to its review date, drawn as an outline). Positions are
percentages of the track's width, from :class:`~essay_edition.render.chart.Scale` over day numbers,
so the bars line up with the year grid at any width. The build draws a line at the last review's
date; ``docs/javascripts/ledger.js`` draws today's line from the reader's date and the figure's
``data-domain-start``/``data-domain-end``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from ..enrich.predictions import STATUSES, Prediction, ResolvedPrediction
from .chart import Scale, year_ticks
from .templating import fragment

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
YEAR_LABEL_EVERY = 5
MIN_BAR_PERCENT = 0.6  # a window of a few days stays visible as a sliver


@dataclass(frozen=True)
class TimelineRow:
    """One entry on the timeline: its bar's first and last day and where the bar sits (percent of the track)."""

    prediction: Prediction
    start: date
    end: date
    left: float
    width: float

    @property
    def dated(self) -> bool:
        """Return whether the window is stated in the text (else the bar runs to the review date)."""
        return self.prediction.horizon is not None

    @property
    def when(self) -> str:
        """Return the bar's span in words: ``Dec 2025 – Dec 2030``, or ``review Dec 2035`` for an undated entry."""
        if not self.dated:
            return f"review {month_year(self.end)}"
        if (self.start.year, self.start.month) == (self.end.year, self.end.month):
            return month_year(self.end)
        return f"{month_year(self.start)} – {month_year(self.end)}"


@dataclass(frozen=True)
class Gridline:
    """A year line of the grid: its position (percent) and its label, empty when the year goes unlabelled."""

    left: float
    label: str


def long_date(day: date) -> str:
    """Return a date as ``23 December 2025`` (locale-independent)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_year(day: date) -> str:
    """Return ``Dec 2030`` (locale-independent)."""
    return f"{MONTHS[day.month - 1][:3]} {day.year}"


def bar_span(prediction: Prediction) -> tuple[date, date]:
    """Return the first and last day of an entry's bar: its window, else from when it was made to its review."""
    if prediction.horizon is not None:
        return prediction.horizon.start, prediction.horizon.end
    return prediction.made, prediction.due()


def domain(resolved: Sequence[ResolvedPrediction], review: date) -> tuple[date, date]:
    """Return the first and the day after the last day the timeline shows: whole months around every bar."""
    days = [review] + [d for r in resolved for d in bar_span(r.prediction)]
    first, last = min(days), max(days)
    after = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return date(first.year, first.month, 1), after


def timeline_rows(resolved: Sequence[ResolvedPrediction], scale: Scale) -> list[TimelineRow]:
    """Return one row per entry, by due date, then start, then essay order."""
    order = sorted(enumerate(resolved), key=lambda item: (item[1].prediction.due(), bar_span(item[1].prediction)[0],
                                                          item[0]))
    rows = []
    for _, r in order:
        start, end = bar_span(r.prediction)
        # The bar covers its last day, so it ends where the next day starts.
        first, after = start.toordinal(), end.toordinal() + 1
        rows.append(TimelineRow(r.prediction, start, end, round(scale(first), 2),
                                round(scale.width(first, after, MIN_BAR_PERCENT), 2)))
    return rows


def gridlines(first: date, after: date, scale: Scale) -> list[Gridline]:
    """Return a line at each 1 January inside the domain, every fifth year labelled (and the first, if room)."""
    ticks = [t for t in year_ticks(first.year, after.year) if first.toordinal() <= t.value <= after.toordinal()]
    return [Gridline(round(scale(t.value), 2), t.label if _labelled(int(t.label), i == 0) else "")
            for i, t in enumerate(ticks)]


def _labelled(year: int, first: bool) -> bool:
    # The first year is labelled unless a fifth year follows within two years: the labels would touch.
    return year % YEAR_LABEL_EVERY == 0 or (first and year % YEAR_LABEL_EVERY < YEAR_LABEL_EVERY - 2)


def timeline_html(resolved: Sequence[ResolvedPrediction], review: date) -> Markup:
    """Return the timeline figure: year grid, one linked row per entry, a line at the last review's date."""
    first, after = domain(resolved, review)
    scale = Scale(first.toordinal(), after.toordinal(), 0.0, 100.0)
    statuses = [s for s in STATUSES if any(r.prediction.status == s for r in resolved)]  # the legend's keys
    return fragment("ledger_timeline.html", rows=timeline_rows(resolved, scale), grid=gridlines(first, after, scale),
                    statuses=statuses, first=first, after=after, review=review,
                    review_left=round(scale(review.toordinal()), 2),
                    long_date=long_date)
