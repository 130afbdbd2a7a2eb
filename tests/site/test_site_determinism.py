"""Two builds of the same sources, on different days, are identical, byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import libfaketime
import pytest

pytestmark = [pytest.mark.site, pytest.mark.slow]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


LATER = "@2031-05-17 10:00:00"  # the second build's clock: years after the first, another month and day


def _faked_clock(when: str) -> dict[str, str]:
    """The environment that runs a process with its clock set to `when` (libfaketime's LD_PRELOAD)."""
    _, env = libfaketime.get_reload_information()
    return {**env, "FAKETIME": when}


def test_the_fake_clock_is_seen_by_the_build_process() -> None:
    """Guards the test below: the build's Python really sees the faked date."""
    proc = subprocess.run([sys.executable, "-c", "import datetime; print(datetime.date.today())"],
                          env={**os.environ, **_faked_clock(LATER)}, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "2031-05-17"


def test_two_builds_on_different_days_are_byte_identical(site_builder, tmp_path: Path, checker_report):
    # Two fresh builds back to back (not the session's site) so an edit made meanwhile cannot differ;
    # the second one years later by its clock, so nothing may depend on the day of the build.
    seconds = site_builder(tmp_path / "one") + site_builder(tmp_path / "two", _faked_clock(LATER))
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    problems = [f"only in build 1: {k}" for k in sorted(one.keys() - two.keys())]
    problems += [f"only in build 2: {k}" for k in sorted(two.keys() - one.keys())]
    problems += [f"differs: {k}" for k in sorted(one.keys() & two.keys()) if one[k] != two[k]]
    pages = sum(k.endswith(".html") for k in one)
    checker_report("determinism (2 builds, 2 dates)", pages, seconds, f"{len(one)} files compared")
    assert not problems, f"{len(problems)} files differ between two builds:\n" + "\n".join(problems)
