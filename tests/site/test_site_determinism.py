"""Two builds of the same sources are identical, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.site, pytest.mark.slow]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built_site: Path, site_builder, tmp_path: Path, checker_report):
    second = tmp_path / "site"
    seconds = site_builder(second)
    first_tree, second_tree = _tree(built_site), _tree(second)
    only_first = sorted(first_tree.keys() - second_tree.keys())
    only_second = sorted(second_tree.keys() - first_tree.keys())
    differ = sorted(k for k in first_tree.keys() & second_tree.keys() if first_tree[k] != second_tree[k])
    checker_report(
        "determinism (2 builds)",
        len([k for k in first_tree if k.endswith(".html")]),
        seconds,
        f"{len(first_tree)} files",
    )
    problems = [f"only in build 1: {k}" for k in only_first] + [f"only in build 2: {k}" for k in only_second]
    problems += [f"differs: {k}" for k in differ]
    assert not problems, f"{len(problems)} files differ between two builds:\n" + "\n".join(problems)
