"""The build's forked worker pools (src/essay_edition/workers.py)."""

from __future__ import annotations

import gc
import platform
import subprocess
import sys
import textwrap

from essay_edition.workers import chunks, forked_pool, return_freed_memory, rounds


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


FREED_THEN_TRIMMED = textwrap.dedent("""
    from essay_edition.workers import return_freed_memory

    def rss_kb():
        return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS"))

    blocks = [bytes(50_000) + bytes([n % 256]) for n in range(4000)]  # 200 MB in blocks malloc keeps, not maps
    last = blocks[-1]  # the heap's top stays in use, so freeing the rest cannot shrink it by itself
    del blocks
    freed = rss_kb()
    returned = return_freed_memory()
    print(returned, freed, rss_kb())
""")


def test_freed_memory_goes_back_to_the_system_where_the_c_library_allows():
    """A page's HTML freed by Python stays in the process until ``malloc_trim``: a process that freed
    200 MB gives at least 150 MB of it back (in a fresh process, whose memory no other test has touched)."""
    if platform.libc_ver()[0] != "glibc" or not sys.platform.startswith("linux"):
        assert return_freed_memory() is False  # no malloc_trim: nothing is done
        return
    done = subprocess.run([sys.executable, "-c", FREED_THEN_TRIMMED], capture_output=True, text=True, check=True)
    returned, freed_kb, trimmed_kb = done.stdout.split()
    assert returned == "True"
    assert int(freed_kb) - int(trimmed_kb) > 150_000, done.stdout


def test_rounds_are_even_in_order_and_each_shared_out() -> None:
    tasks = list(range(131))
    cut = rounds(tasks, 20)
    assert [len(r) for r in cut] == [19, 19, 19, 19, 19, 18, 18]  # about 20, even
    assert [t for r in cut for t in r] == tasks  # in order, each once
    assert rounds(tasks[:25], 20) == [tasks[:25]]  # a few: one round
    assert [len(r) for r in rounds(tasks[:5], 1)] == [3, 2]  # never a round of one task, which is not shared out
    assert rounds([0], 20) == [[0]] and rounds([], 20) == [[]]
