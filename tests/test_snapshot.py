"""The generated pages and exports equal the reviewed copy in tests/snapshot/, file for file.

After a deliberate change, review `python scripts/snapshot.py` and refresh the copy with
`python scripts/snapshot.py --refresh`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import snapshot  # noqa: E402 - the script is the one place that knows how the snapshot is made


def test_the_generated_site_equals_the_reviewed_snapshot(tmp_path: Path) -> None:
    out = tmp_path / "snapshot"
    snapshot.generate(out)
    report = snapshot.differences(snapshot.SNAPSHOT, out)
    assert not report, ("the generated site differs from tests/snapshot/ (review it, then run "
                        "`python scripts/snapshot.py --refresh`):\n" + "\n".join(report[:20]))
