"""What the charts share: a linear scale, axis ticks and bars placed in percent.

The charts themselves are templates (``templates/*_chart.html``, ``ledger_timeline.html``): HTML whose
bars are placed in percent of their track, so their text is page text that keeps its size on a phone.
This module does their arithmetic, so every chart places, ticks and shortens the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .links import clock


@dataclass(frozen=True)
class Scale:
    """A linear map from a domain (seconds, day ordinals) onto a range of x coordinates."""

    domain_start: float
    domain_end: float
    range_start: float
    range_end: float

    def __call__(self, value: float) -> float:
        """Return the x coordinate of ``value``."""
        span = (self.domain_end - self.domain_start) or 1.0
        return self.range_start + (self.range_end - self.range_start) * (value - self.domain_start) / span

    def width(self, start: float, end: float, minimum: float) -> float:
        """Return the width from ``start`` to ``end``, at least ``minimum`` (a bar stays visible)."""
        return max(minimum, self(end) - self(start))


@dataclass(frozen=True)
class Tick:
    """An axis tick: its position in the domain and its label."""

    value: float
    label: str


def minute_ticks(duration: float, every: int = 1) -> list[Tick]:
    """Return a tick every ``every`` minutes from 0 to ``duration`` seconds, labelled ``M:00``."""
    return [Tick(minute * 60.0, clock(minute * 60)) for minute in range(0, int(duration // 60) + 1, every)]


NICE_MINUTES = (1, 2, 5, 10, 15, 20, 30, 60)
"""Steps between the ticks of a narration-time axis, in minutes, from the finest."""

MIN_BAR_PERCENT = 0.6
"""The narrowest bar, in percent of its track: a passage of a few seconds stays visible."""


@dataclass(frozen=True)
class Mark:
    """A tick of an HTML chart's axis: its place in percent of the track and its label."""

    left: float
    label: str


def minute_step(duration: float, most: int = 8) -> int:
    """Return the step in minutes that puts at most ``most`` ticks from 0 to ``duration`` seconds: the
    finest of :data:`NICE_MINUTES` that does, else a whole number of hours."""
    minutes = int(duration // 60)
    for step in NICE_MINUTES:
        if minutes // step + 1 <= most:
            return step
    return 60 * -(-minutes // (60 * (most - 1)))


def percent_scale(duration: float) -> Scale:
    """Return the scale from 0 to ``duration`` seconds onto 0 to 100 percent of a chart's track."""
    return Scale(0.0, max(duration, 1.0), 0.0, 100.0)


def time_marks(duration: float, most: int = 8) -> list[Mark]:
    """Return the ticks of a narration-time axis in percent of the track, at most ``most`` of them."""
    scale = percent_scale(duration)
    return [Mark(round(scale(t.value), 2), t.label) for t in minute_ticks(duration, minute_step(duration, most))]


def bar_style(scale: Scale, start: float, end: float) -> str:
    """Return the CSS that places a bar from ``start`` to ``end`` on a percent scale, inside its track and
    at least :data:`MIN_BAR_PERCENT` wide: ``left: 12.5%; width: 3.1%``."""
    left = min(max(scale(start), 0.0), 100.0 - MIN_BAR_PERCENT)
    width = min(scale.width(start, end, MIN_BAR_PERCENT), 100.0 - left)
    return f"left: {round(left, 2)}%; width: {round(width, 2)}%"


def year_ticks(first: int, last: int) -> list[Tick]:
    """Return a tick at each 1 January from ``first`` to ``last`` (day ordinals), labelled by year."""
    return [Tick(float(date(year, 1, 1).toordinal()), str(year)) for year in range(first, last + 1)]
