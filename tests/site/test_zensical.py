"""A second generator: the edition written as a standalone project builds with Zensical, every essay
paragraph on its page (Zensical reads mkdocs.yml but runs no MkDocs plugins, so `essay-edition project`
writes the generated pages, the nav and the filled-in exports table for it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.site
REPO = Path(__file__).resolve().parents[2]


def test_the_project_builds_with_zensical_and_every_paragraph_is_on_its_page(zensical_bin, tmp_path,
                                                                            checker_report) -> None:
    binary = zensical_bin
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    project = tmp_path / "project"
    subprocess.run([sys.executable, "-m", "essay_edition", "project", str(project)], cwd=REPO, env=env, check=True,
                   capture_output=True, stdin=subprocess.DEVNULL)
    start = time.monotonic()
    # The API reference's Griffe extension lives in the package, which Zensical's own environment lacks.
    proc = subprocess.run([binary, "build"], cwd=project, env={**env, "PYTHONPATH": str(REPO / "src")},
                          capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    site = project / "site"
    essay = json.loads((site / "data/essay.json").read_text(encoding="utf-8"))
    missing, count = [], 0
    for section in essay["sections"]:
        soup = BeautifulSoup((site / section["url"] / "index.html").read_text(encoding="utf-8"), "lxml")
        for paragraph in section["paragraphs"]:
            count += 1
            if soup.find(id=paragraph["id"]) is None:
                missing.append(f"{section['url']}#{paragraph['id']}")
    checker_report("zensical build of `essay-edition project`", len(list(site.rglob("*.html"))),
                   time.monotonic() - start, f"{count} paragraphs, {len(missing)} missing")
    assert count and not missing, missing
