"""Every input is data: no write outside the site, no markup from data files, honest one-line errors.

Each case reproduces a finding of the adversarial review (issue 21): an id in the committed registry
that climbs out of the site or carries markup, a source linked from outside its folder, Windows line
endings and NUL bytes, a mistyped caption time, a forecast field a spreadsheet would run, staging
folders left by killed builds, and rebuilds on different days.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from essay_edition.build import EssayInput, build_edition
from essay_edition.errors import SourceError
from essay_edition.render.ledger import predictions_csv
from essay_edition.site import check_output_path
from essay_edition.sources import load_sources, write_manifest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def build(project: Path):
    return build_edition(EssayInput(project / "sources", project / "data", display_root=project))


def error_of(project: Path) -> str:
    with pytest.raises(SourceError) as err:
        build(project)
    return err.value.one_line()


def edit_registry(project: Path, kind: str, key: str, item: dict) -> None:
    path = project / "data/ids.json"
    registry = json.loads(path.read_text(encoding="utf-8"))
    registry[kind][key] = item
    path.write_text(json.dumps(registry, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.mark.parametrize(("kind", "key", "item", "message"), [
    ("sections", "../../PWNED_OUTSIDE", {"text": "x", "url": "essay/"},
     "sections id '../../PWNED_OUTSIDE': ids are lowercase letters, digits and single hyphens, at most 80 characters"),
    ("paragraphs", 'p-x"><img src=x onerror=alert(1)>', {"text": "x", "url": "essay/a/"},
     "paragraphs id 'p-x\"><img src=x onerror=alert(1)>': ids are lowercase letters"),
    ("sentences", "s-ok", {"text": "x", "url": "essay/../../PWNED/"},
     "sentences id 's-ok': url 'essay/../../PWNED/' is not a site folder path"),
    ("paragraphs", "p-ok", {"text": "x", "url": "essay/a/", "retired": "yes"},
     "paragraphs id 'p-ok': 'retired' must be true or false"),
])
def test_registry_entries_are_checked_when_read(project: Path, kind: str, key: str, item: dict, message: str) -> None:
    edit_registry(project, kind, key, item)
    line = error_of(project)
    assert line.startswith("data/ids.json:") and message in line and "\n" not in line


def test_a_registry_escape_writes_nothing_outside(project: Path) -> None:
    edit_registry(project, "sections", "../../PWNED_OUTSIDE", {"text": "x", "url": "essay/"})
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=ENV,
                            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not list(project.parent.rglob("PWNED_OUTSIDE*")) and not (project / "site").exists()


@pytest.mark.parametrize("path", ["../x.md", "essay/../../x.md", "/etc/x.md", "essay/a b.md", "essay//x.md", ""])
def test_output_paths_outside_the_site_are_refused(path: str) -> None:
    with pytest.raises(SourceError, match="outside the site's folders"):
        check_output_path(path, "data/ids.json")


def test_a_source_linked_from_outside_its_folder_is_refused_and_never_echoed(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("SECRET-CONTENT\n", encoding="utf-8")
    manifest = json.loads((project / "sources/manifest.json").read_text(encoding="utf-8"))
    (project / "sources/youtube-captions.txt").unlink()
    (project / "sources/youtube-captions.txt").symlink_to(secret)
    line = error_of(project)
    assert line == ("sources/youtube-captions.txt: is a symbolic link to a file outside its folder: copy the file in "
                    "instead") and "SECRET" not in line
    with pytest.raises(SourceError, match="symbolic link to a file outside"):
        write_manifest(project / "sources", {r: e["file"] for r, e in manifest.items()})


def test_manifest_command_reports_bad_json_in_one_line(project: Path) -> None:
    (project / "sources/manifest.json").write_text('{"essay": {"file": "essay.txt",}\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "essay_edition", "manifest"], cwd=project, env=ENV,
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("sources/manifest.json:1:")


def rerecord(project: Path, name: str, data: bytes) -> None:
    (project / "sources" / name).write_bytes(data)
    manifest = json.loads((project / "sources/manifest.json").read_text(encoding="utf-8"))
    write_manifest(project / "sources", {r: e["file"] for r, e in manifest.items()},
                   {r: e.get("origin") for r, e in manifest.items()})


def test_windows_line_endings_are_read_as_newlines(project: Path) -> None:
    essay = (project / "sources/essay.txt").read_bytes()
    rerecord(project, "essay.txt", essay.replace(b"\n", b"\r\n"))
    edition = build(project)
    assert not any("\r" in page.markdown or "&#13;" in page.markdown for page in edition.pages.values())
    assert b"\\r" not in edition.assets["data/essay.json"]


def test_a_nul_byte_is_refused_with_its_line_and_column(project: Path) -> None:
    essay = (project / "sources/essay.txt").read_text(encoding="utf-8").split("\n")
    essay[4] = essay[4][:10] + "\0" + essay[4][10:]
    rerecord(project, "essay.txt", "\n".join(essay).encode())
    assert error_of(project) == "sources/essay.txt:5:11: the control character U+0000 is not text"


def test_a_mistyped_cue_time_is_a_warning_that_fails_strict(project: Path) -> None:
    captions = (project / "sources/youtube-captions.txt").read_text(encoding="utf-8").split("\n")
    last = max(i for i, line in enumerate(captions) if line[:1].isdigit() and ":" in line and " " not in line)
    captions[last] = "1:00:00"
    rerecord(project, "youtube-captions.txt", "\n".join(captions).encode())
    warnings = [w.one_line() for w in build(project).warnings]
    assert any(w.startswith(f"sources/youtube-captions.txt:{last + 1}: ") and "minutes pass between the cue before and this one" in w
               for w in warnings), warnings


def test_csv_cells_that_look_like_formulas_are_neutralised() -> None:
    row = {"id": "x", "quote": "=HYPERLINK(\"http://evil\")", "paragraph": "+1", "made": "@SUM(A1)",
           "horizon": None, "review_by": "-2", "operationalization": {}, "confidence": "\tTab", "status": "open",
           "as_of": "2026-01-01", "evidence": [], "url": "essay/", "narration_start": None}
    csv_text = predictions_csv([{**{k: "" for k in _fields()}, **row}])
    cells = csv_text.splitlines()[1]
    assert "'=HYPERLINK" in cells and ",'+1," in cells and ",'@SUM(A1)," in cells and ",'-2," in cells


def _fields() -> tuple[str, ...]:
    from essay_edition.render.ledger import EXPORT_FIELDS

    return EXPORT_FIELDS


def test_stale_staging_folders_are_removed_by_the_next_build(project: Path) -> None:
    stale = project / "site.staging-999999"
    (stale / "x").mkdir(parents=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=ENV,
                            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-1500:]
    assert not stale.exists() and (project / "site/index.html").exists()


def test_the_sitemap_dates_come_from_the_content_not_the_day(project: Path) -> None:
    env = {k: v for k, v in ENV.items() if k != "SOURCE_DATE_EPOCH"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env, check=True,
                   capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    sitemap = (project / "site/sitemap.xml").read_text(encoding="utf-8")
    as_of = build(project).updated
    assert as_of and sitemap.count(f"<lastmod>{as_of}</lastmod>") == sitemap.count("<lastmod>")


def test_sources_load_only_from_their_folder(project: Path) -> None:
    assert set(load_sources(project / "sources")) >= {"essay", "captions"}
