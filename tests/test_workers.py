"""The build's forked worker pools (src/essay_edition/workers.py)."""

from __future__ import annotations

import gc

from essay_edition.workers import chunks, forked_pool


def test_chunks_cut_in_order_the_last_shorter():
    assert chunks(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert chunks([], 3) == []


def test_no_pool_for_fewer_than_two_workers():
    assert forked_pool(1) is None
    assert forked_pool(5, workers=1) is None


def test_workers_inherit_the_parents_objects_frozen_and_the_parent_goes_on_unfrozen():
    """A worker's collector leaves the objects it inherited alone (or each worker would write to, and so
    copy, every page of its parent's memory); the parent's own objects are collected as before."""
    inherited = [[n] for n in range(1000)]  # objects the collector tracks, held when the workers fork
    pool = forked_pool(2, workers=2)
    assert pool is not None
    with pool:
        frozen_in_workers = [pool.submit(gc.get_freeze_count).result() for _ in range(4)]
    assert all(n > len(inherited) for n in frozen_in_workers), frozen_in_workers
    assert gc.get_freeze_count() == 0
