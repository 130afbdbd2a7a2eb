"""The reviewed copy of the generated site, compared whole (as Pelican's functional tests do).

``python scripts/snapshot.py`` writes this essay's generated pages and exports (``essay-edition
pages --out``) to a temporary folder and compares them with ``tests/snapshot/``: it prints what was
added, removed or changed (with the first lines of each change) and exits 1 when anything differs.
``python scripts/snapshot.py --refresh`` replaces ``tests/snapshot/`` with the new output, after the
change has been reviewed. ``tests/test_snapshot.py`` runs the comparison.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "snapshot"


def generate(out: Path) -> None:
    """Write the generated pages and exports of this repository's essay to ``out`` (the registry untouched)."""
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(ROOT / "data", data)  # `pages` may update the id registry: never the committed one
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "essay_edition", "--sources", str(ROOT / "sources"), "--data", str(data),
                        "pages", "--out", str(out)], cwd=ROOT, env=env, check=True, capture_output=True,
                       stdin=subprocess.DEVNULL)


def differences(expected: Path, actual: Path, lines: int = 12) -> list[str]:
    """Return a report of every file added, removed or changed between the two folders ([] when equal)."""
    old = {p.relative_to(expected).as_posix() for p in expected.rglob("*") if p.is_file()}
    new = {p.relative_to(actual).as_posix() for p in actual.rglob("*") if p.is_file()}
    report = [f"added: {name}" for name in sorted(new - old)] + [f"removed: {name}" for name in sorted(old - new)]
    for name in sorted(old & new):
        a, b = (expected / name).read_bytes(), (actual / name).read_bytes()
        if a == b:
            continue
        diff = list(difflib.unified_diff(a.decode("utf-8", "replace").splitlines(),
                                         b.decode("utf-8", "replace").splitlines(), name, name, n=1, lineterm=""))
        report.append(f"changed: {name}\n" + "\n".join(line[:200] for line in diff[: lines + 2]))
    return report


def main(argv: list[str] | None = None) -> int:
    """Compare (or with --refresh, replace) the snapshot; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="replace tests/snapshot/ with the new output")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "snapshot"
        generate(out)
        if args.refresh:
            shutil.rmtree(SNAPSHOT, ignore_errors=True)
            shutil.copytree(out, SNAPSHOT)
            print(f"refreshed {SNAPSHOT.relative_to(ROOT)}: {sum(1 for p in SNAPSHOT.rglob('*') if p.is_file())} files")
            return 0
        report = differences(SNAPSHOT, out)
    print("\n".join(report) if report else "the generated site matches tests/snapshot/")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
