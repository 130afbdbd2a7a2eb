"""scripts/bench.py runs end to end in its quick mode, on one essay, and prints every figure.

The figures' values are not judged here (targets are reported by the script, not asserted); this test
guards against the benchmark rotting while the pipeline grows: a synthetic essay the build rejects, a
multi-essay site that fails to build, a figure that is no longer printed.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BENCH = REPO_ROOT / "scripts" / "bench.py"
SMOKE = ("--quick", "--no-lighthouse", "--essays", "1", "--site-essays", "1", "--essay-kb", "20,40")

# The figures the issue asks for, by the name their line starts with.
ISSUE_FIGURES = [
    "pipeline, this essay",
    "mkdocs build, same pages, no plugin",
    "pipeline / mkdocs build",
    "pipeline, synthetic 1 essay",
    "peak memory, pipeline at 1 essay",
    "site build, 1 essay",
    "essay of 20 KB, pages",
    "essay size growth, 40 KB / 20 KB",
    "page weight, home page",
    "page weight, home page + search",
    "page weight, section page",
    "page weight, section page + search",
    "search index vs essay text",
    "lighthouse:",
]


def _bench_module():  # -> the scripts/bench.py module
    spec = importlib.util.spec_from_file_location("essay_bench_script", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _bench_figure_names() -> list[str]:
    return _bench_module().figure_names((1,), lighthouse=False, site_sizes=(1,), essay_kb=(20, 40))


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux reports PSS in /proc only")
def test_a_process_that_ended_while_sampled_counts_for_nothing() -> None:
    """A build's worker that ends between the listing of the processes and the reading of its memory
    held every page it shared with its parent: its RSS as listed is not counted (the parent, read after
    it ended, counts those pages whole), so a sample taken as workers end is not a peak that never was."""
    bench = _bench_module()
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    assert bench._memory_now_kb(ended.pid, rss_kb=1_000_000) == 0
    alive = bench._memory_now_kb(os.getpid(), rss_kb=1_000_000)
    assert 0 < alive < 1_000_000  # this process's PSS, not the RSS it was given


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux reports PSS in /proc only")
def test_a_process_that_ended_but_is_not_yet_reaped_counts_for_nothing() -> None:
    """A worker that has ended is still listed until its parent reaps it (a zombie): the RSS it was
    listed with is not counted then either. A build whose workers are forked round after round ends
    many, and a sample caught one counted its RSS as if it still ran beside its parent."""
    bench = _bench_module()
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while Path(f"/proc/{ended.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
        assert time.monotonic() < deadline, "the child did not end"
        time.sleep(0.01)
    assert Path(f"/proc/{ended.pid}").exists()  # ended, not yet reaped
    assert bench._memory_now_kb(ended.pid, rss_kb=1_000_000) == 0
    ended.wait()


def test_a_builds_peak_memory_tells_the_search_index_phase_apart() -> None:
    """A build's peak is in one phase; the peak while Pagefind ran is kept too, with Pagefind's share, so
    the benchmark shows what indexing costs even when the pages' phase is the higher."""
    peak = _bench_module().Peak()
    peak.add(900, 1000, {"python": 900})
    peak.add(700, 800, {"python": 400, "pagefind": 300})
    peak.add(600, 700, {"python": 500, "pagefind": 100})
    assert (peak.pss_kb, peak.rss_kb, peak.programs) == (900, 1000, {"python": 900})
    assert (peak.indexing_kb, peak.indexer_kb) == (700, 300)


@pytest.mark.slow
def test_quick_bench_exits_zero_and_prints_every_figure() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH), *SMOKE],
        cwd=REPO_ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, f"bench.py --quick failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    lines = proc.stdout.splitlines()
    missing = [name for name in ISSUE_FIGURES + _bench_figure_names()
               if not any(line.startswith(name) for line in lines)]
    assert not missing, f"figures not printed: {missing}\n{proc.stdout}"
    failed = [line for line in lines if "FAILED" in line]
    assert not failed, "\n".join(failed)
