"""The whole build: exports, one-line errors from `mkdocs build`, and atomic replacement of site/."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from essay_edition.build import EssayInput, build_edition
from essay_edition.sources import write_manifest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the build inputs (mkdocs.yml, docs/, overrides/, sources/, data/) in a temp folder."""
    for name in ("docs", "sources", "data", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for f in (tmp_path / "sources").iterdir():
        f.chmod(0o644)
    return tmp_path


def rewrite_source(project: Path, name: str, old: str, new: str) -> None:
    """Edit a source in the copy and re-record the manifest, as a maintainer updating a source would."""
    path = project / "sources" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    manifest = json.loads((project / "sources/manifest.json").read_text(encoding="utf-8"))
    write_manifest(project / "sources", {r: e["file"] for r, e in manifest.items()},
                   {r: e.get("origin") for r, e in manifest.items()})


def mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=ENV,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def test_essay_export_shape() -> None:
    edition = build_edition(EssayInput(ROOT / "sources", ROOT / "data", display_root=ROOT))
    essay = json.loads(edition.assets["data/essay.json"])
    assert {"title", "subtitle", "published", "sections", "footnotes", "comments"} <= set(essay)
    assert essay["published"] == "2025-12-23"
    assert len(essay["sections"]) == 7
    paragraphs = [p for s in essay["sections"] for p in s["paragraphs"]]
    assert len(paragraphs) == 35
    for p in paragraphs:
        assert {"id", "kind", "text", "url", "narration"} <= set(p)
        assert set(p["narration"]) >= {"start", "end", "youtube"}
        assert p["url"].endswith("#" + p["id"])
    assert sum(p["kind"] == "quote" for p in paragraphs) == 2
    source = (ROOT / "sources/essay.txt").read_text(encoding="utf-8").split("\n")
    assert [p["text"] for p in paragraphs] == [line for line in source[3:44] if line and line not in
                                              {s["title"] for s in essay["sections"]}]


def test_build_is_deterministic_in_memory() -> None:
    a = build_edition(EssayInput(ROOT / "sources", ROOT / "data", display_root=ROOT))
    b = build_edition(EssayInput(ROOT / "sources", ROOT / "data", display_root=ROOT))
    assert a.pages == b.pages and a.assets == b.assets


@pytest.mark.slow
def test_bad_source_fails_with_one_line_and_keeps_previous_site(project: Path) -> None:
    good = mkdocs_build(project)
    assert good.returncode == 0, good.stderr
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    essay = project / "sources/essay.txt"
    essay.write_bytes(essay.read_bytes()[:5000])
    bad = mkdocs_build(project)
    assert bad.returncode != 0
    errors = [line for line in bad.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == ["ERROR   -  sources/essay.txt:16: truncated: ends inside line 16 of 54 recorded lines"]
    assert "Traceback" not in bad.stderr + bad.stdout
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


@pytest.mark.slow
def test_stale_curated_entry_fails_the_build(project: Path) -> None:
    layout = project / "data/essay_layout.yaml"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        '"Goal post shifting is justified"', '"Goal posts are shifting"'), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == ["ERROR   -  data/essay_layout.yaml:17: heading 'Goal posts are shifting' is not a line of "
                      "sources/essay.txt"]
    assert not (project / "site").exists()


@pytest.mark.slow
def test_hostile_source_text_is_inert_in_pages_and_exports(project: Path) -> None:
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> {{ x }} {#id} [a](javascript:alert(3)) *b*"
    rewrite_source(project, "essay.txt", "This tension seems especially vivid", hostile + " This tension seems")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/essay/what-are-we-scaling/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    essay = json.loads((project / "site/data/essay.json").read_text(encoding="utf-8"))
    texts = [p["text"] for s in essay["sections"] for p in s["paragraphs"]]
    assert any(t.startswith(hostile) for t in texts)


def test_removed_paragraph_keeps_its_old_link_working(project: Path) -> None:
    """A shared link to a passage that was removed still lands on a note saying where the text went."""
    first = build_edition(EssayInput(project / "sources", project / "data", display_root=project))
    essay = json.loads(first.assets["data/essay.json"])
    from essay_edition.build import write_registry
    from essay_edition.errors import SourceError

    write_registry(first)
    original = (project / "sources/essay.txt").read_text(encoding="utf-8")
    second = gone = None
    # Remove the first paragraph no curated entry quotes (removing a quoted one fails the build, by design).
    for candidate in (p for s in essay["sections"] for p in s["paragraphs"] if p["kind"] == "text"):
        current = (project / "sources/essay.txt").read_text(encoding="utf-8")
        rewrite_source(project, "essay.txt", current, original.replace(candidate["text"] + "\n", ""))
        try:
            second = build_edition(EssayInput(project / "sources", project / "data", display_root=project))
        except SourceError:
            continue
        gone = candidate
        break
    assert second is not None and gone is not None
    page = next(v for k, v in second.pages.items() if f'id="{gone["id"]}"' in v)
    ids = [p["id"] for s in json.loads(second.assets["data/essay.json"])["sections"] for p in s["paragraphs"]]
    assert gone["id"] not in ids and len(ids) == 34
    assert f'<p class="retired-note" id="{gone["id"]}">' in page
    assert f"It read: “{html.escape(gone['text'][:40])}" in page
