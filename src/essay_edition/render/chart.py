"""What the SVG charts share: a linear scale, axis ticks and labels that fit their column.

The charts themselves are templates (``templates/*.svg``); this module does their arithmetic, so
every chart places, ticks and shortens the same way.
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


def year_ticks(first: int, last: int) -> list[Tick]:
    """Return a tick at each 1 January from ``first`` to ``last`` (day ordinals), labelled by year."""
    return [Tick(float(date(year, 1, 1).toordinal()), str(year)) for year in range(first, last + 1)]


def fit(label: str, limit: int) -> str:
    """Return ``label`` cut to ``limit`` characters with an ellipsis when longer."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
