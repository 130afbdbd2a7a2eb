"""Two builds of the same sources are identical, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.site, pytest.mark.slow]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(site_builder, tmp_path: Path, checker_report):
    # Two fresh builds back to back (not the session's site) so an edit made meanwhile cannot differ.
    seconds = site_builder(tmp_path / "one") + site_builder(tmp_path / "two")
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    problems = [f"only in build 1: {k}" for k in sorted(one.keys() - two.keys())]
    problems += [f"only in build 2: {k}" for k in sorted(two.keys() - one.keys())]
    problems += [f"differs: {k}" for k in sorted(one.keys() & two.keys()) if one[k] != two[k]]
    pages = sum(k.endswith(".html") for k in one)
    checker_report("determinism (2 builds)", pages, seconds, f"{len(one)} files compared")
    assert not problems, f"{len(problems)} files differ between two builds:\n" + "\n".join(problems)
