"""The whole build: exports, one-line errors from `mkdocs build`, and atomic replacement of site/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from edition_data import page_soup

from essay_edition.build import EssayInput, build_edition
from essay_edition.sources import write_manifest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


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


WATCH_THE_SEARCH_INDEX_START = """
import json, sys
from mkdocs.__main__ import cli
from essay_edition import mkdocs_plugin

write = mkdocs_plugin.write_search_index

def watched(site_dir, essays, *args, **kwargs):
    plugin = next(p for p in watched.config.plugins.values() if isinstance(p, mkdocs_plugin.EditionPlugin))
    pages = [f.page for f in watched.files.documentation_pages()]
    print(json.dumps({"site_assets": len(plugin.site.assets), "edition_assets": sum(len(e.assets) for e in essays),
                      "exports_held": sum(len(f.content_bytes) for f in watched.exports),
                      "pages": len(pages), "pages_with_metadata": sum(1 for p in pages if p.meta),
                      "pages_with_contents": sum(1 for p in pages if p.toc.items)}), flush=True)
    return write(site_dir, essays, *args, **kwargs)

def on_files(self, files, *, config):
    watched.config = config
    files = original_on_files(self, files, config=config)
    watched.files = files
    watched.exports = [f for f in files if f.generated_by and not f.is_documentation_page()]
    return files

