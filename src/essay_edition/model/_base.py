"""What every part of the model shares: where an object came from in its source."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """Where a model object came from: a file path and a 1-based line number."""

    path: str
    line: int


def _span() -> Span | None:
    return field(default=None, compare=False, repr=False)  # type: ignore[return-value]
