"""Generated pages written by worker processes come out as MkDocs itself writes them."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from essay_edition import mkdocs_write
from essay_edition.mkdocs_write import _MKDOCS_BUILD_PAGE, CHUNK

PAGES = 2 * CHUNK + 3  # three tasks besides the first page, so both workers get some

# MkDocs hooks that make every page a generated ConvertedPage and, unless WORKERS is 0 (MkDocs' own
# building), hold each page's HTML packed once it is converted, start the writing last of the on_env
# events (in WORKERS processes; 1: MkDocs builds every page) and wait for it after the build, as the
# edition's plugin does.
HOOKS = '''
import logging
import os
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from essay_edition.mkdocs_convert import ConvertedPage, HeldPages
from essay_edition.mkdocs_write import ExportFile, start_writing

WORKERS = {workers}
state = {{"held": HeldPages()}}

def on_files(files, config):
    for n in range({pages}):
        text = f"# Page {{n}}\\n\\nText of page {{n}}, see [the first](p000.md).\\n"
        if n == 7:
            text += "\\nA link to [no anchor](p000.md#nowhere).\\n"
        file = File.generated(config, f"p{{n:03d}}.md", content=text)
        files.append(file)
        ConvertedPage(None, file, config)
    files.append(ExportFile.generated(config, "data/export.json", content=b'{{"pages": {pages}}}'))
    return files

def on_nav(nav, config, files):
    state["nav"] = nav
    return nav

@event_priority(-1000)
def on_page_content(html, page, config, files):
    if WORKERS and isinstance(page, ConvertedPage):
        held = page.hold(html, state["held"])
        assert held == "" and page.held is not None and not page.toc.items
        return held
    return html

@event_priority(-1000)
def on_env(env, config, files):
    if WORKERS:
        state["writing"] = start_writing(config, files, state["nav"], env, workers=WORKERS)
        assert (state["writing"].pool is None) == (WORKERS == 1)
        # Before the workers fork, the export is written and let go of (else MkDocs writes it next).
        export = files.get_file_from_path("data/export.json")
        assert export.written == (WORKERS == 2) and (export.content_bytes == b"") == (WORKERS == 2)
    return env

def on_page_context(context, page, config, nav):
    if page.file.src_uri == "{warn}":
        logging.getLogger("mkdocs.hooks").warning("a warning while writing %s", page.file.src_uri)
    if page.file.src_uri == "{fail}":
        raise ValueError("this page cannot be written")
    return context

def on_post_page(output, page, config):
    with open(os.path.join(os.path.dirname(config.config_file_path), "writers.txt"), "a") as writers:
        writers.write(f"{{os.getpid()}} {{page.file.src_uri}}\\n")  # which process wrote the page
    return output

def on_post_build(config):
    writing = state.pop("writing", None)
    if writing is not None:
        writing.finish()
    state["held"].close()

def on_build_error(error):
    state["held"].close()
'''


def make_site(tmp_path: Path, name: str, *, workers: int, warn: str = "", fail: str = "") -> Path:
    root = tmp_path / name
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nA hand-written page, [linking](p001.md#not-there).\n",
                                            encoding="utf-8")
    (root / "hooks.py").write_text(HOOKS.format(workers=workers, pages=PAGES, warn=warn, fail=fail), encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Test\nhooks:\n  - hooks.py\n", encoding="utf-8")
    return root


def build_site(root: Path, strict: bool = False) -> dict[str, bytes]:
    config = load_config(str(root / "mkdocs.yml"), strict=strict)
    build(config)
    site = root / "site"
    assert json.loads((site / "data" / "export.json").read_text(encoding="utf-8")) == {"pages": PAGES}
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_pages_held_packed_and_written_by_workers_or_by_mkdocs_equal_mkdocs_own(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1766448000")  # the theme prints the build date
    expected = build_site(make_site(tmp_path, "mkdocs", workers=0))
    assert mkdocs_build._build_page is _MKDOCS_BUILD_PAGE
    for workers in (1, 2):
        written = build_site(make_site(tmp_path, f"workers-{workers}", workers=workers))
        assert len(written) == PAGES + 2  # the generated pages, the home page and 404.html
        assert written == expected
        assert b"Text of page 150" in written["p150/index.html"]
        assert mkdocs_build._build_page is _MKDOCS_BUILD_PAGE  # MkDocs' own page building is back


def writers(root: Path) -> dict[int, list[str]]:
    """The pages each process wrote, by its id, in the order they were written."""
    wrote: dict[int, list[str]] = {}
    for line in (root / "writers.txt").read_text(encoding="utf-8").splitlines():
        pid, page = line.split(" ", 1)
        wrote.setdefault(int(pid), []).append(page)
    return wrote


def test_pages_are_written_in_rounds_each_by_workers_forked_for_it(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1766448000")
    expected = build_site(make_site(tmp_path, "mkdocs", workers=0))
    monkeypatch.setattr(mkdocs_write, "CHUNK", 10)
    monkeypatch.setattr(mkdocs_write, "ROUND", 4)
    root = make_site(tmp_path, "rounds", workers=2)
    assert build_site(root) == expected
    wrote = writers(root)
    main = wrote.pop(os.getpid())
    assert "p000.md" in main and not any(page.startswith("p") and page != "p000.md" for page in main)
    # 202 pages in tasks of 10 make 21 tasks, in 5 rounds of 4 or 5 tasks, each by two new workers (which
    # share a round's tasks as they come: one may take them all): no worker wrote more than a round.
    assert 5 <= len(wrote) <= 10 and max(len(pages) for pages in wrote.values()) <= 50
    assert sorted(page for pages in wrote.values() for page in pages) == [f"p{n:03d}.md" for n in range(1, PAGES)]
    assert mkdocs_build._build_page is _MKDOCS_BUILD_PAGE


def test_a_warning_logged_in_a_worker_counts_for_strict(tmp_path, caplog) -> None:
    root = make_site(tmp_path, "warn", workers=2, warn="p150.md")
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort, match="1 warnings"):
        build_site(root, strict=True)
    assert "a warning while writing p150.md" in caplog.text


def test_a_page_a_worker_cannot_write_fails_the_build_saying_so_once(tmp_path, caplog) -> None:
    root = make_site(tmp_path, "fail", workers=2, fail="p150.md")
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build_site(root)
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert said.count("Error building page 'p150.md': this page cannot be written") == 1
    assert not (root / "site" / "p150" / "index.html").exists()
    assert mkdocs_build._build_page is _MKDOCS_BUILD_PAGE  # MkDocs' own page building is back


def test_a_link_to_a_missing_anchor_is_reported_once_as_mkdocs_reports_it(tmp_path, caplog) -> None:
    said = {}
    for workers in (0, 2):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            build_site(make_site(tmp_path, f"anchors-{workers}", workers=workers))
        said[workers] = sorted(r.getMessage() for r in caplog.records if "contain an anchor" in r.getMessage())
    assert said[0] == ["Doc file 'index.md' contains a link 'p001.md#not-there', but the doc 'p001.md' does not "
                       "contain an anchor '#not-there'.",  # a hand-written page's link: checked as well
                       "Doc file 'p007.md' contains a link 'p000.md#nowhere', but the doc 'p000.md' does not "
                       "contain an anchor '#nowhere'."]
    assert said[2] == said[0]