mkdocs_plugin.write_search_index = watched
original_on_files = mkdocs_plugin.EditionPlugin.on_files
mkdocs_plugin.EditionPlugin.on_files = on_files
sys.argv = ["mkdocs", "build", "--strict", "-q"]
cli()
"""


@pytest.mark.slow
def test_a_build_lets_go_of_its_exports_before_the_search_index_is_made(project: Path) -> None:
    """The exports, and the pages' metadata (their structured data) and tables of contents, are held by
    the site and by MkDocs until written; the search index's processes run after the build has let go
    of them (on a site of many essays, they are much of what the build holds)."""
    done = subprocess.run([sys.executable, "-c", WATCH_THE_SEARCH_INDEX_START], cwd=project, env=ENV,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["pages"] > 100
    assert seen == {"site_assets": 0, "edition_assets": 0, "exports_held": 0, "pages": seen["pages"],
                    "pages_with_metadata": 0, "pages_with_contents": 0}
    exported = json.loads((project / "site/data/essay.json").read_text(encoding="utf-8"))
    assert exported["sections"][0]["paragraphs"], "the exports were written before they were let go of"


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
    # A new paragraph of hostile text (editing a curated passage would fail the build, by design).
    rewrite_source(project, "essay.txt", "\nThis tension seems especially vivid", "\n" + hostile + "\nThis tension seems especially vivid")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/essay/what-are-we-scaling/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    essay = json.loads((project / "site/data/essay.json").read_text(encoding="utf-8"))
    texts = [p["text"] for s in essay["sections"] for p in s["paragraphs"]]
    assert hostile in texts


def test_removed_paragraph_keeps_its_old_link_working(project: Path) -> None:
    """A shared link to a passage that was removed still lands on a note saying where the text went.

    Every paragraph of the real essay is quoted by some curated entry (removing one fails the build,
    by design), so the removal is simulated where it leaves its trace: the id registry remembers a
    paragraph the essay no longer has.
    """
    from essay_edition.build import write_registry

    first = build_edition(EssayInput(project / "sources", project / "data", display_root=project))
    write_registry(first)
    registry = json.loads((project / "data/ids.json").read_text(encoding="utf-8"))
    registry["paragraphs"]["p-a-passage-that-was-cut"] = {
        "text": "A passage that was cut from the essay <b>after</b> a reader shared a link to it.",
        "url": "essay/what-are-we-scaling/"}
    registry["paragraphs"]["p-an-older-wording"] = {
        "text": "Humans don’t have to go through a special training phase where they need to rehearse every piece "
                "of software they might use.", "url": "essay/what-are-we-scaling/"}
    (project / "data/ids.json").write_text(json.dumps(registry), encoding="utf-8")
    second = build_edition(EssayInput(project / "sources", project / "data", display_root=project))
    _, soup = page_soup(second.pages["essay/what-are-we-scaling.md"].markdown)
    cut = soup.find(id="p-a-passage-that-was-cut")
    assert cut.name == "p" and cut["class"] == ["retired-note"]
    assert "It read: “A passage that was cut from the essay <b>after</b>" in cut.get_text()
    assert "It was removed from the essay." in cut.get_text()
    older = soup.find(id="p-an-older-wording")
    assert older["data-change"] == "merged" and "It was merged into a longer passage" in older.get_text()
    assert older.find("a")["href"] == "#s-humans-dont-have-to-go"
    assert second.registry["paragraphs"]["p-a-passage-that-was-cut"]["retired"] is True


def _two_essay_config(project: Path, prefixes: tuple[str, str]) -> None:
    """Point the plugin at two copies of the essay, under the given URL prefixes."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    essays = "".join(f"\n        - sources_dir: sources\n          data_dir: data-{n}\n          prefix: \"{prefix}\""
                     for n, prefix in enumerate(prefixes))
    assert "  - essay-edition:\n" in config
    config = config.replace("  - essay-edition:\n", f"  - essay-edition:\n      essays:{essays}\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    for n in range(2):
        shutil.copytree(project / "data", project / f"data-{n}")


def test_two_essay_site_has_a_library_grouped_nav_and_per_essay_exports(project: Path) -> None:
    from bs4 import BeautifulSoup

    _two_essay_config(project, ("first/", "second/"))
    layout = project / "data-1/essay_layout.yaml"
    text = layout.read_text(encoding="utf-8")
    assert 'author: "Dwarkesh Patel"' in text
    layout.write_text(text.replace('author: "Dwarkesh Patel"', 'author: "Ada <b>Bold</b> & Co"'), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-2000:]
    site = project / "site"

    def footer(url: str) -> str:
        soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")
        line = soup.select_one(".md-copyright__highlight")
        assert line.find("b") is None  # the author is text, never markup
        return " ".join(line.get_text().split())

    # Each essay's pages name their own essay's author; the library, of no essay, names none.
    assert footer("first/essay/what-are-we-scaling").startswith("Essay © Dwarkesh Patel. Edition code MIT.")
    assert footer("second/predictions").startswith("Essay © Ada <b>Bold</b> & Co. Edition code MIT.")
    assert footer("").startswith("Edition code MIT.")
    library = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert [a["href"] for a in library.select("a.library-title")] == ["first/", "second/"]
    assert library.select_one("h1").get_text(strip=True).removesuffix("#") == "Library"
    section = BeautifulSoup((site / "second/essay/what-are-we-scaling/index.html").read_text(encoding="utf-8"), "lxml")
    top = [li.find(["a", "label", "div"], recursive=False).get_text(" ", strip=True)
           for li in section.select("nav.md-nav--primary > ul > li")]
    # Only this essay's group, besides the pages of no essay: the library lists the others.
    assert top[0] == "Library" and top.count("Thoughts on AI progress (Dec 2025)") == 1, top
    # navigation.prune: the other essay's pages are not written into this page's nav.
    assert not section.select('nav.md-nav--primary a[href*="first/essay/"]')
    # Each essay's tags page lists its own tag pages only: listing every essay's made each of them, and the
    # site, grow with the square of the number of essays.
    for prefix in ("first/", "second/"):
        tags = BeautifulSoup((site / prefix / "tags/index.html").read_text(encoding="utf-8"), "lxml")
        listed = [a["href"] for a in tags.select("article h3 ~ ul a")]
        assert listed and all("/" not in href.rstrip("/") for href in listed), (prefix, listed)
    data = BeautifulSoup((site / "about/data/index.html").read_text(encoding="utf-8"), "lxml")
    links = {a["href"] for a in data.select("article table a")}
    assert {"../../first/data/essay.json", "../../second/data/predictions.csv"} <= links
    assert all((site / "about/data" / href).resolve().is_file() for href in links)


def test_a_mistyped_essay_folder_is_named_with_its_config_line(project: Path) -> None:
    """A sources_dir that is no folder (a typo) is said as such, at its line of mkdocs.yml, not as a
    missing manifest inside a folder that does not exist."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - essay-edition:\n", "  - essay-edition:\n      essays:\n"
                            "        - {sources_dir: essays/heat-pump/sources, data_dir: data}\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    line = config.splitlines().index("        - {sources_dir: essays/heat-pump/sources, data_dir: data}") + 1
    result = mkdocs_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    said = f"mkdocs.yml:{line}: essay 1: sources_dir 'essays/heat-pump/sources' is not a folder (no such folder)"
    assert any(said in row for row in result.stderr.splitlines()), result.stderr[-2000:]
    cli = subprocess.run([sys.executable, "-m", "essay_edition", "--sources", "essays/nope", "--data", "data", "check"],
                         cwd=project, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert cli.returncode != 0 and cli.stderr.strip() == "essays/nope: no such folder (given as --sources)", cli.stderr


def test_essays_sharing_a_prefix_fail_in_one_line(project: Path) -> None:
    _two_essay_config(project, ("same/", "same/"))
    result = mkdocs_build(project)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line or "Error" in line]
    assert any("share the prefix 'same/'" in line for line in errors), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_parallel_build_gives_the_serial_editions_and_the_first_error(tmp_path: Path) -> None:
    from essay_edition.errors import SourceError
    from essay_edition.site import build_editions

    essays = []
    for n in range(3):
        shutil.copytree(ROOT / "data", tmp_path / f"data-{n}")
        essays.append(EssayInput(ROOT / "sources", tmp_path / f"data-{n}", f"e{n}/"))
    serial, parallel = build_editions(essays, workers=1), build_editions(essays, workers=2)
    assert [e.pages for e in parallel] == [e.pages for e in serial]
    assert [e.assets for e in parallel] == [e.assets for e in serial]
    assert [e.library for e in parallel] == [e.library for e in serial]
    for n in (1, 2):  # two bad essays: the error is the first one's, in essay order
        (tmp_path / f"data-{n}/predictions.yaml").write_text("- id: [\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        build_editions(essays, workers=2)
    assert "data-1/predictions.yaml" in err.value.one_line()
