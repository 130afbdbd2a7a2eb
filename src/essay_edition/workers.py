"""Work shared out to forked worker processes: the one way the build makes its pools and cuts its tasks.

Workers are forked, never spawned: a spawned worker re-runs the caller's ``__main__`` (a script, a
test session), and the MkDocs plugins' state, which the page conversions need, cannot be pickled;
a forked worker inherits it. So a pool must not be made by a process that runs threads (``mkdocs
serve``, whose threads a forked worker would inherit mid-lock): those callers do the work themselves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

__all__ = ["chunks", "forked_pool"]

T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Return ``items`` cut into runs of ``size`` (the last one shorter), in order."""
    return [items[start:start + size] for start in range(0, len(items), size)]


def forked_pool(tasks: int, workers: int | None = None) -> ProcessPoolExecutor | None:
    """Return a pool of forked workers for ``tasks`` tasks: one per CPU (at most ``workers``), no more
    than there are tasks; None when that is fewer than two, and the caller does the work itself."""
    count = min(workers or os.cpu_count() or 1, tasks)
    if count < 2:
        return None
    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork"))
