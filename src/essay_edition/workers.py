"""Work shared out to forked worker processes: the one way the build makes its pools and cuts its tasks.

Workers are forked, never spawned: a spawned worker re-runs the caller's ``__main__`` (a script, a
test session), and the MkDocs plugins' state, which the page conversions need, cannot be pickled;
a forked worker inherits it. So a pool must not be made by a process that runs threads (``mkdocs
serve``, whose threads a forked worker would inherit mid-lock): those callers do the work themselves.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

__all__ = ["chunks", "forked_pool", "pool_size", "return_freed_memory", "rounds"]

T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Return ``items`` cut into runs of ``size`` (the last one shorter), in order."""
    return [items[start:start + size] for start in range(0, len(items), size)]


def rounds(tasks: Sequence[T], size: int) -> list[Sequence[T]]:
    """Return ``tasks`` cut into rounds of about ``size`` tasks, even in size, in order: one round for
    a few tasks, and two tasks or more in each round, so that every round is shared out.

    Work shared out in rounds is done by workers forked for each round and let go of after it: a forked
    worker comes to hold a copy of each part of its parent's memory that it reads, and reading a
    page's objects there writes to them (their reference counts), so a worker that does a task for
    every other page of a site comes to hold a copy of half the site's page objects. A round's workers
    hold a round's copies at most."""
    count = max(1, min(len(tasks) // 2, round(len(tasks) / size)))
    length, more = divmod(len(tasks), count)
    cuts = [n * length + min(n, more) for n in range(count + 1)]
    return [tasks[a:b] for a, b in zip(cuts, cuts[1:])]


def pool_size(tasks: int, workers: int | None = None) -> int:
    """Return how many workers :func:`forked_pool` forks for ``tasks`` tasks (0: none, the caller works)."""
    count = min(workers or os.cpu_count() or 1, tasks)
    return count if count >= 2 else 0


def forked_pool(tasks: int, workers: int | None = None) -> ProcessPoolExecutor | None:
    """Return a pool of forked workers for ``tasks`` tasks: one per CPU (at most ``workers``), no more
    than there are tasks; None when that is fewer than two, and the caller does the work itself."""
    count = pool_size(tasks, workers)
    if not count:
        return None
    return _ForkedPool(max_workers=count, mp_context=multiprocessing.get_context("fork"))


class _ForkedPool(ProcessPoolExecutor):
    """A process pool whose workers are forked with the parent's objects frozen.

    A forked worker shares its parent's memory until it writes to a page, and a garbage collection in
    the worker writes to every object it inherited (their collector headers), so each worker came to
    hold a copy of its whole parent. Frozen objects are left alone by the collector (``gc.freeze``'s
    documented use before a fork). A pool of forked workers launches them all at its first task, so
    the objects are frozen for that call only; the callers rely on the same moment, setting what the
    workers inherit just before their first task."""

    _forked = False

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self._forked:
            return super().submit(fn, *args, **kwargs)
        self._forked = True
        gc.freeze()
        try:
            return super().submit(fn, *args, **kwargs)
        finally:
            gc.unfreeze()


def return_freed_memory() -> bool:
    """Hand the memory this process has freed, but the C library keeps for reuse, back to the system;
    return whether the C library could (glibc's ``malloc_trim``; on another libc, nothing is done).

    Python gives the memory of a large freed object (a page's HTML) back to ``malloc``, which keeps it
    in the process: after MkDocs has read and written every page, a build looks as large as its
    largest moment, and then forks the search index's readers and runs Pagefind's indexer, the largest
    process of a build, beside it. No library on PyPI wraps ``malloc_trim``, hence ctypes."""
    try:
        # The process's own symbols (dlopen of no file), the C library's among them: no search for it.
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # a C library without malloc_trim (musl, macOS); Windows
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
    return True
